/**
 * A reader lessons share: every call one node made, in order, with how it ended for that node
 * (its outcome, or still waiting at the end of the trace). Challenges that ask "did every client
 * request get an answer" read this rather than pairing calls and outcomes themselves.
 */
import type { OutcomeResult, Trace } from './trace.ts';

export interface CallEnd {
  /** The seq of the call. */
  seq: number;
  t: number;
  call: number;
  /** The seq and time of its outcome; absent while it is still waiting. */
  outcomeSeq: number | undefined;
  end: number | undefined;
  result: OutcomeResult | 'waiting';
}

export function callsFrom(trace: Trace, node: string): CallEnd[] {
  const outcomes = new Map(
    trace
      .ofType('outcome')
      .filter((o) => o.from === node)
      .map((o) => [o.call, o]),
  );
  return trace
    .ofType('call')
    .filter((c) => c.from === node)
    .map((c) => {
      const o = outcomes.get(c.call);
      return {
        seq: c.seq,
        t: c.t,
        call: c.call,
        outcomeSeq: o?.seq,
        end: o?.t,
        result: o?.result ?? 'waiting',
      };
    });
}
