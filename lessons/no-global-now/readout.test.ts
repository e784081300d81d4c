import { describe, expect, it } from 'vitest';
import lesson from './lesson.ts';
import { clockErrors, summarize, writesAndLosses } from './readout.tsx';
import { runLesson } from '../../tests/support/lesson-runs.ts';

const skew = [{ at: 50, kind: 'skew', node: 'alice', offsetMs: 100 } as const];

describe('no-global-now readout', () => {
  it('draws a drifting clock that is stepped back at each resync', () => {
    const { events } = runLesson(lesson, { params: { driftPpm: 10_000 } });
    const alice = clockErrors(events, events.length, 3000).find((s) => s.node === 'alice')!;
    expect(alice.biggestStepBackMs).toBeGreaterThanOrEqual(5);
    // Between resyncs the error grows by the drift: about 10 ms a second.
    const peak = Math.max(...alice.points.map((p) => p.errorMs));
    expect(peak).toBeGreaterThan(5);
    expect(alice.points.at(-1)!.t).toBeGreaterThanOrEqual(2999);
  });

  it('marks the later write the store threw away, and none with Lamport clocks', () => {
    const { events } = runLesson(lesson, { interventions: [...skew] });
    const { lost } = writesAndLosses(events, events.length);
    expect(lost.length).toBeGreaterThan(0);
    expect(lost[0]!.lost!.t).toBeGreaterThan(lost[0]!.kept!.t);
    expect(lost[0]!.lost!.ts).toBeLessThan(lost[0]!.kept!.ts);
    expect(summarize(events, events.length)[0]).toMatchObject({ label: 'later writes lost', good: false });
    const { events: fixed } = runLesson(lesson, { params: { lamport: true }, interventions: [...skew] });
    expect(summarize(fixed, fixed.length)[0]).toMatchObject({ value: 0, good: true });
  });
});
