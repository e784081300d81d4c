import { describe, expect, it } from 'vitest';
import { SPAN_END, type MessageSpan } from '../../engine/spans.ts';
import {
  BASE_MS,
  defaultWindowMs,
  followShift,
  spansInWindow,
  tickLabel,
  transformFor,
  viewOf,
  windowOf,
} from './viewport.ts';

function span(msg: number, sendT: number, endT: number, sendSeq = msg * 2): MessageSpan {
  return {
    msg,
    from: 'a',
    to: 'b',
    label: 'm',
    call: undefined,
    sendT,
    sendSeq,
    duplicateOf: undefined,
    end: Number.isFinite(endT) ? SPAN_END.delivered : SPAN_END.inFlight,
    endT,
    endSeq: Number.isFinite(endT) ? sendSeq + 1 : -1,
    dropReason: undefined,
  };
}

describe('the time window', () => {
  it('round-trips a window through a zoom transform', () => {
    const t = transformFor(1000, 3000, 100, 500);
    expect(t.k).toBeCloseTo(BASE_MS / 2000);
    const [t0, t1] = windowOf(viewOf(t.k, t.x, 500), 100, 500);
    expect(t0).toBeCloseTo(1000);
    expect(t1).toBeCloseTo(3000);
  });

  it('starts with a window of a few seconds, whatever the width', () => {
    expect(defaultWindowMs(200)).toBe(2000);
    expect(defaultWindowMs(600)).toBe(4200);
    expect(defaultWindowMs(3000)).toBe(6000);
  });

  it('labels ticks in one unit, with the decimals the step needs', () => {
    expect(tickLabel(0, 1000)).toBe('0 s');
    expect(tickLabel(2000, 1000)).toBe('2 s');
    expect(tickLabel(1500, 500)).toBe('1.5 s');
    expect(tickLabel(1250, 50)).toBe('1.25 s');
    expect(tickLabel(1234, 2)).toBe('1,234 ms');
  });

  it('follows the cursor: slides past 85%, brings it back from the left, leaves it alone between', () => {
    expect(followShift(150, 100, 400)).toBe(0);
    expect(followShift(500, 100, 400)).toBeCloseTo(440 - 500);
    expect(followShift(50, 100, 400)).toBeCloseTo(220 - 50);
    // Floating-point residue after a shift must not move it again (that would loop forever).
    expect(followShift(440 + 1e-13, 100, 400)).toBe(0);
  });
});

describe('spansInWindow', () => {
  const spans = [
    span(0, 0, 50),
    span(1, 100, 2000),
    span(2, 900, 950),
    span(3, 1500, 1550),
    span(4, 1600, Infinity),
  ];

  it('keeps the messages on the wire during the window, long ones included', () => {
    const { spans: got } = spansInWindow(spans, 1000, 1520, 1900, 99);
    expect(got.map((s) => s.msg)).toEqual([1, 3]);
  });

  it('includes messages still in flight and stops at the high-water mark', () => {
    expect(spansInWindow(spans, 1000, 3000, 1900, 99).spans.map((s) => s.msg)).toEqual([1, 3, 4]);
    expect(spansInWindow(spans, 1000, 3000, 1900, 7).spans.map((s) => s.msg)).toEqual([1, 3]);
  });

  it('caps what it draws with an even sample, dropped messages first, and says how many there were', () => {
    const many = Array.from({ length: 1000 }, (_, i) => {
      const s = span(i, i * 10, i * 10 + 5);
      if (i % 100 === 0) Object.assign(s, { end: SPAN_END.dropped, dropReason: 'loss' });
      return s;
    });
    const got = spansInWindow(many, 0, 10_000, 5, 10_000, 100);
    expect(got.total).toBe(1000);
    expect(got.spans).toHaveLength(100);
    expect(got.spans.filter((s) => s.end === SPAN_END.dropped)).toHaveLength(10);
    expect(got.spans[0]!.sendT).toBeLessThan(200);
    expect(got.spans[99]!.sendT).toBeGreaterThan(9000);
    expect(got.spans.map((s) => s.sendSeq)).toEqual(
      [...got.spans.map((s) => s.sendSeq)].sort((a, b) => a - b),
    );
  });
});
