/**
 * What every lesson's tests share: run a lesson headlessly (defaults plus a script's settings), and
 * check that each step's scripted solution meets its challenge while doing nothing meets none.
 */
import { expect, it } from 'vitest';
import {
  defaultParams,
  runTrace,
  type Intervention,
  type LessonDef,
  type ParamValue,
  stepSolutionOf,
  stepStartOf,
} from '../../src/engine/index.ts';

export function runLesson(
  lesson: LessonDef,
  params: Record<string, ParamValue> = {},
  interventions: Intervention[] = [],
  seed = lesson.defaultSeed,
  untilMs = lesson.durationMs,
) {
  const all = { ...defaultParams(lesson.params), ...params };
  const trace = runTrace({ scenario: lesson.scenario, seed, params: all, interventions }, untilMs);
  return { trace, params: all };
}

/**
 * Two tests a step: its solution, played from the step's own start, meets it (with evidence and
 * words), and doing nothing from that start does not.
 */
export function itMeetsEachStepOnlyByItsSolution(lesson: LessonDef): void {
  lesson.steps.forEach((step, index) => {
    it(`step "${step.id}" is met by its solution`, () => {
      const solution = stepSolutionOf(lesson, index);
      const { trace, params } = runLesson(
        lesson,
        solution.params,
        solution.interventions,
        solution.seed,
        solution.untilMs,
      );
      const result = step.challenge(trace, params);
      expect(result.met, step.id).toBe(true);
      expect(result.evidence?.length).toBeGreaterThan(0);
      for (const seq of result.evidence ?? []) expect(seq).toBeLessThan(trace.length);
      expect(result.detail).toBeTruthy();
    });

    it(`step "${step.id}" is not met by doing nothing from its start`, () => {
      const start = stepStartOf(lesson, index);
      const { trace, params } = runLesson(lesson, start.params, start.interventions, start.seed);
      expect(step.challenge(trace, params).met).toBe(false);
    });
  });
}
