import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Intervention, Trace } from '../../src/engine/index.ts';
import { stepSolutionOf, stepStartOf } from '../../src/engine/index.ts';
import { checkProperty } from '../../src/engine/testing/property.ts';
import { checkTrace } from '../../src/engine/testing/invariants.ts';
import { itMeetsEachStepOnlyByItsSolution, runLesson } from '../../tests/support/lesson-runs.ts';
import lesson from './lesson.ts';
import {
  boxesOnPath,
  CLIENT,
  DEADLINE_MS,
  dones,
  JITTER_MS,
  LATENCY_MS,
  MACHINE,
  MACHINE_NAMES,
  REGIONS,
  REPAIR_MS,
  REQUESTS,
  serviceName,
  size,
  stackOverflowPerSecond,
  stats,
  TRIGGERS,
  type Design,
  type SimModel,
  type Workload,
} from './guide.ts';

const FILE = 'lessons/one-machine/lesson.test.ts';
const stepIndex = (id: string) => lesson.steps.findIndex((s) => s.id === id);
const challengeOf = (id: string) => lesson.steps[stepIndex(id)]!.challenge;

/** Stack Overflow's 2016 workload, the calculator's defaults. */
const STACK: Workload = {
  requestsPerSecond: 2400,
  cpuMsPerRequest: 23,
  workingSetGb: 384,
  iopsPerRequest: 2,
  usersIn: 'one continent',
  latencyTargetMs: 100,
  independentTeams: 1,
  machine: 'm7i.48xlarge',
};

/**
 * Every request the client recorded agrees with the calls: a request that was answered made one round
 * trip on the machine and one a box on the services' path, and one that failed names a box that was
 * down (or crashed) while it was out.
 */
function expectFaithfulRecords(trace: Trace, m: SimModel): void {
  const outcomes = new Map(
    trace
      .ofType('outcome')
      .filter((o) => o.from === CLIENT)
      .map((o) => [o.call, o]),
  );
  // When each box was down: its own outages (REPAIR_MS long) and the crashes until their recovery.
  const spans: { node: string; from: number; to: number }[] = trace
    .ofType('down')
    .map((e) => ({ node: e.node, from: e.t, to: e.t + REPAIR_MS }));
  for (const c of trace.ofType('crash')) {
    const back = trace.ofType('recover').find((r) => r.node === c.node && r.seq > c.seq);
    spans.push({ node: c.node, from: c.t, to: back?.t ?? Infinity });
  }
  for (const d of dones(trace)) {
    const o = outcomes.get(d.call)!;
    expect(o, `request at #${d.seq}`).toBeDefined();
    expect(d.ok).toBe(o.result === 'success');
    expect(o.to).toBe(d.design === 'one machine' ? MACHINE : serviceName(1));
    if (d.ok) expect(d.roundTrips, `#${d.seq}`).toBe(boxesOnPath(d.design, m));
    else {
      const start = d.t - d.ms;
      expect(
        spans.some((x) => x.node === d.failedAt && x.from <= d.t && x.to >= start),
        `#${d.seq}: ${d.failedAt} was down`,
      ).toBe(true);
    }
  }
}

