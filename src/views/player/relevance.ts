/**
 * What matters for a step, so the player can put it first and fold the rest away (still reachable):
 * the interventions and parameters the step's text, hint or scripted solution use, and the views the
 * lesson's trace gives something to show. Pure, from the lesson definition and the trace.
 */
import type { InterventionOffer, LessonGuide, LessonStep, TraceEvent } from '../../engine/index.ts';

const norm = (text: string): string => text.toLowerCase().replace(/\s+/g, ' ');

/** Whether `words` names `label` as a whole phrase ("Pay" is not named by "payment"). */
function names(words: string, label: string): boolean {
  const escaped = norm(label).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(^|[^a-z0-9])${escaped}($|[^a-z0-9])`).test(words);
}

/** The fields that pick out one intervention: everything but when, and its words. */
function target(x: Record<string, unknown>): string {
  const {
    at: _at,
    label: _label,
    description: _description,
    startsWork: _startsWork,
    did: _did,
    ...rest
  } = x;
  // Keys sorted by code unit, not localeCompare: the order only has to be the same every time, and
  // the first localeCompare of a page builds a collator (about 50 ms of a phone's main thread).
  return JSON.stringify(Object.entries(rest).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** Interventions the step names (by label, in its text or hint) or its solution performs. */
export function stepOffers(lesson: LessonGuide, step: LessonStep): InterventionOffer[] {
  const words = norm(`${step.text} ${step.hint}`);
  const scripted = new Set(
    step.solution.interventions.map((iv) => target(iv as unknown as Record<string, unknown>)),
  );
  return lesson.interventions.filter(
    (offer) => names(words, offer.label) || scripted.has(target(offer as unknown as Record<string, unknown>)),
  );
}

/** Parameters the step names (by label) or its solution sets, in the lesson's order. */
export function stepParams(lesson: LessonGuide, step: LessonStep): string[] {
  const words = norm(`${step.text} ${step.hint}`);
  const scripted = new Set([
    ...Object.keys(step.solution.params ?? {}),
    ...step.solution.interventions.flatMap((iv) => (iv.kind === 'set-param' ? [iv.name] : [])),
  ]);
  return Object.entries(lesson.params)
    .filter(([name, spec]) => scripted.has(name) || names(words, spec.label))
    .map(([name]) => name);
}

/** Whether the step is about the lesson's fix (turning it on, or what it changes). */
export function stepUsesFix(lesson: LessonGuide, step: LessonStep): boolean {
  const fix = lesson.fix;
  if (!fix) return false;
  return stepParams(lesson, step).includes(fix.param) || names(norm(`${step.text} ${step.hint}`), fix.label);
}

export interface ViewRelevance {
  /** The calls panel: the lesson makes remote calls. */
  calls: boolean;
  /** The clocks: some clock is off true time, drifts, is resynchronised, or can be skewed. */
  clocks: boolean;
  /** The request path: requests fan out (a node calls on while it handles a call). */
  requestPath: boolean;
}

export function viewRelevance(lesson: LessonGuide | null, events: readonly TraceEvent[]): ViewRelevance {
  let calls = false;
  let requestPath = false;
  let clocks = Boolean(lesson?.interventions.some((o) => o.kind === 'skew'));
  for (const e of events) {
    if (e.type === 'call') {
      calls = true;
      if (e.parent !== undefined) requestPath = true;
    } else if (e.type === 'clock' && (e.offsetMs !== 0 || e.driftPpm !== 0 || e.reason !== 'start'))
      clocks = true;
    if (requestPath && clocks) break;
  }
  return { calls, clocks, requestPath };
}
