import { describe, expect, it } from 'vitest';
import lesson from './lesson.ts';
import { outcomeTable, summarize } from './readout.tsx';
import { runLesson } from '../../tests/support/lesson-runs.ts';

const value = (h: { label: string; value: number }[], label: string) =>
  h.find((x) => x.label === label)?.value;

describe('three-outcomes readout', () => {
  it('puts an unknown whose reply was lost in the charged column', () => {
    const { events } = runLesson(lesson, {
      interventions: [{ at: 100, kind: 'drop-next', from: 'server', to: 'client' }],
      untilMs: 3000,
    });
    const table = outcomeTable(events, events.length);
    expect(table.rows.unknown.applied).toHaveLength(1);
    expect(table.rows.unknown.notApplied).toHaveLength(0);
    expect(table.split).toBe(false);
    expect(value(summarize(events, events.length), 'unknown, yet charged')).toBe(1);
  });

  it('splits unknown into both columns when a request and a reply are lost', () => {
    const { events } = runLesson(lesson, {
      interventions: [
        { at: 100, kind: 'drop-next', from: 'client', to: 'server' },
        { at: 100, kind: 'signal', node: 'client', signal: 'pay' },
        { at: 1500, kind: 'drop-next', from: 'server', to: 'client' },
        { at: 1500, kind: 'signal', node: 'client', signal: 'pay' },
      ],
      untilMs: 4000,
    });
    const table = outcomeTable(events, events.length);
    expect(table.rows.unknown.applied.length).toBeGreaterThan(0);
    expect(table.rows.unknown.notApplied.length).toBeGreaterThan(0);
    expect(table.split).toBe(true);
    expect(table.rows.success.notApplied).toHaveLength(0);
    expect(table.rows.failure.applied).toHaveLength(0);
  });

  it('counts only what happened before the cursor', () => {
    const { events } = runLesson(lesson, { untilMs: 3000 });
    expect(outcomeTable(events, 0).total).toBe(0);
    const firstOutcome = events.findIndex((e) => e.type === 'outcome');
    expect(outcomeTable(events, firstOutcome).total).toBe(0);
    expect(outcomeTable(events, firstOutcome + 1).total).toBe(1);
  });

  it('marks a call the slow server is still working on as undecided', () => {
    const { events } = runLesson(lesson, {
      interventions: [{ at: 100, kind: 'signal', node: 'server', signal: 'slow-next' }],
      untilMs: 3000,
    });
    const unknown = events.find((e) => e.type === 'outcome' && e.result === 'unknown')!;
    const atUnknown = outcomeTable(events, unknown.seq + 1);
    expect(atUnknown.rows.unknown.pending).toHaveLength(1);
    expect(outcomeTable(events, events.length).rows.unknown.applied).toHaveLength(1);
  });
});
