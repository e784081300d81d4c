/**
 * A fault test in the worker, with its slices run by hand: progress between slices, the same result
 * as the test run at once, a Cancel that stops it, and a newer test that replaces it.
 */
import { describe, expect, it } from 'vitest';
import { testAgainstFaults } from '../sandbox/fault-test.ts';
import { DEFAULT_LINK, emptyDoc, type SandboxDoc } from '../sandbox/model.ts';
import { createFaultRunner } from './fault-runner.ts';
import type { FromWorker } from './protocol.ts';

const doc = (key: boolean, idempotent: boolean): SandboxDoc => ({
  ...emptyDoc(),
  durationMs: 5000,
  nodes: [
    {
      name: 'client',
      behaviour: 'client',
      settings: { requests: 5, retries: 3, idempotencyKey: key },
      clock: { offsetMs: 0, driftPpm: 0 },
      x: 0.2,
      y: 0.5,
    },
    {
      name: 'payments',
      behaviour: 'payment-server',
      settings: { idempotent },
      clock: { offsetMs: 0, driftPpm: 0 },
      x: 0.8,
      y: 0.5,
    },
  ],
  links: [
    { from: 'client', to: 'payments', ...DEFAULT_LINK },
    { from: 'payments', to: 'client', ...DEFAULT_LINK },
  ],
});

function harness() {
  const posted: FromWorker[] = [];
  const pending: (() => void)[] = [];
  const handle = createFaultRunner(
    (m) => void posted.push(m),
    (w) => void pending.push(w),
  );
  const drain = () => {
    while (pending.length > 0) pending.shift()!();
  };
  return { posted, pending, handle, drain };
}

describe('the fault runner', () => {
  it('streams progress and ends with what the test run at once finds', () => {
    const { posted, handle, drain } = harness();
    const invariants = ['one-outcome', 'no-double-effect'] as const;
    handle({ type: 'fault-test', test: 1, doc: doc(true, true), runs: 120, invariants: [...invariants] });
    drain();
    const progress = posted.filter((m) => m.type === 'fault-progress');
    expect(progress.length).toBeGreaterThan(1);
    const result = posted.at(-1)!;
    expect(result).toEqual({
      type: 'fault-result',
      test: 1,
      result: testAgainstFaults(doc(true, true), 120, invariants),
    });
  });

  it('stops on Cancel, and a newer test replaces the one in progress', () => {
    const { posted, pending, handle, drain } = harness();
    handle({ type: 'fault-test', test: 1, doc: doc(true, true), runs: 500, invariants: ['one-outcome'] });
    pending.shift()!();
    handle({ type: 'fault-cancel', test: 1 });
    drain();
    expect(posted.some((m) => m.type === 'fault-result')).toBe(false);
    handle({ type: 'fault-test', test: 2, doc: doc(true, true), runs: 500, invariants: ['one-outcome'] });
    pending.shift()!();
    handle({
      type: 'fault-test',
      test: 3,
      doc: doc(false, false),
      runs: 300,
      invariants: ['no-double-effect'],
    });
    drain();
    const results = posted.filter((m) => m.type === 'fault-result');
    expect(results).toHaveLength(1);
    expect(results[0]).toMatchObject({ test: 3, result: { kind: 'broken' } });
  });
});
