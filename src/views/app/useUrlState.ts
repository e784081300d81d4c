/**
 * Keeps the address bar in step with the run (lesson, seed, parameters, interventions, moment), and
 * opens the run a link describes. No lesson in the address is the home page; a bad link is explained
 * in a notice and falls back to the home page, or to the lesson with what could be read of the link.
 */
import { useEffect } from 'react';
import { appStore } from '../../store/store.ts';
import { encodeRunToQuery, parseRunQuery } from '../../store/url.ts';
import { getLesson } from '../../../lessons/registry.ts';

const WRITE_EVERY_MS = 400;

export function openFromUrl(search: string): void {
  const parsed = parseRunQuery(search, getLesson, null);
  const store = appStore.getState();
  for (const problem of parsed.problems) store.notify(problem, 'warning');
  if (parsed.run) store.load(parsed.run, parsed.cursorMs);
  else store.unload();
}

export function useUrlState(): void {
  useEffect(() => {
    openFromUrl(window.location.search);
    let timer: ReturnType<typeof setTimeout> | undefined;
    const write = () => {
      timer = undefined;
      const { run, lesson, cursor } = appStore.getState();
      if (!run) return;
      const query = encodeRunToQuery(run, lesson, cursor);
      // Against the address itself: after moving between pages it may hold a shorter form of the same run.
      if (query !== window.location.search) {
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
