import { describe, expect, it } from 'vitest';
import type { TraceEvent } from '../../engine/index.ts';
import { CallsIndex, callsAsOf, deriveCalls } from './calls.ts';

/** A tiny trace builder: events get consecutive seqs. */
function trace(...partials: Record<string, unknown>[]): TraceEvent[] {
  return partials.map(
    (p, seq) => ({ seq, local: Number(p.t ?? 0), node: 'client', t: 0, ...p }) as unknown as TraceEvent,
  );
}
const call = (t: number, c: number, request = c) => ({
  type: 'call',
  t,
  call: c,
  request,
  from: 'client',
  to: 'server',
  op: 'charge',
});
const outcome = (t: number, c: number, result: string, request = c) => ({
  type: 'outcome',
  t,
  call: c,
  request,
  from: 'client',
  to: 'server',
  op: 'charge',
  result,
  reason: result === 'unknown' ? 'deadline passed' : '',
});
const effect = (t: number, c: number, request = c) => ({
  type: 'effect',
  t,
  node: 'server',
  call: c,
  request,
  op: 'charge',
});

describe('deriveCalls', () => {
  it('pairs each call with its outcome and the server truth', () => {
    const events = trace(
      call(0, 1),
      effect(10, 1),
      outcome(20, 1, 'success'),
      call(30, 2),
      outcome(40, 2, 'failure'),
    );
    const { rows, tally } = deriveCalls(events, events.length);
    expect(rows.map((r) => [r.call, r.outcome?.result, r.applied])).toEqual([
      [1, 'success', true],
      [2, 'failure', false],
    ]);
    expect(tally.counts.success).toEqual({ applied: 1, notApplied: 0 });
    expect(tally.counts.failure).toEqual({ applied: 0, notApplied: 1 });
    expect(tally.waiting).toBe(0);
  });

  it('reads as of the cursor: later events have not happened yet', () => {
    const events = trace(call(0, 1), effect(10, 1), outcome(20, 1, 'success'));
    expect(deriveCalls(events, 0).rows).toEqual([]);
    const atCall = deriveCalls(events, 1);
    expect(atCall.rows[0]!.outcome).toBeNull();
    expect(atCall.rows[0]!.applied).toBe(false);
    expect(atCall.tally.waiting).toBe(1);
    const atEffect = deriveCalls(events, 2);
    expect(atEffect.rows[0]!.applied).toBe(true);
    expect(atEffect.rows[0]!.outcome).toBeNull();
  });

  it('splits unknown into both truths, and marks an effect after the outcome as applied later', () => {
    const events = trace(
      call(0, 1),
      outcome(1000, 1, 'unknown'), // reply lost; the server never got it
      call(1100, 2),
      outcome(2100, 2, 'unknown'), // slow server: gave up first...
      effect(3000, 2), // ...then the server applied it
    );
    const before = deriveCalls(events, 4);
    expect(before.tally.counts.unknown).toEqual({ applied: 0, notApplied: 2 });
    const after = deriveCalls(events, 5);
    expect(after.tally.counts.unknown).toEqual({ applied: 1, notApplied: 1 });
    expect(after.rows[1]!.appliedLater).toBe(true);
    expect(after.rows[0]!.appliedLater).toBe(false);
  });

  it('groups retries by request and flags double applications', () => {
    const events = trace(
      call(0, 1, 7),
      effect(50, 1, 7),
      outcome(1000, 1, 'unknown', 7),
      call(1000, 2, 7),
      effect(1050, 2, 7),
      outcome(1100, 2, 'success', 7),
    );
    const view = deriveCalls(events, events.length);
    expect(view.groups).toHaveLength(1);
    const group = view.groups[0]!;
    expect(group.rows.map((r) => r.attempt)).toEqual([1, 2]);
    expect(group.applications).toBe(2);
    expect(group.rows.map((r) => r.doubleApplied)).toEqual([false, true]);
    expect(view.tally.doubleRequests).toBe(1);
    // Before the retry's effect, there is no double application yet.
    expect(deriveCalls(events, 4).tally.doubleRequests).toBe(0);
  });

  it('follows a branching trace: truncation forgets what was undone', () => {
    const events = trace(call(0, 1), effect(10, 1), outcome(20, 1, 'success'), call(30, 2));
    const index = new CallsIndex();
    index.add(events);
    index.truncate(2);
    expect(index.calls).toHaveLength(1);
    expect(index.calls[0]!.outcome).toBeNull();
    expect(index.countBefore(10)).toBe(2);
    index.add(trace(call(0, 1), effect(10, 1), outcome(20, 1, 'unknown')).slice(2));
    expect(callsAsOf(index, 3).tally.counts.unknown).toEqual({ applied: 1, notApplied: 0 });
  });
});
