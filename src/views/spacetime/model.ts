/**
 * What the space-time diagram draws besides messages, derived from the trace and kept in step with
 * it incrementally (see ../derive/follow.ts): when each node was down or paused, when each one-way
 * link was cut, each call from its start to its outcome, what the servers applied, and counts for
 * the diagram's text summary. Everything carries the seqs it starts and ends at, so the view can
 * show it as of the cursor with a comparison, not a replay.
 */
import { useMemo } from 'react';
import type { OutcomeResult, TraceEvent } from '../../engine/index.ts';
import { appStore, useApp } from '../../store/store.ts';
import { followTrace, type TraceIndex } from '../derive/follow.ts';

/** Something that lasts: from the event at startSeq to the one at endSeq (-1 and Infinity while open). */
export interface Stretch {
  startT: number;
  startSeq: number;
  endT: number;
  endSeq: number;
}

export interface Band extends Stretch {
  node: string;
  kind: 'down' | 'paused';
}

export interface Cut extends Stretch {
  from: string;
  to: string;
}

export interface CallBar extends Stretch {
  call: number;
  request: number;
  from: string;
  to: string;
  op: string;
  /** Set once the outcome is in the trace (endSeq is then the outcome's seq). */
  result: OutcomeResult | undefined;
  reason: string;
}

export interface EffectMark {
  seq: number;
  t: number;
  node: string;
  call: number;
  request: number;
  op: string;
  /** The same request and op had already been applied: a double application. */
  double: boolean;
}

const OPEN = { endT: Infinity, endSeq: -1 } as const;

