/**
 * The lessons for Node (the runner, benches): tsx has no import.meta.glob, so this scans lessons/
 * for <id>/lesson.ts with fs and imports them: whole lessons (guide and scenario), in catalog order.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { byCatalogOrder, type LessonDef } from '../engine/lesson.ts';

export const LESSONS_DIR = fileURLToPath(new URL('../../lessons/', import.meta.url));

/** The ids of the lessons present: every folder holding a lesson.ts, sorted by name. */
export function lessonFolders(dir: string = LESSONS_DIR): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(dir, d.name, 'lesson.ts')))
    .map((d) => d.name)
    .sort();
}

/** Imports one lesson by id (its folder name); throws when the file does not define that lesson. */
export async function loadLesson(id: string, dir: string = LESSONS_DIR): Promise<LessonDef> {
  const mod = (await import(pathToFileURL(join(dir, id, 'lesson.ts')).href)) as { default?: LessonDef };
  if (!mod.default || mod.default.id !== id) {
    throw new Error(`lessons/${id}/lesson.ts must default-export defineLesson({...}) with id "${id}"`);
  }
  return mod.default;
}

/** Every lesson, in catalog order (part, then order). */
export async function loadLessons(dir: string = LESSONS_DIR): Promise<LessonDef[]> {
  const lessons: LessonDef[] = [];
  for (const id of lessonFolders(dir)) lessons.push(await loadLesson(id, dir));
  return lessons.sort(byCatalogOrder);
}
