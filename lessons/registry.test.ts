import { describe, expect, it } from 'vitest';
import { lessonFolders, loadLessons } from '../src/cli/load-lessons.ts';
import { getLesson, lessonIds, lessons } from './registry.ts';

describe('lesson registry', () => {
  it('finds every lessons/<id>/lesson.ts, in catalog order (part, then order)', () => {
    expect([...lessonIds].sort()).toEqual(lessonFolders());
    const keys = lessons.map((l) => [l.part, l.order]);
    expect(keys).toEqual([...keys].sort((a, b) => a[0]! - b[0]! || a[1]! - b[1]!));
  });

  it('looks lessons up by id', () => {
    expect(getLesson('three-outcomes')?.title).toBeTruthy();
    expect(getLesson('no-such-lesson')).toBeUndefined();
  });

  it('the Node loader finds the same lessons in the same order', async () => {
    expect((await loadLessons()).map((l) => l.id)).toEqual([...lessonIds]);
  });
});
