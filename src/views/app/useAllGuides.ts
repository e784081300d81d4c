/**
 * Every lesson's guide, for the views that list lessons (the catalog, "previous" and "next"). The
 * guides load on first use, in parallel, and are kept: later callers get them at once.
 */
import type { LessonGuide } from '../../engine/lesson.ts';
import { loadAllGuides } from '../../../lessons/registry.ts';
import { onDemand, useOnDemand, type Loaded } from './on-demand.ts';

const allGuides = onDemand<readonly LessonGuide[]>(loadAllGuides);

/**
 * `wait` holds the load back: lists that are not what the page is for (a lesson's "previous" and
 * "next") wait until the lesson is interactive (useAfterInteractive).
 */
export function useAllGuides({ wait = false }: { wait?: boolean } = {}): Loaded<readonly LessonGuide[]> {
  return useOnDemand(allGuides, { wait })!;
}
