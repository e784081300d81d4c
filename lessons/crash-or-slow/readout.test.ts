import { describe, expect, it } from 'vitest';
import { defaultParams } from '../../src/engine/params.ts';
import lesson from './lesson.ts';
import { ASSUMED_CRASH_MS, runSweep, summarize, sweepPlan, sweetSpot } from './readout.tsx';
import { interventionsFromEvents } from '../../src/views/compare/events.ts';
import { runLesson } from '../../tests/support/lesson-runs.ts';

const params = defaultParams(lesson.params);

describe('crash-or-slow readout', () => {
  it('assumes a crash when the learner made none, and keeps the learner’s own otherwise', () => {
    const assumed = sweepPlan(params, 3, []);
    expect(assumed.assumedCrashMs).toBe(ASSUMED_CRASH_MS);
    expect(assumed.interventions).toContainEqual({ at: ASSUMED_CRASH_MS, kind: 'crash', node: 'worker' });
    const own = sweepPlan(params, 3, [{ at: 4000, kind: 'crash', node: 'worker' }]);
    expect(own.assumedCrashMs).toBeUndefined();
    expect(own.interventions).toHaveLength(1);
    expect(own.untilMs).toBeGreaterThanOrEqual(4000 + Math.max(...own.timeouts));
    expect(own.timeouts).toContain(1500);
  });

  it('traces the trade-off: short timeouts raise false alarms, long ones notice crashes late', () => {
    const plan = sweepPlan(params, 3, []);
    const points = runSweep({ ...plan, timeouts: [200, 700, 2000] });
    expect(points[0]!.falseSuspicions).toBeGreaterThan(0);
    expect(points[1]!.falseSuspicions).toBe(0);
    expect(points[2]!.worstDetectionMs!).toBeGreaterThan(points[1]!.worstDetectionMs!);
    expect(sweetSpot(points, 1000).map((p) => p.timeoutMs)).toEqual([700]);
  });

  it('summarizes false alarms and detection of the run so far', () => {
    const { events } = runLesson(lesson, {
      params: { timeoutMs: 300 },
      interventions: [{ at: 7000, kind: 'crash', node: 'worker' }],
    });
    const headlines = summarize(events, events.length, { ...params, timeoutMs: 300 });
    expect(headlines.find((h) => h.label === 'false alarms')!.value).toBeGreaterThan(0);
    expect(headlines.find((h) => h.label === 'time to notice the crash')).toMatchObject({
      unit: 'ms',
      good: true,
    });
    expect(interventionsFromEvents(events)).toEqual([{ at: 7000, kind: 'crash', node: 'worker' }]);
  });
});
