import { describe, expect, it } from 'vitest';
import lesson from './lesson.ts';
import { receiverLog, summarize } from './readout.tsx';
import { runLesson } from '../../tests/support/lesson-runs.ts';

const faults = { loss: 0.2, duplicate: 0.2, jitterMs: 100 };

describe('unreliable-network readout', () => {
  it('sees gaps, copies and late arrivals, and an application that handles them wrongly', () => {
    const { events } = runLesson(lesson, { params: faults });
    const log = receiverLog(events, events.length);
    expect(log.messages).toBe(20);
    const kinds = new Set(log.arrivals.map((a) => a.kind));
    expect(kinds).toEqual(new Set(['in-order', 'gap', 'out-of-order', 'duplicate']));
    expect(log.processedTwice + log.processedOutOfOrder + log.missing).toBeGreaterThan(0);
    expect(summarize(events, events.length).some((h) => !h.good)).toBe(true);
  });

  it('with the fix the application processes each message once, in order', () => {
    const { events } = runLesson(lesson, { params: { ...faults, fix: true } });
    const log = receiverLog(events, events.length);
    expect(log.arrivals.some((a) => a.kind !== 'in-order')).toBe(true);
    expect(log.processed.map((p) => p.n)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(summarize(events, events.length).every((h) => h.good && h.value === 0)).toBe(true);
  });

  it('a gap lists the numbers still missing', () => {
    const { events } = runLesson(lesson, {
      interventions: [{ at: 150, kind: 'drop-next', from: 'sender', to: 'receiver' }],
    });
    const gap = receiverLog(events, events.length).arrivals.find((a) => a.kind === 'gap');
    expect(gap?.missing.length).toBeGreaterThan(0);
  });
});
