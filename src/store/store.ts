/**
 * One Zustand store combined from typed slices (Zustand's slices pattern): what the UI shows.
 * Actions live beside the state they change. The worker is reached only through the SimClient.
 */
import { createStore, type StateCreator, type StoreApi } from 'zustand/vanilla';
import { useStore } from 'zustand';
import type { Intervention, TraceEvent } from '../engine/index.ts';
import type { SimClient } from './sim-client.ts';
import { appendChunk, createTraceClient, truncateWindow } from './trace-buffer.ts';
import type { AppState, NoticeSlice, PlaybackSlice, RunSlice, SelectionSlice, TraceSlice } from './types.ts';
import { loadedGuide } from '../../lessons/registry.ts';
import { describeEvent, formatMs, isNarrated } from './describe.ts';
import { learnerInterventions } from './step-start.ts';
import { randomSeed } from './seed.ts';
import { createComparisonSlice, syncComparison, workerComparisonClient } from './comparison.ts';
import { browserStorage, createPlayerSlice, loadProgress, syncPlayer } from './player.ts';
import { createSandboxSlice } from './sandbox.ts';
import { sandboxGuide } from '../sandbox/guide.ts';
import type { ProgressStorage } from './progress.ts';

/** How far ahead of the cursor the worker keeps the run simulated, in true ms. */
export function horizonMs(speed: number): number {
  return Math.max(3_000, speed * 4);
}
/** Simulated ms per real second when a lesson does not choose its own. */
const DEFAULT_SPEED = 250;

type Slice<T> = StateCreator<AppState, [], [], T>;

