import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { stepSolutionOf, type Intervention, type Script } from '../../src/engine/index.ts';
import { itMeetsEachStepOnlyByItsSolution, runLesson } from '../../tests/support/lesson-runs.ts';
import lesson from './lesson.ts';
import { acks, C1, C2, clientRequests, counter, missingAcks, WORKERS } from './guide.ts';

const run = (script: Script) => runLesson(lesson, script);
const solved = (id: string): Script =>
  stepSolutionOf(
    lesson,
    lesson.steps.findIndex((s) => s.id === id),
  );
const crashC1: Intervention[] = [
  { at: 1500, kind: 'crash', node: C1 },
  { at: 3500, kind: 'recover', node: C1 },
];

describe('state-is-hard', () => {
  it('has the fix and the replication lag as its parameters', () => {
    expect(Object.keys(lesson.params)).toEqual(['singleOwner', 'replicationLagMs']);
    expect(lesson.fix?.param).toBe('singleOwner');
  });

  it('doing nothing: every increment is acknowledged once, and c1 holds them all', () => {
    const { trace } = run({ interventions: [] });
    const all = acks(trace);
    expect(all.length).toBeGreaterThan(70);
    expect(clientRequests(trace).filter((r) => r.result !== 'success' && r.result !== 'waiting')).toEqual([]);
    const { logs, truth } = counter(trace);
    expect(truth).toBe(C1);
    expect(logs[C1]).toEqual(all.map((a) => a.increment));
    // c2 is behind by about the lag, never ahead.
    expect(logs[C2]!.every((id) => logs[C1]!.includes(id))).toBe(true);
    expect(logs[C2]!.length).toBeLessThan(logs[C1]!.length);
    expect(missingAcks(trace)).toEqual([]);
  });

  itMeetsEachStepOnlyByItsSolution(lesson);

  it('a crashed worker costs a retry: its requests go to the others, none is lost or counted twice', () => {
    const { trace } = run(solved('stateless'));
    expect(trace.ofType('routed-around').every((e) => e.worker === 'w2')).toBe(true);
    const applied = trace.ofType('applied').map((e) => e.increment);
    expect(new Set(applied).size).toBe(applied.length);
    expect(trace.ofType('applied').some((e) => e.t > 1000)).toBe(true);
  });

  it('the failover: c2 takes over at a lower count than the clients were last told', () => {
    const { trace } = run(solved('lost-in-failover'));
    const promoted = trace.ofType('promoted')[0]!;
    expect(promoted.node).toBe(C2);
    const toldBefore = acks(trace).filter((a) => a.seq < promoted.seq);
    expect(Math.max(...toldBefore.map((a) => a.value))).toBeGreaterThan(Number(promoted.value));
    // The first "done" from c2 tells a count lower than one already told.
    const fromC2 = acks(trace).find((a) => a.seq > promoted.seq)!;
    expect(fromC2.value).toBeLessThan(Math.max(...toldBefore.map((a) => a.value)));
    expect(missingAcks(trace).length).toBeGreaterThan(0);
  });

  it('recovery keeps c2 history: c1 throws away what only it had, both ends agree on c2', () => {
    const { trace } = run(solved('pick-a-truth'));
    const rejoined = trace.ofType('rejoined')[0]!;
    expect(rejoined.kept).toBe(C2);
    const discarded = rejoined.discarded as number[];
    const lost = missingAcks(trace).map((a) => a.increment);
    expect(lost).toEqual(discarded);
    const { logs, truth } = counter(trace);
    expect(truth).toBe(C2);
    expect(discarded.some((id) => logs[C1]!.includes(id))).toBe(false);
  });

  it('the fix on the same seed and fault: no acknowledged increment lost, writes fail while c1 is down', () => {
    const without = run({ interventions: crashC1 }).trace;
    const withFix = run({ params: { singleOwner: true }, interventions: crashC1 }).trace;
    expect(missingAcks(without).length).toBeGreaterThan(0);
    expect(missingAcks(withFix)).toEqual([]);
    expect(withFix.ofType('promoted')).toEqual([]);
    const failed = clientRequests(withFix).filter((r) => r.result === 'failure');
    expect(failed.length).toBeGreaterThan(5);
    expect(failed.every((r) => r.end! > 1500 && r.end! < 3700)).toBe(true);
    // Writes from w2 and w3 went through c2 to c1: a call of c2's under a call of a worker's.
    const forwards = withFix.ofType('call').filter((c) => c.from === C2 && c.to === C1);
    expect(forwards.length).toBeGreaterThan(10);
    const callOf = new Map(withFix.ofType('call').map((c) => [c.call, c]));
    expect(forwards.every((f) => ['w2', 'w3'].includes(callOf.get(f.parent!)!.from))).toBe(true);
  });

  it('is deterministic: the same script gives the same trace', () => {
    const a = run(solved('pick-a-truth')).events;
    const b = run(solved('pick-a-truth')).events;
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
  });

  const node = fc.constantFrom<string>(...WORKERS, C1, C2);
  const schedule = fc.array(
    fc.record({ node, at: fc.integer({ min: 0, max: 6000 }), downMs: fc.integer({ min: 100, max: 3000 }) }),
    { minLength: 1, maxLength: 4 },
  );
  const toInterventions = (crashes: { node: string; at: number; downMs: number }[]): Intervention[] =>
    crashes.flatMap((c) => [
      { at: c.at, kind: 'crash' as const, node: c.node },
      { at: c.at + c.downMs, kind: 'recover' as const, node: c.node },
    ]);

  it('property: with a single owner no acknowledged increment is ever lost, whatever crashes when', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000 }), schedule, (seed, crashes) => {
        const { trace } = run({
          seed,
          params: { singleOwner: true },
          interventions: toInterventions(crashes),
        });
        const told = acks(trace);
        const { logs } = counter(trace);
        const held = new Set(logs[C1]);
        expect(logs[C1]!.length).toBeGreaterThanOrEqual(told.length);
        for (const a of told) expect(held.has(a.increment)).toBe(true);
        expect(missingAcks(trace)).toEqual([]);
        expect(trace.ofType('promoted')).toEqual([]);
      }),
      { numRuns: 25 },
    );
  });

  it('property: crashing stateless workers loses no request; each ends in exactly one outcome', () => {
    const workerOnly = fc.array(
      fc.record({
        node: fc.constantFrom<string>(...WORKERS),
        at: fc.integer({ min: 0, max: 6000 }),
        downMs: fc.integer({ min: 100, max: 3000 }),
      }),
      { minLength: 1, maxLength: 3 },
    );
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 10_000 }),
        fc.boolean(),
        workerOnly,
        (seed, singleOwner, crashes) => {
          // Never all three at once: one worker stays up at any moment.
          const ivs = toInterventions(crashes.slice(0, 2));
          const { trace } = run({ seed, params: { singleOwner }, interventions: ivs });
          const outcomes = trace.ofType('outcome').filter((o) => o.from === 'clients');
          const perCall = new Map<number, number>();
          for (const o of outcomes) perCall.set(o.call, (perCall.get(o.call) ?? 0) + 1);
          expect([...perCall.values()].every((n) => n === 1)).toBe(true);
          const requests = clientRequests(trace);
          // Every request old enough to have its answer got "done".
          const settled = requests.filter((r) => r.t < lesson.durationMs - 1500);
          expect(settled.every((r) => r.result === 'success')).toBe(true);
          expect(missingAcks(trace)).toEqual([]);
          const applied = trace
            .ofType('applied')
            .filter((e) => e.node === C1)
            .map((e) => e.increment);
          expect(new Set(applied).size).toBe(applied.length);
        },
      ),
      { numRuns: 25 },
    );
  });
});

