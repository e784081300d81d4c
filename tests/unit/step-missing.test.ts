/**
 * A step the learner has not met yet says what is still missing, in the trace's own terms ("3
 * payments so far, each success: press ..."), rather than repeating the hint: before Play, and after
 * the step's own start has played to the end with nothing done.
 */
import { describe, expect, it } from 'vitest';
import { loadLessons } from '../../src/cli/load-lessons.ts';
import { stepStartOf } from '../../src/engine/index.ts';
import { runLesson } from '../support/lesson-runs.ts';

describe('an unmet step says what is missing', async () => {
  const lessons = await loadLessons();
  for (const lesson of lessons) {
    lesson.steps.forEach((step, index) => {
      it(`${lesson.id} / ${step.id}`, () => {
        for (const untilMs of [0, lesson.durationMs]) {
          const { trace, params } = runLesson(lesson, { ...stepStartOf(lesson, index), untilMs });
          const open = step.challenge(trace, params);
          expect(open.met, `met at ${untilMs} ms with nothing done`).toBe(false);
          expect(open.missing, `says nothing at ${untilMs} ms`).toBeTruthy();
          expect(open.missing).not.toBe(step.hint);
        }
      });
    });
  }
});
