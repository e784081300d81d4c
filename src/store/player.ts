/**
 * The lesson player's slice: which step the narrative shows and the run it started from, every
 * step's challenge on the trace at the cursor, the learner's saved progress, and "show me".
 * Challenges are re-checked whenever the cursor moves or events arrive (throttled while playing: they
 * scan the trace, the cursor moves every frame); a step met once stays met in the saved progress even
 * after a rewind.
 *
 * Every step starts clean: moving to a step opens its own start (step-start.ts), so what the learner
 * did in one step does not stay in the run for the next, unless the guide says the step keeps it.
 */
import type { StateCreator, StoreApi } from 'zustand/vanilla';
import { stepSolutionOf } from '../engine/lesson.ts';
import type { RunSpec } from '../engine/run-spec.ts';
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
import {
  describeChanges,
  hasChanges,
  isPlainRun,
  learnerChanges,
  sameRun,
  stepStartRun,
  withChanges,
  workloadOver,
} from './step-start.ts';

/** The run the current step opened with: "Restart this step" returns here. */
export interface StepStartState {
  stepId: string;
  run: RunSpec;
  /** What the learner did in the previous step that this step keeps (only steps that ask for it). */
  carried: { fromStep: number; lines: string[] } | null;
}

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
  stepStart: StepStartState | null;
  /** The step a link asked for, while that link's run is loading (see openRun). */
  openingStep: string | null;
  /**
   * An action pressed after the run's work was over, so it had nothing left to change: its label,
   * for the page to say so and offer to restart the step. Cleared by the next run.
   */
  spentAction: string | null;
  /** Moves to step `index` and opens its start (keeping the previous step's doing if the step says so). */
  goToStep(index: number): void;
  /** Back to the current step's start: its seed and settings, none of the learner's actions. */
  restartStep(): void;
  /** Drops what the step carried over from the one before: the step's own clean start. */
  dropCarriedOver(): void;
  /** Opens a run from a link, at the step the link names (or the first unfinished one). */
  openRun(run: RunSpec, cursorMs: number, stepId: string | null): void;
  /** Notes that the learner pressed `label` now (for "nothing left to affect"). */
  noteAction(label: string): void;
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
      stepStart: null,
      openingStep: null,
      spentAction: null,
      goToStep(index) {
        const { lesson, stepIndex, run, stepStart } = get();
        if (!lesson) return;
        const to = Math.max(0, Math.min(lesson.steps.length - 1, index));
        if (to === stepIndex && stepStart) return;
        const clean = stepStartRun(lesson, to);
        let start = clean;
        let carried: StepStartState['carried'] = null;
        if (lesson.steps[to]!.start?.carryOver && run && stepStart) {
          const changes = learnerChanges(run, stepStart.run);
          if (hasChanges(changes)) {
            start = withChanges(clean, changes);
            carried = { fromStep: stepIndex, lines: describeChanges(lesson, changes) };
          }
        }
        set({ stepIndex: to, playing: false, narration: '' });
        get().load(start, 0);
        set({ stepStart: { stepId: lesson.steps[to]!.id, run: get().run!, carried } });
      },
      restartStep() {
        const { stepStart } = get();
        if (!stepStart) return;
        set({ playing: false, narration: '' });
        get().load(stepStart.run, 0);
      },
      dropCarriedOver() {
        const { lesson, stepIndex, stepStart } = get();
        if (!lesson || !stepStart) return;
        set({ playing: false });
        get().load(stepStartRun(lesson, stepIndex), 0);
        set({ stepStart: { ...stepStart, run: get().run!, carried: null } });
      },
      openRun(run, cursorMs, stepId) {
        const { lesson } = get();
        const sameLesson = lesson?.id === run.lessonId;
        set({ openingStep: stepId });
        get().load(run, cursorMs);
        // A new lesson picks its step as it opens (syncPlayer); the same lesson moves to the link's step here.
        const opened = get().lesson;
        if (sameLesson && opened && stepId !== null) {
          const index = Math.max(
            0,
            opened.steps.findIndex((s) => s.id === stepId),
          );
          set({
            stepIndex: index,
            stepStart: { stepId: opened.steps[index]!.id, run: stepStartRun(opened, index), carried: null },
          });
        }
        set({ openingStep: null });
      },
      noteAction(label) {
        const { lesson, events, baseSeq, cursorSeq, cursor, simulatedUntil } = get();
        if (!lesson) return;
        if (workloadOver(lesson, events, cursorSeq - baseSeq, cursor, simulatedUntil))
          set({ spentAction: label });
      },
      showMe() {
        const { lesson, stepIndex } = get();
        const step = lesson?.steps[stepIndex];
        if (!lesson || !step) return;
        // The scripted run exactly as the lesson's tests check it: the step's own start with the
        // script's settings and actions on top. The learner's own changes would make it a different run.
        const run: RunSpec = { lessonId: lesson.id, ...stepSolutionOf(lesson, stepIndex) };
        delete (run as { untilMs?: number }).untilMs;
        get().load(run, 0);
        set({ demo: { stepId: step.id, run: get().run! }, playing: true });
      },
      unload() {
        set({
          sandbox: null,
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
          stepStart: null,
          spentAction: null,
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
      const lesson = s.lesson;
      const ids = lesson.steps.map((x) => x.id);
      const linked = s.openingStep === null ? -1 : ids.indexOf(s.openingStep);
      const index = linked >= 0 ? linked : firstUnfinishedStep(s.progress, lesson.id, ids);
      const start = stepStartRun(lesson, index);
      store.setState({
        stepIndex: index,
        results: {},
        demo: null,
        spentAction: null,
        stepStart: { stepId: ids[index]!, run: start, carried: null },
      });
      // Opened plainly (from the catalog, or a link that names a step and nothing of its own): the
      // step's own start.
      if (s.run && isPlainRun(s.run, lesson) && !sameRun(s.run, start)) {
        store.getState().load(start, 0);
        store.setState({ stepStart: { stepId: ids[index]!, run: store.getState().run!, carried: null } });
      } else if (s.run && sameRun(s.run, start)) {
        // The run is the step's start: keep its very objects, so its own actions are known as such.
        store.setState({ stepStart: { stepId: ids[index]!, run: s.run, carried: null } });
      }
    }
    if (s.demo && s.run !== s.demo.run) store.setState({ demo: null });
    if (s.run !== prev.run) store.setState({ metResults: {}, highWaterSeq: s.cursorSeq, spentAction: null });
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

/** The id of the step the narrative shows (for links), or null outside a lesson. */
export function currentStepId(s: Pick<AppState, 'lesson' | 'stepIndex'>): string | null {
  return s.lesson?.steps[s.stepIndex]?.id ?? null;
}

export { browserStorage, loadProgress };
