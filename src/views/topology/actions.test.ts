import { describe, expect, it } from 'vitest';
import { CLOCK_DRIFT_PPM_MAX, CLOCK_OFFSET_MS_MAX } from '../../engine/clock.ts';
import { linkActions, nodeActions } from './actions.ts';

const up = { name: 'server', label: 'idle', life: 'up' as const, slowFactor: 1 };

describe('nodeActions', () => {
  it('offers only what changes something', () => {
    const clock = ['skew-ahead', 'skew-behind', 'drift-faster', 'drift-slower'];
    expect(nodeActions(up).map((a) => a.id)).toEqual(['crash', 'pause', 'slow', ...clock]);
    expect(nodeActions({ ...up, life: 'crashed' }).map((a) => a.id)).toEqual(['recover', 'slow', ...clock]);
    expect(nodeActions({ ...up, life: 'paused', slowFactor: 4 }).map((a) => a.id)).toEqual([
      'crash',
      'resume',
      'normal',
      ...clock,
    ]);
  });
  it('cuts a node off from every other node while some link is whole, and restores them while one is cut', () => {
    const ids = (links: number, cut: number) =>
      nodeActions(up, undefined, { links, cut })
        .map((a) => a.id)
        .filter((id) => id === 'isolate' || id === 'rejoin');
    expect(ids(0, 0)).toEqual([]);
    expect(ids(3, 0)).toEqual(['isolate']);
    expect(ids(3, 1)).toEqual(['isolate', 'rejoin']);
    expect(ids(3, 3)).toEqual(['rejoin']);
    const byId = Object.fromEntries(nodeActions(up, undefined, { links: 3, cut: 1 }).map((a) => [a.id, a]));
    expect(byId.isolate?.intervention).toEqual({ kind: 'isolate', node: 'server' });
    expect(byId.rejoin?.intervention).toEqual({ kind: 'rejoin', node: 'server' });
  });
  it('builds interventions for the node', () => {
    const byId = Object.fromEntries(nodeActions(up).map((a) => [a.id, a.intervention]));
    expect(byId.crash).toEqual({ kind: 'crash', node: 'server' });
    expect(byId.slow).toEqual({ kind: 'slow', node: 'server', factor: 4 });
    expect(byId['skew-behind']).toEqual({ kind: 'skew', node: 'server', offsetMs: -100 });
    expect(byId['drift-faster']).toEqual({ kind: 'skew', node: 'server', driftPpm: 10_000 });
  });
  it("steps the clock's offset and drift within the allowed range, and can stop a drift", () => {
    const ids = (offsetMs: number, driftPpm: number) =>
      nodeActions(up, { offsetMs, driftPpm })
        .map((a) => a.id)
        .filter((id) => id.startsWith('skew') || id.startsWith('drift'));
    expect(ids(0, 20_000)).toEqual([
      'skew-ahead',
      'skew-behind',
      'drift-faster',
      'drift-slower',
      'drift-none',
    ]);
    expect(ids(CLOCK_OFFSET_MS_MAX, CLOCK_DRIFT_PPM_MAX)).toEqual([
      'skew-behind',
      'drift-slower',
      'drift-none',
    ]);
    expect(ids(-CLOCK_OFFSET_MS_MAX, -CLOCK_DRIFT_PPM_MAX)).toEqual([
      'skew-ahead',
      'drift-faster',
      'drift-none',
    ]);
    const drift = nodeActions(up, { offsetMs: 0, driftPpm: -10_000 }).find((a) => a.id === 'drift-slower');
    expect(drift?.intervention).toEqual({ kind: 'skew', node: 'server', driftPpm: -20_000 });
    expect(drift?.label).toBe('Clock runs slower (drift −20,000 ppm)');
  });
});

describe('linkActions', () => {
  const pair = { a: 'client', b: 'server', ab: true, ba: true, cutAB: false, cutBA: false };
  it('offers cuts and drops on a healthy link', () => {
    expect(linkActions(pair).map((a) => a.id)).toEqual([
      'cut-both',
      'cut-ab',
      'cut-ba',
      'drop-ab',
      'drop-ba',
    ]);
    expect(linkActions(pair).find((a) => a.id === 'cut-ab')?.intervention).toEqual({
      kind: 'partition',
      from: 'client',
      to: 'server',
      oneWay: true,
    });
  });
  it('heals what is cut, one way or both', () => {
    const oneWay = linkActions({ ...pair, cutBA: true });
    expect(oneWay.map((a) => a.id)).toEqual(['cut-both', 'cut-ab', 'heal', 'drop-ab', 'drop-ba']);
    expect(oneWay.find((a) => a.id === 'heal')?.intervention).toEqual({
      kind: 'heal',
      from: 'server',
      to: 'client',
      oneWay: true,
    });
    const both = linkActions({ ...pair, cutAB: true, cutBA: true });
    expect(both.find((a) => a.id === 'heal')?.intervention).toEqual({
      kind: 'heal',
      from: 'client',
      to: 'server',
    });
    expect(both.some((a) => a.id.startsWith('cut'))).toBe(false);
  });
  it('only offers directions that exist', () => {
    expect(linkActions({ ...pair, ba: false }).map((a) => a.id)).toEqual(['cut-ab', 'drop-ab']);
  });
});
