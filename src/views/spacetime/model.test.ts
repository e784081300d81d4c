import { describe, expect, it } from 'vitest';
import type { TraceEvent } from '../../engine/index.ts';
import { DiagramIndex, extentAt, phaseOf } from './model.ts';
import { summaryText } from './summary.ts';

function trace(...partials: Record<string, unknown>[]): TraceEvent[] {
  return partials.map((p, seq) => ({ seq, local: 0, node: 'client', t: 0, ...p }) as unknown as TraceEvent);
}

const events = trace(
  { type: 'call', t: 0, call: 1, request: 1, from: 'client', to: 'server', op: 'charge' }, // 0
  { type: 'send', t: 0, msg: 0, to: 'server', label: 'charge', call: 1 }, // 1
  { type: 'deliver', t: 50, node: 'server', msg: 0, from: 'client', label: 'charge', call: 1, sendSeq: 1 }, // 2
  { type: 'effect', t: 60, node: 'server', call: 1, request: 1, op: 'charge' }, // 3
  { type: 'crash', t: 100, node: 'server' }, // 4
  { type: 'partition', t: 200, node: 'client', from: 'client', to: 'server' }, // 5
  {
    type: 'outcome',
    t: 1000,
    call: 1,
    request: 1,
    from: 'client',
    to: 'server',
    op: 'charge',
    result: 'unknown',
    reason: 'deadline passed',
  }, // 6
  { type: 'recover', t: 1500, node: 'server' }, // 7
  { type: 'heal', t: 1600, node: 'client', from: 'client', to: 'server' }, // 8
  { type: 'effect', t: 1700, node: 'server', call: 1, request: 1, op: 'charge' }, // 9
);

describe('DiagramIndex', () => {
  it('turns crash/recover, partition/heal and call/outcome into stretches', () => {
    const index = new DiagramIndex();
    index.add(events);
    expect(index.bands).toMatchObject([
      { node: 'server', kind: 'down', startT: 100, startSeq: 4, endT: 1500, endSeq: 7 },
    ]);
    expect(index.cuts).toMatchObject([{ from: 'client', to: 'server', startT: 200, endT: 1600 }]);
    expect(index.calls).toMatchObject([{ call: 1, startT: 0, endT: 1000, endSeq: 6, result: 'unknown' }]);
    expect(index.effects.map((e) => e.double)).toEqual([false, true]);
    expect(index.maxLatencyMs).toBe(50);
  });

  it('counts what had happened at a cursor', () => {
    const index = new DiagramIndex();
    index.add(events);
    expect(index.countsAt(4)).toEqual({
      drops: 0,
      applied: 1,
      doubles: 0,
      outcomes: { success: 0, failure: 0, unknown: 0 },
    });
    expect(index.countsAt(10)).toEqual({
      drops: 0,
      applied: 2,
      doubles: 1,
      outcomes: { success: 0, failure: 0, unknown: 1 },
    });
  });

  it('reopens what a branch undid', () => {
    const index = new DiagramIndex();
    index.add(events);
    index.truncate(7);
    expect(index.bands[0]).toMatchObject({ endSeq: -1, endT: Infinity });
    expect(index.cuts[0]).toMatchObject({ endSeq: -1 });
    expect(index.calls[0]!.result).toBe('unknown');
    expect(index.effects).toHaveLength(1);
    index.truncate(5);
    expect(index.cuts).toHaveLength(0);
    expect(index.calls[0]!.result).toBeUndefined();
    // A recover after the branch closes the reopened band again.
    index.add(trace({ type: 'recover', t: 400, node: 'server' }).map((e) => ({ ...e, seq: 5 })));
    expect(index.bands[0]).toMatchObject({ endT: 400, endSeq: 5 });
  });
});

describe('as of the cursor', () => {
  const band = { startT: 100, startSeq: 4, endT: 1500, endSeq: 7 };
  it('draws what happened solid, what was seen after it faded, and nothing beyond', () => {
    expect(extentAt(band, 3, 90, 3, 90)).toEqual({ solid: null, later: null, open: false });
    expect(extentAt(band, 3, 90, 6, 1000)).toEqual({ solid: null, later: [100, 1000], open: false });
    expect(extentAt(band, 5, 300, 5, 300)).toEqual({ solid: [100, 300], later: null, open: true });
    expect(extentAt(band, 5, 300, 9, 1600)).toEqual({ solid: [100, 300], later: [300, 1500], open: true });
    expect(extentAt(band, 8, 1500, 8, 1500)).toEqual({ solid: [100, 1500], later: null, open: false });
  });

  it('places point events', () => {
    expect(phaseOf(3, 4, 9)).toBe('past');
    expect(phaseOf(5, 4, 9)).toBe('later');
    expect(phaseOf(9, 4, 9)).toBe('hidden');
  });
});

describe('summaryText', () => {
  it('says what the diagram shows, in words', () => {
    const text = summaryText({
      nodes: ['client', 'server'],
      cursorT: 1200,
      window: [0, 3000],
      sent: 3,
      drops: 1,
      outcomes: { success: 1, failure: 0, unknown: 1 },
      applied: 2,
      doubles: 0,
      down: ['server'],
      paused: [],
      cuts: [['client', 'server']],
    });
    expect(text).toContain('one lane per node (client, server)');
    expect(text).toContain('3 messages sent, 1 dropped');
    expect(text).toContain('2 calls answered: 1 success, 0 failure, 1 unknown');
    expect(text).toContain('Down now: server.');
    expect(text).toContain('Cut now: client → server.');
  });
});
