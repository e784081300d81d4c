/**
 * Property tests over random runs: topologies of 2–6 nodes with a random subset of links, random
 * network faults, clocks, behaviours and interventions. On a failure the message gives the
 * counterexample (the whole run as JSON), what broke, and the command that replays it:
 *   FC_SEED=<seed> FC_PATH=<path> npx vitest run src/engine/simulation.property.test.ts -t "<test>"
 * FC_RUNS=2000 runs more cases than CI does (a soak run).
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Simulation, runTrace } from './simulation.ts';
import type { Trace } from './trace.ts';
import type { Intervention } from './types.ts';
import { intervention, ms, randomRun, type RandomRun } from './testing/arbitraries.ts';
import { checkTrace, type TraceExpectations } from './testing/invariants.ts';
import { checkProperty } from './testing/property.ts';
import { maxDelayMs, randomInput } from './testing/random-scenario.ts';

const FILE = 'src/engine/simulation.property.test.ts';
const RUNS = 60;

function expectations(
  run: RandomRun,
  interventions: readonly Intervention[] = run.interventions,
): TraceExpectations {
  const deadlines = new Map(run.spec.peers.map((p) => [p.name, p.deadlineMs]));
  return {
    endMs: run.durationMs,
    interventions,
    maxDelayMs: maxDelayMs(run.spec, interventions),
    deadlineMs: (node) => deadlines.get(node)!,
    rateMin: 1 - 1000 / 1e6,
    rateMax: 1 + 1000 / 1e6,
  };
}

const about = (run: RandomRun): string =>
  `simulation seed ${run.seed}, ${run.spec.peers.length} nodes, ${run.spec.links?.length ?? 'all'} links, ` +
  `${run.interventions.length} interventions, ${run.durationMs} ms`;

/** Fails, showing the first event where two JSONL traces differ (vitest would truncate the strings). */
function expectSameTrace(actual: string, expected: string, context: string): void {
  if (actual === expected) return;
  const a = actual.split('\n');
  const b = expected.split('\n');
  const k = a.findIndex((line, i) => line !== b[i]);
  const at = k === -1 ? a.length : k;
  throw new Error(
    `${context}\nfirst difference at event ${at}:\n  got      ${a[at] || '(end)'}\n  expected ${b[at] || '(end)'}`,
  );
}

/** Fails, listing every broken invariant. */
function expectSound(trace: Trace, wanted: TraceExpectations, context: string): void {
  const problems = checkTrace(trace, wanted);
  if (problems.length > 0) throw new Error(`${context}\n${problems.join('\n')}`);
}

/** Where to seek: a fraction of the run, or the time of one of its events (ties and all). */
const stop = fc.oneof(
  fc.double({ min: 0, max: 1, noNaN: true }),
  fc.nat().map((k) => ({ event: k })),
);
const at = (s: number | { event: number }, trace: Trace, durationMs: number): number =>
  typeof s === 'number' ? s * durationMs : trace.length > 0 ? trace.time(s.event % trace.length) : 0;

const straight = (run: RandomRun, interventions: readonly Intervention[] = run.interventions): Trace =>
  runTrace(randomInput(run.spec, run.seed, interventions), run.durationMs);

