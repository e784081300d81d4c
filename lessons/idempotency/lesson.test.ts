import { describe, expect, it } from 'vitest';
import { defaultParams, withParams, doubleApplications, type Script } from '../../src/engine/index.ts';
import { Simulation } from '../../src/engine/simulation.ts';
import lesson, { clientMachine } from './lesson.ts';

function run(script: Script) {
  const params = withParams(defaultParams(lesson.params), script.params);
  const sim = new Simulation({
    scenario: lesson.scenario,
    seed: script.seed ?? lesson.defaultSeed,
    params,
    interventions: script.interventions,
  });
  sim.runUntil(script.untilMs ?? lesson.durationMs);
  return { trace: sim.trace, params: sim.currentParams };
}

const step = (id: string) => lesson.steps.find((s) => s.id === id)!;

describe('idempotency', () => {
  it('has exactly the parameters the catalog names, and the key is the fix', () => {
    expect(Object.keys(lesson.params)).toEqual(['responseLoss', 'retries', 'idempotencyKey']);
    expect(lesson.fix?.param).toBe('idempotencyKey');
  });

  it('the client is an XState machine with the retry states', () => {
    expect(Object.keys(clientMachine.config.states ?? {})).toEqual([
      'idle',
      'calling',
      'backing off',
      'paid',
      'gave up',
    ]);
  });

  it('doing nothing makes a few payments, each charged once, and meets no challenge', () => {
    const { trace, params } = run({ interventions: [] });
    const payments = new Set(trace.ofType('call').map((c) => c.request));
    expect(payments.size).toBeGreaterThanOrEqual(3);
    expect(trace.ofType('call')[0]!.t).toBeLessThan(1000);
    expect(doubleApplications(trace)).toEqual([]);
    for (const s of lesson.steps) expect(s.challenge(trace, params).met, s.id).toBe(false);
  });

  for (const s of lesson.steps) {
    it(`step ${s.id}: its scripted solution meets it, with evidence`, () => {
      const { trace, params } = run(s.solution);
      const result = s.challenge(trace, params);
      expect(result.met, result.detail).toBe(true);
      expect(result.evidence?.length).toBeGreaterThan(0);
    });
  }

  it('a retry reuses the request id of its payment and is a new call', () => {
    const { trace } = run(step('double-charge').solution);
    const [first, retry] = trace.ofType('call');
    expect(retry!.request).toBe(first!.request);
    expect(retry!.call).not.toBe(first!.call);
  });

  it('with the fix on, the same seed and interventions that charge twice charge once', () => {
    const script = step('double-charge').solution;
    const without = run(script).trace;
    const withFix = run({ ...script, params: { ...script.params, idempotencyKey: true } }).trace;
    expect(doubleApplications(without).length).toBeGreaterThan(0);
    expect(doubleApplications(withFix)).toEqual([]);
    // The same tries happen; only the repeat is answered from the saved result.
    expect(withFix.ofType('call').length).toBe(without.ofType('call').length);
    expect(withFix.ofType('replay').length).toBeGreaterThan(0);
    const perRequest = new Map<number, number>();
    for (const e of withFix.ofType('effect')) perRequest.set(e.request, (perRequest.get(e.request) ?? 0) + 1);
    expect([...perRequest.values()].every((n) => n === 1)).toBe(true);
  });

  it('the storm solution double-charges without the fix', () => {
    const script = step('safe-storm').solution;
    const { trace } = run({ ...script, params: { ...script.params, idempotencyKey: false } });
    expect(doubleApplications(trace).length).toBeGreaterThan(0);
  });

  it('the storm challenge does not pass with no retries reaching the server', () => {
    // The fix on and storm settings, but no loss happens before the end: nothing to prove.
    const { trace, params } = run({
      params: { idempotencyKey: true, responseLoss: 0.7, retries: 4 },
      interventions: [],
      untilMs: 400,
    });
    expect(step('safe-storm').challenge(trace, params).met).toBe(false);
  });

  it('gives up after the retry budget', () => {
    const { trace } = run({ params: { responseLoss: 0.95, retries: 1 }, interventions: [], untilMs: 3000 });
    const first = trace.ofType('call').filter((c) => c.request === 1);
    expect(first.length).toBeLessThanOrEqual(2);
    expect(trace.ofType('state').some((e) => e.node === 'client' && e.label === 'gave up')).toBe(true);
  });

  it('"Pay" during a payment is queued, not lost', () => {
    const pay = { at: 520, kind: 'signal' as const, node: 'client', signal: 'pay' };
    const base = new Set(
      run({ interventions: [] })
        .trace.ofType('call')
        .map((c) => c.request),
    ).size;
    const more = new Set(
      run({ interventions: [pay] })
        .trace.ofType('call')
        .map((c) => c.request),
    ).size;
    expect(more).toBe(base + 1);
  });

  it('a retry budget raised mid-run is used by the next unknown', () => {
    const { trace } = run({
      params: { responseLoss: 0.95, retries: 0 },
      interventions: [{ at: 0, kind: 'set-param', name: 'retries', value: 3 }],
      untilMs: 5000,
    });
    expect(trace.ofType('call').filter((c) => c.request === 1).length).toBeGreaterThan(1);
  });
});
