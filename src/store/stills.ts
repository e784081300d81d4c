/**
 * Stills for handouts: the trace of a step's scripted solution (the step's start plus its script, as
 * "Show me" runs it), cut at the key moment: a little after the challenge is first met. Each still
 * runs in its own worker (one for all stills, one run at a time), never on the page, and is kept
 * once made, so printing twice does not simulate twice.
 */
import { keyStepIndex, stepSolutionOf, type LessonGuide } from '../engine/lesson.ts';
import type { TraceEvent } from '../engine/trace.ts';
import type { NodeInfo, RunSpec } from '../engine/run-spec.ts';
import { traceFromEvents } from './challenges.ts';
import type { SimClient } from './sim-client.ts';
import { createTraceClient, type TraceSink } from './trace-buffer.ts';

export interface Still {
  nodes: NodeInfo[];
  /** The events up to the end of the still. */
  events: TraceEvent[];
  /** True time the still starts at: 0, unless the run before its key moment is too long to draw. */
  startT: number;
  /** True time the still ends at. */
  endT: number;
  /** Seq and time of the event at which the step's challenge is first met; null if it never is. */
  met: { seq: number; t: number } | null;
}

/** The still shows this much of the run after the key moment, as a share of the time before it. */
const AFTER_MOMENT = 0.2;
/**
 * A still holds this many events at most, so a long run still draws legibly: when more come before
 * the key moment (a rate measured over thousands of requests), it shows the last of them, up to it.
 */
export const MAX_STILL_EVENTS = 4000;

/**
 * The smallest prefix length at which `met` holds, or null. Challenges are monotone in practice (what
 * the trace showed stays shown), so a binary search over prefixes finds the first moment.
 */
export function firstMetLength(
  events: readonly TraceEvent[],
  met: (prefix: readonly TraceEvent[]) => boolean,
) {
  if (!met(events)) return null;
  let lo = 1;
  let hi = events.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (met(events.slice(0, mid))) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** Cuts a solution's whole trace down to its key moment (see the module comment). */
export function cutAtKeyMoment(
  lesson: LessonGuide,
  stepIndex: number,
  nodes: NodeInfo[],
  events: readonly TraceEvent[],
): Still {
  const step = lesson.steps[stepIndex]!;
  const { params } = stepSolutionOf(lesson, stepIndex);
  const length = firstMetLength(events, (prefix) => step.challenge(traceFromEvents(prefix), params).met);
  const metEvent = length === null ? undefined : events[length - 1];
  const lastT = events.at(-1)?.t ?? 0;
  const endT = metEvent ? Math.min(lastT, metEvent.t * (1 + AFTER_MOMENT) + 100) : lastT;
  let kept = events.filter((e) => e.t <= endT);
  if (kept.length > MAX_STILL_EVENTS) {
    const upToMoment = metEvent ? kept.filter((e) => e.seq <= metEvent.seq) : kept;
    kept =
      upToMoment.length > MAX_STILL_EVENTS
        ? upToMoment.slice(-MAX_STILL_EVENTS)
        : kept.slice(0, MAX_STILL_EVENTS);
  }
  return {
    nodes,
    events: kept,
    startT: kept.length > 0 && kept[0]!.seq > 0 ? kept[0]!.t : 0,
    endT: Math.min(endT, kept.at(-1)?.t ?? endT),
    met: metEvent ? { seq: metEvent.seq, t: metEvent.t } : null,
  };
}

/** The step whose still a handout shows for a course item: the item's own step, else the lesson's key step. */
export function stillStepIndex(lesson: LessonGuide, stepId: string | null): number {
  const own = stepId === null ? -1 : lesson.steps.findIndex((s) => s.id === stepId);
  return own >= 0 ? own : keyStepIndex(lesson);
}

let client: SimClient | null = null;
let sink: TraceSink | null = null;
let queue: Promise<unknown> = Promise.resolve();
const made = new Map<string, Promise<Still>>();

/** Runs `run` to true time `untilMs` in the stills' worker and collects its whole trace. */
function runWhole(run: RunSpec, untilMs: number): Promise<{ nodes: NodeInfo[]; events: TraceEvent[] }> {
  return new Promise((resolve, reject) => {
    let nodes: NodeInfo[] = [];
    let events: TraceEvent[] = [];
    sink = {
      loaded: (m) => void (nodes = m.nodes),
      chunk(fromSeq, chunk, simulatedUntil) {
        if (fromSeq === events.length) events = events.concat(chunk);
        if (simulatedUntil >= untilMs) resolve({ nodes, events });
      },
      truncated: (length) => void (events = events.slice(0, length)),
      failed: (message) => reject(new Error(message)),
    };
    client ??= createTraceClient(() => sink!);
    client.load(run, untilMs);
  });
}

/** The still of step `stepIndex` of `lesson` (made once, then kept). Rejects if the run fails. */
export function stillOf(lesson: LessonGuide, stepIndex: number): Promise<Still> {
  const key = `${lesson.id}/${stepIndex}`;
  let still = made.get(key);
  if (!still) {
    const { untilMs, ...spec } = stepSolutionOf(lesson, stepIndex);
    const run: RunSpec = { lessonId: lesson.id, ...spec };
    // One run at a time: the worker serves one generation, and a newer load would void an older one.
    still = queue
      .then(() => runWhole(run, untilMs ?? lesson.durationMs))
      .then(({ nodes, events }) => cutAtKeyMoment(lesson, stepIndex, nodes, events));
    queue = still.catch(() => undefined);
    still.catch(() => made.delete(key)); // a failed still can be tried again
    made.set(key, still);
  }
  return still;
}
