/**
 * Every lesson readout, found by a glob like the lessons themselves: a file lessons/<id>/readout.tsx
 * is all it takes to add one.
 */
import type { ReadoutModule } from './types.ts';

const modules = import.meta.glob<ReadoutModule>('../../../lessons/*/readout.tsx', { eager: true });

const byLesson = new Map<string, ReadoutModule>(
  Object.entries(modules).flatMap(([path, mod]) => {
    const id = /\/lessons\/([^/]+)\/readout\.tsx$/.exec(path)?.[1];
    return id && mod.default ? [[id, mod] as const] : [];
  }),
);

export function readoutFor(lessonId: string | undefined): ReadoutModule | undefined {
  return lessonId ? byLesson.get(lessonId) : undefined;
}

export const readoutLessonIds: readonly string[] = [...byLesson.keys()].sort();
