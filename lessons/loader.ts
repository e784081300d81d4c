/**
 * Whole lessons (guide and scenario) loaded one at a time, for the simulation worker: a run needs
 * only its own lesson, so each lesson.ts (and XState, which only some lessons use) is a chunk of its
 * own, fetched when a run of it loads, instead of every lesson sitting in the worker's first script.
 * The page loads only guides (registry.ts).
 */
import type { LessonDef } from '../src/engine/lesson.ts';
import { refetchable } from '../src/offline/refetchable.ts';

// A lesson whose download failed can be fetched again when the run is retried (refetchable.ts).
const loaders = Object.fromEntries(
  Object.entries(import.meta.glob<{ default: LessonDef }>('./*/lesson.ts')).map(([path, load]) => [
    path,
    refetchable(load),
  ]),
);

/** The lesson with this id, or undefined when there is none. */
export async function loadLesson(id: string): Promise<LessonDef | undefined> {
  const load = loaders[`./${id}/lesson.ts`];
  if (!load) return undefined;
  const lesson = (await load()).default;
  if (!lesson || lesson.id !== id) {
    throw new Error(`./${id}/lesson.ts must default-export defineLesson({...}) with id "${id}"`);
  }
  return lesson;
}
