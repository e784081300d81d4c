/**
 * Reading a trace held as an array of event objects (what the store has) up to the cursor, and a
 * read-only `Trace` view over such an array so the lessons' own trace helpers (suspicionStats,
 * settledNotApplied, ...) can run on what the page holds.
 */
import type { EventOf, Intervention, Trace, TraceEvent } from '../../engine/index.ts';

/** How many of `events` happened before the cursor (events are in seq order). */
export function countBefore(events: readonly TraceEvent[], cursorSeq: number): number {
  if (events.length === 0) return 0;
  return Math.max(0, Math.min(events.length, cursorSeq - events[0]!.seq));
}

/** The events that happened before the cursor. */
export function happened(events: readonly TraceEvent[], cursorSeq: number): readonly TraceEvent[] {
  const n = countBefore(events, cursorSeq);
  return n === events.length ? events : events.slice(0, n);
}

/** True time of the cursor as far as the events tell (the last event that happened). */
export function cursorTime(events: readonly TraceEvent[], cursorSeq: number): number {
  const n = countBefore(events, cursorSeq);
  return n > 0 ? events[n - 1]!.t : 0;
}

/** Events of one type (custom names included) that happened before the cursor. */
export function ofType<T extends string>(
  events: readonly TraceEvent[],
  cursorSeq: number,
  type: T,
): EventOf<T>[] {
  const n = countBefore(events, cursorSeq);
  const out: EventOf<T>[] = [];
  for (let i = 0; i < n; i++) if (events[i]!.type === type) out.push(events[i] as EventOf<T>);
  return out;
}

/**
 * The read side of a `Trace` over the first `length` events of an array: enough for the lessons'
 * helpers, which read a trace with length, time, typeName, get, slice and ofType. Positions are array
 * indexes (equal to seqs while the store has not let early events go, which short lesson runs never do).
 */
class EventsTrace {
  readonly nodeNames: readonly string[];
  constructor(
    private readonly events: readonly TraceEvent[],
    readonly length: number,
  ) {
    this.nodeNames = [...new Set(events.slice(0, length).map((e) => e.node))];
  }
  private at(seq: number): TraceEvent {
    const e = seq >= 0 && seq < this.length ? this.events[seq] : undefined;
    if (!e) throw new RangeError(`trace has no event ${seq} (length ${this.length})`);
    return e;
  }
  get(seq: number): TraceEvent {
    return this.at(seq);
  }
  time(seq: number): number {
    return this.at(seq).t;
  }
  typeName(seq: number): string {
    return this.at(seq).type;
  }
  slice(start = 0, end = this.length): TraceEvent[] {
    return this.events.slice(Math.max(0, start), Math.min(end, this.length));
  }
  ofType<T extends string>(type: T): EventOf<T>[] {
    const out: EventOf<T>[] = [];
    for (let s = 0; s < this.length; s++)
      if (this.events[s]!.type === type) out.push(this.events[s] as EventOf<T>);
    return out;
  }
  upperBound(time: number): number {
    let lo = 0;
    let hi = this.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.events[mid]!.t <= time) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

/** A read-only Trace of what happened before the cursor, for lesson helpers that take a Trace. */
export function traceUpTo(events: readonly TraceEvent[], cursorSeq: number): Trace {
  return new EventsTrace(events, countBefore(events, cursorSeq)) as unknown as Trace;
}

/**
 * The interventions of a run, read back from its `intervention` events (the engine echoes each
 * input there), so a readout can re-run the same scenario headlessly with the same interventions.
 */
export function interventionsFromEvents(events: readonly TraceEvent[]): Intervention[] {
  const out: Intervention[] = [];
  for (const e of events) {
    if (e.type !== 'intervention') continue;
    const {
      seq: _seq,
      t,
      local: _local,
      type: _type,
      node,
      ...rest
    } = e as TraceEvent & Record<string, unknown>;
    const iv = { at: t, ...rest } as Record<string, unknown>;
    // `node` is the event's place in the trace; it is part of the input only for node interventions.
    if (!('from' in rest) && !('name' in rest)) iv.node = node;
    out.push(iv as unknown as Intervention);
  }
  return out;
}
