import { describe, expect, it } from 'vitest';
import type { RunSpec } from '../engine/run-spec.ts';
import { DEFAULT_LINK, emptyDoc, type SandboxDoc } from '../sandbox/document.ts';
import { createAppStore } from './store.ts';
import type { SimClient } from './sim-client.ts';

function fakeClient(loads: RunSpec[], interventions: unknown[] = []): SimClient {
  let generation = 0;
  return {
    get generation() {
      return generation;
    },
    load(run) {
      loads.push(run);
      return ++generation;
    },
    extend() {},
    intervene(iv) {
      interventions.push(iv);
    },
    requestPositions() {},
    crashTest() {},
  };
}

const starter = (): SandboxDoc => ({
  ...emptyDoc(),
  nodes: [
    { name: 'c1', behaviour: 'client', settings: {}, clock: { offsetMs: 0, driftPpm: 0 }, x: 0.2, y: 0.5 },
    {
      name: 'pay',
      behaviour: 'payment-server',
      settings: {},
      clock: { offsetMs: 0, driftPpm: 0 },
      x: 0.8,
      y: 0.5,
    },
  ],
  links: [
    { from: 'c1', to: 'pay', ...DEFAULT_LINK },
    { from: 'pay', to: 'c1', ...DEFAULT_LINK },
  ],
});

function openSandbox() {
  const loads: RunSpec[] = [];
  const branched: unknown[] = [];
  const store = createAppStore(
    () => fakeClient(loads, branched),
    () => fakeClient([]),
    null,
  );
  store.getState().openSandbox(starter());
  return { store, loads, branched };
}

describe('the sandbox in the store', () => {
  it('runs the document it opens: the worker is sent the run with the document in it', () => {
    const { store, loads } = openSandbox();
    expect(loads).toHaveLength(1);
    expect(loads[0]!.sandbox).toEqual(starter());
    expect(store.getState().lesson?.id).toBe('sandbox');
    expect(store.getState().lesson?.nodeNames({})).toEqual(['c1', 'pay']);
  });

  it('an edit reloads the run at the same moment; undo and redo go back and forth', () => {
    const { store, loads } = openSandbox();
    store.setState({ cursor: 1500 });
    expect(
      store.getState().sandboxEdit({ kind: 'set-setting', name: 'c1', setting: 'retries', value: 3 }),
    ).toBe(undefined);
    expect(loads.at(-1)!.sandbox!.nodes[0]!.settings).toEqual({ retries: 3 });
    expect(store.getState().cursor).toBe(1500);
    store.getState().sandboxUndo();
    expect(loads.at(-1)!.sandbox).toEqual(starter());
    store.getState().sandboxRedo();
    expect(loads.at(-1)!.sandbox!.nodes[0]!.settings).toEqual({ retries: 3 });
    expect(store.getState().sandboxEdit({ kind: 'remove-node', name: 'nobody' })).toMatch(
      /no node called nobody/,
    );
  });

  it('a fault pressed on the run goes on the timeline, where undo takes it off', () => {
    const { store, loads, branched } = openSandbox();
    store.setState({ cursor: 800 });
    store.getState().intervene({ kind: 'crash', node: 'pay' });
    expect(branched).toEqual([]); // not a branch of the old run: a run of the new document
    expect(loads.at(-1)!.interventions).toEqual([{ at: 800, kind: 'crash', node: 'pay' }]);
    expect(store.getState().sandbox!.doc.interventions).toEqual([{ at: 800, kind: 'crash', node: 'pay' }]);
    store.getState().sandboxUndo();
    expect(loads.at(-1)!.interventions).toEqual([]);
  });

  it('a new seed is an edit of the document too, and Restart starts the document as it is now', () => {
    const { store, loads } = openSandbox();
    store.getState().setSeed(77);
    expect(store.getState().sandbox!.doc.seed).toBe(77);
    expect(loads.at(-1)!.seed).toBe(77);
    store.getState().sandboxEdit({ kind: 'remove-node', name: 'c1' });
    store.getState().reset();
    expect(loads.at(-1)!.sandbox!.nodes.map((n) => n.name)).toEqual(['pay']);
    expect(loads.at(-1)!.seed).toBe(77);
  });

  it('opening a lesson ends the sandbox', () => {
    const { store } = openSandbox();
    store.getState().load({ lessonId: 'three-outcomes', seed: 1, params: {}, interventions: [] });
    expect(store.getState().sandbox).toBe(null);
  });
});
