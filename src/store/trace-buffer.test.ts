import { describe, expect, it } from 'vitest';
import type { TraceEvent } from '../engine/index.ts';
import { appendChunk, MAX_EVENTS, truncateWindow } from './trace-buffer.ts';

const ev = (seq: number): TraceEvent => ({ type: 'timer', seq, t: seq, node: 'a', local: seq }) as TraceEvent;
const range = (from: number, n: number) => Array.from({ length: n }, (_, i) => ev(from + i));

describe('the trace window both runs keep', () => {
  it('appends a chunk that follows on, and ignores one out of step', () => {
    const w = { events: range(0, 3), baseSeq: 0 };
    expect(appendChunk(w, 3, range(3, 2))?.events.map((e) => e.seq)).toEqual([0, 1, 2, 3, 4]);
    expect(appendChunk(w, 2, range(2, 2))).toBeNull();
    expect(appendChunk(w, 5, range(5, 1))).toBeNull();
    // An empty chunk keeps the same array, so nothing that reads it re-renders.
    expect(appendChunk(w, 3, [])?.events).toBe(w.events);
  });

  it('lets the oldest events go past the limit, and truncates by seq', () => {
    const full = appendChunk(
      { events: range(0, MAX_EVENTS), baseSeq: 0 },
      MAX_EVENTS,
      range(MAX_EVENTS, 10),
    )!;
    expect(full.events.length).toBe(MAX_EVENTS);
    expect(full.baseSeq).toBe(10);
    expect(full.events[0]!.seq).toBe(10);
    expect(truncateWindow({ events: range(5, 5), baseSeq: 5 }, 7).map((e) => e.seq)).toEqual([5, 6]);
    expect(truncateWindow({ events: range(5, 5), baseSeq: 5 }, 2)).toEqual([]);
  });
});
