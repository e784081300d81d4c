/**
 * Every lesson readout, found by a glob like the lessons themselves: a file lessons/<id>/readout.tsx
 * is all it takes to add one. Each is a chunk of its own, fetched when its lesson's page first shows
 * it, so a lesson page carries only its own readout (and what that imports), not all of them.
 */
import { onDemand, useOnDemand, type Loaded, type OnDemand } from '../app/on-demand.ts';
import { refetchable } from '../../offline/refetchable.ts';
import type { ReadoutModule } from './types.ts';

const loaders = import.meta.glob<ReadoutModule>('../../../lessons/*/readout.tsx');

const byLesson = new Map<string, OnDemand<ReadoutModule>>(
  Object.entries(loaders).flatMap(([path, load]) => {
    const id = /\/lessons\/([^/]+)\/readout\.tsx$/.exec(path)?.[1];
    if (!id) return [];
    const loadChunk = refetchable(load);
    const fetch = async () => {
      const mod = await loadChunk();
      if (typeof mod.default !== 'function') {
        throw new Error(`lessons/${id}/readout.tsx must default-export a React component`);
      }
      return mod;
    };
    return [[id, onDemand(fetch)] as const];
  }),
);

export const readoutLessonIds: readonly string[] = [...byLesson.keys()].sort();

/** Whether the lesson has a readout of its own (known without fetching it). */
export function hasReadout(lessonId: string | undefined): boolean {
  return lessonId !== undefined && byLesson.has(lessonId);
}

/** The lesson's readout module, fetched if it has not been; undefined for a lesson without one. */
export function loadReadout(lessonId: string): Promise<ReadoutModule | undefined> {
  return byLesson.get(lessonId)?.load() ?? Promise.resolve(undefined);
}

/**
 * The lesson's readout as a view sees it, fetching it on first use: undefined for a lesson without
 * one, else loading, ready (with the module) or failed.
 */
export function useReadout(
  lessonId: string | undefined,
  options?: { wait?: boolean },
): Loaded<ReadoutModule> | undefined {
  return useOnDemand(lessonId ? byLesson.get(lessonId) : undefined, options);
}

/** Fetches the lesson's readout again after a failure. */
export function retryReadout(lessonId: string): void {
  loadReadout(lessonId).catch(() => undefined);
}