function lowerBound<T>(items: readonly T[], seq: number, seqOf: (x: T) => number): number {
  let lo = 0;
  let hi = items.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (seqOf(items[mid]!) < seq) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export class DiagramIndex implements TraceIndex {
  readonly bands: Band[] = [];
  readonly cuts: Cut[] = [];
  readonly calls: CallBar[] = [];
  readonly effects: EffectMark[] = [];
  /** Seqs of drops and of each outcome result, for counts at a cursor. */
  readonly drops: number[] = [];
  readonly outcomes: { seq: number; result: OutcomeResult }[] = [];
  /** The longest a message has taken so far: how far back a message still on the wire can start. */
  maxLatencyMs = 0;
  private sendT = new Map<number, number>();
  private openBand = new Map<string, Band>();
  private openCut = new Map<string, Cut>();
  private callByNumber = new Map<number, CallBar>();
  private applied = new Map<string, number>();

  add(events: readonly TraceEvent[]): void {
    for (const e of events) {
      switch (e.type) {
        case 'send':
          this.sendT.set(e.msg, e.t);
          break;
        case 'duplicate':
          this.sendT.set(e.msg, e.t);
          break;
        case 'deliver':
        case 'drop': {
          const sent = this.sendT.get(e.msg);
          if (sent !== undefined) {
            this.maxLatencyMs = Math.max(this.maxLatencyMs, e.t - sent);
            this.sendT.delete(e.msg);
          }
          if (e.type === 'drop') this.drops.push(e.seq);
          break;
        }
        case 'crash':
        case 'pause': {
          const kind = e.type === 'crash' ? 'down' : 'paused';
          if (this.openBand.get(e.node)?.kind === kind) break;
          this.closeBand(e.node, e.t, e.seq);
          const band: Band = { node: e.node, kind, startT: e.t, startSeq: e.seq, ...OPEN };
          this.bands.push(band);
          this.openBand.set(e.node, band);
          break;
        }
        case 'recover':
        case 'resume':
          this.closeBand(e.node, e.t, e.seq);
          break;
        case 'partition': {
          const key = `${e.from}\u0000${e.to}`;
          if (this.openCut.has(key)) break;
          const cut: Cut = { from: e.from, to: e.to, startT: e.t, startSeq: e.seq, ...OPEN };
          this.cuts.push(cut);
          this.openCut.set(key, cut);
          break;
        }
        case 'heal': {
          const key = `${e.from}\u0000${e.to}`;
          const cut = this.openCut.get(key);
          if (cut) {
            cut.endT = e.t;
            cut.endSeq = e.seq;
            this.openCut.delete(key);
          }
          break;
        }
        case 'call': {
          const bar: CallBar = {
            call: e.call,
            request: e.request,
            from: e.from,
            to: e.to,
            op: e.op,
            startT: e.t,
            startSeq: e.seq,
            ...OPEN,
            result: undefined,
            reason: '',
          };
          this.calls.push(bar);
          this.callByNumber.set(e.call, bar);
          break;
        }
        case 'outcome': {
          const bar = this.callByNumber.get(e.call);
          if (bar) {
            bar.endT = e.t;
            bar.endSeq = e.seq;
            bar.result = e.result;
            bar.reason = e.reason;
          }
          this.outcomes.push({ seq: e.seq, result: e.result });
          break;
        }
        case 'effect': {
          const key = `${e.request}\u0000${e.op}`;
          const before = this.applied.get(key) ?? 0;
          this.applied.set(key, before + 1);
          this.effects.push({
            seq: e.seq,
            t: e.t,
            node: e.node,
            call: e.call,
            request: e.request,
            op: e.op,
            double: before > 0,
          });
          break;
        }
      }
    }
  }

  private closeBand(node: string, t: number, seq: number): void {
    const band = this.openBand.get(node);
    if (!band) return;
    band.endT = t;
    band.endSeq = seq;
    this.openBand.delete(node);
  }

  truncate(length: number): void {
    const reopen = <T extends Stretch>(items: T[]): void => {
      while (items.length > 0 && items[items.length - 1]!.startSeq >= length) items.pop();
      for (const s of items) {
        if (s.endSeq >= length) Object.assign(s, OPEN);
      }
    };
    reopen(this.bands);
    reopen(this.cuts);
    reopen(this.calls);
    for (const bar of this.calls) if (bar.endSeq < 0) bar.result = undefined;
    this.openBand.clear();
    for (const b of this.bands) if (b.endSeq < 0) this.openBand.set(b.node, b);
    this.openCut.clear();
    for (const c of this.cuts) if (c.endSeq < 0) this.openCut.set(`${c.from}\u0000${c.to}`, c);
    this.callByNumber.clear();
    for (const bar of this.calls) this.callByNumber.set(bar.call, bar);
    while (this.effects.length > 0 && this.effects[this.effects.length - 1]!.seq >= length)
      this.effects.pop();
    this.applied.clear();
    for (const e of this.effects) {
      const key = `${e.request}\u0000${e.op}`;
      this.applied.set(key, (this.applied.get(key) ?? 0) + 1);
    }
    while (this.drops.length > 0 && this.drops[this.drops.length - 1]! >= length) this.drops.pop();
    while (this.outcomes.length > 0 && this.outcomes[this.outcomes.length - 1]!.seq >= length)
      this.outcomes.pop();
    // Messages sent after the branch point are forgotten with their sends; a few stale send times
    // only widen the culling margin, never hide anything.
  }

  /** Counts of what had happened once every event before `cursorSeq` had: for the text summary. */
  countsAt(cursorSeq: number): {
    drops: number;
    applied: number;
    doubles: number;
    outcomes: Record<OutcomeResult, number>;
  } {
    const outcomes: Record<OutcomeResult, number> = { success: 0, failure: 0, unknown: 0 };
    const n = lowerBound(this.outcomes, cursorSeq, (o) => o.seq);
    for (let i = 0; i < n; i++) outcomes[this.outcomes[i]!.result] += 1;
    const applied = lowerBound(this.effects, cursorSeq, (e) => e.seq);
    let doubles = 0;
    for (let i = 0; i < applied; i++) if (this.effects[i]!.double) doubles += 1;
    return { drops: lowerBound(this.drops, cursorSeq, (s) => s), applied, doubles, outcomes };
  }
}

/** What of a stretch to draw: the part that has happened by the cursor, and the part seen later. */
export interface Extent {
  /** Drawn solid: from its start to its end or the cursor, whichever comes first. */
  solid: [number, number] | null;
  /** Drawn faded: what lies between the cursor and the high-water mark (seen before a rewind). */
  later: [number, number] | null;
  /** Still going at the cursor. */
  open: boolean;
}

/**
 * A stretch as of the cursor (events with seq < cursorSeq have happened) and the high-water mark
 * (seenSeq, at true time seenT): nothing past the mark is drawn, so nothing is given away.
 */
export function extentAt(
  s: Stretch,
  cursorSeq: number,
  cursorT: number,
  seenSeq: number,
  seenT: number,
): Extent {
  const endedBy = (seq: number): boolean => s.endSeq >= 0 && s.endSeq < seq;
  const laterEnd = endedBy(seenSeq) ? s.endT : Math.max(s.startT, seenT);
  if (s.startSeq >= cursorSeq) {
    return { solid: null, later: s.startSeq < seenSeq ? [s.startT, laterEnd] : null, open: false };
  }
  if (endedBy(cursorSeq)) return { solid: [s.startT, s.endT], later: null, open: false };
  const solidEnd = Math.max(s.startT, cursorT);
  return {
    solid: [s.startT, solidEnd],
    later: laterEnd > solidEnd ? [solidEnd, laterEnd] : null,
    open: true,
  };
}

/** Where a point event stands: happened, seen later (faded), or not shown. */
export function phaseOf(seq: number, cursorSeq: number, seenSeq: number): 'past' | 'later' | 'hidden' {
  return seq < cursorSeq ? 'past' : seq < seenSeq ? 'later' : 'hidden';
}

const sync = followTrace(() => new DiagramIndex());

/** The diagram index of the store's trace; a fresh identity per trace version (read-only view). */
export function useDiagramIndex(): DiagramIndex {
  const version = useApp((s) => s.traceVersion);
  return useMemo(() => {
    void version; // the trace changed: read the current window
    const { events, baseSeq } = appStore.getState();
    return Object.create(sync(events, baseSeq)) as DiagramIndex;
  }, [version]);
}

/** Index of the first item whose start time is >= t (items sorted by start time). */
export function firstFrom<T>(items: readonly T[], t: number, timeOf: (x: T) => number): number {
  let lo = 0;
  let hi = items.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (timeOf(items[mid]!) < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
