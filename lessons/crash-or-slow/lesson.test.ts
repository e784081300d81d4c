import { describe, expect, it } from 'vitest';
import { runLesson } from '../../tests/support/lesson-runs.ts';
import type { Intervention, ParamValue } from '../../src/engine/types.ts';
import { suspicionStats, WORKER } from './guide.ts';
import lesson, { sweepTimeouts } from './lesson.ts';

const run = (
  params: Partial<Record<string, ParamValue>> = {},
  interventions: Intervention[] = [],
  seed?: number,
  untilMs?: number,
) => runLesson(lesson, { params, interventions, seed, untilMs });

const crashAt7s: Intervention[] = [{ at: 7000, kind: 'crash', node: WORKER }];

describe('crash-or-slow', () => {
  it.each([0, 300, 1200, 2000, 4000])(
    'step 2 is met by "Slow the link" pressed at %i ms, even when a GC pause overlaps the silence',
    (at) => {
      const step = lesson.steps[1]!;
      const slow: Intervention = { at, kind: 'set-param', name: 'linkLatencyMs', value: 2000 };
      const { trace, params } = run({}, [slow], lesson.defaultSeed, at + 4000);
      expect(step.challenge(trace, params).met).toBe(true);
    },
  );

  it('a link slowed by its setting (no button) explains a false alarm too', () => {
    const { trace } = run({ linkLatencyMs: 2000 }, [], lesson.defaultSeed, 5000);
    const stats = suspicionStats(trace, 2000);
    expect(stats.falseSuspicions.length).toBeGreaterThan(0);
    expect(stats.falseSuspicions.every((x) => x.cause === 'slow link')).toBe(true);
  });

  for (const step of lesson.steps) {
    it(`step "${step.id}" is met by its solution`, () => {
      const { trace, params } = run(
        step.solution.params,
        step.solution.interventions,
        step.solution.seed,
        step.solution.untilMs,
      );
      const result = step.challenge(trace, params);
      expect(result.met, step.id).toBe(true);
      expect(result.evidence?.length).toBeGreaterThan(0);
      expect(result.detail).toBeTruthy();
    });

    it(`step "${step.id}" is not met by doing nothing`, () => {
      const { trace, params } = run();
      expect(step.challenge(trace, params).met).toBe(false);
    });
  }

  it('the default run has pauses but no suspicion', () => {
    const stats = suspicionStats(run().trace);
    expect(stats.pauses.length).toBeGreaterThanOrEqual(6);
    expect(stats.suspicions).toEqual([]);
  });

  it('classifies a freeze, a slow link and a crash', () => {
    const stats = suspicionStats(
      run({}, [
        { at: 1000, kind: 'pause', node: WORKER },
        { at: 3000, kind: 'resume', node: WORKER },
        { at: 4000, kind: 'set-param', name: 'linkLatencyMs', value: 2000 },
        { at: 6100, kind: 'set-param', name: 'linkLatencyMs', value: 10 },
        { at: 8000, kind: 'crash', node: WORKER },
      ]).trace,
    );
    expect(stats.suspicions.map((x) => [x.cause, x.false])).toEqual([
      ['pause', true],
      ['slow link', true],
      ['crash', false],
    ]);
    const [detection] = stats.detections;
    expect(detection!.delayMs).toBeGreaterThan(1400);
    expect(detection!.delayMs).toBeLessThan(1600);
    expect(stats.wronglySuspectedMs).toBeGreaterThan(0);
  });

  it('a crash while already suspected counts as detected at once', () => {
    const stats = suspicionStats(
      run({}, [
        { at: 1000, kind: 'pause', node: WORKER },
        { at: 3000, kind: 'crash', node: WORKER },
      ]).trace,
    );
    expect(stats.falseSuspicions).toHaveLength(1);
    expect(stats.detections[0]!.delayMs).toBe(0);
  });

  it('the sweep shows the trade-off: short timeouts alarm falsely, long ones detect late', () => {
    const points = sweepTimeouts({ timeouts: [200, 300, 700, 1500, 3000], interventions: crashAt7s });
    expect(points[0]!.falseSuspicions).toBeGreaterThan(points[2]!.falseSuspicions);
    expect(points[2]!.falseSuspicions).toBe(0);
    expect(points[4]!.falseSuspicions).toBe(0);
    const delays = points.slice(2).map((p) => p.worstDetectionMs!);
    expect(delays).toEqual([...delays].sort((a, b) => a - b));
    expect(delays[2]).toBeGreaterThan(2900);
  });

  it('the adaptive timeout removes the false alarms of a short timeout, on the same seed, at a cost in delay', () => {
    for (const seed of [1, 2, lesson.defaultSeed]) {
      const without = suspicionStats(run({ timeoutMs: 300, adaptive: false }, crashAt7s, seed).trace);
      const withFix = suspicionStats(run({ timeoutMs: 300, adaptive: true }, crashAt7s, seed).trace);
      expect(without.falseSuspicions.length, `seed ${seed}`).toBeGreaterThan(0);
      expect(withFix.falseSuspicions, `seed ${seed}`).toEqual([]);
      expect(withFix.worstDetectionMs!).toBeGreaterThan(without.worstDetectionMs!);
    }
  });

  it('a pause longer than any seen before still fools the adaptive timeout', () => {
    const stats = suspicionStats(
      run({ timeoutMs: 300, adaptive: true }, [
        { at: 7000, kind: 'pause', node: WORKER },
        { at: 9000, kind: 'resume', node: WORKER },
      ]).trace,
    );
    expect(stats.falseSuspicions.map((x) => x.cause)).toEqual(['pause']);
  });
});
