import { describe, expect, it } from 'vitest';
import { countBefore, cursorTime, happened, interventionsFromEvents, traceUpTo } from './events.ts';
import { genericSummary } from './summary.ts';
import { alignHeadlines } from './FixComparison.tsx';
import { hasReadout, loadReadout, readoutLessonIds } from './readouts.ts';
import { runLesson } from '../../../tests/support/lesson-runs.ts';
import { getLesson } from '../../../tests/support/lessons.ts';

const threeOutcomes = getLesson('three-outcomes')!;

describe('reading events up to the cursor', () => {
  const { events } = runLesson(threeOutcomes, {
    interventions: [{ at: 100, kind: 'drop-next', from: 'server', to: 'client' }],
    untilMs: 3000,
  });

  it('counts and slices by seq, also for a window that starts late', () => {
    expect(countBefore(events, 5)).toBe(5);
    expect(countBefore(events, 10_000)).toBe(events.length);
    expect(countBefore(events.slice(3), 5)).toBe(2);
    expect(happened(events, 4)).toHaveLength(4);
    expect(cursorTime(events, 4)).toBe(events[3]!.t);
    expect(cursorTime(events, 0)).toBe(0);
  });

  it('offers a read-only Trace the lessons’ helpers can use', () => {
    const trace = traceUpTo(events, 10);
    expect(trace.length).toBe(10);
    expect(trace.get(3)).toBe(events[3]);
    expect(trace.ofType('send').every((e) => e.seq < 10)).toBe(true);
    expect(() => trace.get(10)).toThrow(RangeError);
  });

  it('reads the interventions back from the trace', () => {
    expect(interventionsFromEvents(events)).toEqual([
      { at: 100, kind: 'drop-next', from: 'server', to: 'client' },
    ]);
  });

  it('has generic headlines for lessons without a summarize', () => {
    const h = genericSummary(events, events.length);
    expect(h.find((x) => x.label === 'unknown outcomes')).toMatchObject({ value: 1, good: false });
    expect(h.find((x) => x.label === 'applied more than once')).toMatchObject({ value: 0, good: true });
    expect(genericSummary(events, 0)).toEqual([{ label: 'messages lost', value: 0, good: true }]);
  });

  it("counts the anomalies the lesson's vocabulary names, under its words", () => {
    const network = getLesson('unreliable-network')!;
    const stream = runLesson(network, { params: { loss: 0.3 }, untilMs: network.durationMs }).events;
    const gaps = stream.filter((e) => (e.type as string) === 'gap').length;
    expect(gaps).toBeGreaterThan(0);
    const h = genericSummary(stream, stream.length, network.events);
    expect(h.find((x) => x.label === 'gaps at the receiver')).toMatchObject({ value: gaps, good: false });
    // Without the vocabulary the page knows no lesson's events.
    expect(genericSummary(stream, stream.length).some((x) => x.label.includes('gaps'))).toBe(false);
  });
});

describe('the comparison', () => {
  it('lines headlines up by label', () => {
    const rows = alignHeadlines(
      [{ label: 'a', value: 1, good: false }],
      [
        { label: 'a', value: 0, good: true },
        { label: 'b', value: 2, good: true },
      ],
    );
    expect(rows.map((r) => [r.label, r.left?.value, r.right?.value])).toEqual([
      ['a', 1, 0],
      ['b', undefined, 2],
    ]);
  });

  it('finds a readout with a summary for every lesson that has one, fetching each on demand', async () => {
    expect(readoutLessonIds).toEqual(
      expect.arrayContaining([
        'three-outcomes',
        'idempotency',
        'unreliable-network',
        'crash-or-slow',
        'no-global-now',
        'saga',
      ]),
    );
    for (const id of readoutLessonIds) {
      expect(hasReadout(id)).toBe(true);
      const mod = await loadReadout(id);
      expect(typeof mod!.default).toBe('function');
      expect(typeof mod!.summarize).toBe('function');
      // Fetched once: a second ask gets the same module.
      expect(await loadReadout(id)).toBe(mod);
    }
    expect(hasReadout('no-such-lesson')).toBe(false);
    expect(hasReadout(undefined)).toBe(false);
    expect(await loadReadout('no-such-lesson')).toBeUndefined();
  });
});
