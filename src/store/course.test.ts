import { describe, expect, it } from 'vitest';
import type { LessonGuide } from '../engine/lesson.ts';
import {
  courseItemIndex,
  courseItemQuery,
  encodeCourse,
  itemDone,
  nextItemToDo,
  parseCourse,
  type Course,
} from './course.ts';
import { emptyProgress, markStepsMet } from './progress.ts';
import { encodeInterventions } from './url.ts';

const guide = (id: string, steps: string[]) =>
  ({
    id,
    title: id.toUpperCase(),
    order: 1,
    steps: steps.map((s) => ({ id: s, title: s })),
  }) as unknown as LessonGuide;
const GUIDES = [guide('alpha', ['a1', 'a2']), guide('beta', ['b1'])];
const COURSE: Course = {
  title: 'Workshop',
  items: [
    { lessonId: 'alpha', stepId: 'a2', minutes: 5 },
    { lessonId: 'beta', stepId: null, minutes: 15 },
  ],
};
const raw = (data: unknown) => encodeInterventions(JSON.stringify(data));

describe('course links', () => {
  it('read back what was written', () => {
    expect(parseCourse(encodeCourse(COURSE), GUIDES)).toEqual({ course: COURSE, problems: [] });
  });

  it('refuse a damaged or foreign link in words', () => {
    for (const text of ['', 'not-a-course', encodeCourse(COURSE).slice(0, 10)]) {
      const parsed = parseCourse(text, GUIDES);
      expect(parsed.course).toBeNull();
      expect(parsed.problems[0]).toMatch(/could not be read/);
    }
    expect(parseCourse(raw({ v: 2, title: 'x', items: [] }), GUIDES).problems[0]).toMatch(/format 2/);
    expect(parseCourse(raw({ v: 1, title: '', items: [['alpha', null, 5]] }), GUIDES).problems[0]).toMatch(
      /title/,
    );
    expect(parseCourse(raw({ v: 1, title: 'x', items: [] }), GUIDES).problems[0]).toMatch(/1 to 40 items/);
  });

  it('leave out items naming lessons or steps there are not, prototype names included, and keep the rest', () => {
    const parsed = parseCourse(
      raw({
        v: 1,
        title: 'T',
        items: [
          ['constructor', null, 5],
          ['__proto__', null, 5],
          ['alpha', 'toString', 5],
          ['beta', null, 999],
          'junk',
        ],
      }),
      GUIDES,
    );
    expect(parsed.course?.items).toEqual([{ lessonId: 'beta', stepId: null, minutes: 10 }]);
    expect(parsed.problems).toHaveLength(5);
    expect(parseCourse(raw({ v: 1, title: 'T', items: [['nope', null, 5]] }), GUIDES).course).toBeNull();
  });

  it('say where an attendee is, and follow the path', () => {
    expect(courseItemIndex(COURSE, 'alpha', 'a2')).toBe(0);
    expect(courseItemIndex(COURSE, 'alpha', 'a1')).toBe(-1);
    expect(courseItemIndex(COURSE, 'beta', 'b1')).toBe(1);
    const q = new URLSearchParams(courseItemQuery('XYZ', COURSE.items[0]!));
    expect([q.get('lesson'), q.get('step'), q.get('course')]).toEqual(['alpha', 'a2', 'XYZ']);
  });

  it('count an item done from the lesson progress already kept', () => {
    let progress = emptyProgress();
    expect(nextItemToDo(progress, COURSE)).toBe(0);
    progress = markStepsMet(progress, 'alpha', ['a2'], ['a1', 'a2']);
    expect(itemDone(progress, COURSE.items[0]!)).toBe(true);
    expect(nextItemToDo(progress, COURSE)).toBe(1);
    progress = markStepsMet(progress, 'beta', ['b1'], ['b1']);
    expect(itemDone(progress, COURSE.items[1]!)).toBe(true);
    expect(nextItemToDo(progress, COURSE)).toBe(0);
  });
});