describe('state-is-hard: a wrong turn says so', () => {
  const step = (id: string) => lesson.steps.find((s) => s.id === id)!;
  const check = (id: string, interventions: Intervention[]) => {
    const { trace, params } = run({ interventions });
    return step(id).challenge(trace, params);
  };

  it('crashing a replica in the workers step asks for a restart', () => {
    const r = check('stateless', [{ at: 1000, kind: 'crash', node: C1 }]);
    expect(r.met).toBe(false);
    expect(r.missing).toMatch(/restart the step and crash only w2/);
  });

  it('crashing c1 before anything was acknowledged, or bringing it back too soon, asks for a restart', () => {
    expect(check('lost-in-failover', [{ at: 0, kind: 'crash', node: C1 }]).missing).toMatch(/Restart/);
    const early = check('lost-in-failover', [
      { at: 1000, kind: 'crash', node: C1 },
      { at: 1200, kind: 'recover', node: C1 },
    ]);
    expect(early.met).toBe(false);
    expect(early.missing).toMatch(/came back before c2 took over: restart/);
    const soon = check('pick-a-truth', [
      { at: 1500, kind: 'crash', node: C1 },
      { at: 1700, kind: 'recover', node: C1 },
    ]);
    expect(soon.met).toBe(false);
    expect(soon.missing).toMatch(/restart/);
  });
});
