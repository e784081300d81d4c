/**
 * Every lesson's guide, for the views that list lessons (the catalog, "previous" and "next"). The
 * guides load on first use, in parallel, and are kept: later callers get them at once, without a
 * render of "loading" first.
 */
import { useEffect, useState } from 'react';
import type { LessonGuide } from '../../engine/lesson.ts';
import { loadAllGuides } from '../../../lessons/registry.ts';

export type AllGuides =
  | { state: 'loading' }
  | { state: 'ready'; guides: readonly LessonGuide[] }
  | { state: 'failed'; why: string };

let settled: AllGuides | null = null;
let loading: Promise<AllGuides> | null = null;

function load(): Promise<AllGuides> {
  loading ??= loadAllGuides().then(
    (guides): AllGuides => (settled = { state: 'ready', guides }),
    (error: unknown): AllGuides => {
      loading = null; // a later mount tries again (the connection may be back)
      return { state: 'failed', why: error instanceof Error ? error.message : String(error) };
    },
  );
  return loading;
}

/**
 * `wait` holds the load back: lists that are not what the page is for (a lesson's "previous" and
 * "next") wait until the lesson is interactive (useAfterInteractive).
 */
export function useAllGuides({ wait = false }: { wait?: boolean } = {}): AllGuides {
  const [all, setAll] = useState<AllGuides>(settled ?? { state: 'loading' });
  useEffect(() => {
    if (all.state === 'ready' || wait) return;
    let live = true;
    void load().then((result) => live && setAll(result));
    return () => {
      live = false;
    };
  }, [all.state, wait]);
  return all;
}
