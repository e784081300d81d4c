import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Intervention, Trace } from '../../src/engine/index.ts';
import { stepSolutionOf } from '../../src/engine/index.ts';
import { checkProperty } from '../../src/engine/testing/property.ts';
import { checkTrace } from '../../src/engine/testing/invariants.ts';
import { itMeetsEachStepOnlyByItsSolution, runLesson } from '../../tests/support/lesson-runs.ts';
import lesson from './lesson.ts';
import {
  analyticAvailability,
  CLIENT,
  curve,
  ANSWER,
  DEPLOYER,
  downShares,
  indexOf,
  LATENCY_MS,
  probes,
  REQUEST,
  REQUEST_EVERY_MS,
  serviceName,
  type Model,
  type Shape,
} from './guide.ts';

const FILE = 'lessons/failures-multiply/lesson.test.ts';
const stepIndex = (id: string) => lesson.steps.findIndex((s) => s.id === id);

/**
 * Each client request's services, from the messages alone: the ones whose answer reached the client
 * before its next request (a request is the client's sends at one moment).
 */
function answeredByMessages(trace: Trace): Map<number, { asked: number; answered: Set<number> }> {
  const byTime = new Map<number, { asked: number; answered: Set<number> }>();
  let last: { asked: number; answered: Set<number> } | undefined;
  for (const e of trace.slice()) {
    if (e.type === 'send' && e.node === CLIENT && e.label === REQUEST) {
      last = byTime.get(e.t);
      if (!last) byTime.set(e.t, (last = { asked: 0, answered: new Set<number>() }));
      last.asked += 1;
    } else if (e.type === 'deliver' && e.node === CLIENT && e.label === ANSWER)
      last?.answered.add(indexOf(e.from));
  }
  return byTime;
}

/** The client's records say what the messages say: the readers may trust them. */
function expectRecordsMatchMessages(trace: Trace): void {
  const truth = answeredByMessages(trace);
  const seen = new Set<number>();
  for (const p of probes(trace)) {
    // A request is recorded when the client sends the next one.
    const sentAt = p.t - REQUEST_EVERY_MS;
    expect(seen.has(sentAt)).toBe(false);
    seen.add(sentAt);
    const r = truth.get(sentAt)!;
    expect(r, `a request sent at ${sentAt}`).toBeDefined();
    expect(p.asked).toBe(r.asked);
    p.answered.forEach((ok, i) => expect(ok, `request at ${sentAt}, s${i + 1}`).toBe(r.answered.has(i + 1)));
  }
}

/** A service that is down (between its own "down" and "up") never answers a request. */
function expectNoAnswerWhileDown(trace: Trace): void {
  const down = new Map<string, Set<string>>();
  for (const ev of trace.slice()) {
    const e = ev as unknown as { seq: number; type: string; node: string; to?: string; cause?: unknown };
    if (e.type === 'down') {
      const causes = down.get(e.node) ?? new Set<string>();
      causes.add(String(e.cause));
      down.set(e.node, causes);
    } else if (e.type === 'up') down.get(e.node)?.delete(String(e.cause));
    else if (e.type === 'crash' || e.type === 'recover') down.delete(e.node);
    else if (e.type === 'send' && indexOf(e.node) > 0 && e.to === CLIENT)
      expect(down.get(e.node)?.size ?? 0, `#${e.seq}`).toBe(0);
  }
}