describe('random runs', () => {
  it('keep the trace invariants: causality, crashes, cuts, pauses, one outcome per call', () => {
    checkProperty(
      fc.property(randomRun(), (run) => {
        const trace = straight(run);
        expectSound(trace, expectations(run), about(run));
      }),
      { file: FILE, test: 'keep the trace invariants' },
      { numRuns: 2 * RUNS },
    );
  });

  it('are deterministic: the same input gives the same trace, however the run is driven', () => {
    // A time to run to, a single step (-1), or a batch of at most this many events (as the worker runs it).
    const driving = fc.array(
      fc.oneof(ms(0, 2000), fc.constant(-1), fc.record({ maxEvents: fc.integer({ min: 1, max: 300 }) })),
      {
        maxLength: 8,
      },
    );
    checkProperty(
      fc.property(randomRun(), driving, (run, stops) => {
        const a = straight(run);
        const b = straight(run);
        expect(b.hash(), about(run)).toBe(a.hash());
        expect(b.toJSONL(), about(run)).toBe(a.toJSONL());
        // In pieces, as the player and the worker drive it: to increasing times, single steps, batches.
        const sim = new Simulation(randomInput(run.spec, run.seed, run.interventions), {
          checkpointEvery: 0,
        });
        for (const stop of stops) {
          if (typeof stop === 'object') sim.runUntil(run.durationMs, stop.maxEvents);
          else if (stop < 0) sim.step();
          else if (stop <= run.durationMs) sim.runUntil(Math.max(stop, sim.now));
        }
        // step() may overshoot the end when nothing else is left before it; compare up to the end.
        sim.runUntil(run.durationMs);
        const jsonl = sim.trace.toJSONL(0, sim.trace.upperBound(run.durationMs));
        expectSameTrace(jsonl, a.toJSONL(), `${about(run)}: driven in steps`);
      }),
      { file: FILE, test: 'are deterministic' },
      { numRuns: RUNS },
    );
  });

  it('change with the seed when the network is faulty and busy', () => {
    const lossy = randomRun().map((run) => ({
      ...run,
      spec: {
        ...run.spec,
        network: { ...run.spec.network, loss: Math.max(0.2, run.spec.network.loss) },
        ...(run.spec.links ? { links: run.spec.links.map(({ loss: _l, ...link }) => link) } : {}),
        peers: run.spec.peers.map((p) => ({ ...p, gossipEveryMs: Math.min(p.gossipEveryMs || 50, 50) })),
      },
      interventions: run.interventions.filter((iv) => iv.kind !== 'set-param'),
    }));
    checkProperty(
      fc.property(lossy, fc.integer({ min: 1, max: 0xffff }), (run, delta) => {
        const a = straight(run);
        fc.pre(a.ofType('send').length >= 30);
        const b = straight({ ...run, seed: (run.seed + delta) >>> 0 });
        expect(b.hash(), `${about(run)} vs seed ${(run.seed + delta) >>> 0}`).not.toBe(a.hash());
      }),
      { file: FILE, test: 'change with the seed' },
      { numRuns: RUNS },
    );
  });

  it('replay from any checkpoint: seeking back and forth and running on gives the straight run', () => {
    const options = fc.record({
      checkpointEvery: fc.integer({ min: 1, max: 20 }),
      // Few checkpoints exercise thinning; many make it likely that one falls inside a pause or a cut.
      maxCheckpoints: fc.oneof(fc.integer({ min: 2, max: 8 }), fc.integer({ min: 50, max: 500 })),
    });
    checkProperty(
      fc.property(
        randomRun(),
        options,
        fc.array(stop, { minLength: 1, maxLength: 6 }),
        (run, opts, stops) => {
          const reference = straight(run);
          const all = reference.toJSONL();
          const sim = new Simulation(randomInput(run.spec, run.seed, run.interventions), opts);
          sim.runUntil(run.durationMs);
          expect(sim.trace.hash(), `${about(run)}: checkpointing changed the run`).toBe(reference.hash());
          for (const s of stops) {
            const t = at(s, reference, run.durationMs);
            sim.seek(t);
            const prefix = reference.toJSONL(0, reference.upperBound(t));
            expectSameTrace(sim.trace.toJSONL(), prefix, `${about(run)}: after seek(${t})`);
            sim.runUntil(run.durationMs);
            expectSameTrace(sim.trace.toJSONL(), all, `${about(run)}: seek(${t}) then on to the end`);
          }
        },
      ),
      { file: FILE, test: 'replay from any checkpoint' },
      { numRuns: RUNS },
    );
  });

  it('branch: an intervention added at a past (or the present) time equals a run that had it from the start', () => {
    const branched = randomRun({ maxEpisodes: 4 }).chain((run) => {
      const names = run.spec.peers.map((p) => p.name);
      // Each extra intervention is added after seeking to some time: before it, at it, or after it.
      const extra = intervention(names, run.durationMs).chain((iv) =>
        fc.record({
          iv: fc.constant(iv),
          from: fc.oneof(fc.constant('its time' as const), stop),
        }),
      );
      return fc.record({
        run: fc.constant(run),
        extras: fc.array(extra, { minLength: 1, maxLength: 3 }),
        checkpointEvery: fc.integer({ min: 1, max: 40 }),
      });
    });
    checkProperty(
      fc.property(branched, ({ run, extras, checkpointEvery }) => {
        const all = [...run.interventions, ...extras.map((x) => x.iv)];
        const reference = straight(run, all);
        const sim = new Simulation(randomInput(run.spec, run.seed, run.interventions), { checkpointEvery });
        sim.runUntil(run.durationMs);
        for (const { iv, from } of extras) {
          sim.seek(from === 'its time' ? iv.at : at(from, reference, run.durationMs));
          sim.addIntervention(iv);
        }
        sim.runUntil(run.durationMs);
        const context = `${about(run)}, then added ${JSON.stringify(extras)}`;
        expectSameTrace(sim.trace.toJSONL(), reference.toJSONL(), context);
        expectSound(sim.trace, expectations(run, all), context);
      }),
      { file: FILE, test: 'branch' },
      { numRuns: RUNS },
    );
  });

  it('exercise every kind of event (the generators are not vacuous)', () => {
    const seen = new Map<string, number>();
    for (const run of fc.sample(randomRun(), { numRuns: 40, seed: 42 })) {
      const trace = straight(run);
      for (const ev of trace.slice()) {
        const key =
          ev.type === 'outcome'
            ? `outcome:${ev.result}:${ev.reason.split(':')[0]}`
            : ev.type === 'drop'
              ? `drop:${ev.reason}`
              : ev.type;
        seen.set(key, (seen.get(key) ?? 0) + 1);
      }
    }
    for (const key of [
      'send',
      'deliver',
      'duplicate',
      'timer',
      'crash',
      'recover',
      'pause',
      'resume',
      'partition',
      'heal',
      'clock',
      'state',
      'call',
      'effect',
      'param',
      'heard',
      'drop:loss',
      'drop:cut',
      'drop:crashed',
      'drop:dropped-by-you',
      'outcome:success:reply arrived in time',
      'outcome:failure:error',
      'outcome:failure:refused',
      'outcome:unknown:deadline passed',
      'outcome:unknown:caller crashed',
    ]) {
      expect(seen.get(key) ?? 0, `${key} in ${JSON.stringify(Object.fromEntries(seen))}`).toBeGreaterThan(0);
    }
  });
});
