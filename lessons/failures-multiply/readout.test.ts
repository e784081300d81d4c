import { describe, expect, it } from 'vitest';
import { stepSolutionOf } from '../../src/engine/index.ts';
import lesson from './lesson.ts';
import { series, summarize } from './readout.tsx';
import { runLesson } from '../../tests/support/lesson-runs.ts';

const solved = (id: string) =>
  runLesson(
    lesson,
    stepSolutionOf(
      lesson,
      lesson.steps.findIndex((s) => s.id === id),
    ),
  );

describe('failures-multiply readout', () => {
  it('a chain of nine: one point per k, falling like 0.999^k, each with its error bar', () => {
    const { events, params } = solved('chain');
    const s = series(events, events.length, params);
    expect(s.points.map((p) => p.k)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(s.points.at(-1)!.expected).toBeCloseTo(0.999 ** 9, 9);
    expect(s.points.at(-1)!.availability).toBeLessThan(s.points[0]!.availability);
    for (const p of s.points) expect(p.errorBar).toBeGreaterThan(0);
    expect(s.shared).toBe(false);
    const [requests, failed, expected] = summarize(events, events.length, params);
    expect(requests).toMatchObject({ label: 'requests', neutral: true });
    expect(requests!.value).toBeGreaterThan(1400);
    expect(failed!.label).toBe('requests failed at k = 9 (%)');
    expect(expected!.value).toBeCloseTo(0.9, 1);
  });

  it('fills in as the cursor moves: only the requests that have come back count', () => {
    const { events, params } = solved('chain');
    const half = series(events, Math.floor(events.length / 2), params);
    const all = series(events, events.length, params);
    expect(half.requests).toBeGreaterThan(0);
    expect(half.requests).toBeLessThan(all.requests);
    expect(series(events, 1, params).points.every((p) => p.n === 0)).toBe(true);
  });

  it('a shared fault: the replicas lie on the floor, far under what independence promises; the fix lifts them', () => {
    const { events, params } = solved('correlated');
    const s = series(events, events.length, params);
    expect(s.shared).toBe(true);
    const last = s.points.at(-1)!;
    expect(s.independent.at(-1)! - last.availability).toBeGreaterThan(5 * last.errorBar);
    expect(summarize(events, events.length, params)[1]!.good).toBe(false);
    const fixed = runLesson(lesson, {
      ...stepSolutionOf(
        lesson,
        lesson.steps.findIndex((x) => x.id === 'correlated'),
      ),
      params: { ...params, staggerDeploys: true },
    });
    const headline = summarize(fixed.events, fixed.events.length, fixed.params);
    expect(headline[1]!.good).toBe(true);
    expect(series(fixed.events, fixed.events.length, fixed.params).shared).toBe(false);
  });
});
