import { describe, expect, it } from 'vitest';
import type { TraceEvent } from '../../engine/index.ts';
import { followTrace, sharedUntil, type TraceIndex } from './follow.ts';

const ev = (seq: number): TraceEvent => ({ seq, t: seq, node: 'a', local: seq, type: 'crash' });

class Log implements TraceIndex {
  seqs: number[] = [];
  rebuilt = 0;
  add(events: readonly TraceEvent[]) {
    for (const e of events) this.seqs.push(e.seq);
  }
  truncate(length: number) {
    this.seqs = this.seqs.filter((s) => s < length);
  }
}

describe('sharedUntil', () => {
  const base = [0, 1, 2, 3, 4].map(ev);
  it('is the end of the old window when the new one only appends', () => {
    expect(sharedUntil(base, 0, base.concat([ev(5)]), 0)).toBe(5);
  });
  it('finds where a branch replaced events', () => {
    const branched = base.slice(0, 3).concat([ev(3), ev(4)]);
    expect(sharedUntil(base, 0, branched, 0)).toBe(3);
  });
  it('is -1 for a new run', () => {
    expect(sharedUntil(base, 0, [0, 1].map(ev), 0)).toBe(-1);
    expect(sharedUntil(base, 0, [], 0)).toBe(-1);
  });
  it('aligns windows that slid forward', () => {
    const slid = base.slice(2).concat([ev(5)]);
    expect(sharedUntil(base, 0, slid, 2)).toBe(5);
  });
});

describe('followTrace', () => {
  it('adds only new events, truncates at a branch and rebuilds for a new run', () => {
    const sync = followTrace(() => new Log());
    const a = [0, 1, 2].map(ev);
    const first = sync(a, 0);
    expect(first.seqs).toEqual([0, 1, 2]);
    const b = a.concat([ev(3)]);
    expect(sync(b, 0)).toBe(first);
    expect(first.seqs).toEqual([0, 1, 2, 3]);
    const c = b.slice(0, 2).concat([ev(2), ev(3), ev(4)]);
    expect(sync(c, 0).seqs).toEqual([0, 1, 2, 3, 4]);
    const fresh = sync([ev(0)], 0);
    expect(fresh).not.toBe(first);
    expect(fresh.seqs).toEqual([0]);
  });
});
