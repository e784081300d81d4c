/**
 * The lessons of the bench build: stands in for lessons/registry.ts and lessons/loader.ts
 * (vite.config.ts aliases both to this file), so the real store and worker run the stress scenario.
 * Same exports as those two; only the stress lesson is in it.
 */
import type { LessonDef } from '../../src/engine/lesson.ts';
import stress from './stress/lesson.ts';

export const lessons: readonly LessonDef[] = [stress];
export const lessonIds: readonly string[] = lessons.map((l) => l.id);

export function getLesson(id: string): LessonDef | undefined {
  return lessons.find((l) => l.id === id);
}

export async function loadLesson(id: string): Promise<LessonDef | undefined> {
  return getLesson(id);
}
