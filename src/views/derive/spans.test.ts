import { describe, expect, it } from 'vitest';
import type { TraceEvent } from '../../engine/index.ts';
import { ViewSpans } from './spans.ts';

const base = (seq: number, t: number, node: string) => ({ seq, t, node, local: t });
const events: TraceEvent[] = [
  { ...base(0, 0, 'a'), type: 'send', msg: 1, to: 'b', label: 'ping' },
  { ...base(1, 5, 'a'), type: 'send', msg: 2, to: 'b', label: 'ping' },
  { ...base(2, 10, 'b'), type: 'drop', msg: 1, from: 'a', label: 'ping', reason: 'loss' },
  { ...base(3, 20, 'b'), type: 'drop', msg: 2, from: 'a', label: 'ping', reason: 'cut' },
];

describe('ViewSpans', () => {
  it('lists messages that died in a time window', () => {
    const s = new ViewSpans();
    s.add(events);
    expect(s.droppedBetween(0, 10).map((x) => x.msg)).toEqual([1]);
    expect(s.droppedBetween(10, 30).map((x) => x.msg)).toEqual([2]);
    expect(s.droppedBetween(-5, 30).map((x) => x.dropReason)).toEqual(['loss', 'cut']);
  });
  it('forgets drops after a branch point', () => {
    const s = new ViewSpans();
    s.add(events);
    s.truncate(3);
    expect(s.droppedBetween(-1, 100).map((x) => x.msg)).toEqual([1]);
    s.truncate(1);
    expect(s.droppedBetween(-1, 100)).toEqual([]);
  });
});
