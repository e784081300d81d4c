/**
 * The comparison slice: a second run of the current lesson with its fix switched the other way, in a
 * second worker. Same lesson, seed and interventions; only `params[fix.param]` differs, so what
 * differs between the two traces is the fix alone (the engine gives each link and node its own random
 * stream, so flipping the fix does not reshuffle unrelated fates).
 *
 * The slice holds the second trace; `syncComparison` (subscribed to the store) keeps the second run in
 * step with the main one: reloaded when the seed, parameters or lesson change, branched when an
 * intervention is added, and simulated ahead of the shared cursor.
 */
import type { StateCreator, StoreApi } from 'zustand/vanilla';
import type { Intervention, LessonGuide, TraceEvent } from '../engine/index.ts';
import type { RunSpec } from '../engine/run-spec.ts';
import type { SimClient } from './sim-client.ts';
import { appendChunk, createTraceClient, truncateWindow } from './trace-buffer.ts';
import type { AppState, ComparisonSlice, ComparisonState } from './types.ts';

export const idleComparison: ComparisonState = {
  enabled: false,
  run: null,
  events: [],
  baseSeq: 0,
  simulatedUntil: 0,
  requestedUntil: 0,
  status: 'idle',
  error: null,
  version: 0,
};

/** The run spec with the lesson's fix switched the other way; null when the lesson has no fix. */
export function flippedRun(run: RunSpec, lesson: LessonGuide | null): RunSpec | null {
  const fix = lesson?.fix;
  if (!fix || lesson.id !== run.lessonId) return null;
  const spec = lesson.params[fix.param];
  const current = run.params[fix.param] ?? (spec?.kind === 'boolean' ? spec.default : false);
  return { ...run, params: { ...run.params, [fix.param]: current !== true } };
}

/** Whether the main run has its fix on (the comparison then shows the run without it). */
export function fixIsOn(run: RunSpec | null, lesson: LessonGuide | null): boolean {
  const fix = lesson?.fix;
  if (!run || !fix) return false;
  const spec = lesson.params[fix.param];
  return (run.params[fix.param] ?? (spec?.kind === 'boolean' ? spec.default : false)) === true;
}

function sameParams(a: RunSpec['params'], b: RunSpec['params']): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const k of keys) if (a[k] !== b[k]) return false;
  return true;
}

/** `next` is `prev` with interventions appended (so the second run can branch instead of restarting). */
export function appendedInterventions(prev: RunSpec, next: RunSpec): Intervention[] | null {
  if (prev.lessonId !== next.lessonId || prev.seed !== next.seed || !sameParams(prev.params, next.params))
    return null;
  if (next.interventions.length < prev.interventions.length) return null;
  for (let i = 0; i < prev.interventions.length; i++) {
    if (JSON.stringify(prev.interventions[i]) !== JSON.stringify(next.interventions[i])) return null;
  }
  return next.interventions.slice(prev.interventions.length);
}

type Slice<T> = StateCreator<AppState, [], [], T>;

export interface ComparisonDeps {
  client(): SimClient;
  /** How far ahead of the cursor to keep a run simulated, in true ms. */
  horizonMs(speed: number): number;
}

export const createComparisonSlice =
  (deps: ComparisonDeps): Slice<ComparisonSlice> =>
  (set, get) => {
    const patch = (p: Partial<ComparisonState>): void => set({ comparison: { ...get().comparison, ...p } });
    return {
      comparison: idleComparison,
      setComparison(on) {
        const { run, lesson, cursor, speed, comparison } = get();
        if (!on) {
          set({ comparison: { ...idleComparison, version: comparison.version + 1 } });
          return;
        }
        const spec = run ? flippedRun(run, lesson) : null;
        if (!spec) {
          patch({ enabled: false, status: 'idle' });
          return;
        }
        const untilMs = cursor + deps.horizonMs(speed);
        set({
          comparison: {
            ...idleComparison,
            enabled: true,
            run: spec,
            status: 'loading',
            requestedUntil: untilMs,
            version: comparison.version + 1,
          },
        });
        deps.client().load(spec, untilMs);
      },
      receiveComparisonChunk(fromSeq, chunk, simulatedUntil) {
        const c = get().comparison;
        const next = c.enabled ? appendChunk(c, fromSeq, chunk) : null;
        if (!next) return; // stale or out of step
        patch({
          events: next.events,
          baseSeq: next.baseSeq,
          simulatedUntil,
          status: 'ready',
          version: c.version + (chunk.length ? 1 : 0),
        });
      },
      truncateComparison(length) {
        const c = get().comparison;
        patch({ events: truncateWindow(c, length), version: c.version + 1 });
      },
      failComparison(message) {
        patch({ status: 'error', error: message });
      },
    };
  };

/**
 * Keeps the second run in step with the main one. Subscribed to the store; cheap when the comparison
 * is off (one property read).
 */
export function syncComparison(store: StoreApi<AppState>, deps: ComparisonDeps) {
  return (state: AppState, prev: AppState): void => {
    const c = state.comparison;
    if (!c.enabled) return;
    const { run, lesson, cursor, speed } = state;
    if (run !== prev.run || lesson !== prev.lesson) {
      const spec = run ? flippedRun(run, lesson) : null;
      if (!spec) {
        // A lesson without a fix: nothing to compare.
        store.setState({ comparison: { ...idleComparison, version: c.version + 1 } });
        return;
      }
      const untilMs = cursor + deps.horizonMs(speed);
      const added = c.run && c.status !== 'error' ? appendedInterventions(c.run, spec) : null;
      if (added) {
        // Same run plus new interventions: branch the second run too, at the same moments.
        store.setState({
          comparison: { ...c, run: spec, requestedUntil: Math.max(c.requestedUntil, untilMs) },
        });
        for (const iv of added) deps.client().intervene(iv, untilMs);
        return;
      }
      store.setState({
        comparison: {
          ...idleComparison,
          enabled: true,
          run: spec,
          status: 'loading',
          requestedUntil: untilMs,
          version: c.version + 1,
        },
      });
      deps.client().load(spec, untilMs);
      return;
    }
    if (cursor !== prev.cursor && c.status !== 'error') {
      const horizon = deps.horizonMs(speed);
      if (cursor + horizon / 2 > c.requestedUntil) {
        const untilMs = cursor + horizon;
        store.setState({ comparison: { ...c, requestedUntil: untilMs } });
        deps.client().extend(untilMs);
      }
    }
  };
}

/** The second worker: its replies go into the comparison slice. */
export function workerComparisonClient(store: () => StoreApi<AppState>): SimClient {
  return createTraceClient(() => {
    const s = store().getState();
    return {
      chunk: s.receiveComparisonChunk,
      truncated: s.truncateComparison,
      failed: (message) => s.failComparison(message),
    };
  });
}

/** Index of the first event with t > time in the second trace: the comparison's cursor seq. */
export function comparisonSeqAt(events: readonly TraceEvent[], baseSeq: number, time: number): number {
  let lo = 0;
  let hi = events.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (events[mid]!.t <= time) lo = mid + 1;
    else hi = mid;
  }
  return baseSeq + lo;
}
