/**
 * Where each lesson step begins, and what of the learner's own doing a step keeps. Pure helpers the
 * player slice builds on: a step opens on its own start (the lesson's seed and defaults, plus
 * whatever the step itself sets), so what was done in one step never leaks into the next unless the
 * guide asks for it (StepStart.carryOver), and then the page says what came over.
 */
import type {
  Intervention,
  InterventionOffer,
  LessonGuide,
  ParamValue,
  TraceEvent,
} from '../engine/index.ts';
import { defaultParams, withParams } from '../engine/params.ts';
import { stepStartOf } from '../engine/lesson.ts';
import type { RunSpec } from '../engine/run-spec.ts';
import { formatMs, offerMatches, paramValueWords, paramWords } from './describe.ts';

export { paramValueWords, paramWords };
import type { InterventionRequest } from './types.ts';

/** The run step `index` opens with. */
export function stepStartRun(lesson: LessonGuide, index: number): RunSpec {
  return {
    lessonId: lesson.id,
    ...stepStartOf(lesson, index),
    ...(lesson.sandbox ? { sandbox: lesson.sandbox } : {}),
  };
}

/** A run with nothing of anyone's in it: the lesson's seed, its defaults, no actions. */
export function isPlainRun(run: RunSpec, lesson: LessonGuide): boolean {
  const defaults = defaultParams(lesson.params);
  return (
    run.lessonId === lesson.id &&
    run.seed === lesson.defaultSeed &&
    run.interventions.length === 0 &&
    Object.entries(defaults).every(([name, value]) => run.params[name] === value)
  );
}

export function sameRun(a: RunSpec, b: RunSpec): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * The learner's own actions in `run`: every intervention that is not one of the step's start
 * (the store keeps the start's intervention objects as they are, so identity tells them apart).
 */
export function learnerInterventions(run: RunSpec, start: RunSpec | null): Intervention[] {
  const own = new Set(start?.interventions ?? []);
  return run.interventions.filter((iv) => !own.has(iv));
}

/** What the learner changed in the step that began at `start`: settings that differ, and their actions. */
export interface LearnerChanges {
  params: Record<string, ParamValue>;
  interventions: Intervention[];
}

export function learnerChanges(run: RunSpec, start: RunSpec): LearnerChanges {
  const params: Record<string, ParamValue> = {};
  for (const [name, value] of Object.entries(run.params)) {
    if (start.params[name] !== value) params[name] = value;
  }
  return { params, interventions: learnerInterventions(run, start) };
}

export const hasChanges = (c: LearnerChanges): boolean =>
  Object.keys(c.params).length > 0 || c.interventions.length > 0;

/** `base` with the learner's changes on top (their actions after the base's own). */
export function withChanges(base: RunSpec, changes: LearnerChanges): RunSpec {
  return {
    ...base,
    params: { ...base.params, ...changes.params },
    interventions: [...base.interventions, ...changes.interventions],
  };
}

/** The intervention an offer makes, without its words (`at` is the moment it is pressed). */
export function interventionOf(offer: InterventionOffer): InterventionRequest {
  const {
    label: _label,
    description: _description,
    startsWork: _startsWork,
    did: _did,
    ...intervention
  } = offer;
  return intervention as InterventionRequest;
}

/** An intervention in plain words, by the name of the button that does it where there is one. */
export function interventionWords(lesson: LessonGuide, iv: Intervention): string {
  const offer = lesson.interventions.find((o) => offerMatches(o, iv));
  const at = `at ${formatMs(iv.at)}`;
  if (offer) return `${offer.label} ${at}`;
  switch (iv.kind) {
    case 'set-param':
      return `${paramWords(lesson, iv.name)} set to ${paramValueWords(lesson, iv.name, iv.value)} ${at}`;
    case 'crash':
    case 'recover':
    case 'pause':
    case 'resume':
      return `${iv.node} ${{ crash: 'crashed', recover: 'restarted', pause: 'frozen', resume: 'resumed' }[iv.kind]} ${at}`;
    case 'slow':
      return `${iv.node} slowed ${iv.factor}× ${at}`;
    case 'partition':
      return `link ${iv.from} → ${iv.to} cut ${at}`;
    case 'heal':
      return `link ${iv.from} → ${iv.to} restored ${at}`;
    case 'drop-next':
      return `next message ${iv.from} → ${iv.to} dropped ${at}`;
    case 'isolate':
      return `${iv.node}${iv.with !== undefined ? ` and ${iv.with}` : ''} cut off from the others ${at}`;
    case 'rejoin':
      return `every link of ${iv.node}${iv.with !== undefined ? ` and ${iv.with}` : ''} restored ${at}`;
    case 'skew': {
      const parts = [
        iv.offsetMs !== undefined ? `offset ${iv.offsetMs} ms` : '',
        iv.driftPpm !== undefined ? `drift ${iv.driftPpm} ppm` : '',
      ].filter(Boolean);
      return `${iv.node}'s clock: ${parts.join(', ')} ${at}`;
    }
    case 'signal':
      return `${iv.node}: ${iv.signal} ${at}`;
  }
}

/** The learner's changes in plain words, one line each, for "carried over from step N". */
export function describeChanges(lesson: LessonGuide, changes: LearnerChanges): string[] {
  return [
    ...Object.entries(changes.params).map(
      ([name, value]) => `${paramWords(lesson, name)}: ${paramValueWords(lesson, name, value)}`,
    ),
    ...changes.interventions.map((iv) => interventionWords(lesson, iv)),
  ];
}

/** What step `index` opens with beyond the lesson's defaults, in words. */
export function describeStepStart(lesson: LessonGuide, index: number): string[] {
  const start = lesson.steps[index]?.start;
  return describeChanges(lesson, {
    params: withParams({}, start?.params),
    interventions: start?.interventions ?? [],
  });
}

/**
 * Whether acting now has nothing left to act on: no message is sent after the cursor in what has
 * been simulated ahead (at least `lookaheadMs` of it), and the lesson has no button that starts new
 * work (a lesson with "Pay" waits for the learner, so its quiet is not an end).
 */
export function workloadOver(
  lesson: LessonGuide,
  events: readonly TraceEvent[],
  fromIndex: number,
  cursor: number,
  simulatedUntil: number,
  lookaheadMs = 1_000,
): boolean {
  if (lesson.interventions.some((o) => o.startsWork)) return false;
  if (simulatedUntil < cursor + lookaheadMs) return false;
  for (let i = Math.max(0, fromIndex); i < events.length; i++) {
    const type = events[i]!.type;
    if (type === 'send' || type === 'call') return false;
  }
  return true;
}
