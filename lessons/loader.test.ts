import { describe, expect, it } from 'vitest';
import { loadLesson } from './loader.ts';
import { lessonIds, loadGuide } from './registry.ts';

describe("lesson loader (the worker's)", () => {
  it('loads every lesson the registry finds, whole: its guide and its scenario', async () => {
    for (const id of lessonIds) {
      const lesson = await loadLesson(id);
      expect(lesson?.scenario).toBeTypeOf('function');
      expect(lesson?.steps).toBe((await loadGuide(id))?.steps);
    }
  });

  it('knows no other lessons', async () => {
    expect(await loadLesson('no-such-lesson')).toBeUndefined();
    expect(await loadLesson('../registry')).toBeUndefined();
  });
});
