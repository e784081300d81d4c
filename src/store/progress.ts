/**
 * The learner's progress, kept in localStorage under one versioned key:
 *
 *   roundtrip.progress = {"version":1,"lessons":{"three-outcomes":{"stepsMet":["failure"],"finished":false}}}
 *
 * Reading never throws: saved progress that is not JSON, has the wrong shape, or comes from a version
 * this build does not know is reset, and the reader says so in one sentence for the page to show.
 */

export const PROGRESS_KEY = 'roundtrip.progress';
export const PROGRESS_VERSION = 1;

export interface LessonProgress {
  /** Ids of the steps whose challenge the learner has met at least once. */
  stepsMet: string[];
  finished: boolean;
}

export interface Progress {
  version: typeof PROGRESS_VERSION;
  lessons: Record<string, LessonProgress>;
}

/** The subset of the Storage API progress needs (localStorage, or a fake in tests). */
export type ProgressStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

export function emptyProgress(): Progress {
  return { version: PROGRESS_VERSION, lessons: {} };
}

export interface LoadedProgress {
  progress: Progress;
  /** Set when saved progress had to be thrown away: what to tell the learner. */
  problem?: string;
}

const isRecord = (x: unknown): x is Record<string, unknown> =>
  typeof x === 'object' && x !== null && !Array.isArray(x);

function validLesson(x: unknown): x is LessonProgress {
  return (
    isRecord(x) &&
    Array.isArray(x.stepsMet) &&
    x.stepsMet.every((s) => typeof s === 'string') &&
    typeof x.finished === 'boolean'
  );
}

/** Checks a parsed value; returns the progress it holds, or why it cannot be used. */
export function parseProgress(
  value: unknown,
): { ok: true; progress: Progress; dropped: string[] } | { ok: false; why: string } {
  if (!isRecord(value)) return { ok: false, why: 'it was not in the expected form' };
  if (value.version !== PROGRESS_VERSION) {
    return {
      ok: false,
      why:
        typeof value.version === 'number' && value.version > PROGRESS_VERSION
          ? `it was saved by a newer version of Roundtrip (format ${value.version})`
          : 'it was saved in a format this version does not read',
    };
  }
  if (!isRecord(value.lessons)) return { ok: false, why: 'it was not in the expected form' };
  // One damaged lesson entry costs only that lesson: every valid entry is kept.
  const lessons: Record<string, LessonProgress> = {};
  const dropped: string[] = [];
  for (const [id, entry] of Object.entries(value.lessons)) {
    if (!validLesson(entry)) {
      dropped.push(id);
      continue;
    }
    lessons[id] = { stepsMet: [...new Set(entry.stepsMet)], finished: entry.finished };
  }
  return { ok: true, progress: { version: PROGRESS_VERSION, lessons }, dropped };
}

/** Reads saved progress. Missing storage or nothing saved is a fresh start, not a problem. */
export function loadProgress(storage: ProgressStorage | null | undefined): LoadedProgress {
  if (!storage) return { progress: emptyProgress() };
  let raw: string | null;
  try {
    raw = storage.getItem(PROGRESS_KEY);
  } catch {
    return {
      progress: emptyProgress(),
      problem:
        'Your progress cannot be saved in this browser, so it will last only until you close the page.',
    };
  }
  if (raw === null) return { progress: emptyProgress() };
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    value = undefined;
  }
  const parsed = value === undefined ? { ok: false as const, why: 'it was damaged' } : parseProgress(value);
  if (parsed.ok) {
    if (parsed.dropped.length === 0) return { progress: parsed.progress };
    saveProgress(storage, parsed.progress);
    return { progress: parsed.progress, problem: droppedEntriesProblem(parsed.dropped) };
  }
  try {
    storage.removeItem(PROGRESS_KEY);
  } catch {
    // Nothing more to do: the fresh progress overwrites it on the next save.
  }
  return { progress: emptyProgress(), problem: `Your saved progress was reset because ${parsed.why}.` };
}

/** "Saved progress for lesson "x" was damaged and was reset; the rest is kept." (ids quoted, capped). */
function droppedEntriesProblem(ids: readonly string[]): string {
  const quoted = ids.slice(0, 3).map((id) => `"${id.length > 40 ? `${id.slice(0, 40)}…` : id}"`);
  const more = ids.length > 3 ? ` and ${ids.length - 3} more` : '';
  return ids.length === 1
    ? `Saved progress for lesson ${quoted[0]} was damaged and was reset; the rest is kept.`
    : `Saved progress for lessons ${quoted.join(', ')}${more} was damaged and was reset; the rest is kept.`;
}

/** Saves progress; returns false when the browser refused (private mode, quota), never throws. */
export function saveProgress(storage: ProgressStorage | null | undefined, progress: Progress): boolean {
  if (!storage) return false;
  try {
    storage.setItem(PROGRESS_KEY, JSON.stringify(progress));
    return true;
  } catch {
    return false;
  }
}

export function lessonProgress(progress: Progress, lessonId: string): LessonProgress {
  return progress.lessons[lessonId] ?? { stepsMet: [], finished: false };
}

/**
 * Records steps as met (a met step stays met) and marks the lesson finished once every one of
 * `allStepIds` is met. Returns the same object when nothing changed.
 */
export function markStepsMet(
  progress: Progress,
  lessonId: string,
  stepIds: readonly string[],
  allStepIds: readonly string[],
): Progress {
  const before = lessonProgress(progress, lessonId);
  const fresh = stepIds.filter((id) => !before.stepsMet.includes(id));
  const stepsMet = fresh.length ? [...before.stepsMet, ...fresh] : before.stepsMet;
  const finished =
    before.finished || (allStepIds.length > 0 && allStepIds.every((id) => stepsMet.includes(id)));
  if (!fresh.length && finished === before.finished) return progress;
  return { ...progress, lessons: { ...progress.lessons, [lessonId]: { stepsMet, finished } } };
}

/** The index of the first step not met yet; 0 when all are (a finished lesson reopens at the start). */
export function firstUnfinishedStep(
  progress: Progress,
  lessonId: string,
  stepIds: readonly string[],
): number {
  const met = lessonProgress(progress, lessonId).stepsMet;
  const i = stepIds.findIndex((id) => !met.includes(id));
  return i < 0 ? 0 : i;
}

/** The browser's localStorage, or null where there is none or it may not be touched. */
export function browserStorage(): ProgressStorage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null;
  }
}
