import { describe, expect, it } from 'vitest';
import { defaultParams, withParams, Simulation, type LessonDef, type Script } from '../engine/index.ts';
import { lessons, getLesson } from '../../tests/support/lessons.ts';
import { evaluateSteps, sameResults, traceFromEvents, TraceMirror } from './challenges.ts';

function run(lesson: LessonDef, script: Script) {
  const params = withParams(defaultParams(lesson.params), script.params);
  const sim = new Simulation({
    scenario: lesson.scenario,
    seed: script.seed ?? lesson.defaultSeed,
    params,
    interventions: script.interventions,
  });
  sim.runUntil(script.untilMs ?? lesson.durationMs);
  return { sim, params, events: sim.trace.slice() };
}

describe('a Trace rebuilt from the events the store holds', () => {
  for (const lesson of lessons) {
    it(`${lesson.id}: every event reads back exactly as the worker sent it`, () => {
      // Each step's solution exercises that step's events (drops, crashes, params, custom events).
      for (const step of lesson.steps) {
        const { events } = run(lesson, step.solution);
        const rebuilt = traceFromEvents(events);
        expect(rebuilt.length).toBe(events.length);
        expect(rebuilt.slice()).toEqual(events);
      }
    });
  }

  for (const lesson of lessons) {
    it(`${lesson.id}: each step's challenge says the same on the rebuilt trace as on the original`, () => {
      for (const step of lesson.steps) {
        const { sim, events, params } = run(lesson, step.solution);
        const original = evaluateSteps(lesson, sim.trace, sim.currentParams);
        const mirror = new TraceMirror();
        // The run's starting parameters, changed by the set-param events on the way: what the worker ended with.
        const rebuilt = evaluateSteps(lesson, mirror.sync(events, events.length), mirror.paramsAt(params));
        expect(rebuilt, step.id).toEqual(original);
        expect(rebuilt[step.id]!.met, `${step.id} is met by its own solution`).toBe(true);
      }
    });
  }
});

describe('TraceMirror follows the cursor', () => {
  const lesson = getLesson('three-outcomes')!;
  const step = lesson.steps.find((s) => s.id === 'unknown-applied')!;
  const { events } = run(lesson, step.solution);
  const params = defaultParams(lesson.params);

  it('a challenge turns green exactly when the cursor passes its evidence, and back when rewound', () => {
    const mirror = new TraceMirror();
    const full = evaluateSteps(lesson, mirror.sync(events, events.length), params)[step.id]!;
    expect(full.met).toBe(true);
    const last = Math.max(...full.evidence!);
    // Just before the last piece of evidence: not met. Just after: met.
    expect(evaluateSteps(lesson, mirror.sync(events, last), params)[step.id]!.met).toBe(false);
    expect(evaluateSteps(lesson, mirror.sync(events, last + 1), params)[step.id]!.met).toBe(true);
    expect(evaluateSteps(lesson, mirror.sync(events, 0), params)[step.id]!.met).toBe(false);
  });

  it('grows by appending, and rebuilds when the run branched (new event objects)', () => {
    expect(events.length).toBeGreaterThan(15);
    const mirror = new TraceMirror();
    const trace = mirror.sync(events, 5);
    expect(mirror.sync(events, 12)).toBe(trace);
    expect(trace.length).toBe(12);
    // A branch: the store keeps events up to 8 and receives new objects after them.
    const branched = [...events.slice(0, 8), ...events.slice(8).map((e) => ({ ...e }))];
    const again = mirror.sync(branched, 15);
    expect(again.length).toBe(15);
    expect(again.slice()).toEqual(events.slice(0, 15));
    // Asking for more than there is holds what there is.
    expect(mirror.sync(branched, 10_000).length).toBe(events.length);
  });

  it('shifts evidence into the store numbering when the window does not start at 0', () => {
    const results = evaluateSteps(lesson, traceFromEvents(events), params, 1000);
    expect(results[step.id]!.evidence!.every((s) => s >= 1000)).toBe(true);
  });

  it('knows the parameters at the cursor from set-param events', () => {
    const crash = getLesson('crash-or-slow')!;
    const slow = crash.steps.find((s) => s.id === 'slow-not-dead')!;
    const r = run(crash, slow.solution);
    const paramSeq = r.events.find((e) => e.type === 'param')!.seq;
    const mirror = new TraceMirror();
    const base = defaultParams(crash.params);
    mirror.sync(r.events, paramSeq);
    expect(mirror.paramsAt(base).linkLatencyMs).toBe(base.linkLatencyMs);
    mirror.sync(r.events, paramSeq + 1);
    expect(mirror.paramsAt(base).linkLatencyMs).toBe(2000);
    mirror.sync(r.events, paramSeq);
    expect(mirror.paramsAt(base).linkLatencyMs).toBe(base.linkLatencyMs);
  });

  it('a challenge that throws counts as not met', () => {
    const broken: LessonDef = {
      ...lesson,
      steps: [
        {
          ...lesson.steps[0]!,
          challenge: () => {
            throw new Error('bug');
          },
        },
      ],
    };
    const original = console.error;
    console.error = () => {};
    try {
      expect(evaluateSteps(broken, traceFromEvents(events), params)).toEqual({
        [lesson.steps[0]!.id]: { met: false },
      });
    } finally {
      console.error = original;
    }
  });

  it('sameResults compares what the player shows', () => {
    const a = { s: { met: true, evidence: [1, 2], detail: 'x' } };
    expect(sameResults(a, { s: { met: true, evidence: [1, 2], detail: 'x' } })).toBe(true);
    expect(sameResults(a, { s: { met: true, evidence: [1], detail: 'x' } })).toBe(false);
    expect(sameResults(a, { s: { met: false } })).toBe(false);
    expect(sameResults(a, {})).toBe(false);
  });
});
