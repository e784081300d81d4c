import { describe, expect, it } from 'vitest';
import { loadLesson } from './loader.ts';
import { getLesson, lessonIds } from './registry.ts';

describe('lesson loader', () => {
  it('loads every lesson the registry finds, as the same definition', async () => {
    for (const id of lessonIds) expect(await loadLesson(id)).toBe(getLesson(id));
  });

  it('knows no other lessons', async () => {
    expect(await loadLesson('no-such-lesson')).toBeUndefined();
    expect(await loadLesson('../registry')).toBeUndefined();
  });
});
