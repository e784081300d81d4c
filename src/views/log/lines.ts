/**
 * The event log's lines: which kind each event belongs to (for the filter checkboxes), the short
 * glyph shown beside it, the text it reads as, and what clicking it selects in the other views.
 */
import type { LessonGuide, TraceEvent } from '../../engine/index.ts';
import { describeEvent } from '../../store/describe.ts';
import type { Selection } from '../../store/types.ts';
import { dropStyle, outcomeStyle, palette } from '../theme.ts';

export type LogKind = 'messages' | 'calls' | 'faults' | 'clocks' | 'other';

export const LOG_KINDS: readonly { id: LogKind; label: string }[] = [
  { id: 'messages', label: 'Messages' },
  { id: 'calls', label: 'Calls & outcomes' },
  { id: 'faults', label: 'Faults & your actions' },
  { id: 'clocks', label: 'Clocks' },
  { id: 'other', label: 'Timers & states' },
];

export function kindOf(e: TraceEvent): LogKind {
  switch (e.type) {
    case 'send':
    case 'deliver':
    case 'drop':
    case 'duplicate':
      return 'messages';
    case 'call':
    case 'outcome':
    case 'effect':
      return 'calls';
    case 'crash':
    case 'recover':
    case 'pause':
    case 'resume':
    case 'partition':
    case 'heal':
    case 'intervention':
    case 'param':
      return 'faults';
    case 'clock':
      return 'clocks';
    default:
      return 'other';
  }
}

/** A glyph and its colour for a line (the words always follow, so colour is never alone). */
export function glyphOf(e: TraceEvent): { glyph: string; color: string } {
  switch (e.type) {
    case 'send':
      return { glyph: '→', color: palette.blue };
    case 'deliver':
      return { glyph: '↘', color: palette.green };
    case 'drop': {
      const d = dropStyle[e.reason] ?? dropStyle.loss!;
      return { glyph: d.glyph, color: d.color };
    }
    case 'duplicate':
      return { glyph: '⇉', color: palette.purple };
    case 'outcome': {
      const o = outcomeStyle[e.result];
      return { glyph: o.glyph, color: o.color };
    }
    case 'call':
      return { glyph: '☎', color: palette.ink };
    case 'effect':
      return { glyph: '◆', color: palette.green };
    case 'crash':
      return { glyph: '✕', color: palette.ink };
    case 'recover':
    case 'resume':
      return { glyph: '↺', color: palette.green };
    case 'pause':
      return { glyph: '‖', color: palette.orange };
    case 'partition':
      return { glyph: '✂', color: palette.purple };
    case 'heal':
      return { glyph: '⟷', color: palette.green };
    case 'intervention':
      return { glyph: '☛', color: palette.vermillion };
    case 'clock':
      return { glyph: '◷', color: palette.muted };
    default:
      return { glyph: '·', color: palette.muted };
  }
}

const described = new WeakMap<TraceEvent, { lesson: LessonGuide | null; text: string }>();

/** The line's words (in the lesson's own words for its events and buttons), computed once per event. */
export function lineText(e: TraceEvent, lesson: LessonGuide | null = null): string {
  const known = described.get(e);
  if (known?.lesson === lesson) return known.text;
  const text = describeEvent(e, [], lesson);
  described.set(e, { lesson, text });
  return text;
}

/** What an event points at in the other views. */
export function selectionFor(e: TraceEvent): Selection {
  switch (e.type) {
    case 'send':
    case 'deliver':
    case 'drop':
    case 'duplicate':
      return { kind: 'message', msg: e.msg };
    case 'call':
    case 'outcome':
    case 'effect':
      return { kind: 'call', call: e.call };
    default:
      return { kind: 'event', seq: e.seq };
  }
}

/** Whether an event belongs to what is selected or hovered elsewhere. */
export function relatesTo(e: TraceEvent, sel: Selection | null): boolean {
  if (!sel) return false;
  switch (sel.kind) {
    case 'message':
      return 'msg' in e && (e as { msg?: number }).msg === sel.msg;
    case 'call':
      return (e as { call?: number }).call === sel.call && e.type !== 'timer';
    case 'node':
      return e.node === sel.name || (e.type === 'send' && e.to === sel.name);
    case 'link':
      return (
        (e.type === 'send' && e.node === sel.from && e.to === sel.to) ||
        ((e.type === 'deliver' || e.type === 'drop') && e.from === sel.from && e.node === sel.to) ||
        ((e.type === 'partition' || e.type === 'heal') && e.from === sel.from && e.to === sel.to)
      );
    case 'event':
      return e.seq === sel.seq;
  }
}

/**
 * The seqs of the lines to show: events of the chosen kinds whose words contain `text` (any case).
 * Returned in trace order, so the lines up to any seq are a prefix (cut it with `countBelow`).
 */
export function filterLines(
  events: readonly TraceEvent[],
  kinds: ReadonlySet<LogKind>,
  text: string,
  lesson: LessonGuide | null = null,
): number[] {
  const needle = text.trim().toLowerCase();
  const out: number[] = [];
  for (const e of events) {
    if (!kinds.has(kindOf(e))) continue;
    if (needle && !lineText(e, lesson).toLowerCase().includes(needle)) continue;
    out.push(e.seq);
  }
  return out;
}

/** How many of the sorted seqs are below `seq`. */
export function countBelow(seqs: readonly number[], seq: number): number {
  let lo = 0;
  let hi = seqs.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (seqs[mid]! < seq) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The rows to render for a scroll position: the visible ones plus a few either side. */
export function visibleRange(
  scrollTop: number,
  viewportPx: number,
  rowPx: number,
  count: number,
  overscan = 6,
): [number, number] {
  const first = Math.max(0, Math.floor(scrollTop / rowPx) - overscan);
  const last = Math.min(count, Math.ceil((scrollTop + viewportPx) / rowPx) + overscan);
  return [first, Math.max(first, last)];
}
