import { beforeAll, describe, expect, it } from 'vitest';
import type { Intervention } from '../engine/index.ts';
import type { RunSpec } from '../engine/run-spec.ts';
import { createAppStore } from './store.ts';
import { appendedInterventions, comparisonSeqAt, flippedRun } from './comparison.ts';
import type { SimClient } from './sim-client.ts';
import { getLesson } from '../../tests/support/lessons.ts';
import { loadAllGuides } from '../../lessons/registry.ts';

// The store opens runs of lessons whose guides are loaded (the app loads them before opening a link).
beforeAll(() => loadAllGuides());

interface Call {
  type: 'load' | 'extend' | 'intervene';
  run?: RunSpec;
  untilMs: number;
  intervention?: Intervention;
}

function fakeClient(log: Call[]): SimClient {
  let generation = 0;
  return {
    get generation() {
      return generation;
    },
    load(run, untilMs) {
      log.push({ type: 'load', run, untilMs });
      return ++generation;
    },
    extend(untilMs) {
      log.push({ type: 'extend', untilMs });
    },
    intervene(intervention, untilMs) {
      log.push({ type: 'intervene', intervention, untilMs });
    },
    requestPositions() {},
    crashTest() {},
  };
}

const idem: RunSpec = {
  lessonId: 'idempotency',
  seed: 5,
  params: { responseLoss: 0, retries: 2, idempotencyKey: false },
  interventions: [],
};

function setup() {
  const main: Call[] = [];
  const second: Call[] = [];
  const store = createAppStore(
    () => fakeClient(main),
    () => fakeClient(second),
  );
  return { store, main, second };
}

describe('flipping the fix', () => {
  it('flips only the fix parameter, and not for a lesson without one', () => {
    const lesson = getLesson('idempotency')!;
    expect(flippedRun(idem, lesson)).toEqual({ ...idem, params: { ...idem.params, idempotencyKey: true } });
    expect(flippedRun({ ...idem, params: {} }, lesson)!.params.idempotencyKey).toBe(true);
    expect(flippedRun({ ...idem, lessonId: 'three-outcomes' }, getLesson('three-outcomes')!)).toBeNull();
  });

  it('tells appended interventions from a changed run', () => {
    const iv: Intervention = { at: 100, kind: 'drop-next', from: 'server', to: 'client' };
    expect(appendedInterventions(idem, { ...idem, interventions: [iv] })).toEqual([iv]);
    expect(appendedInterventions({ ...idem, interventions: [iv] }, idem)).toBeNull();
    expect(appendedInterventions(idem, { ...idem, seed: 6 })).toBeNull();
  });
});

describe('the comparison slice', () => {
  it('starts a second run with the fix flipped and follows the main run', () => {
    const { store, second } = setup();
    store.getState().load(idem);
    store.getState().setComparison(true);
    expect(second).toHaveLength(1);
    expect(second[0]).toMatchObject({ type: 'load', run: { seed: 5, params: { idempotencyKey: true } } });
    expect(store.getState().comparison).toMatchObject({ enabled: true, status: 'loading' });

    // A new intervention branches the second run too.
    const drop: Intervention = { at: 0, kind: 'drop-next', from: 'server', to: 'client' };
    store.getState().intervene(drop);
    expect(second[1]).toMatchObject({ type: 'intervene', intervention: { at: 0, kind: 'drop-next' } });

    // A parameter change reloads it, still flipped.
    store.getState().setParam('retries', 4);
    expect(second[2]).toMatchObject({ type: 'load', run: { params: { retries: 4, idempotencyKey: true } } });

    // Turning the fix on in the main run puts the second run without it.
    store.getState().setParam('idempotencyKey', true);
    expect(second[3]).toMatchObject({ type: 'load', run: { params: { idempotencyKey: false } } });

    // The cursor moving on keeps the second run simulated ahead.
    const before = second.length;
    store.getState().seek(20_000);
    expect(second.slice(before)).toContainEqual(expect.objectContaining({ type: 'extend' }));
  });

  it('takes chunks in order, ignores stale ones, and truncates on a branch', () => {
    const { store } = setup();
    store.getState().load(idem);
    store.getState().setComparison(true);
    const ev = (seq: number, t: number) => ({
      seq,
      t,
      node: 'client',
      local: t,
      type: 'timer' as const,
      timer: 0,
      tag: 'x',
    });
    store.getState().receiveComparisonChunk(0, [ev(0, 0), ev(1, 10), ev(2, 20)], 20);
    store.getState().receiveComparisonChunk(7, [ev(7, 70)], 70);
    const c = store.getState().comparison;
    expect(c.events).toHaveLength(3);
    expect(c.status).toBe('ready');
    expect(comparisonSeqAt(c.events, c.baseSeq, 10)).toBe(2);
    store.getState().truncateComparison(1);
    expect(store.getState().comparison.events).toHaveLength(1);
  });

  it('switches off for a lesson without a fix, and on switch-off forgets the second trace', () => {
    const { store, second } = setup();
    store.getState().load(idem);
    store.getState().setComparison(true);
    store.getState().load({ lessonId: 'three-outcomes', seed: 1, params: {}, interventions: [] });
    expect(store.getState().comparison.enabled).toBe(false);
    store.getState().load(idem);
    store.getState().setComparison(true);
    store.getState().setComparison(false);
    expect(store.getState().comparison).toMatchObject({ enabled: false, events: [], run: null });
    expect(second.filter((c) => c.type === 'load')).toHaveLength(2);
  });
});
