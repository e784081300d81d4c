/**
 * Predict, then reveal (issue 14): every lesson asks at least one question, each with two to four
 * answers, and the answer a prediction calls right is what the trace shows on its step's own start.
 */
import { describe, expect, it } from 'vitest';
import { loadLessons } from '../../src/cli/load-lessons.ts';
import { stepStartOf } from '../../src/engine/index.ts';
import { runLesson } from '../support/lesson-runs.ts';

describe('predictions', async () => {
  const lessons = await loadLessons();
  for (const lesson of lessons) {
    it(`${lesson.id} asks at least one, and its right answers are what its steps' starts show`, () => {
      const all = lesson.steps.flatMap((step, index) => (step.predictions ?? []).map((p) => ({ p, index })));
      expect(all.length).toBeGreaterThan(0);
      for (const { p, index } of all) {
        expect(p.answers.length).toBeGreaterThanOrEqual(2);
        expect(p.answers.length).toBeLessThanOrEqual(4);
        expect(p.right).toBeLessThan(p.answers.length);
        expect(p.askAtMs).toBeLessThan(lesson.durationMs);
        const { trace, params } = runLesson(lesson, stepStartOf(lesson, index));
        // Asked before the trace can tell: the question is a real one at that moment.
        const before = trace.slice().filter((e) => e.t <= p.askAtMs);
        expect(before.length).toBeGreaterThan(0);
        const shown = p.reveal(trace, params);
        expect(shown, `${lesson.id}/${p.id} reveals nothing on its step's start`).not.toBeNull();
        expect(shown!.answer, `${lesson.id}/${p.id}: ${shown!.why}`).toBe(p.right);
        expect(trace.get(shown!.seq).t).toBeGreaterThan(p.askAtMs);
        expect(shown!.why.length).toBeGreaterThan(20);
      }
    });
  }
});
