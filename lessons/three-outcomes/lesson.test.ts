import { describe, expect, it } from 'vitest';
import { type Script } from '../../src/engine/index.ts';
import { runLesson } from '../../tests/support/lesson-runs.ts';
import lesson from './lesson.ts';

const run = (script: Script) => runLesson(lesson, script);

const met = (script: Script) => {
  const { trace, params } = run(script);
  return Object.fromEntries(lesson.steps.map((s) => [s.id, s.challenge(trace, params).met]));
};

describe('three-outcomes', () => {
  it('has exactly the parameters the catalog names', () => {
    expect(Object.keys(lesson.params)).toEqual([
      'requestLoss',
      'responseLoss',
      'serverDelayMs',
      'deadlineMs',
      'errorRate',
    ]);
  });

  it('pays once by itself within a second, and doing nothing meets no challenge', () => {
    const { trace } = run({ interventions: [] });
    const calls = trace.ofType('call');
    expect(calls).toHaveLength(1);
    expect(calls[0]!.t).toBeLessThan(1000);
    expect(trace.ofType('outcome').map((o) => o.result)).toEqual(['success']);
    expect(Object.values(met({ interventions: [] }))).not.toContain(true);
  });

  for (const step of lesson.steps) {
    it(`step ${step.id}: its scripted solution meets it, with evidence`, () => {
      const { trace, params } = run(step.solution);
      const result = step.challenge(trace, params);
      expect(result.met).toBe(true);
      expect(result.evidence?.length).toBeGreaterThan(0);
      for (const seq of result.evidence!) expect(seq).toBeLessThan(trace.length);
    });
  }

  it('"Pay" makes another payment each time it is pressed', () => {
    const pay = (at: number) => ({ at, kind: 'signal' as const, node: 'client', signal: 'pay' });
    const { trace } = run({ interventions: [pay(2000), pay(3000)] });
    expect(trace.ofType('outcome').map((o) => o.result)).toEqual(['success', 'success', 'success']);
    expect(trace.ofType('effect')).toHaveLength(3);
  });

  it('a dropped request and a dropped response look the same to the client, not to the server', () => {
    const request = run({
      interventions: [{ at: 100, kind: 'drop-next', from: 'client', to: 'server' }],
    }).trace;
    const response = run({
      interventions: [{ at: 100, kind: 'drop-next', from: 'server', to: 'client' }],
    }).trace;
    expect(request.ofType('outcome').map((o) => o.result)).toEqual(['unknown']);
    expect(response.ofType('outcome').map((o) => o.result)).toEqual(['unknown']);
    expect(request.ofType('effect')).toHaveLength(0);
    expect(response.ofType('effect')).toHaveLength(1);
  });

  it('a slowed server charges after the client gave up, and that is not counted as "not charged"', () => {
    const script: Script = {
      interventions: [{ at: 100, kind: 'signal', node: 'server', signal: 'slow-next' }],
    };
    // Just after the deadline the server is still at work: the truth is not known yet.
    const early = met({ ...script, untilMs: 1600 });
    expect(early.unknown).toBe(true);
    expect(early['unknown-applied']).toBe(false);
    expect(early['unknown-not-applied']).toBe(false);
    const late = met(script);
    expect(late['unknown-applied']).toBe(true);
    expect(late['unknown-not-applied']).toBe(false);
  });

  it('a crash while the server holds the request is an unknown that was not applied', () => {
    const r = met({
      params: { serverDelayMs: 800 },
      interventions: [{ at: 700, kind: 'crash', node: 'server' }],
    });
    expect(r.unknown).toBe(true);
    expect(r['unknown-not-applied']).toBe(true);
    expect(r['unknown-applied']).toBe(false);
  });

  it('a crashed server refuses the call: a failure, not an unknown', () => {
    const r = met({ interventions: [{ at: 100, kind: 'crash', node: 'server' }] });
    expect(r.failure).toBe(true);
    expect(r.unknown).toBe(false);
  });

  it('the decline rate declines without charging', () => {
    const { trace } = run({ params: { errorRate: 1 }, interventions: [] });
    expect(trace.ofType('outcome').map((o) => o.result)).toEqual(['failure']);
    expect(trace.ofType('effect')).toHaveLength(0);
  });

  it('is deterministic: same inputs, same trace', () => {
    const a = run(lesson.steps[2]!.solution).trace;
    const b = run(lesson.steps[2]!.solution).trace;
    expect(a.toJSONL()).toBe(b.toJSONL());
  });
});
