import type { Course } from './course.ts';
import type { Intervention, LessonGuide, ParamValue, TraceEvent } from '../engine/index.ts';
import type { NodeInfo, RunSpec } from '../engine/run-spec.ts';
import type { PlayerSlice } from './player.ts';
import type { SandboxSlice } from './sandbox.ts';

/** An intervention to apply; without `at`, at the cursor. */
export type InterventionRequest = Intervention extends infer I
  ? I extends Intervention
    ? Omit<I, 'at'> & { at?: number }
    : never
  : never;

/** What is selected or hovered: highlighted in every view at once. */
export type Selection =
  | { kind: 'node'; name: string }
  | { kind: 'link'; from: string; to: string }
  | { kind: 'message'; msg: number }
  | { kind: 'call'; call: number }
  | { kind: 'event'; seq: number };

export interface Notice {
  id: number;
  tone: 'info' | 'warning' | 'error';
  text: string;
}

export interface RunSlice {
  run: RunSpec | null;
  lesson: LessonGuide | null;
  nodes: NodeInfo[];
  links: [string, string][];
  durationMs: number;
  status: 'idle' | 'loading' | 'ready' | 'error';
  error: { message: string; detail: string } | null;
  /** Starts (or restarts) a run; the cursor goes to `cursorMs`. */
  load(run: RunSpec, cursorMs?: number): void;
  reset(): void;
  setSeed(seed: number): void;
  newSeed(): void;
  setParam(name: string, value: ParamValue): void;
  /** Applies an intervention at the cursor (branching the run if the cursor is in the past). */
  intervene(intervention: InterventionRequest): void;
}

export interface TraceSlice {
  /** The trace received so far (a window: events before `baseSeq` were let go on very long runs). */
  events: TraceEvent[];
  baseSeq: number;
  /** True time the worker has simulated to. */
  simulatedUntil: number;
  /** Bumped on every change, so derived data can be memoised per version. */
  traceVersion: number;
  receiveChunk(fromSeq: number, events: TraceEvent[], simulatedUntil: number): void;
  truncateTrace(length: number): void;
}

export interface PlaybackSlice {
  playing: boolean;
  /** Simulated ms per real second. */
  speed: number;
  /** True time shown. */
  cursor: number;
  /** How many trace events have happened at the cursor (events with seq < cursorSeq are shown). */
  cursorSeq: number;
  reducedMotion: boolean;
  play(): void;
  pause(): void;
  togglePlay(): void;
  setSpeed(speed: number): void;
  seek(t: number): void;
  seekToEvent(seq: number): void;
  stepForward(): void;
  stepBack(): void;
  /** Advances playback by `realMs` of wall time (the animation loop calls this). */
  tick(realMs: number): void;
  setReducedMotion(on: boolean): void;
}

export interface SelectionSlice {
  selected: Selection | null;
  hovered: Selection | null;
  select(selection: Selection | null): void;
  hover(selection: Selection | null): void;
}

export interface NoticeSlice {
  notices: Notice[];
  /** The last thing that happened, in words, for the aria-live region. */
  narration: string;
  notify(text: string, tone?: Notice['tone']): void;
  dismiss(id: number): void;
  narrate(text: string): void;
}

/** The second run of the comparison: the same run with the lesson's fix switched the other way. */
export interface ComparisonState {
  enabled: boolean;
  /** The second run's spec: the main run with `params[fix.param]` flipped. */
  run: RunSpec | null;
  events: TraceEvent[];
  baseSeq: number;
  simulatedUntil: number;
  /** True time the second worker has been asked to reach. */
  requestedUntil: number;
  status: 'idle' | 'loading' | 'ready' | 'error';
  error: string | null;
  /** Bumped on every change of the second trace. */
  version: number;
}

export interface ComparisonSlice {
  comparison: ComparisonState;
  /** Starts (or stops) the second run; it then follows the main run's seed, params, interventions and cursor. */
  setComparison(on: boolean): void;
  receiveComparisonChunk(fromSeq: number, events: TraceEvent[], simulatedUntil: number): void;
  truncateComparison(length: number): void;
  failComparison(message: string): void;
}

/** The course a link opened (workshops): its parsed path and the link's own `course` text, kept in every address. */
export interface ActiveCourse {
  param: string;
  course: Course;
}

export interface CourseSlice {
  /** The course the address names, or null outside a course. */
  course: ActiveCourse | null;
  /** The address asks for the course builder (`?make=course`). */
  courseBuilder: boolean;
  /** The address asks for the course's printable handout (`?course=…&handout=1`). */
  handout: boolean;
  /** Presenter mode: large type and high contrast for a projector, kept in the address (`present=1`). */
  presenting: boolean;
  /** This window is a presenter's speaker notes (`?notes=1`), following the presenting window. */
  speakerNotes: boolean;
  /** The learner's answers to predictions, by `lesson/step/prediction` (kept for the session). */
  predictionAnswers: Readonly<Record<string, number>>;
}

export type AppState = CourseSlice &
  RunSlice &
  TraceSlice &
  PlaybackSlice &
  SelectionSlice &
  NoticeSlice &
  ComparisonSlice &
  PlayerSlice &
  SandboxSlice;
