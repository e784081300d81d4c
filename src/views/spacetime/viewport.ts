/**
 * The diagram's time window: how a zoom transform (zoom.ts) maps true time to pixels, how the axis labels
 * read, which messages fall in the window (only those are drawn), and how the window follows the
 * playback cursor.
 */
import { SPAN_END, type MessageSpan } from '../../engine/spans.ts';

/** The zoom's base scale maps [0, BASE_MS] onto the plot's width; the zoom factor k scales that. */
export const BASE_MS = 10_000;
/** Zoomed in no further than this many ms across the plot. */
export const MIN_WINDOW_MS = 40;
/** At most this many message arrows are drawn at once; zoom in to see the rest. */
export const MAX_ARROWS = 300;

export interface View {
  /** Pixels per ms. */
  pxPerMs: number;
  /** Screen x (in the svg) of true time 0. */
  x0: number;
}

/** A zoom transform {k, x} on a base scale of [0, BASE_MS] → [0, plotW], as a time view. */
export function viewOf(k: number, x: number, plotW: number): View {
  return { pxPerMs: (k * plotW) / BASE_MS, x0: x };
}

/** The zoom transform that shows [t0, t1] across a plot that starts at screen x `left`. */
export function transformFor(t0: number, t1: number, left: number, plotW: number): { k: number; x: number } {
  const span = Math.max(t1 - t0, MIN_WINDOW_MS);
  const k = BASE_MS / span;
  const pxPerMs = (k * plotW) / BASE_MS;
  return { k, x: left - t0 * pxPerMs };
}

/** The time window a view shows across a plot from `left` to `left + plotW`. */
export function windowOf(view: View, left: number, plotW: number): [number, number] {
  return [(left - view.x0) / view.pxPerMs, (left + plotW - view.x0) / view.pxPerMs];
}

/** The initial window: about 7 ms per pixel, at least 2 s and at most 6 s. */
export function defaultWindowMs(plotW: number): number {
  return Math.min(6000, Math.max(2000, plotW * 7));
}

/**
 * An axis label in one unit throughout: seconds with as many decimals as the tick step needs
 * ("1 s", "1.5 s", "1.25 s"), or milliseconds once the step is below 10 ms ("1,234 ms").
 */
export function tickLabel(ms: number, stepMs: number): string {
  if (stepMs < 10) return `${Math.round(ms).toLocaleString('en-US')} ms`;
  const decimals = stepMs >= 1000 ? 0 : stepMs >= 100 ? 1 : 2;
  const s = ms / 1000;
  return `${Math.abs(s) < 1e-9 ? '0' : s.toFixed(decimals)} s`;
}

/**
 * How far to move the view so the cursor stays in sight: while it runs past 85% of the width the
 * window slides with it; when it is behind the left edge (a rewind) it is brought to 30%. Returns
 * the change in screen x of time 0, or 0 when the cursor is in sight.
 */
export function followShift(cursorX: number, left: number, plotW: number): number {
  const right = left + plotW * 0.85;
  // Sub-pixel differences (floating-point residue after a shift) are no reason to move again.
  if (cursorX > right + 0.5) return right - cursorX;
  if (cursorX < left - 0.5) return left + plotW * 0.3 - cursorX;
  return 0;
}

/** `n` items spread evenly over `items` (all of them when there are no more than `n`). */
function spread<T>(items: readonly T[], n: number): T[] {
  if (items.length <= n) return items.slice();
  return Array.from({ length: n }, (_, i) => items[Math.floor((i * items.length) / n)]!);
}

/**
 * The messages to draw for the window [t0, t1]: sent before the high-water mark `seenSeq` and on the
 * wire at some moment of the window. Spans are in send order, so this is a binary search and a walk
 * over the window, never the whole run. Over `cap`, a sample spread evenly across the window is kept,
 * dropped messages first (up to half the cap), so the run's shape and its failures still show.
 */
export function spansInWindow(
  spans: readonly MessageSpan[],
  t0: number,
  t1: number,
  maxLatencyMs: number,
  seenSeq: number,
  cap = MAX_ARROWS,
): { spans: MessageSpan[]; total: number } {
  const from = t0 - maxLatencyMs - 1;
  let lo = 0;
  let hi = spans.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (spans[mid]!.sendT < from) lo = mid + 1;
    else hi = mid;
  }
  const out: MessageSpan[] = [];
  for (let i = lo; i < spans.length; i++) {
    const s = spans[i]!;
    if (s.sendT > t1 || s.sendSeq >= seenSeq) break;
    if (s.endT < t0) continue;
    out.push(s);
  }
  const total = out.length;
  if (total <= cap) return { spans: out, total };
  const drops = spread(
    out.filter((s) => s.end === SPAN_END.dropped),
    cap >> 1,
  );
  const others = spread(
    out.filter((s) => s.end !== SPAN_END.dropped),
    cap - drops.length,
  );
  return { spans: [...drops, ...others].sort((a, b) => a.sendSeq - b.sendSeq), total };
}

/** Everything a layer needs to place its marks. Layers draw inside a group translated by `x0`, so
 * a mark's x is `t * pxPerMs`, and panning alone re-renders nothing but the axis and the cursor. */
export interface Frame {
  pxPerMs: number;
  x0: number;
  /** The plot's left edge and width in svg pixels (the lane labels sit left of it). */
  left: number;
  plotW: number;
  /** The visible time window. */
  t0: number;
  t1: number;
  laneY: ReadonlyMap<string, number>;
  laneH: number;
  cursorT: number;
  cursorSeq: number;
  /** The high-water mark: what lies between the cursor and here was seen before a rewind. */
  seenSeq: number;
  seenT: number;
}
