import { describe, expect, it } from 'vitest';
import type { ClockEvent } from '../../engine/index.ts';
import { describeDrift, describeOffset, localAt, readClock, skewScaleMs } from './reading.ts';

const clock = (over: Partial<ClockEvent> = {}): ClockEvent => ({
  seq: 0,
  t: 0,
  node: 'a',
  local: 0,
  type: 'clock',
  reason: 'start',
  offsetMs: 0,
  driftPpm: 0,
  jumpMs: 0,
  baseTrue: 0,
  baseMono: 0,
  rate: 1,
  ...over,
});

describe('clock reading', () => {
  it('follows local(t) = baseMono + (t − baseTrue) × rate', () => {
    expect(localAt(clock({ baseTrue: 1000, baseMono: 1012, rate: 1.0001 }), 2000)).toBeCloseTo(2012.1);
  });
  it('reads the offset and the last jump at t', () => {
    const start = clock({ offsetMs: 5, baseMono: 5 });
    const skew = clock({ seq: 4, t: 500, reason: 'skew', jumpMs: -100, baseTrue: 500, baseMono: 405 });
    const early = readClock('a', start, 400, [start, skew]);
    expect(early.offsetMs).toBeCloseTo(5);
    expect(early.lastJump).toBeUndefined();
    const late = readClock('a', skew, 600, [start, skew]);
    expect(late.localMs).toBeCloseTo(505);
    expect(late.offsetMs).toBeCloseTo(-95);
    expect(late.lastJump).toEqual({ t: 500, jumpMs: -100, reason: 'skew' });
  });
  it('says it in words', () => {
    expect(describeOffset(12.44)).toBe('+12.4 ms ahead');
    expect(describeOffset(-3.1)).toBe('−3.1 ms behind');
    expect(describeOffset(0.01)).toBe('in step');
    expect(describeOffset(2500)).toBe('+2.50 s ahead');
    expect(describeDrift(100)).toBe('+100 ppm (gains 0.1 ms a second)');
    expect(describeDrift(-50)).toBe('−50 ppm (loses 0.050 ms a second)');
    expect(describeDrift(0)).toBe('no drift');
    expect(skewScaleMs([1, -3])).toBe(10);
    expect(skewScaleMs([1, -30])).toBe(30);
  });
});
