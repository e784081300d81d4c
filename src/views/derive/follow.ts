/**
 * Following the store's trace window with an incremental index. The store replaces its `events`
 * array on every change (append: a concat; branch: a slice, then an append; new run: a fresh array),
 * but events it keeps are the same objects. So the seq where the old and new windows stop sharing
 * objects is where the index must be truncated; everything after it is added.
 */
import type { TraceEvent } from '../../engine/index.ts';

/** An index built from trace events in order, able to forget everything from a seq on. */
export interface TraceIndex {
  add(events: readonly TraceEvent[]): void;
  truncate(length: number): void;
}

/**
 * The first seq at which two windows of the trace disagree (by object identity), or -1 when they
 * share no event at all (a new run, or no overlap). `prev` starts at seq `prevBase`, `next` at `nextBase`.
 */
export function sharedUntil(
  prev: readonly TraceEvent[],
  prevBase: number,
  next: readonly TraceEvent[],
  nextBase: number,
): number {
  const lo = Math.max(prevBase, nextBase);
  const hi = Math.min(prevBase + prev.length, nextBase + next.length);
  if (lo >= hi) {
    // No overlap: only an untouched empty start is a continuation.
    return prev.length === 0 && next.length === 0 ? nextBase : -1;
  }
  if (prev[lo - prevBase] !== next[lo - nextBase]) return -1;
  // Shared objects form a prefix of the overlap: binary search its end.
  let a = lo + 1;
  let b = hi;
  while (a < b) {
    const mid = (a + b) >>> 1;
    if (prev[mid - prevBase] === next[mid - nextBase]) a = mid + 1;
    else b = mid;
  }
  return a;
}

/**
 * Returns a `sync(events, baseSeq)` that keeps one index of type T in step with the store's trace
 * window, rebuilding it only when the run itself changed.
 */
export function followTrace<T extends TraceIndex>(
  make: () => T,
): (events: readonly TraceEvent[], baseSeq: number) => T {
  let index = make();
  let prev: readonly TraceEvent[] = [];
  let prevBase = 0;
  return (events, baseSeq) => {
    if (events === prev && baseSeq === prevBase) return index;
    const shared = sharedUntil(prev, prevBase, events, baseSeq);
    if (shared < 0) {
      index = make();
      index.add(events);
    } else {
      const prevEnd = prevBase + prev.length;
      if (shared < prevEnd) index.truncate(shared);
      if (shared < baseSeq + events.length) index.add(events.slice(shared - baseSeq));
    }
    prev = events;
    prevBase = baseSeq;
    return index;
  };
}
