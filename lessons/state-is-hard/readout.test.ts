import { describe, expect, it } from 'vitest';
import lesson from './lesson.ts';
import { series, summarize } from './readout.tsx';
import { runLesson } from '../../tests/support/lesson-runs.ts';

const fault = [
  { at: 1500, kind: 'crash', node: 'c1' },
  { at: 3500, kind: 'recover', node: 'c1' },
] as const;

describe('state-is-hard readout', () => {
  it('the failover: the missing acknowledged increments are listed, c2 stands, c1 was down', () => {
    const { events } = runLesson(lesson, { interventions: [...fault] });
    const s = series(events, events.length);
    expect(s.truth).toBe('c2');
    expect(s.missing.length).toBeGreaterThan(0);
    expect(s.down).toEqual([{ node: 'c1', start: 1500, end: 3500 }]);
    expect(s.missing.every((m) => s.acked.some((a) => a.increment === m.increment))).toBe(true);
    expect(summarize(events, events.length)).toEqual([
      { label: 'acknowledged increments missing', value: s.missing.length, good: false },
      { label: 'increments acknowledged', value: s.acked.length, good: true, neutral: true },
      { label: 'increments refused or unanswered', value: s.notDone, good: true, neutral: true },
    ]);
  });

  it('the single owner on the same seed and fault: nothing missing, c1 stands, c2 holds nothing', () => {
    const { events } = runLesson(lesson, { params: { singleOwner: true }, interventions: [...fault] });
    const s = series(events, events.length);
    expect(s.missing).toEqual([]);
    expect(s.truth).toBe('c1');
    expect(s.counts.c2).toBe(0);
    expect(s.notDone).toBeGreaterThan(0);
    expect(summarize(events, events.length)[0]).toEqual({
      label: 'acknowledged increments missing',
      value: 0,
      good: true,
    });
  });

  it('at the start: both counts at zero, nothing acknowledged', () => {
    const { events } = runLesson(lesson);
    const s = series(events, 1);
    expect(s.acked).toEqual([]);
    expect(s.counts).toEqual({ c1: 0, c2: 0 });
    expect(s.lines.c1).toEqual([{ t: 0, value: 0 }]);
  });
});
