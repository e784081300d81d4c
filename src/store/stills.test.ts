import { describe, expect, it } from 'vitest';
import { loadLessons } from '../cli/load-lessons.ts';
import { stepSolutionOf, type TraceEvent } from '../engine/index.ts';
import { runLesson } from '../../tests/support/lesson-runs.ts';
import { traceFromEvents } from './challenges.ts';
import { cutAtKeyMoment, firstMetLength, MAX_STILL_EVENTS } from './stills.ts';

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

describe('a still of a long run', () => {
  it('keeps the last events up to the key moment when too many come before it, and starts where they do', async () => {
    const lesson = (await loadLessons()).find((l) => l.id === 'failures-multiply')!;
    const index = lesson.steps.findIndex((s) => s.id === 'chain');
    const { events } = runLesson(lesson, stepSolutionOf(lesson, index));
    const still = cutAtKeyMoment(lesson, index, [], events);
    expect(still.met!.seq).toBeGreaterThan(MAX_STILL_EVENTS);
    expect(still.events).toHaveLength(MAX_STILL_EVENTS);
    expect(still.events.at(-1)!.seq).toBe(still.met!.seq);
    expect(still.startT).toBe(still.events[0]!.t);
    expect(still.startT).toBeGreaterThan(0);
    expect(still.endT).toBe(still.met!.t);
  });

  it('a short run starts at 0', async () => {
    const lesson = (await loadLessons()).find((l) => l.id === 'three-outcomes')!;
    const { events } = runLesson(lesson, stepSolutionOf(lesson, 0));
    expect(cutAtKeyMoment(lesson, 0, [], events).startT).toBe(0);
  });
});
