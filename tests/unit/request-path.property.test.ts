/**
 * The request path counts exactly the calls of its request (issue 10): over random runs of the
 * lessons whose requests fan out (random settings and faults from the fuzz kit, cut at a random
 * moment), each request's path holds every call that descends from its first hop, and no other, and
 * counts as round trips exactly those whose outcome came back by the cut.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadLessons } from '../../src/cli/load-lessons.ts';
import { Simulation, type TraceEvent } from '../../src/engine/index.ts';
import { fuzzCase } from '../../src/engine/testing/fuzz.ts';
import { CallsIndex } from '../../src/views/derive/calls.ts';
import { requestPath } from '../../src/views/derive/request-path.ts';

type CallEvent = Extract<TraceEvent, { type: 'call' }>;

/**
 * one-machine sends 3,000 requests over 30 s, a chain of up to 8 calls each: its first 3 s hold
 * 300 requests of every depth, plenty for the property, at a tenth of the time.
 */
const horizonOf = (lesson: { id: string; durationMs: number }): number =>
  lesson.id === 'one-machine' ? Math.min(3000, lesson.durationMs) : lesson.durationMs;

describe('the request path over random runs', async () => {
  const lessons = (await loadLessons()).filter((l) =>
    ['round-trips', 'state-is-hard', 'rolling-deploy', 'circuit-breaker', 'saga', 'one-machine'].includes(
      l.id,
    ),
  );

  it('holds exactly the calls that descend from its request, and counts the finished ones', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...lessons),
        fc.integer({ min: 0, max: 10_000 }),
        fc.double({ min: 0.05, max: 1, noNaN: true }),
        (lesson, caseSeed, cutAt) => {
          const c = fuzzCase(lesson, caseSeed);
          const sim = new Simulation(
            { scenario: lesson.scenario, seed: c.seed, params: c.params, interventions: c.interventions },
            { checkpointEvery: 0 },
          );
          sim.runUntil(horizonOf(lesson));
          const events = sim.trace.slice();
          const upto = Math.max(1, Math.floor(events.length * cutAt));
          const seen = events.slice(0, upto);
          const index = new CallsIndex();
          index.add(seen);

          // The oracle, from the raw events: climb each call's parents to its top-level call.
          const calls = seen.filter((e): e is CallEvent => e.type === 'call');
          const byId = new Map(calls.map((e) => [e.call, e]));
          const topOf = (e: CallEvent): CallEvent => {
            let at = e;
            while (at.parent !== undefined && at.parent >= 0 && byId.has(at.parent))
              at = byId.get(at.parent)!;
            return at;
          };
          const answered = new Set(seen.filter((e) => e.type === 'outcome').map((e) => Number(e.call)));
          const firstHops = new Map<string, CallEvent>();
          for (const e of calls) {
            if (e.parent !== undefined && e.parent >= 0) continue;
            const key = `${e.from}/${e.request}`;
            if (!firstHops.has(key)) firstHops.set(key, e);
          }
          for (const [key, first] of firstHops) {
            const mine = calls.filter((e) => {
              const top = topOf(e);
              return `${top.from}/${top.request}` === key;
            });
            const path = requestPath(index, index.get(first.call)!, upto);
            expect(path.hops.map((h) => h.call).sort((a, b) => a - b)).toEqual(
              mine.map((e) => e.call).sort((a, b) => a - b),
            );
            expect(path.roundTrips).toBe(mine.filter((e) => answered.has(e.call)).length);
            expect(path.inFlight).toBe(mine.filter((e) => !answered.has(e.call)).length);
          }
        },
      ),
      { numRuns: 40 },
    );
  });
});
