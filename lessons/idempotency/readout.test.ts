import { describe, expect, it } from 'vitest';
import lesson from './lesson.ts';
import { chargesPerPayment, summarize } from './readout.tsx';
import { runLesson } from '../../tests/support/lesson-runs.ts';

const dropReply = [{ at: 100, kind: 'drop-next', from: 'server', to: 'client' } as const];

describe('idempotency readout', () => {
  it('shows a retried payment charged twice without the key', () => {
    const { events } = runLesson(lesson, { interventions: [...dropReply] });
    const bars = chargesPerPayment(events, events.length);
    expect(bars.map((b) => b.index)).toEqual(bars.map((_, i) => i + 1));
    expect(bars[0]).toMatchObject({ tries: 2, charges: 2 });
    expect(summarize(events, events.length)).toContainEqual({
      label: 'double charges',
      value: 1,
      good: false,
    });
  });

  it('shows one charge per payment with the key on, same seed and interventions', () => {
    const { events } = runLesson(lesson, { params: { idempotencyKey: true }, interventions: [...dropReply] });
    const bars = chargesPerPayment(events, events.length);
    expect(bars[0]).toMatchObject({ tries: 2, charges: 1 });
    expect(summarize(events, events.length)).toContainEqual({
      label: 'double charges',
      value: 0,
      good: true,
    });
  });

  it('is empty before the first payment', () => {
    const { events } = runLesson(lesson);
    expect(chargesPerPayment(events, 1)).toEqual([]);
  });
});
