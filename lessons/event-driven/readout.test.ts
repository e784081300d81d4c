import { describe, expect, it } from 'vitest';
import lesson from './lesson.ts';
import { series, summarize } from './readout.tsx';
import { runLesson } from '../../tests/support/lesson-runs.ts';

const crashAndRecover = [
  { at: 1000, kind: 'crash', node: 'b' } as const,
  { at: 3000, kind: 'recover', node: 'b' } as const,
];

describe('event-driven readout', () => {
  it('direct calls: A fails while B is down, no backlog', () => {
    const { events } = runLesson(lesson, { interventions: [...crashAndRecover] });
    const s = series(events, events.length);
    expect(s.failed).toBeGreaterThan(5);
    expect(Math.min(...s.success.map((p) => p.rate))).toBe(0);
    expect(s.backlog).toEqual([]);
    expect(s.down).toHaveLength(1);
    expect(summarize(events, events.length)).toContainEqual({
      label: "A's requests failed",
      value: s.failed,
      good: false,
    });
  });

  it('through the queue: A never fails, the backlog rises while B is down and falls back to 0', () => {
    const { events } = runLesson(lesson, { params: { viaQueue: true }, interventions: [...crashAndRecover] });
    const s = series(events, events.length);
    expect(s.failed).toBe(0);
    expect(s.success.every((p) => p.rate === 1)).toBe(true);
    const peak = Math.max(...s.backlog.map((b) => b.depth));
    expect(peak).toBeGreaterThanOrEqual(7);
    expect(s.backlog.find((b) => b.t > 3000 && b.depth === 0)).toBeDefined();
  });

  it('counts a duplicate without the fix and none with it, on the same seed', () => {
    const crash = [{ at: 1000, kind: 'signal', node: 'b', signal: 'crash-before-ack' } as const];
    const without = runLesson(lesson, { params: { viaQueue: true }, interventions: crash }).events;
    const withFix = runLesson(lesson, {
      params: { viaQueue: true, idempotentConsumer: true },
      interventions: crash,
    }).events;
    expect(summarize(without, without.length)[0]).toEqual({
      label: 'duplicates processed',
      value: 1,
      good: false,
    });
    expect(summarize(withFix, withFix.length)[0]).toEqual({
      label: 'duplicates processed',
      value: 0,
      good: true,
    });
  });

  it('is empty at the start', () => {
    const { events } = runLesson(lesson);
    const s = series(events, 1);
    expect(s.backlog).toEqual([]);
    expect(s.served + s.failed).toBe(0);
  });
});
