/**
 * The one way tests run a lesson headlessly: the lesson's defaults plus a script's settings, run to
 * the lesson's end (or `untilMs`). Also the check every lesson shares: each step's scripted solution
 * meets its challenge while doing nothing meets none.
 */
import { expect, it } from 'vitest';
import {
  defaultParams,
  withParams,
  Simulation,
  type Intervention,
  type LessonDef,
  type Params,
  type ParamValue,
  type Trace,
  type TraceEvent,
  stepSolutionOf,
  stepStartOf,
} from '../../src/engine/index.ts';

export interface LessonRunOptions {
  params?: Partial<Record<string, ParamValue>>;
  interventions?: readonly Intervention[];
  seed?: number;
  untilMs?: number;
  /** Checkpoint spacing, for tests that rewind; none by default (a straight run needs none). */
  checkpointEvery?: number;
}

export interface LessonRun {
  sim: Simulation;
  trace: Trace;
  /** The trace as plain events, as the store holds them. */
  events: TraceEvent[];
  /**
   * The parameters in force at the end of the run (the defaults, the script's settings, then every
   * "set" intervention): what the app hands a step's challenge.
   */
  params: Params;
  /** The parameters the run started with (the defaults and the script's settings). */
  startParams: Params;
}

export function runLesson(lesson: LessonDef, options: LessonRunOptions = {}): LessonRun {
  const startParams = withParams(defaultParams(lesson.params), options.params);
  const sim = new Simulation(
    {
      scenario: lesson.scenario,
      seed: options.seed ?? lesson.defaultSeed,
      params: startParams,
      interventions: [...(options.interventions ?? [])],
    },
    { checkpointEvery: options.checkpointEvery ?? 0 },
  );
  sim.runUntil(options.untilMs ?? lesson.durationMs);
  return { sim, trace: sim.trace, events: sim.trace.slice(), params: sim.currentParams, startParams };
}

/**
 * Two tests a step: its solution, played from the step's own start, meets it (with evidence and
 * words), and doing nothing from that start does not.
 */
export function itMeetsEachStepOnlyByItsSolution(lesson: LessonDef): void {
  lesson.steps.forEach((step, index) => {
    it(`step "${step.id}" is met by its solution`, () => {
      const { trace, params } = runLesson(lesson, stepSolutionOf(lesson, index));
      const result = step.challenge(trace, params);
      expect(result.met, result.missing ?? step.id).toBe(true);
      expect(result.evidence?.length).toBeGreaterThan(0);
      for (const seq of result.evidence ?? []) expect(seq).toBeLessThan(trace.length);
      expect(result.detail).toBeTruthy();
    });

    it(`step "${step.id}" is not met by doing nothing from its start`, () => {
      const start = stepStartOf(lesson, index);
      const { trace, params } = runLesson(lesson, start);
      const open = step.challenge(trace, params);
      expect(open.met).toBe(false);
      // That it also says what is missing is checked for every lesson in tests/unit/step-missing.test.ts.
    });
  });
}
