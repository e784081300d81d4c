import { beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { defaultParams, type Intervention } from '../engine/index.ts';
import type { RunSpec } from '../engine/run-spec.ts';
import { createAppStore } from './store.ts';
import type { SimClient } from './sim-client.ts';
import { loadAllGuides, loadedGuide } from '../../lessons/registry.ts';
import { lessons } from '../../tests/support/lessons.ts';
import {
  describeChanges,
  interventionOf,
  interventionWords,
  isPlainRun,
  learnerChanges,
  stepStartRun,
  workloadOver,
} from './step-start.ts';
import { encodeRunToQuery, parseRunQuery } from './url.ts';

beforeAll(() => loadAllGuides());

function fakeClient(loads: RunSpec[]): SimClient {
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
    intervene() {},
    requestPositions() {},
    crashTest() {},
  };
}

function open(lessonId: string) {
  const loads: RunSpec[] = [];
  const store = createAppStore(
    () => fakeClient(loads),
    () => fakeClient([]),
    null,
  );
  const guide = loadedGuide(lessonId)!;
  store.getState().openRun(stepStartRun(guide, 0), 0, null);
  return { store, loads, guide };
}

const crashOrSlowFreeze = { kind: 'pause', node: 'worker' } as const;

describe('every step starts clean', () => {
  it.each(lessons.map((l) => l.id))(
    "%s opened plainly: the worker simulates the run the store shows (its first step's own start)",
    (id) => {
      const loads: RunSpec[] = [];
      const store = createAppStore(
        () => fakeClient(loads),
        () => fakeClient([]),
        null,
      );
      const guide = loadedGuide(id)!;
      const plain: RunSpec = {
        ...stepStartRun(guide, 0),
        params: defaultParams(guide.params),
        interventions: [],
      };
      store.getState().openRun(plain, 0, null);
      expect(loads.at(-1)).toEqual(store.getState().run);
      expect(store.getState().run).toEqual(stepStartRun(guide, 0));
    },
  );

  it.each(lessons.map((l) => l.id))(
    "%s: a link that names a step and nothing else opens that step's own start",
    (id) => {
      const guide = loadedGuide(id)!;
      guide.steps.forEach((step, i) => {
        const loads: RunSpec[] = [];
        const store = createAppStore(
          () => fakeClient(loads),
          () => fakeClient([]),
          null,
        );
        const plain: RunSpec = {
          ...stepStartRun(guide, 0),
          params: defaultParams(guide.params),
          interventions: [],
        };
        store.getState().openRun(plain, 0, step.id);
        expect(store.getState().stepIndex).toBe(i);
        expect(store.getState().run).toEqual(stepStartRun(guide, i));
        expect(loads.at(-1)).toEqual(stepStartRun(guide, i));
      });
    },
  );

  it("moving on drops what the learner did in the step before (crash-or-slow's frozen worker)", () => {
    const { store } = open('crash-or-slow');
    const s = store.getState();
    s.seek(1200);
    s.intervene(crashOrSlowFreeze);
    s.setParam('timeoutMs', 300);
    expect(store.getState().run!.interventions).toHaveLength(1);
    store.getState().goToStep(1);
    const run = store.getState().run!;
    expect(run.interventions).toEqual([]);
    expect(run.params.timeoutMs).toBe(1500);
    expect(store.getState().cursor).toBe(0);
    expect(store.getState().stepStart?.carried).toBeNull();
  });

  it('a step with its own start opens with it (unreliable-network step 4 has every fault on)', () => {
    const { store, guide } = open('unreliable-network');
    store.getState().goToStep(3);
    const run = store.getState().run!;
    expect(run.params).toMatchObject({ loss: 0.2, duplicate: 0.2, jitterMs: 100, fix: false });
    expect(isPlainRun(run, guide)).toBe(false);
  });

  it('"Restart this step" and Reset return to the step\'s start, not to step 1\'s', () => {
    const { store } = open('unreliable-network');
    store.getState().goToStep(3);
    store.getState().setParam('fix', true);
    store.getState().intervene({ kind: 'drop-next', from: 'sender', to: 'receiver' });
    store.getState().restartStep();
    expect(store.getState().run!.params).toMatchObject({ loss: 0.2, fix: false });
    expect(store.getState().run!.interventions).toEqual([]);
    store.getState().setParam('fix', true);
    store.getState().reset();
    expect(store.getState().run!.params.fix).toBe(false);
    expect(store.getState().stepIndex).toBe(3);
  });

  it('a step that keeps the previous one says what came over, and can drop it', () => {
    const { store } = open('no-global-now');
    store.getState().goToStep(1);
    store.getState().seek(50);
    store.getState().intervene({ kind: 'skew', node: 'alice', offsetMs: 100 });
    store.getState().goToStep(2);
    const { run, stepStart } = store.getState();
    expect(run!.interventions).toEqual([{ at: 50, kind: 'skew', node: 'alice', offsetMs: 100 }]);
    expect(stepStart?.carried?.fromStep).toBe(1);
    expect(stepStart?.carried?.lines).toEqual(["Set Alice's clock 100 ms ahead at 50 ms"]);
    // What came over is part of this step's start: restarting keeps it, dropping it does not.
    store.getState().restartStep();
    expect(store.getState().run!.interventions).toHaveLength(1);
    store.getState().dropCarriedOver();
    expect(store.getState().run!.interventions).toEqual([]);
    expect(store.getState().stepStart?.carried).toBeNull();
  });

  it("acting at t removes only the learner's own actions scheduled after t", () => {
    const { store } = open('crash-or-slow');
    const s = store.getState();
    s.seek(2000);
    s.intervene({ kind: 'set-param', name: 'linkLatencyMs', value: 2000 });
    s.seek(350);
    s.intervene({ kind: 'set-param', name: 'linkLatencyMs', value: 10 });
    const ivs = store.getState().run!.interventions;
    expect(ivs).toEqual([{ at: 350, kind: 'set-param', name: 'linkLatencyMs', value: 10 }]);
    expect(store.getState().cursor).toBe(350);
    expect(store.getState().notices.at(-1)?.text).toMatch(/removed/);
  });

  it('actions before the moment stay', () => {
    const { store } = open('crash-or-slow');
    store.getState().seek(1000);
    store.getState().intervene({ kind: 'crash', node: 'worker' });
    store.getState().seek(3000);
    store.getState().intervene({ kind: 'recover', node: 'worker' });
    expect(store.getState().run!.interventions.map((iv) => iv.kind)).toEqual(['crash', 'recover']);
  });
});

