import { describe, expect, it } from 'vitest';
import { itMeetsEachStepOnlyByItsSolution, runLesson } from '../../tests/support/lesson-runs.ts';
import type { Intervention, ParamValue } from '../../src/engine/types.ts';
import lesson from './lesson.ts';

const run = (
  params: Record<string, ParamValue> = {},
  interventions: Intervention[] = [],
  seed?: number,
  untilMs?: number,
) => runLesson(lesson, { params, interventions, seed, untilMs });

describe('no-global-now', () => {
  itMeetsEachStepOnlyByItsSolution(lesson);

  const skew: Intervention[] = [{ at: 50, kind: 'skew', node: 'alice', offsetMs: 100 }];

  it('with skew, the store loses later writes by wall clock and none by Lamport clock, on the same seed', () => {
    for (const seed of [1, 2, lesson.defaultSeed]) {
      const without = run({ lamport: false }, skew, seed).trace;
      expect(without.ofType('lost-write').length, `seed ${seed}`).toBeGreaterThan(0);
      const withFix = run({ lamport: true }, skew, seed).trace;
      expect(withFix.ofType('lost-write'), `seed ${seed}`).toEqual([]);
      const writes = withFix.ofType('write');
      expect(withFix.ofType('stored').at(-1)!.value).toBe(writes.at(-1)!.value);
    }
  });

  it('writes carry Lamport and vector stamps that follow the hand-offs', () => {
    const writes = run().trace.ofType('write');
    expect(writes.map((w) => w.value)).toEqual([
      'alice-1',
      'bob-1',
      'alice-2',
      'bob-2',
      'alice-3',
      'bob-3',
      'alice-4',
      'bob-4',
      'alice-5',
      'bob-5',
      'alice-6',
      'bob-6',
    ]);
    const stamps = writes.map((w) => Number(w.lamport));
    expect(stamps).toEqual([...stamps].sort((a, b) => a - b));
    expect(writes[1]!.vector).toEqual({ alice: 1, bob: 2 });
  });

  it('by wall clock, a skewed clock can lose even without drift, and the lost write is named', () => {
    const lost = run({ aliceOffsetMs: 100 }).trace.ofType('lost-write');
    expect(lost.length).toBe(6);
    expect(lost.every((l) => String(l.lost).startsWith('bob'))).toBe(true);
  });

  it('is deterministic', () => {
    const p = { workload: 'independent', driftPpm: 20_000 };
    expect(run(p, [], 5).trace.hash()).toBe(run(p, [], 5).trace.hash());
  });
});