describe('failures-multiply', () => {
  itMeetsEachStepOnlyByItsSolution(lesson);

  it('the analytic curves: a^k for a chain, 1 − (1 − a)^k for replicas, the shared fault as a floor', () => {
    const m: Model = { upFraction: 0.9, sharedFault: 0, staggerDeploys: false, services: 3 };
    expect(analyticAvailability(m, 'all', 3)).toBeCloseTo(0.729, 9);
    expect(analyticAvailability(m, 'any one', 3)).toBeCloseTo(0.999, 9);
    const shared = { ...m, sharedFault: 1 };
    expect(downShares(shared)).toEqual({ own: 0, deploy: expect.closeTo(0.1, 9) as number });
    for (const k of [1, 2, 3]) expect(analyticAvailability(shared, 'any one', k)).toBeCloseTo(0.9, 9);
    // Each service alone is up a, whatever the share of shared faults, and with deploys one at a time too.
    for (const sharedFault of [0, 0.3, 1])
      expect(analyticAvailability({ ...m, sharedFault }, 'all', 1)).toBeCloseTo(0.9, 9);
    const half = { ...m, sharedFault: 0.5 };
    expect(analyticAvailability(half, 'any one', 3)).toBeLessThan(0.96);
    expect(analyticAvailability({ ...half, staggerDeploys: true }, 'any one', 3)).toBeGreaterThan(0.999);
  });

  it("the client's records agree with the messages, and a down service never answers", () => {
    for (const id of ['chain', 'correlated']) {
      const { trace } = runLesson(lesson, { ...stepSolutionOf(lesson, stepIndex(id)), untilMs: 6000 });
      expect(probes(trace).length).toBeGreaterThan(250);
      expectRecordsMatchMessages(trace);
      expectNoAnswerWhileDown(trace);
    }
  });

  it('a bad deploy takes every service down at once; one at a time, only one', () => {
    const press: Intervention = { at: 1000, kind: 'signal', node: DEPLOYER, signal: 'push-bad-deploy' };
    const params = { services: 3, upFraction: 0.9995 };
    const all = runLesson(lesson, { params, interventions: [press], untilMs: 1100 }).trace;
    const downs = all.ofType('down').filter((e) => e.cause === 'bad deploy');
    expect(downs.map((e) => e.node)).toEqual(['s1', 's2', 's3']);
    expect(new Set(downs.map((e) => e.t)).size).toBe(1);
    const one = runLesson(lesson, {
      params: { ...params, staggerDeploys: true },
      interventions: [press],
      untilMs: 1100,
    }).trace;
    expect(one.ofType('down').filter((e) => e.cause === 'bad deploy')).toHaveLength(1);
  });

  it('crashing s1 fails every request of a chain until it recovers', () => {
    const { trace, params } = runLesson(lesson, {
      params: { services: 3, upFraction: 0.9995 },
      interventions: [
        { at: 1000, kind: 'crash', node: serviceName(1) },
        { at: 2000, kind: 'recover', node: serviceName(1) },
      ],
      untilMs: 3000,
    });
    const during = probes(trace).filter((p) => p.t > 1000 + 2 * REQUEST_EVERY_MS && p.t < 2000);
    expect(during.length).toBeGreaterThan(40);
    expect(during.every((p) => !p.answered[0])).toBe(true);
    const after = probes(trace).filter((p) => p.t > 2000 + 2 * REQUEST_EVERY_MS);
    expect(after.filter((p) => p.answered[0]).length).toBeGreaterThan(after.length * 0.9);
    expect(curve(trace, params as never)[0]!.failed).toBeGreaterThan(40);
  });

  it('the fix, on the same seed: deploys one at a time bring back what the replicas promised', () => {
    const index = stepIndex('correlated');
    const base = stepSolutionOf(lesson, index);
    const before = runLesson(lesson, base);
    const after = runLesson(lesson, { ...base, params: { ...base.params, staggerDeploys: true } });
    const b = curve(before.trace, before.params as never).at(-1)!;
    const a = curve(after.trace, after.params as never).at(-1)!;
    expect(1 - b.availability).toBeGreaterThan(0.08);
    expect(1 - a.availability).toBeLessThan(0.01);
    expect(lesson.steps[index]!.challenge(after.trace, after.params as never).met).toBe(false);
  });

  it('is deterministic: the same seed gives the same trace, another seed another', () => {
    const script = { ...stepSolutionOf(lesson, stepIndex('correlated')), untilMs: 5000 };
    const one = runLesson(lesson, script).trace.hash();
    expect(runLesson(lesson, script).trace.hash()).toBe(one);
    expect(runLesson(lesson, { ...script, seed: 2 }).trace.hash()).not.toBe(one);
  });

  it('over a long run, the measured availability at every k is within four standard errors of the analytic', () => {
    const cases: {
      shape: Shape;
      services: number;
      upFraction: number;
      sharedFault: number;
      staggerDeploys?: boolean;
    }[] = [
      { shape: 'all', services: 9, upFraction: 0.999, sharedFault: 0 },
      { shape: 'all', services: 9, upFraction: 0.99, sharedFault: 0 },
      { shape: 'any one', services: 3, upFraction: 0.9, sharedFault: 0 },
      { shape: 'any one', services: 4, upFraction: 0.9, sharedFault: 0.5 },
      { shape: 'all', services: 5, upFraction: 0.95, sharedFault: 0.5 },
      { shape: 'any one', services: 4, upFraction: 0.9, sharedFault: 0.6, staggerDeploys: true },
    ];
    for (const [i, params] of cases.entries()) {
      const { trace, params: p } = runLesson(lesson, {
        seed: 100 + i,
        params: { ...params, requests: 3000 },
        untilMs: 61_000,
      });
      for (const point of curve(trace, p as never)) {
        const q = point.expected;
        const sd = Math.sqrt((q * (1 - q)) / point.n);
        expect(point.n).toBe(3000);
        expect(
          Math.abs(point.availability - q),
          `${JSON.stringify(params)} k=${point.k}`,
        ).toBeLessThanOrEqual(4 * sd + 1e-12);
      }
    }
  });

  it('any settings and any faults at any moment: sound traces, faithful records, rates near the analytic', () => {
    const at = fc.integer({ min: 0, max: 3000 });
    const fault = fc.oneof(
      at.map((t): Intervention => ({ at: t, kind: 'signal', node: DEPLOYER, signal: 'push-bad-deploy' })),
      at.map((t): Intervention => ({ at: t, kind: 'crash', node: serviceName(1) })),
      at.map((t): Intervention => ({ at: t, kind: 'recover', node: serviceName(1) })),
    );
    checkProperty(
      fc.property(
        fc.integer({ min: 1, max: 100_000 }),
        fc.record({
          services: fc.integer({ min: 1, max: 9 }),
          shape: fc.constantFrom<Shape>('all', 'any one'),
          upFraction: fc.constantFrom(0.9, 0.93, 0.95, 0.99, 0.999, 0.9995),
          repairMs: fc.integer({ min: 4, max: 15 }),
          sharedFault: fc.constantFrom(0, 0.25, 0.5, 1),
          staggerDeploys: fc.boolean(),
        }),
        fc.array(fault, { maxLength: 4 }),
        (seed, params, faults) => {
          const endMs = faults.length > 0 ? 4000 : 20_000;
          const { trace, params: p } = runLesson(lesson, {
            seed,
            params,
            interventions: faults,
            untilMs: endMs,
          });
          const problems = checkTrace(trace, {
            endMs,
            interventions: faults,
            maxDelayMs: LATENCY_MS,
            rateMin: 1,
            rateMax: 1,
          });
          expect(problems).toEqual([]);
          expectRecordsMatchMessages(trace);
          expectNoAnswerWhileDown(trace);
          if (faults.length > 0) return;
          // Without faults of ours, every k lies near its analytic value.
          for (const point of curve(trace, p as never)) {
            const q = point.expected;
            expect(Math.abs(point.availability - q)).toBeLessThanOrEqual(
              4.5 * Math.sqrt((q * (1 - q)) / point.n) + 0.003,
            );
          }
        },
      ),
      {
        file: FILE,
        test: 'any settings and any faults at any moment: sound traces, faithful records, rates near the analytic',
      },
      { numRuns: 12 },
    );
  });
});
