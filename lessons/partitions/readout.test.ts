import { describe, expect, it } from 'vitest';
import { stepSolutionOf } from '../../src/engine/index.ts';
import lesson from './lesson.ts';
import { series, summarize, verdictWords } from './readout.tsx';
import { runLesson } from '../../tests/support/lesson-runs.ts';

const solution = (id: string) =>
  runLesson(
    lesson,
    stepSolutionOf(
      lesson,
      lesson.steps.findIndex((s) => s.id === id),
    ),
  );

describe('partitions readout', () => {
  it('AP with a cut: lists the acknowledged writes thrown away, marks the cut, says not linearizable', () => {
    const { events } = solution('lose-a-write');
    const s = series(events, events.length);
    expect(s.lost.length).toBeGreaterThan(0);
    expect(s.cut).toEqual([{ start: 1000, end: 2500, way: 'both ways' }]);
    expect(s.verdict.kind).toBe('no');
    expect(verdictWords(s.verdict)).toMatch(/^Linearizable: no\. The first operation that fits no order: /);
    expect(summarize(events, events.length)[0]).toEqual({
      label: 'acknowledged writes lost',
      value: s.lost.length,
      good: false,
    });
  });

  it('the lag bound: the worst read is marked, within the delay plus jitter', () => {
    const { events } = solution('lag-bound');
    const s = series(events, events.length);
    expect(s.stale).toBeGreaterThan(5);
    expect(s.worst!.byMs).toBeLessThan(300 + 20);
    expect(s.checks.every((c) => c.kind !== 'stale' || c.byMs <= s.worst!.byMs)).toBe(true);
  });

  it('CP with synchronous replication through a cut: nothing stale, nothing lost, linearizable, some refused', () => {
    const { events } = solution('consistent');
    const s = series(events, events.length);
    expect(s.stale).toBe(0);
    expect(s.lost).toEqual([]);
    expect(s.refused).toBeGreaterThan(0);
    expect(s.verdict.kind).toBe('yes');
  });

  it('at the start: nothing read, nothing lost, an empty history is linearizable', () => {
    const { events } = runLesson(lesson);
    const s = series(events, 1);
    expect(s.checks).toEqual([]);
    expect(s.worst).toBeUndefined();
    expect(s.verdict).toEqual({ kind: 'yes', ops: 0 });
  });
});
