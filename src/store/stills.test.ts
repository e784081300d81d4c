import { describe, expect, it } from 'vitest';
import { loadLessons } from '../cli/load-lessons.ts';
import { stepSolutionOf, type TraceEvent } from '../engine/index.ts';
import { runLesson } from '../../tests/support/lesson-runs.ts';
import { traceFromEvents } from './challenges.ts';
import { cutAtKeyMoment, firstMetLength } from './stills.ts';

const ev = (seq: number, t: number): TraceEvent => ({ seq, t, node: 'a', type: 'crash' }) as TraceEvent;

describe('firstMetLength', () => {
  const events = [0, 10, 20, 30, 40].map((t, i) => ev(i, t));
  it('finds the shortest prefix that meets, or null', () => {
    expect(firstMetLength(events, (p) => p.some((e) => e.t >= 30))).toBe(4);
    expect(firstMetLength(events, () => true)).toBe(1);
    expect(firstMetLength(events, () => false)).toBeNull();
  });
});

describe('a still of each step', async () => {
  const lessons = await loadLessons();
  for (const lesson of lessons) {
    it(`${lesson.id}: each step's still ends a little after its challenge is first met`, () => {
      lesson.steps.forEach((step, i) => {
        const solution = stepSolutionOf(lesson, i);
        const { events } = runLesson(lesson, solution);
        const still = cutAtKeyMoment(lesson, i, [], events);
        expect(still.met, `${lesson.id}/${step.id}`).not.toBeNull();
        expect(still.endT).toBeGreaterThanOrEqual(still.met!.t);
        expect(still.events.at(-1)!.t).toBeLessThanOrEqual(still.endT);
        // The moment really is the first: one event less does not meet the challenge.
        const before = traceFromEvents(events.slice(0, still.met!.seq));
        expect(step.challenge(before, solution.params).met).toBe(false);
      });
    });
  }
});