/** Index of the first event with t > time in a time-ordered array. */
export function upperBoundByTime(events: readonly TraceEvent[], time: number): number {
  let lo = 0;
  let hi = events.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (events[mid]!.t <= time) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

const createRunSlice =
  (client: () => SimClient): Slice<RunSlice> =>
  (set, get) => ({
    run: null,
    lesson: null,
    nodes: [],
    links: [],
    durationMs: 10_000,
    status: 'idle',
    error: null,
    load(run, cursorMs = 0) {
      // Callers load the guide first (openRunQuery, the scenario import): the store stays synchronous.
      const lesson = run.sandbox ? sandboxGuide(run.sandbox) : (loadedGuide(run.lessonId) ?? null);
      const opening = lesson !== null && lesson.id !== get().run?.lessonId;
      set({
        run,
        lesson,
        // A run of a lesson ends the sandbox; the sandbox sets itself again after its own loads.
        ...(run.sandbox ? {} : { sandbox: null }),
        // A lesson opens at its own pace (its hops must be slow enough to follow); later reloads
        // of the same lesson keep whatever speed the learner chose.
        ...(opening ? { speed: lesson.playbackSpeed ?? DEFAULT_SPEED } : {}),
        status: 'loading',
        error: null,
        events: [],
        baseSeq: 0,
        simulatedUntil: 0,
        traceVersion: get().traceVersion + 1,
        cursor: cursorMs,
        cursorSeq: 0,
        selected: null,
        hovered: null,
        // What was said about the last run does not describe this one: another lesson, or a new start.
        ...(opening || cursorMs === 0 ? { narration: '' } : {}),
        // Another lesson opens paused, as its first step says, not still playing the last one.
        ...(opening ? { playing: false } : {}),
      });
      // Setting the state can open the lesson at a step whose own start loads over this run
      // (syncPlayer): then that run, loaded already, is the one the worker must simulate.
      if (get().run !== run) return;
      client().load(run, cursorMs + horizonMs(get().speed));
    },
    reset() {
      // A lesson's run restarts its step: the step's own start, none of the learner's actions.
      if (get().stepStart) get().restartStep();
      else {
        const { run } = get();
        if (run) get().load(run, 0);
      }
    },
    setSeed(seed) {
      const { run, sandbox } = get();
      if (sandbox) {
        get().sandboxEdit({ kind: 'set-run', seed: seed >>> 0, durationMs: sandbox.doc.durationMs });
        return;
      }
      if (run) get().load({ ...run, seed: seed >>> 0 }, 0);
    },
    newSeed() {
      get().setSeed(randomSeed());
    },
    setParam(name, value) {
      const { run } = get();
      if (run) get().load({ ...run, params: { ...run.params, [name]: value } }, get().cursor);
    },
    intervene(partial) {
      const { run, cursor, speed, stepStart } = get();
      if (!run) return;
      const intervention = { ...partial, at: partial.at ?? cursor } as Intervention;
      // In the sandbox a fault is put on the document's timeline, where it can be moved or undone.
      if (get().sandbox) {
        const why = get().sandboxEdit({ kind: 'add-intervention', intervention });
        if (why) get().notify(why, 'warning');
        return;
      }
      // Acting at t replaces what the learner had scheduled after t (the step's own actions stay):
      // the run is rebuilt without those, at the same moment.
      const own = learnerInterventions(run, stepStart?.run ?? null);
      const later = new Set(own.filter((iv) => iv.at > intervention.at));
      // Setting a value again at the same moment (a slider dragged) replaces the learner's last setting.
      const same = new Set(
        intervention.kind === 'set-param'
          ? own.filter(
              (iv) => iv.kind === 'set-param' && iv.name === intervention.name && iv.at === intervention.at,
            )
          : [],
      );
      if (later.size > 0 || same.size > 0) {
        const kept = run.interventions.filter((iv) => !later.has(iv) && !same.has(iv));
        get().load({ ...run, interventions: [...kept, intervention] }, cursor);
        if (later.size === 0) return;
        get().notify(
          `Your ${later.size === 1 ? 'action' : `${later.size} actions`} scheduled after ${formatMs(intervention.at)} ${later.size === 1 ? 'was' : 'were'} removed: acting now replaces what came after.`,
        );
        return;
      }
      set({ run: { ...run, interventions: [...run.interventions, intervention] } });
      client().intervene(intervention, cursor + horizonMs(speed));
    },
  });

const createTraceSlice: Slice<TraceSlice> = (set, get) => ({
  events: [],
  baseSeq: 0,
  simulatedUntil: 0,
  traceVersion: 0,
  receiveChunk(fromSeq, chunk, simulatedUntil) {
    const next = appendChunk(get(), fromSeq, chunk);
    if (!next) return; // out of step (a stale chunk): ignore
    set({
      events: next.events,
      baseSeq: next.baseSeq,
      simulatedUntil,
      traceVersion: get().traceVersion + (chunk.length ? 1 : 0),
      status: 'ready',
    });
    if (!get().playing) get().seek(get().cursor); // keep cursorSeq right while paused
  },
  truncateTrace(length) {
    set({ events: truncateWindow(get(), length), traceVersion: get().traceVersion + 1 });
  },
});

const createPlaybackSlice =
  (client: () => SimClient): Slice<PlaybackSlice> =>
  (set, get) => {
    /** Moves the cursor and narrates the most telling event passed on the way. */
    function moveTo(cursor: number, cursorSeq: number): void {
      const { events, baseSeq, cursorSeq: before } = get();
      set({ cursor, cursorSeq });
      if (cursorSeq > before) {
        for (let s = cursorSeq - 1; s >= Math.max(before, cursorSeq - 50); s--) {
          const e = events[s - baseSeq];
          const lesson = get().lesson;
          if (e && isNarrated(e, lesson)) {
            get().narrate(describeEvent(e, events, lesson));
            break;
          }
        }
      }
      const { simulatedUntil, speed } = get();
      if (cursor + horizonMs(speed) / 2 > simulatedUntil) client().extend(cursor + horizonMs(speed));
    }
    let stepBudgetMs = 0;
    return {
      playing: false,
      speed: DEFAULT_SPEED,
      cursor: 0,
      cursorSeq: 0,
      reducedMotion: false,
      play: () => set({ playing: true }),
      pause: () => set({ playing: false }),
      togglePlay: () => set({ playing: !get().playing }),
      setSpeed: (speed) => set({ speed: Math.min(20_000, Math.max(10, speed)) }),
      seek(t) {
        const { events, baseSeq } = get();
        const time = Math.max(0, t);
        moveTo(time, baseSeq + upperBoundByTime(events, time));
      },
      seekToEvent(seq) {
        const { events, baseSeq } = get();
        const e = events[seq - baseSeq];
        if (e) moveTo(e.t, seq + 1);
      },
      stepForward() {
        const { events, baseSeq, cursorSeq } = get();
        set({ playing: false });
        const e = events[cursorSeq - baseSeq];
        if (e) moveTo(e.t, cursorSeq + 1);
      },
      stepBack() {
        const { events, baseSeq, cursorSeq } = get();
        set({ playing: false });
        if (cursorSeq <= baseSeq) return;
        const prev = events[cursorSeq - 2 - baseSeq];
        set({ cursor: prev ? prev.t : 0, cursorSeq: cursorSeq - 1 });
      },
      tick(realMs) {
        const { playing, speed, cursor, simulatedUntil, events, baseSeq, reducedMotion } = get();
        if (!playing) return;
        if (reducedMotion) {
          // Discrete steps instead of motion: jump from one moment with events to the next at a
          // steady, readable pace (faster speeds shorten the pause between steps).
          stepBudgetMs += realMs;
          const pauseMs = Math.max(150, 600_000 / Math.max(speed, 1) / 2);
          if (stepBudgetMs < pauseMs) return;
          stepBudgetMs = 0;
          const e = events[get().cursorSeq - baseSeq];
          if (e && e.t <= simulatedUntil) moveTo(e.t, baseSeq + upperBoundByTime(events, e.t));
          return;
        }
        const next = Math.min(cursor + (realMs / 1000) * speed, simulatedUntil);
        moveTo(next, baseSeq + upperBoundByTime(events, next));
      },
      setReducedMotion: (on) => set({ reducedMotion: on }),
    };
  };

const createSelectionSlice: Slice<SelectionSlice> = (set) => ({
  selected: null,
  hovered: null,
  select: (selected) => set({ selected }),
  hover: (hovered) => set({ hovered }),
});

const createNoticeSlice: Slice<NoticeSlice> = (set, get) => {
  let nextId = 1;
  return {
    notices: [],
    narration: '',
    notify(text, tone = 'info') {
      set({ notices: [...get().notices, { id: nextId++, tone, text }] });
    },
    dismiss(id) {
      set({ notices: get().notices.filter((n) => n.id !== id) });
    },
    narrate: (narration) => set({ narration }),
  };
};

export type AppStore = StoreApi<AppState> & { client(): SimClient; comparisonClient(): SimClient };

export function createAppStore(
  makeClient: (store: () => StoreApi<AppState>) => SimClient,
  /** The second worker, for the with/without-the-fix comparison (started only when it is switched on). */
  makeComparisonClient: (store: () => StoreApi<AppState>) => SimClient = workerComparisonClient,
  /** Where the learner's progress is kept (localStorage in the browser; none, or a fake, in tests). */
  storage: ProgressStorage | null = browserStorage(),
): AppStore {
  const saved = loadProgress(storage);
  let client: SimClient | null = null;
  let comparisonClient: SimClient | null = null;
  const getClient = (): SimClient => (client ??= makeClient(() => store));
  const comparison = {
    client: (): SimClient => (comparisonClient ??= makeComparisonClient(() => store)),
    horizonMs,
  };
  const store = createStore<AppState>()((...a) => ({
    course: null,
    courseBuilder: false,
    handout: false,
    presenting: false,
    speakerNotes: false,
    predictionAnswers: {},
    ...createRunSlice(getClient)(...a),
    ...createTraceSlice(...a),
    ...createPlaybackSlice(getClient)(...a),
    ...createSelectionSlice(...a),
    ...createNoticeSlice(...a),
    ...createComparisonSlice(comparison)(...a),
    ...createPlayerSlice(storage, saved.progress)(...a),
    ...createSandboxSlice(...a),
  }));
  store.subscribe(syncComparison(store, comparison));
  store.subscribe(syncPlayer(store));
  if (saved.problem) store.getState().notify(saved.problem, 'warning');
  return Object.assign(store, { client: getClient, comparisonClient: comparison.client });
}

/** The real client: worker replies go straight into the store. */
export function workerClient(store: () => StoreApi<AppState>): SimClient {
  return createTraceClient(() => {
    const s = store().getState();
    return {
      loaded: (m) => store().setState({ nodes: m.nodes, links: m.links, durationMs: m.durationMs }),
      chunk: s.receiveChunk,
      truncated: s.truncateTrace,
      failed: (message, detail = message) =>
        store().setState({ status: 'error', playing: false, error: { message, detail } }),
    };
  });
}

export const appStore = createAppStore(workerClient);

/** Reads from the app store with a selector (use useShallow for object results). */
export function useApp<T>(selector: (state: AppState) => T): T {
  return useStore(appStore, selector);
}
