/**
 * Read by read, for one register: could this read's value have been the latest when it ran, and if
 * not, how long before the read began had that value already been overwritten?
 *
 * The linearizability checker answers for a whole history at once; a learner wants to point at one
 * read and hear "stale by 180 ms". A read is fresh when some write of its value (or the initial
 * value) could still have been the latest at some instant of the read: it was called before the read
 * returned, and no other write both began after it ended and ended before the read began. Otherwise
 * it is stale, by the time between the read's start and the moment its value was surely overwritten
 * (the earliest such later write's return), taking the most favourable write of that value.
 */
import type { Operation, RegisterInput } from './linearizability.ts';

export type ReadVerdict<V> =
  | { kind: 'fresh'; read: Operation<RegisterInput<V>, V | null> }
  | {
      kind: 'stale';
      read: Operation<RegisterInput<V>, V | null>;
      /** How long before the read began its value had surely been overwritten. */
      byMs: number;
      /** The write that overwrote it (the earliest to end, for the most favourable source). */
      overwrittenBy: Operation<RegisterInput<V>, V | null>;
    }
  | { kind: 'never-written'; read: Operation<RegisterInput<V>, V | null> };

type Op<V> = Operation<RegisterInput<V>, V | null>;

export function readStaleness<V>(history: readonly Op<V>[], initial: V): ReadVerdict<V>[] {
  const writes = history.filter((o) => o.input.kind === 'write');
  const reads = history.filter(
    (o) => o.input.kind === 'read' && o.output !== undefined && o.ret !== undefined,
  );
  return reads.map((read) => verdictOf(read, writes, initial));
}

function verdictOf<V>(read: Op<V>, writes: readonly Op<V>[], initial: V): ReadVerdict<V> {
  const value = read.output as V;
  const readRet = read.ret ?? Infinity;
  // A source: the initial value (which "ended" before anything) or a write of this value that began
  // before the read ended.
  const sources: { ret: number }[] = writes
    .filter((w) => w.input.kind === 'write' && Object.is(w.input.value, value) && w.call <= readRet)
    .map((w) => ({ ret: w.ret ?? Infinity }));
  if (Object.is(value, initial)) sources.push({ ret: -Infinity });
  if (sources.length === 0) return { kind: 'never-written', read };

  let best: { overwrittenAt: number; by: Op<V> } | null = null;
  for (const source of sources) {
    // The earliest-ending write that surely came after this source and surely before the read.
    let by: Op<V> | null = null;
    for (const w of writes) {
      const ret = w.ret ?? Infinity;
      if (w.call > source.ret && ret < read.call && (!by || ret < (by.ret ?? Infinity))) by = w;
    }
    if (!by) return { kind: 'fresh', read };
    const overwrittenAt = by.ret ?? Infinity;
    if (!best || overwrittenAt > best.overwrittenAt) best = { overwrittenAt, by };
  }
  return { kind: 'stale', read, byMs: read.call - best!.overwrittenAt, overwrittenBy: best!.by };
}
