/**
 * Every whole lesson (guide and scenario), loaded at once, for tests: the app loads guides one at a
 * time (lessons/registry.ts), but a test wants them all synchronously. Same files and order as
 * src/cli/load-lessons.ts.
 */
import { byCatalogOrder, type LessonDef } from '../../src/engine/lesson.ts';

const modules = import.meta.glob<{ default: LessonDef }>('../../lessons/*/lesson.ts', { eager: true });

/** All lessons in catalog order. */
export const lessons: readonly LessonDef[] = Object.values(modules)
  .map((m) => m.default)
  .sort(byCatalogOrder);

export function getLesson(id: string): LessonDef | undefined {
  return lessons.find((l) => l.id === id);
}
