/**
 * The lessons of the bench build: stands in for lessons/registry.ts and lessons/loader.ts
 * (vite.config.ts aliases both to this file), so the real store and worker run the stress scenario.
 * Same exports as those two; only the stress lesson is in it.
 */
import type { LessonDef, LessonGuide } from '../../src/engine/lesson.ts';
import stress, { stressGuide } from './stress/lesson.ts';

export const lessonIds: readonly string[] = [stressGuide.id];

export function loadedGuide(id: string): LessonGuide | undefined {
  return id === stressGuide.id ? stressGuide : undefined;
}

export async function loadGuide(id: string): Promise<LessonGuide | undefined> {
  return loadedGuide(id);
}

export async function loadAllGuides(): Promise<LessonGuide[]> {
  return [stressGuide];
}

export async function loadLesson(id: string): Promise<LessonDef | undefined> {
  return id === stress.id ? stress : undefined;
}
