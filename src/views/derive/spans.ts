/**
 * Message spans for the views, built from the store's trace window and kept in step with it
 * incrementally (see follow.ts): one index shared by every view that draws messages.
 */
import { useMemo } from 'react';
import { MessageSpans, SPAN_END, type MessageSpan } from '../../engine/spans.ts';
import type { TraceEvent } from '../../engine/index.ts';
import { appStore, useApp } from '../../store/store.ts';
import { followTrace } from './follow.ts';

/** MessageSpans plus the dropped messages in the order they died, for "recently dropped" marks. */
export class ViewSpans extends MessageSpans {
  private drops: MessageSpan[] = [];

  override add(events: readonly TraceEvent[]): void {
    super.add(events);
    for (const e of events) {
      if (e.type !== 'drop') continue;
      const span = this.get(e.msg);
      if (span && span.end === SPAN_END.dropped) this.drops.push(span);
    }
  }

  override truncate(length: number): void {
    super.truncate(length);
    // Spans whose drop was forgotten went back to in flight (or were removed): trim them.
    const drops = this.drops;
    while (drops.length > 0) {
      const last = drops[drops.length - 1]!;
      if (last.end === SPAN_END.dropped && last.endSeq < length && this.get(last.msg) === last) break;
      drops.pop();
    }
  }

  /** Messages that died in (fromT, toT], oldest first. */
  droppedBetween(fromT: number, toT: number): MessageSpan[] {
    const drops = this.drops;
    let lo = 0;
    let hi = drops.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (drops[mid]!.endT <= fromT) lo = mid + 1;
      else hi = mid;
    }
    const out: MessageSpan[] = [];
    for (let k = lo; k < drops.length && drops[k]!.endT <= toT; k++) out.push(drops[k]!);
    return out;
  }
}

const sync = followTrace(() => new ViewSpans());

/**
 * The spans for a trace window, outside React (animation loops call this every frame; it costs
 * nothing when the trace has not changed). The returned object is updated in place.
 */
export function syncMessageSpans(events: readonly TraceEvent[], baseSeq: number): ViewSpans {
  return sync(events, baseSeq);
}

/**
 * The message spans of the store's trace, recomputed when the trace changes (traceVersion). Each
 * version gets a fresh identity (a prototype view onto the one shared, incrementally updated index),
 * so components can memoise on it; treat it as read-only.
 */
export function useMessageSpans(): ViewSpans {
  const version = useApp((s) => s.traceVersion);
  return useMemo(() => {
    void version; // the trace changed: read the current window
    const { events, baseSeq } = appStore.getState();
    return Object.create(syncMessageSpans(events, baseSeq)) as ViewSpans;
  }, [version]);
}