describe('one-machine', () => {
  itMeetsEachStepOnlyByItsSolution(lesson);

  it("the calculator: Stack Overflow's 2016 workload fits one m7i.48xlarge, and so does twice it", () => {
    expect(stackOverflowPerSecond).toBe(2419);
    const once = size(STACK);
    expect(once.fits).toBe(true);
    const cores = once.rows.find((r) => r.key === 'cores')!;
    expect(cores.demand).toBeCloseTo(55.2, 9);
    expect(cores.limit).toBe(144);
    expect(once.rows.find((r) => r.key === 'memory')!.limit).toBeCloseTo(768 * 1.073741824 * 0.75, 6);
    const twice = size({ ...STACK, requestsPerSecond: 4800 });
    expect(twice.fits).toBe(true);
    expect(twice.rows.find((r) => r.key === 'cores')!.demand).toBeCloseTo(110.4, 9);
    // Three times is past the quarter kept free.
    expect(size({ ...STACK, requestsPerSecond: 7200 }).over).toEqual(['compute']);
  });

  it('each trigger alone flips the verdict, and only its own', () => {
    const cases: [Partial<Workload>, string][] = [
      [{ workingSetGb: 2000 }, 'working set'],
      [{ requestsPerSecond: 60_000, cpuMsPerRequest: 1, iopsPerRequest: 20 }, 'working set'],
      [{ cpuMsPerRequest: 100 }, 'compute'],
      [{ usersIn: 'worldwide' }, 'geography'],
      [{ latencyTargetMs: 30 }, 'geography'],
      [{ independentTeams: 3 }, 'independent teams'],
    ];
    for (const [change, trigger] of cases)
      expect(size({ ...STACK, ...change }).over, JSON.stringify(change)).toEqual([trigger]);
    // The bigger box takes the working-set trigger away; it cannot take geography or teams away.
    expect(size({ ...STACK, workingSetGb: 2000, machine: 'u7in-32tb.224xlarge' }).fits).toBe(true);
    expect(size({ ...STACK, usersIn: 'worldwide', machine: 'u7in-32tb.224xlarge' }).over).toEqual([
      'geography',
    ]);
    expect(size({ ...STACK, independentTeams: 2, machine: 'u7in-32tb.224xlarge' }).over).toEqual([
      'independent teams',
    ]);
  });

  it('the verdict: more of any demand never makes it fit, a bigger box never makes it not fit', () => {
    const workload = fc.record({
      requestsPerSecond: fc.integer({ min: 1, max: 1000 }).map((x) => x * 100),
      cpuMsPerRequest: fc.integer({ min: 1, max: 200 }),
      workingSetGb: fc.integer({ min: 1, max: 5000 }).map((x) => x * 8),
      iopsPerRequest: fc.integer({ min: 0, max: 50 }),
      usersIn: fc.constantFrom(...REGIONS),
      latencyTargetMs: fc.integer({ min: 1, max: 50 }).map((x) => x * 10),
      independentTeams: fc.integer({ min: 1, max: 20 }),
      machine: fc.constantFrom(...MACHINE_NAMES),
    });
    const more = fc.constantFrom<keyof Workload>(
      'requestsPerSecond',
      'cpuMsPerRequest',
      'workingSetGb',
      'iopsPerRequest',
      'independentTeams',
    );
    checkProperty(
      fc.property(workload, more, (w, key) => {
        const s = size(w);
        expect(s.fits).toBe(s.rows.every((r) => !r.over));
        expect(s.over.every((t) => TRIGGERS.includes(t))).toBe(true);
        const bigger = size({ ...w, [key]: Number(w[key]) * 2 });
        if (!s.fits) expect(bigger.fits).toBe(false);
        if (s.fits) expect(size({ ...w, machine: 'u7in-32tb.224xlarge' }).fits).toBe(true);
      }),
      {
        file: FILE,
        test: 'the verdict: more of any demand never makes it fit, a bigger box never makes it not fit',
      },
      { numRuns: 300 },
    );
  });

  it('naming the trigger: a wrong pick, no pick and two triggers at once each say what is missing', () => {
    const index = stepIndex('trigger');
    const run = (params: Record<string, string | number>) => {
      const r = runLesson(lesson, { ...stepStartOf(lesson, index), params, untilMs: 100 });
      return challengeOf('trigger')(r.trace, r.params as never);
    };
    expect(run({ workingSetGb: 2000 }).missing).toContain('now pick the trigger');
    const wrong = run({ workingSetGb: 2000, trigger: 'compute' });
    expect(wrong.met).toBe(false);
    expect(wrong.missing).toContain('compute is within its limit');
    const two = run({ workingSetGb: 2000, usersIn: 'worldwide', trigger: 'working set' });
    expect(two.missing).toContain('working set and geography are over at once');
    const geography = run({ usersIn: 'worldwide', trigger: 'geography' });
    expect(geography.met).toBe(true);
    expect(geography.detail).toContain('160 ms');
    expect(run({ independentTeams: 4, trigger: 'independent teams' }).met).toBe(true);
    // Twice Stack Overflow, but with a bigger working set than the box: the step says which row is over.
    const r = runLesson(lesson, { params: { requestsPerSecond: 4800, workingSetGb: 4000 }, untilMs: 100 });
    expect(challengeOf('twice')(r.trace, r.params as never).missing).toContain('memory');
  });

  it("the client's records agree with the calls: round trips per answered request, and who was down", () => {
    for (const params of [
      { services: 6 },
      { services: 8, upFraction: 0.95 },
      { services: 4, mergeServices: true },
    ]) {
      const { trace, params: p } = runLesson(lesson, { params, untilMs: 8000 });
      expect(dones(trace).length).toBeGreaterThan(700);
      expectFaithfulRecords(trace, p as never);
    }
  });

  it('crashing s2 fails every request down the chain, and none to the machine, until it recovers', () => {
    const { trace, params } = runLesson(lesson, {
      params: { services: 6, upFraction: 0.9995 },
      interventions: [
        { at: 1000, kind: 'crash', node: serviceName(2) },
        { at: 2000, kind: 'recover', node: serviceName(2) },
      ],
      untilMs: 3000,
    });
    const during = (design: Design) =>
      dones(trace).filter((d) => d.design === design && d.t - d.ms > 1000 && d.t - d.ms < 1900);
    expect(during('services').length).toBeGreaterThan(40);
    expect(during('services').every((d) => !d.ok && d.failedAt === serviceName(2))).toBe(true);
    expect(during('one machine').filter((d) => d.ok).length).toBeGreaterThan(
      during('one machine').length - 3,
    );
    expectFaithfulRecords(trace, params as never);
  });

  it('the fix, on the same seed: merged services make one round trip and fail like the one machine', () => {
    const base = stepSolutionOf(lesson, stepIndex('side-by-side'));
    const before = runLesson(lesson, base);
    const after = runLesson(lesson, { ...base, params: { ...base.params, mergeServices: true } });
    const b = stats(before.trace, before.params as never).services;
    const a = stats(after.trace, after.params as never);
    expect(b.roundTrips).toBe(6);
    expect(a.services.roundTrips).toBe(1);
    expect(b.rate).toBeGreaterThan(0.035);
    expect(Math.abs(a.services.rate - a.services.expected)).toBeLessThan(2 * a.services.errorBar);
    expect(a.services.p50).toBeLessThan(b.p50 - 10);
    expect(challengeOf('side-by-side')(after.trace, after.params as never).met).toBe(false);
  });

  it('is deterministic: the same seed gives the same trace, another seed another', () => {
    const script = { ...stepSolutionOf(lesson, stepIndex('side-by-side')), untilMs: 4000 };
    const one = runLesson(lesson, script).trace.hash();
    expect(runLesson(lesson, script).trace.hash()).toBe(one);
    expect(runLesson(lesson, { ...script, seed: 2 }).trace.hash()).not.toBe(one);
  });

  it('over whole runs, each design fails within four standard errors of 1 − a^boxes', () => {
    const cases: Partial<SimModel>[] = [
      { services: 3, upFraction: 0.95 },
      { services: 8, upFraction: 0.99 },
      { services: 5, upFraction: 0.9 },
      { services: 6, upFraction: 0.97, mergeServices: true },
    ];
    for (const [i, params] of cases.entries()) {
      const { trace, params: p } = runLesson(lesson, { seed: 200 + i, params });
      for (const s of Object.values(stats(trace, p as never))) {
        expect(s.n).toBe(REQUESTS);
        const sd = Math.sqrt((s.expected * (1 - s.expected)) / s.n);
        expect(Math.abs(s.rate - s.expected), `${JSON.stringify(params)} ${s.design}`).toBeLessThanOrEqual(
          4 * sd,
        );
      }
    }
  });

  it('any settings and any crashes at any moment: sound traces and faithful records', () => {
    const at = fc.integer({ min: 0, max: 3000 });
    const node = fc.constantFrom(MACHINE, serviceName(1), serviceName(2));
    const fault = fc.oneof(
      fc.tuple(at, node).map(([t, n]): Intervention => ({ at: t, kind: 'crash', node: n })),
      fc.tuple(at, node).map(([t, n]): Intervention => ({ at: t, kind: 'recover', node: n })),
    );
    checkProperty(
      fc.property(
        fc.integer({ min: 1, max: 100_000 }),
        fc.record({
          services: fc.integer({ min: 2, max: 8 }),
          upFraction: fc.constantFrom(0.9, 0.95, 0.99, 0.9995),
          mergeServices: fc.boolean(),
          cpuMsPerRequest: fc.constantFrom(1, 23, 200),
        }),
        fc.array(fault, { maxLength: 4 }),
        (seed, params, faults) => {
          const endMs = 4000;
          const { trace, params: p } = runLesson(lesson, {
            seed,
            params,
            interventions: faults,
            untilMs: endMs,
          });
          const problems = checkTrace(trace, {
            endMs,
            interventions: faults,
            maxDelayMs: LATENCY_MS + JITTER_MS,
            settledBeforeMs: endMs - DEADLINE_MS - 50,
            rateMin: 1,
            rateMax: 1,
          });
          expect(problems).toEqual([]);
          expectFaithfulRecords(trace, p as never);
        },
      ),
      { file: FILE, test: 'any settings and any crashes at any moment: sound traces and faithful records' },
      { numRuns: 12 },
    );
  });
});
