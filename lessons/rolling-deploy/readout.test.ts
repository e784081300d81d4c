import { describe, expect, it } from 'vitest';
import lesson from './lesson.ts';
import { series, summarize } from './readout.tsx';
import { runLesson } from '../../tests/support/lesson-runs.ts';

const deploy = [{ at: 1000, kind: 'signal', node: 'balancer', signal: 'deploy' } as const];

describe('rolling-deploy readout', () => {
  it('the plain deploy: failures listed, every server ends on v2, two bands per server', () => {
    const { events } = runLesson(lesson, { interventions: [...deploy] });
    const s = series(events, events.length);
    expect(s.failures.length).toBeGreaterThan(0);
    expect(s.bands).toHaveLength(8);
    expect(Object.values(s.now)).toEqual(['v2', 'v2', 'v2', 'v2']);
    expect(summarize(events, events.length)).toEqual([
      { label: 'requests failed', value: s.failures.length, good: false },
      { label: 'requests served', value: s.served, good: true, neutral: true },
      { label: 'servers on v2', value: 4, good: true, neutral: true },
    ]);
  });

  it('expand/contract on the same seed: no failure, three bands per server', () => {
    const { events } = runLesson(lesson, { params: { expandContract: true }, interventions: [...deploy] });
    const s = series(events, events.length);
    expect(s.failures).toEqual([]);
    expect(s.bands).toHaveLength(12);
    expect(summarize(events, events.length)[0]).toEqual({ label: 'requests failed', value: 0, good: true });
  });

  it('at the start: every server on v1, nothing served yet', () => {
    const { events } = runLesson(lesson);
    const s = series(events, 1);
    expect(s.bands.map((b) => b.version)).toEqual(['v1', 'v1', 'v1', 'v1']);
    expect(s.served + s.failures.length).toBe(0);
    expect(summarize(events, 1)[2]).toEqual({ label: 'servers on v2', value: 0, good: false, neutral: true });
  });
});
