import { describe, expect, it } from 'vitest';
import type { TraceEvent } from '../../engine/index.ts';
import { History, StatusIndex } from './status.ts';

const at = (seq: number, node = 'server') => ({ seq, t: seq * 10, node, local: seq * 10 });
const clock = (
  seq: number,
  fields: Partial<{
    reason: 'start' | 'resync' | 'skew';
    offsetMs: number;
    driftPpm: number;
    rate: number;
  }> = {},
) =>
  ({
    ...at(seq),
    type: 'clock',
    reason: 'start',
    offsetMs: 0,
    driftPpm: 0,
    jumpMs: 0,
    baseTrue: 0,
    baseMono: 0,
    rate: 1,
    ...fields,
  }) as TraceEvent;

const trace: TraceEvent[] = [
  clock(0),
  { ...at(1), type: 'state', label: 'idle' },
  { ...at(2), type: 'state', label: 'working' },
  { ...at(3), type: 'crash' },
  { ...at(4, 'client'), type: 'partition', from: 'client', to: 'server' },
  { ...at(5), type: 'recover' },
  { ...at(6), type: 'intervention', kind: 'slow', node: 'server', factor: 4 },
  { ...at(7), type: 'pause' },
  { ...at(8, 'client'), type: 'heal', from: 'client', to: 'server' },
];

describe('History', () => {
  it('reads the last change before the cursor', () => {
    const h = new History<string>();
    h.push(2, 'x');
    h.push(5, 'y');
    expect(h.at(2)).toBeUndefined();
    expect(h.at(3)).toBe('x');
    expect(h.at(6)).toBe('y');
    h.truncate(5);
    expect(h.at(99)).toBe('x');
  });
});

describe('StatusIndex', () => {
  const index = new StatusIndex();
  index.add(trace);
  it('derives the state label and life up to the cursor', () => {
    expect(index.nodeAt('server', 2)).toMatchObject({ label: 'idle', life: 'up', slowFactor: 1 });
    expect(index.nodeAt('server', 3)).toMatchObject({ label: 'working', life: 'up' });
    expect(index.nodeAt('server', 4).life).toBe('crashed');
    expect(index.nodeAt('server', 6).life).toBe('up');
    expect(index.nodeAt('server', 7).slowFactor).toBe(4);
    expect(index.nodeAt('server', 8).life).toBe('paused');
    expect(index.nodeAt('nobody', 8)).toEqual({ name: 'nobody', label: '', life: 'up', slowFactor: 1 });
  });
  it('tracks cuts per direction', () => {
    expect(index.isCut('client', 'server', 4)).toBe(false);
    expect(index.isCut('client', 'server', 5)).toBe(true);
    expect(index.isCut('server', 'client', 5)).toBe(false);
    expect(index.isCut('client', 'server', 9)).toBe(false);
    expect(index.cutLinksAt(5)).toEqual([['client', 'server']]);
    expect(index.cutLinksAt(9)).toEqual([]);
  });
  it('knows when every clock is perfect', () => {
    expect(index.clocksPerfect()).toBe(true);
    const skewed = new StatusIndex();
    skewed.add([clock(0, { offsetMs: 3 })]);
    expect(skewed.clocksPerfect()).toBe(false);
    const resynced = new StatusIndex();
    resynced.add([clock(0), clock(1, { reason: 'resync' })]);
    expect(resynced.clocksPerfect()).toBe(false);
  });
  it('forgets after a branch', () => {
    const i = new StatusIndex();
    i.add(trace);
    i.truncate(3);
    expect(i.nodeAt('server', 99)).toMatchObject({ label: 'working', life: 'up', slowFactor: 1 });
    expect(i.isCut('client', 'server', 99)).toBe(false);
  });
});
