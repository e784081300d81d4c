/**
 * The lesson player's slice: which step the narrative shows, every step's challenge on the trace at
 * the cursor, the learner's saved progress, and "show me". Challenges are re-checked whenever the
 * cursor moves or events arrive (throttled while playing: they scan the trace, the cursor moves every
 * frame); a step met once stays met in the saved progress even after a rewind.
 */
import type { StateCreator, StoreApi } from 'zustand/vanilla';
import { defaultParams } from '../engine/params.ts';
import type { RunSpec } from '../worker/protocol.ts';
import { evaluateSteps, sameResults, TraceMirror, type StepResults } from './challenges.ts';
import {
  browserStorage,
  emptyProgress,
  firstUnfinishedStep,
  loadProgress,
  markStepsMet,
  saveProgress,
  type Progress,
  type ProgressStorage,
} from './progress.ts';
import type { AppState } from './types.ts';

export interface PlayerSlice {
  progress: Progress;
  /** The step the narrative shows: an index into `lesson.steps`. */
  stepIndex: number;
  /** Every step's challenge on the trace at the cursor, by step id. */
  results: StepResults;
  /**
   * The result with which each step was first met in this run (kept when the learner rewinds past
   * its evidence, so the explanation stays on screen while they look back at the causes).
   */
  metResults: StepResults;
  /** The furthest the cursor has been in this run (events before it have been seen). */
  highWaterSeq: number;
  /** The run "Show me" started, and for which step; the note goes once the learner changes the run. */
  demo: { stepId: string; run: RunSpec } | null;
  goToStep(index: number): void;
  /** Restarts the run with the current step's scripted solution (parameters and interventions) and plays it. */
  showMe(): void;
  /** Leaves the lesson for the home page. */
  unload(): void;
  /** Checks every step's challenge on the trace at the cursor now (normally scheduled for you). */
  evaluateChallenges(): void;
  resetProgress(): void;
}

/** How often challenges are re-checked while playing; when paused or stepping they run at once. */
export const EVALUATE_EVERY_MS = 120;

/** `saved` is what loadProgress read (read once: a corrupt entry is removed as it is read). */
export function createPlayerSlice(
  storage: ProgressStorage | null,
  saved: Progress,
): StateCreator<AppState, [], [], PlayerSlice> {
  return (set, get) => {
    const mirror = new TraceMirror();
    return {
      progress: saved,
      stepIndex: 0,
      results: {},
      metResults: {},
      highWaterSeq: 0,
      demo: null,
      goToStep(index) {
        const { lesson } = get();
        if (!lesson) return;
        set({ stepIndex: Math.max(0, Math.min(lesson.steps.length - 1, index)) });
      },
      showMe() {
        const { lesson, stepIndex } = get();
        const step = lesson?.steps[stepIndex];
        if (!lesson || !step) return;
        const script = step.solution;
        // The scripted run exactly as the lesson's tests check it: defaults, the script's settings and
        // actions, the lesson's seed. The learner's own changes would make it a different run.
        const run: RunSpec = {
          lessonId: lesson.id,
          seed: script.seed ?? lesson.defaultSeed,
          params: { ...defaultParams(lesson.params), ...script.params },
          interventions: script.interventions.map((iv) => ({ ...iv })),
        };
        get().load(run, 0);
        set({ demo: { stepId: step.id, run: get().run! }, playing: true });
      },
      unload() {
        set({
          run: null,
          lesson: null,
          status: 'idle',
          error: null,
          events: [],
          baseSeq: 0,
          simulatedUntil: 0,
          traceVersion: get().traceVersion + 1,
          cursor: 0,
          cursorSeq: 0,
          playing: false,
          selected: null,
          hovered: null,
          results: {},
          metResults: {},
          highWaterSeq: 0,
          demo: null,
          narration: '',
        });
      },
      evaluateChallenges() {
        const { lesson, run, events, baseSeq, cursorSeq, progress, results, metResults } = get();
        if (!lesson || !run) return;
        const trace = mirror.sync(events, cursorSeq - baseSeq);
        const next = evaluateSteps(lesson, trace, mirror.paramsAt(run.params), baseSeq);
        const met = lesson.steps.filter((s) => next[s.id]?.met).map((s) => s.id);
        const updated = markStepsMet(
          progress,
          lesson.id,
          met,
          lesson.steps.map((s) => s.id),
        );
        if (updated !== progress) saveProgress(storage, updated);
        const patch: Partial<AppState> = {};
        if (!sameResults(next, results)) patch.results = next;
        const firstMet = met.filter((id) => !metResults[id]);
        if (firstMet.length)
          patch.metResults = { ...metResults, ...Object.fromEntries(firstMet.map((id) => [id, next[id]!])) };
        if (updated !== progress) patch.progress = updated;
        if (Object.keys(patch).length) set(patch);
      },
      resetProgress() {
        const progress = emptyProgress();
        saveProgress(storage, progress);
        set({ progress });
      },
    };
  };
}

/**
 * Wires the slice to the rest of the store: a new lesson opens at its first unfinished step, and
 * challenges are re-checked as the cursor moves, events arrive or the run changes.
 */
export function syncPlayer(store: StoreApi<AppState>): (state: AppState, prev: AppState) => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const run = () => {
    timer = undefined;
    store.getState().evaluateChallenges();
  };
  return (s, prev) => {
    if (s.lesson !== prev.lesson && s.lesson && s.lesson.id !== prev.lesson?.id) {
      const ids = s.lesson.steps.map((x) => x.id);
      store.setState({
        stepIndex: firstUnfinishedStep(s.progress, s.lesson.id, ids),
        results: {},
        demo: null,
      });
    }
    if (s.demo && s.run !== s.demo.run) store.setState({ demo: null });
    if (s.run !== prev.run) store.setState({ metResults: {}, highWaterSeq: s.cursorSeq });
    else if (s.cursorSeq > s.highWaterSeq) store.setState({ highWaterSeq: s.cursorSeq });
    if (
      s.cursorSeq !== prev.cursorSeq ||
      s.events !== prev.events ||
      s.run !== prev.run ||
      s.lesson !== prev.lesson
    ) {
      if (timer === undefined) timer = setTimeout(run, s.playing ? EVALUATE_EVERY_MS : 0);
    }
  };
}

export { browserStorage, loadProgress };
