/**
 * Keeps the address bar in step with the run (lesson, step, seed, parameters, interventions, moment), and
 * opens the run a link describes. No lesson in the address is the home page; a bad link is explained
 * in a notice and falls back to the home page, or to the lesson with what could be read of the link.
 */
import { useEffect } from 'react';
import { appStore } from '../../store/store.ts';
import { encodeRunToQuery, requestedLessonId } from '../../store/url.ts';
import { openRunQuery } from '../../store/open-link.ts';
import { currentStepId } from '../../store/player.ts';
import { loadAllGuides, loadedGuide } from '../../../lessons/registry.ts';
import { parseCourse } from '../../store/course.ts';
import type { ActiveCourse } from '../../store/types.ts';
import { sandboxRunQuery } from '../../sandbox/link.ts';
import { starterDoc } from '../../sandbox/model.ts';

const WRITE_EVERY_MS = 400;

/** Counts opens, so that of two quick ones (Back pressed twice) only the last is applied. */
let opens = 0;

/** The course an address names (all guides are needed to check it), with what was wrong with it. */
async function courseFrom(search: string): Promise<{ course: ActiveCourse | null; problems: string[] }> {
  const param = new URLSearchParams(search).get('course');
  if (param === null) return { course: null, problems: [] };
  try {
    const parsed = parseCourse(param, await loadAllGuides());
    return { course: parsed.course && { param, course: parsed.course }, problems: parsed.problems };
  } catch {
    return {
      course: null,
      problems: ['The lessons of this course could not be loaded. Check the connection and reload.'],
    };
  }
}

/** Opens the run an address describes; resolves once it is in the store (its guide loaded). */
export async function openFromUrl(search: string): Promise<void> {
  const open = ++opens;
  const q = new URLSearchParams(search);
  const courseBuilder = q.get('make') === 'course';
  const speakerNotes = q.get('notes') === '1';
  const course = await courseFrom(search);
  if (open !== opens) return;
  appStore.setState({
    course: course.course,
    courseBuilder,
    speakerNotes,
    handout: q.get('handout') === '1',
    presenting: q.get('present') === '1',
  });
  if (speakerNotes) return; // the notes window shows no run of its own
  for (const problem of course.problems) appStore.getState().notify(problem, 'warning');
  if (q.has('sandbox')) {
    const { parseSandboxQuery } = await import('../../sandbox/open-link.ts');
    if (open !== opens) return;
    const sandbox = parseSandboxQuery(search);
    // A damaged sandbox link says why and opens the starter instead: the page is never blank.
    if (sandbox.ok === false)
      appStore.getState().notify(`${sandbox.error}. The starter scenario is open instead.`, 'warning');
    const t = Number(q.get('t'));
    const doc = sandbox.ok === true ? sandbox.doc : starterDoc();
    appStore.getState().openSandbox(doc, Number.isFinite(t) && t > 0 ? t : 0);
    return;
  }
  const wanted = requestedLessonId(search);
  if (wanted && !loadedGuide(wanted)) {
    // Its guide is still to come: say so instead of showing the last page.
    appStore.getState().unload();
    appStore.setState({ status: 'loading' });
  }
  const parsed = await openRunQuery(search, null);
  if (open !== opens) return;
  const store = appStore.getState();
  for (const problem of parsed.problems) store.notify(problem, 'warning');
  if (parsed.run) store.openRun(parsed.run, parsed.cursorMs, parsed.stepId ?? null);
  else store.unload();
}

export function useUrlState(): void {
  useEffect(() => {
    void openFromUrl(window.location.search);
    let timer: ReturnType<typeof setTimeout> | undefined;
    const write = () => {
      timer = undefined;
      const state = appStore.getState();
      const { run, lesson, cursor } = state;
      if (!run) return;
      let query = state.sandbox
        ? sandboxRunQuery(state.sandbox.doc, cursor)
        : encodeRunToQuery(run, lesson, cursor, currentStepId(state));
      // In a course, every address keeps it: next and previous follow the path, and a reload stays in it.
      if (state.course) query += `&course=${encodeURIComponent(state.course.param)}`;
      if (state.presenting) query += '&present=1';
      // Against the address itself: after moving between pages it may hold a shorter form of the same run.
      if (query !== window.location.search) {
        window.history.replaceState(null, '', `${window.location.pathname}${query}${window.location.hash}`);
      }
    };
    const unsubscribe = appStore.subscribe((s, prev) => {
      if (
        s.run !== prev.run ||
        s.cursor !== prev.cursor ||
        s.stepIndex !== prev.stepIndex ||
        s.sandbox !== prev.sandbox ||
        s.presenting !== prev.presenting
      )
        timer ??= setTimeout(write, WRITE_EVERY_MS);
    });
    const onPop = () => void openFromUrl(window.location.search);
    window.addEventListener('popstate', onPop);
    return () => {
      unsubscribe();
      window.removeEventListener('popstate', onPop);
      if (timer) clearTimeout(timer);
    };
  }, []);
}
