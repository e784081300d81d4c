import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { stepSolutionOf, type Intervention, type Script } from '../../src/engine/index.ts';
import { itMeetsEachStepOnlyByItsSolution, runLesson } from '../../tests/support/lesson-runs.ts';
import lesson from './lesson.ts';
import {
  A1,
  ackedWrites,
  B1,
  CA,
  CB,
  clientOps,
  LEASE_MS,
  linearizable,
  lostByVersions,
  lostOnMerge,
  maxStaleness,
  readChecks,
  staleReads,
  writeLatency,
} from './guide.ts';

const run = (script: Script) => runLesson(lesson, script);
const solved = (id: string): Script =>
  stepSolutionOf(
    lesson,
    lesson.steps.findIndex((s) => s.id === id),
  );

/** Random cuts of the link between the sites, each way or both, each healed after a while. */
const schedule = fc.array(
  fc.record({
    at: fc.integer({ min: 0, max: 5000 }),
    forMs: fc.integer({ min: 50, max: 2500 }),
    way: fc.constantFrom('both', 'a-to-b', 'b-to-a'),
  }),
  { minLength: 1, maxLength: 3 },
);
const toInterventions = (cuts: { at: number; forMs: number; way: string }[]): Intervention[] =>
  cuts.flatMap((c) => {
    const link =
      c.way === 'b-to-a'
        ? { from: B1, to: A1, oneWay: true }
        : { from: A1, to: B1, oneWay: c.way === 'a-to-b' };
    return [
      { at: c.at, kind: 'partition' as const, ...link },
      { at: c.at + c.forMs, kind: 'heal' as const, ...link },
    ];
  });

