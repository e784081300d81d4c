import { describe, expect, it } from 'vitest';
import lesson from './lesson.ts';
import { series, summarize } from './readout.tsx';
import { runLesson } from '../../tests/support/lesson-runs.ts';

describe('round-trips readout', () => {
  it('defaults: 9 round trips, p99 over the budget', () => {
    const { events, params } = runLesson(lesson);
    const s = series(events, events.length, params);
    expect(s.roundTrips).toBe(9);
    expect(s.expectedRoundTrips).toBe(9);
    expect(s.p99).toBeGreaterThan(s.budgetMs);
    expect(s.p50).toBeLessThanOrEqual(s.p99);
    const [trips, p99] = summarize(events, events.length, params);
    expect(trips).toMatchObject({ label: 'round trips per request', value: 9 });
    expect(p99).toMatchObject({ label: 'p99 latency', good: false, unit: 'ms' });
  });

  it('merged: 5 round trips and p99 inside the budget, on the same seed', () => {
    const { events, params } = runLesson(lesson, { params: { mergeBoxes: true } });
    const [trips, p99] = summarize(events, events.length, params);
    expect(trips!.value).toBe(5);
    expect(p99!.good).toBe(true);
  });

  it('failure rate and its error bar beside the analytic value', () => {
    const { events, params } = runLesson(lesson, { params: { hopFailure: 0.05 } });
    const s = series(events, events.length, params);
    expect(s.expectedFailure).toBeCloseTo(1 - 0.95 ** 9, 6);
    expect(s.errorBar).toBeGreaterThan(0);
    expect(Math.abs(s.rate - s.expectedFailure)).toBeLessThan(s.errorBar);
  });

  it('is empty at the start', () => {
    const { events } = runLesson(lesson);
    const s = series(events, 1);
    expect(s.n).toBe(0);
    expect(s.p99).toBe(0);
  });
});
