import { describe, expect, it } from 'vitest';
import lesson from './lesson.ts';
import { series, summarize } from './readout.tsx';
import { runLesson } from '../../tests/support/lesson-runs.ts';

describe('consensus readout', () => {
  it('sets a committed write against the single node, and counts the elections', () => {
    const { events } = runLesson(lesson, { interventions: [{ at: 1000, kind: 'crash', node: 's1' }] });
    const s = series(events, events.length);
    expect(s.cost.committed).toBeGreaterThan(20);
    expect(s.cost.roundTrips).toBeGreaterThanOrEqual(4);
    expect(s.cost.singleMs).toBeLessThan(s.cost.clusterMs);
    expect(s.leaders.map((l) => l.node)[0]).toBe('s1');
    expect(s.leaders.length).toBeGreaterThanOrEqual(2);
    expect(s.elections.filter((e) => e.won)).toHaveLength(s.leaders.length);
    const h = summarize(events, events.length);
    expect(h[0]).toMatchObject({ label: 'writes committed', value: s.cost.committed });
    expect(h[3]!.value).toBe(s.leaders.length);
  });

  it('is empty at the start', () => {
    const { events } = runLesson(lesson);
    const s = series(events, 1);
    expect(s.cost.committed).toBe(0);
    expect(Number.isNaN(s.cost.roundTrips)).toBe(true);
    expect(s.leaders).toEqual([]);
    expect(summarize(events, 1).map((h) => h.value)).toEqual([0, 0, 0, 0]);
  });

  it("shows each server's log: the same everywhere in the end, and a crashed server's commit index forgotten", () => {
    const { events } = runLesson(lesson, { interventions: [{ at: 1000, kind: 'crash', node: 's1' }] });
    const crash = events.find((e) => e.type === 'crash' && e.node === 's1')!;
    const s1 = series(events, crash.seq + 1).logs.find((l) => l.node === 's1')!;
    expect(s1.length).toBeGreaterThan(3);
    expect(s1.committed).toBe(0);
    const others = series(events, events.length).logs.filter((l) => l.node !== 's1');
    expect(new Set(others.map((l) => l.length)).size).toBe(1);
    for (const l of others) expect(l.committed).toBeGreaterThan(20);
  });
});
