/**
 * Keeps the address bar in step with the run (lesson, seed, parameters, interventions, moment), and
 * opens the run a link describes. A bad link is explained in a notice and falls back to a working run.
 */
import { useEffect } from 'react';
import { appStore } from '../../store/store.ts';
import { encodeRunToQuery, parseRunQuery } from '../../store/url.ts';
import { getLesson, lessons } from '../../../lessons/registry.ts';

const WRITE_EVERY_MS = 400;

export function openFromUrl(search: string): void {
  const fallback = lessons[0]?.id ?? null;
  const parsed = parseRunQuery(search, getLesson, fallback);
  const store = appStore.getState();
  for (const problem of parsed.problems) store.notify(problem, 'warning');
  const run = parsed.run ?? (fallback ? parseRunQuery(`?lesson=${fallback}`, getLesson, fallback).run : null);
  if (run) store.load(run, parsed.cursorMs);
}

export function useUrlState(): void {
  useEffect(() => {
    openFromUrl(window.location.search);
    let timer: ReturnType<typeof setTimeout> | undefined;
    let lastQuery = '';
    const write = () => {
      timer = undefined;
      const { run, lesson, cursor } = appStore.getState();
      if (!run) return;
      const query = encodeRunToQuery(run, lesson, cursor);
      if (query !== lastQuery) {
        lastQuery = query;
        window.history.replaceState(null, '', `${window.location.pathname}${query}${window.location.hash}`);
      }
    };
    const unsubscribe = appStore.subscribe((s, prev) => {
      if (s.run !== prev.run || s.cursor !== prev.cursor) timer ??= setTimeout(write, WRITE_EVERY_MS);
    });
    const onPop = () => openFromUrl(window.location.search);
    window.addEventListener('popstate', onPop);
    return () => {
      unsubscribe();
      window.removeEventListener('popstate', onPop);
      if (timer) clearTimeout(timer);
    };
  }, []);
}
