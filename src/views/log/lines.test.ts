import { describe, expect, it } from 'vitest';
import type { TraceEvent } from '../../engine/index.ts';
import {
  countBelow,
  filterLines,
  kindOf,
  LOG_KINDS,
  lineText,
  relatesTo,
  selectionFor,
  visibleRange,
  type LogKind,
} from './lines.ts';
import { nextSeen } from './seen.ts';

const base = { local: 0, node: 'client' };
const events = [
  {
    ...base,
    seq: 0,
    t: 0,
    type: 'clock',
    reason: 'start',
    offsetMs: 0,
    driftPpm: 0,
    jumpMs: 0,
    baseTrue: 0,
    baseMono: 0,
    rate: 1,
  },
  { ...base, seq: 1, t: 500, type: 'call', call: 3, request: 3, from: 'client', to: 'server', op: 'charge' },
  { ...base, seq: 2, t: 500, type: 'send', msg: 0, to: 'server', label: 'charge', call: 3 },
  {
    ...base,
    seq: 3,
    t: 540,
    node: 'server',
    type: 'drop',
    msg: 0,
    from: 'client',
    label: 'charge',
    call: 3,
    reason: 'cut',
  },
  { ...base, seq: 4, t: 900, node: 'server', type: 'crash' },
  {
    ...base,
    seq: 5,
    t: 1500,
    type: 'outcome',
    call: 3,
    request: 3,
    from: 'client',
    to: 'server',
    op: 'charge',
    result: 'unknown',
    reason: 'deadline passed',
  },
  { ...base, seq: 6, t: 1500, type: 'state', label: 'idle' },
] as TraceEvent[];
const all = new Set<LogKind>(LOG_KINDS.map((k) => k.id));

describe('event log lines', () => {
  it('sorts every event into one filter kind', () => {
    expect(events.map(kindOf)).toEqual([
      'clocks',
      'calls',
      'messages',
      'messages',
      'faults',
      'calls',
      'other',
    ]);
  });

  it('reads as plain words', () => {
    expect(lineText(events[3]!)).toBe('client → server: charge (call 3) dropped: link cut');
  });

  it('filters by kind and by text, in trace order', () => {
    expect(filterLines(events, all, '')).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(filterLines(events, new Set<LogKind>(['messages', 'faults']), '')).toEqual([2, 3, 4]);
    expect(filterLines(events, all, 'CALL 3')).toEqual([1, 2, 3, 5]);
    expect(filterLines(events, all, '  dropped ')).toEqual([3]);
  });

  it('links a line to what it is about', () => {
    expect(selectionFor(events[3]!)).toEqual({ kind: 'message', msg: 0 });
    expect(selectionFor(events[5]!)).toEqual({ kind: 'call', call: 3 });
    expect(selectionFor(events[4]!)).toEqual({ kind: 'event', seq: 4 });
    expect(relatesTo(events[2]!, { kind: 'call', call: 3 })).toBe(true);
    expect(relatesTo(events[4]!, { kind: 'node', name: 'server' })).toBe(true);
    expect(relatesTo(events[2]!, { kind: 'link', from: 'client', to: 'server' })).toBe(true);
    expect(relatesTo(events[2]!, { kind: 'message', msg: 9 })).toBe(false);
    expect(relatesTo(events[2]!, null)).toBe(false);
  });

  it('cuts sorted seqs at a cursor and windows the rows', () => {
    expect(countBelow([1, 4, 9], 0)).toBe(0);
    expect(countBelow([1, 4, 9], 4)).toBe(1);
    expect(countBelow([1, 4, 9], 5)).toBe(2);
    expect(countBelow([1, 4, 9], 99)).toBe(3);
    expect(visibleRange(0, 440, 44, 1000, 2)).toEqual([0, 12]);
    expect(visibleRange(4400, 440, 44, 1000, 2)).toEqual([98, 112]);
    expect(visibleRange(0, 440, 44, 3)).toEqual([0, 3]);
  });
});

describe('the seen high-water mark', () => {
  it('follows the cursor forward, stays behind after a rewind, and forgets a replaced branch', () => {
    let seen = nextSeen(0, { cursorSeq: 40, baseSeq: 0, eventCount: 100 });
    expect(seen).toBe(40);
    seen = nextSeen(seen, { cursorSeq: 10, baseSeq: 0, eventCount: 100 });
    expect(seen).toBe(40);
    seen = nextSeen(seen, { cursorSeq: 10, baseSeq: 0, eventCount: 12 }); // the run branched at 12
    expect(seen).toBe(12);
    seen = nextSeen(seen, { cursorSeq: 10, baseSeq: 0, eventCount: 100 });
    expect(seen).toBe(12);
    expect(nextSeen(seen, { cursorSeq: 0, baseSeq: 0, eventCount: 0 })).toBe(0); // a new run
  });
});