describe('links name their step', () => {
  it('a link made on a step reopens there, with its run as it was', () => {
    const guide = loadedGuide('crash-or-slow')!;
    const run: RunSpec = {
      ...stepStartRun(guide, 2),
      params: { ...stepStartRun(guide, 2).params, timeoutMs: 700 },
    };
    const query = encodeRunToQuery(run, guide, 0, 'budget');
    const parsed = parseRunQuery(query, loadedGuide, null);
    expect(parsed.stepId).toBe('budget');
    const { store } = open('three-outcomes');
    store.getState().openRun(parsed.run!, 0, parsed.stepId!);
    expect(store.getState().lesson?.id).toBe('crash-or-slow');
    expect(store.getState().stepIndex).toBe(2);
    expect(store.getState().run!.params.timeoutMs).toBe(700);
    store.getState().restartStep();
    expect(store.getState().run!.params.timeoutMs).toBe(1500);
  });

  it('a step the lesson does not have is reported and ignored', () => {
    const parsed = parseRunQuery('?lesson=crash-or-slow&step=nope', loadedGuide, null);
    expect(parsed.stepId).toBeNull();
    expect(parsed.problems.join(' ')).toMatch(/no step called "nope"/);
  });

  it("opening a lesson plainly puts the run at its step's start", () => {
    const { store } = open('three-outcomes');
    const guide = loadedGuide('unreliable-network')!;
    // A learner whose saved progress says step 4 is next opens the lesson from the catalog.
    store.setState({
      progress: {
        version: 1,
        lessons: { 'unreliable-network': { stepsMet: ['gap', 'duplicate', 'reorder'], finished: false } },
      },
    });
    store.getState().openRun(stepStartRun(guide, 0), 0, null);
    expect(store.getState().stepIndex).toBe(3);
    expect(store.getState().run!.params.loss).toBe(0.2);
  });
});

describe('words for what a step starts with or keeps', () => {
  it('names every offer of every lesson by its button label', () => {
    for (const lesson of lessons) {
      for (const offer of lesson.interventions) {
        const iv = { ...interventionOf(offer), at: 1200 } as Intervention;
        expect(interventionWords(lesson, iv)).toBe(`${offer.label} at 1.20 s`);
      }
    }
  });

  it('uses setting labels and units, never parameter names', () => {
    const guide = loadedGuide('crash-or-slow')!;
    const changes = learnerChanges(
      {
        ...stepStartRun(guide, 0),
        params: { ...stepStartRun(guide, 0).params, timeoutMs: 300, adaptive: true },
      },
      stepStartRun(guide, 0),
    );
    expect(describeChanges(guide, changes)).toEqual(['Timeout: 300 ms', 'Adaptive timeout: on']);
  });

  it('the step starts of every lesson are valid settings and known nodes', () => {
    fc.assert(
      fc.property(fc.constantFrom(...lessons), (lesson) => {
        lesson.steps.forEach((_, i) => {
          const run = stepStartRun(lesson, i);
          for (const [name, value] of Object.entries(run.params)) {
            expect(Object.hasOwn(lesson.params, name), `${lesson.id} step ${i + 1}: ${name}`).toBe(true);
            expect(typeof value).toBe(typeof lesson.params[name]!.default);
          }
        });
      }),
    );
  });
});

describe('a run whose work is over', () => {
  const guide = () => loadedGuide('unreliable-network')!;
  const ev = (type: string, t: number) => ({ type, t, seq: 0, node: 'sender', local: t }) as never;
  it('is over when nothing is sent after the cursor in a second simulated ahead', () => {
    expect(workloadOver(guide(), [ev('send', 10), ev('deliver', 60)], 1, 100, 3000)).toBe(true);
    expect(workloadOver(guide(), [ev('send', 10), ev('send', 200)], 1, 100, 3000)).toBe(false);
    // Not simulated far enough ahead to tell.
    expect(workloadOver(guide(), [ev('send', 10)], 1, 100, 500)).toBe(false);
  });
  it('is never over in a lesson that waits for the learner to start work ("Pay")', () => {
    expect(workloadOver(loadedGuide('three-outcomes')!, [], 0, 100, 5000)).toBe(false);
  });
});