describe('partitions', () => {
  it('has the mode, the fix, the delay and the merge policy as its parameters', () => {
    expect(Object.keys(lesson.params)).toEqual(['mode', 'syncReplication', 'interSiteMs', 'merge']);
    expect(lesson.fix?.param).toBe('syncReplication');
  });

  itMeetsEachStepOnlyByItsSolution(lesson);

  it('doing nothing in CP: nothing refused, nothing lost, and b1 reads a little behind a1', () => {
    const { trace } = run({ interventions: [] });
    const ops = clientOps(trace);
    expect(ops.length).toBeGreaterThan(100);
    expect(ops.filter((o) => o.result === 'failure' || o.result === 'unknown')).toEqual([]);
    const checks = readChecks(ops);
    const stale = staleReads(checks);
    expect(stale.length).toBeGreaterThan(0);
    // Only b1's reads lag: a1 holds every write the moment it takes it.
    expect(stale.every((s) => s.read.replica === B1)).toBe(true);
    expect(maxStaleness(checks)!.byMs).toBeLessThan(100 + 20);
    expect(lostOnMerge(trace)).toEqual([]);
  });

  it('a cut in CP: cb first gets no answer, then a refusal once the lease lapses; ca is served throughout', () => {
    const { trace } = run(solved('refuse'));
    const ops = clientOps(trace);
    const cut = trace.ofType('partition')[0]!;
    const lapsed = trace.ofType('lease-lapsed')[0]!;
    expect(lapsed.t - cut.t).toBeLessThanOrEqual(LEASE_MS + 100);
    const fromCb = ops.filter((o) => o.client === CB && o.seq > cut.seq);
    const refused = fromCb.filter((o) => o.result === 'failure');
    expect(refused.length).toBeGreaterThan(10);
    // A refusal is quick: b1 says no without asking a1.
    expect(refused.every((o) => o.end! - o.t < 50 && o.t >= lapsed.t - 1)).toBe(true);
    expect(fromCb.filter((o) => o.result === 'unknown').every((o) => o.t < lapsed.t)).toBe(true);
    expect(
      ops.filter((o) => o.client === CA).every((o) => o.result === 'success' || o.result === 'waiting'),
    ).toBe(true);
  });

  it('a cut in AP: both sides keep writing; on heal last writer wins drops the older of each conflict', () => {
    const { trace } = run(solved('lose-a-write'));
    const ops = clientOps(trace);
    expect(ops.filter((o) => o.result === 'failure' || o.result === 'unknown')).toEqual([]);
    const lost = lostOnMerge(trace, ops);
    expect(lost.length).toBeGreaterThan(0);
    const kept = new Map(trace.ofType('applied').map((e) => [String(e.value), Number(e.ts)]));
    for (const l of lost) expect(kept.get(l.kept)!).toBeGreaterThan(kept.get(l.write.value!)!);
    expect(lostByVersions(trace, ops).map((w) => w.value)).toEqual(lost.map((l) => l.write.value));
  });

  it('keep both on the same cut: no acknowledged write lost, and reads see siblings', () => {
    const { trace } = run(solved('keep-both'));
    expect(lostOnMerge(trace)).toEqual([]);
    expect(lostByVersions(trace)).toEqual([]);
    expect(readChecks(clientOps(trace)).some((c) => c.kind === 'siblings')).toBe(true);
  });

  it('PACELC: synchronous writes take two trips between the sites; asynchronous ones a local trip', () => {
    const sync = writeLatency(
      clientOps(run({ params: { syncReplication: true }, interventions: [] }).trace),
      CA,
    );
    const async = writeLatency(clientOps(run({ interventions: [] }).trace), CA);
    expect(sync.mean).toBeGreaterThan(200);
    expect(async.mean).toBeLessThan(20);
  });

  it('the lag bound follows the delay: the worst stale read stays under the delay plus jitter', () => {
    for (const interSiteMs of [50, 200, 400]) {
      const checks = readChecks(clientOps(run({ params: { interSiteMs }, interventions: [] }).trace));
      const worst = maxStaleness(checks)!;
      expect(worst.byMs).toBeLessThan(interSiteMs + 20);
      expect(worst.byMs).toBeGreaterThan(interSiteMs / 2);
    }
  });

  it('the fix on the same seed and cut: linearizable, where without it b1 read old values', () => {
    const cut = solved('consistent').interventions;
    expect(linearizable(clientOps(run({ interventions: cut }).trace)).kind).toBe('no');
    const { trace } = run({ params: { syncReplication: true }, interventions: cut });
    expect(linearizable(clientOps(trace)).kind).toBe('yes');
    expect(staleReads(readChecks(clientOps(trace)))).toEqual([]);
  });

  it('is deterministic: the same script gives the same trace', () => {
    const a = run(solved('lose-a-write')).events;
    const b = run(solved('lose-a-write')).events;
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
  });

  it('property: CP with synchronous replication is linearizable and loses nothing, whatever is cut when', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 10_000 }),
        fc.integer({ min: 20, max: 400 }),
        schedule,
        (seed, interSiteMs, cuts) => {
          const { trace } = run({
            seed,
            params: { syncReplication: true, interSiteMs },
            interventions: toInterventions(cuts),
          });
          const ops = clientOps(trace);
          const verdict = linearizable(ops);
          expect(verdict.kind, verdict.kind === 'no' ? JSON.stringify(verdict.blocked) : '').toBe('yes');
          expect(lostByVersions(trace, ops)).toEqual([]);
          expect(lostOnMerge(trace, ops)).toEqual([]);
        },
      ),
      { numRuns: 40 },
    );
  });

  it('property: CP never loses an acknowledged write, synchronous or not', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 10_000 }),
        fc.boolean(),
        schedule,
        (seed, syncReplication, cuts) => {
          const { trace } = run({ seed, params: { syncReplication }, interventions: toInterventions(cuts) });
          const ops = clientOps(trace);
          expect(lostByVersions(trace, ops)).toEqual([]);
          expect(trace.ofType('discarded')).toEqual([]);
          // Every acknowledged write is in a1's history of writes.
          const atA1 = new Set(
            trace
              .ofType('applied')
              .filter((e) => e.node === A1)
              .map((e) => String(e.value)),
          );
          for (const w of ackedWrites(ops)) expect(atA1.has(w.value!)).toBe(true);
        },
      ),
      { numRuns: 30 },
    );
  });

  it('property: in AP every acknowledged write the checker finds lost is one the readout lists, and no other', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 10_000 }),
        fc.boolean(),
        fc.constantFrom('last writer wins', 'keep both'),
        schedule,
        (seed, syncReplication, merge, cuts) => {
          const { trace } = run({
            seed,
            params: { mode: 'AP', syncReplication, merge },
            interventions: toInterventions(cuts),
          });
          const ops = clientOps(trace);
          const byChecker = lostByVersions(trace, ops).map((w) => w.value);
          const byReadout = lostOnMerge(trace, ops).map((l) => l.write.value);
          expect(byReadout.sort()).toEqual(byChecker.sort());
          if (merge === 'keep both') expect(byChecker).toEqual([]);
        },
      ),
      { numRuns: 40 },
    );
  });
});
