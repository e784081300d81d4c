/**
 * Every lesson, found by a glob: a folder lessons/<id>/ with a lesson.ts that default-exports
 * `defineLesson({...})` is all it takes to add one. For the app, the worker and Vitest (Vite-based);
 * Node scripts use src/cli/load-lessons.ts, which finds the same files with fs.
 */
import type { LessonDef } from '../src/engine/lesson.ts';

const modules = import.meta.glob<{ default: LessonDef }>('./*/lesson.ts', { eager: true });

function fromModules(): LessonDef[] {
  return Object.entries(modules)
    .map(([path, mod]) => {
      const folder = /^\.\/([^/]+)\/lesson\.ts$/.exec(path)?.[1];
      const lesson = mod.default;
      if (!lesson || lesson.id !== folder) {
        throw new Error(`${path} must default-export defineLesson({...}) with id "${folder}"`);
      }
      return lesson;
    })
    .sort((a, b) => a.part - b.part || a.order - b.order || a.id.localeCompare(b.id));
}

/** All lessons in catalog order (part, then order). */
export const lessons: readonly LessonDef[] = fromModules();
export const lessonIds: readonly string[] = lessons.map((l) => l.id);

const byId = new Map(lessons.map((l) => [l.id, l]));

export function getLesson(id: string): LessonDef | undefined {
  return byId.get(id);
}
