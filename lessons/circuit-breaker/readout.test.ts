import { describe, expect, it } from 'vitest';
import lesson from './lesson.ts';
import { series, summarize } from './readout.tsx';
import { runLesson } from '../../tests/support/lesson-runs.ts';

const down = [{ at: 1000, kind: 'signal', node: 'dependency', signal: 'go-down' } as const];

describe('circuit-breaker readout', () => {
  it('without the breaker: clients run out of time and requests wait for a slot', () => {
    const { events } = runLesson(lesson, { interventions: [...down] });
    const s = series(events, events.length);
    expect(s.late).toBeGreaterThan(50);
    expect(s.opened).toBe(0);
    expect(s.down).toHaveLength(1);
    const h = summarize(events, events.length);
    expect(h[0]).toMatchObject({ label: 'client requests out of time', value: s.late, good: false });
    expect(h[1]!.value).toBeGreaterThan(0);
  });

  it('with the breaker: it opens, fails fast and tries again', () => {
    const { events } = runLesson(lesson, { params: { breaker: true }, interventions: [...down] });
    const s = series(events, events.length);
    expect(s.opened).toBeGreaterThan(1);
    expect(s.trials).toBeGreaterThan(1);
    expect(s.trialsOk).toBe(0);
    expect(s.failedFast).toBeGreaterThan(100);
    expect(s.late).toBeLessThan(15);
  });

  it('is empty at the start', () => {
    const { events } = runLesson(lesson);
    const s = series(events, 1);
    expect(s.latency).toEqual([]);
    expect(s.breaker).toBe('closed');
    expect(summarize(events, 1)[0]!.value).toBe(0);
  });
});
