/**
 * A lesson is one folder under lessons/<id>/ with two files, so the page never loads what only the
 * simulation needs:
 *
 *  - guide.ts default-exports `defineGuide({...})`: what the page shows and checks (the words,
 *    parameters, interventions on offer, steps with challenges that read the trace, the fix). The app
 *    loads only the open lesson's guide.
 *  - lesson.ts default-exports `defineLesson(guide, scenario)`: the guide plus the scenario (the nodes'
 *    behaviours, XState machines and all). The simulation worker, the runner and tests load it.
 *
 * Nothing else changes to add a lesson.
 */
import { driftProblem } from './clock.ts';
import { defaultParams, withParams, type BooleanParamOf, type ParamSchema, type ParamsOf } from './params.ts';
import type { Trace } from './trace.ts';
import type { Intervention, ParamValue, Params, Scenario } from './types.ts';
import type { AnyVocabulary } from './vocabulary.ts';
import type { SandboxDoc } from '../sandbox/model.ts';

/*
 * Typing. `defineGuide` takes a `GuideSpec<S>`, typed from its parameter schema S: challenges see
 * `params.deadlineMs` as a number, and a step, solution, button or fix that names a parameter the
 * schema lacks is a type error. What it returns is a plain `LessonGuide` (plus `params: S`, so the
 * lesson's behaviours can take `LessonParams<typeof guide>`), which the page, store and registry
 * handle without knowing any lesson's parameters. The parts below are generic over the parameters'
 * values P and names N rather than the schema, so that a typed guide is a LessonGuide.
 */

/**
 * An intervention as a lesson writes it: a set-param names one of the lesson's own parameters, so a
 * renamed parameter cannot leave a stale button or step behind.
 */
export type LessonIntervention<N extends string = string> =
  | Exclude<Intervention, { kind: 'set-param' }>
  | { at: number; kind: 'set-param'; name: N; value: ParamValue };

export interface ChallengeResult {
  met: boolean;
  /** Seqs of the trace events that show it (the player links to them and explains the chain). */
  evidence?: number[];
  /** One line on what was seen, for the narration: "call 3: unknown, and the charge was applied". */
  detail?: string;
  /**
   * While not met: what is still missing, in plain words ("2 retries were not enough: 1 payment
   * still unanswered"), so a learner who tried knows what to change.
   */
  missing?: string;
}

/** A scripted run that meets a challenge: for tests, for `npm run sim`, and for "show me". */
export interface Script<P extends Params = Params, N extends string = string> {
  params?: Partial<P>;
  interventions: LessonIntervention<N>[];
  untilMs?: number;
  seed?: number;
}

/**
 * Where a step begins. By default a step opens on the lesson's own seed and defaults, with none of
 * the learner's actions: what they did in the step before does not leak into this one.
 */
export interface StepStart<P extends Params = Params, N extends string = string> {
  seed?: number;
  /** Settings this step starts with, over the lesson's defaults. */
  params?: Partial<P>;
  /** Actions already scheduled when the step opens (the learner cannot undo them by acting). */
  interventions?: LessonIntervention<N>[];
  /**
   * Keep what the learner did in the previous step (settings and actions), for steps that build on
   * each other. The page says what was carried over and offers to drop it.
   */
  carryOver?: boolean;
}

/**
 * Predict, then reveal (workshops): at `askAtMs` into the step the run pauses and asks; the answer is
 * recorded, the run plays on, and once the trace can tell, the page says whether it was right, why,
 * and at which event.
 */
export interface Prediction<P extends Params = Params> {
  id: string;
  /** True time at which the run pauses to ask. */
  askAtMs: number;
  question: string;
  /** Two to four answers. */
  answers: readonly string[];
  /** The answer the step's own start (its seed, none of the learner's actions) bears out; a test checks. */
  right: number;
  /** What the trace shows, once it can tell: the answer, the event that shows it, and why in words. */
  reveal(trace: Trace, params: P): { answer: number; seq: number; why: string } | null;
}

export interface LessonStep<P extends Params = Params, N extends string = string> {
  id: string;
  title: string;
  /** A few short sentences in plain words. */
  text: string;
  hint: string;
  /**
   * Speaker notes for an instructor presenting this step (workshops): what to say, what to point at,
   * what the room usually asks. Shown in the presenter's notes window, never to learners.
   */
  notes?: string;
  /** Questions asked at moments of the step, answered before the run shows the answer. */
  predictions?: Prediction<P>[];
  challenge(trace: Trace, params: P): ChallengeResult;
  /** Applied on top of the step's start: the step's start plus this meets the challenge. */
  solution: Script<P, N>;
  start?: StepStart<P, N>;
}

/** An intervention the UI offers as a button; `at` is filled in with the moment it is pressed. */
export type InterventionOffer<N extends string = string> = DistributiveOmit<LessonIntervention<N>, 'at'> & {
  label: string;
  description: string;
  /** What it did, for the log once pressed: "slowed the link to 2,000 ms" (default: the label). */
  did?: string;
  /**
   * The button starts new work ("Pay"): the lesson waits for the learner, so a quiet run is not
   * over, and one-shot actions pressed while it is quiet are still useful.
   */
  startsWork?: boolean;
};
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

export interface LessonFix<N extends string = string> {
  /** The boolean parameter that turns the fix on. */
  param: N;
  label: string;
  description: string;
}

/** What the page needs of a lesson, typed from its schema S (see "Typing" above). */
export interface GuideSpec<S extends ParamSchema> {
  id: string;
  title: string;
  /** One line on what it shows, for the catalog. */
  summary: string;
  /** The principle, named: "A remote call has three outcomes". */
  principle: string;
  part: 1 | 2 | 3 | 4;
  /** Position in the catalog. */
  order: number;
  minutes: number;
  /** The parameters; every other part of the guide sees their values typed from this schema. */
  params: S;

  /**
   * The names of the scenario's nodes under these parameters, in the scenario's order: what a link's
   * or a file's interventions are checked against before any simulation has run. defineLesson checks
   * it agrees with the scenario.
   */
  nodeNames(params: ParamsOf<S>): readonly string[];
  /** How long a run lasts by default (true ms), for the runner and the timeline. */
  durationMs: number;
  defaultSeed: number;
  /** Simulated ms per real second when the lesson opens: slow enough to follow its messages. */
  playbackSpeed?: number;
  interventions: InterventionOffer<keyof S & string>[];
  steps: LessonStep<ParamsOf<S>, keyof S & string>[];
  fix?: LessonFix<BooleanParamOf<S>>;
  /** The step whose key moment stands for the whole lesson on a handout (default: the first step). */
  keyStep?: string;
  /**
   * The custom events the scenario emits, in words, with their anomalies and "why" rules
   * (see vocabulary.ts). An event left out reads as its name and fields in the log.
   */
  events?: AnyVocabulary;
}

/** What the page needs of a lesson: everything but the behaviours of its nodes. */
export interface LessonGuide extends GuideSpec<ParamSchema> {
  params: ParamSchema;
  /** A sandbox's guide (src/sandbox/guide.ts) carries the document it was made from: its runs do too. */
  sandbox?: SandboxDoc;
}

/** A guide as defineGuide returns it: a LessonGuide that still knows its schema. */
export type TypedGuide<S extends ParamSchema> = LessonGuide & { readonly params: S };

/** A whole lesson: its guide and the scenario the simulation runs. */
export interface LessonDef extends LessonGuide {
  /** Given parameters parsed against this lesson's schema. */
  scenario(params: Params): Scenario;
}

/** The typed parameters of a guide (`LessonParams<typeof guide>`), for its lesson's behaviours. */
export type LessonParams<G extends { readonly params: ParamSchema }> = ParamsOf<G['params']>;

/**
 * Checks a guide and keeps its schema's types: the steps' challenges, starts and solutions, the
 * fix and the set-param buttons all see `params.deadlineMs` as a number, and a name the schema does
 * not have is a type error.
 */
export function defineGuide<const S extends ParamSchema>(guide: GuideSpec<S>): TypedGuide<S> {
  const ids = guide.steps.map((s) => s.id);
  if (new Set(ids).size !== ids.length) throw new Error(`lesson ${guide.id}: step ids must be unique`);
  if (guide.keyStep !== undefined && !ids.includes(guide.keyStep)) {
    throw new Error(`lesson ${guide.id}: keyStep "${guide.keyStep}" is not one of its steps`);
  }
  if (guide.fix && guide.params[guide.fix.param]?.kind !== 'boolean') {
    throw new Error(`lesson ${guide.id}: the fix must be a boolean parameter`);
  }
  for (const [name, spec] of Object.entries(guide.params)) {
    // A drift setting beyond the clock's range would let a link stop a clock or run it backwards.
    const why =
      spec.kind === 'number' && spec.unit === 'ppm'
        ? (driftProblem(spec.min) ?? driftProblem(spec.max))
        : undefined;
    if (why) throw new Error(`lesson ${guide.id}: parameter ${name}: ${why}`);
  }
  // A former name must lead to one parameter only, and never hide a current one.
  const formerNames = Object.values(guide.params).flatMap((spec) => spec.formerNames ?? []);
  for (const former of formerNames) {
    if (
      Object.hasOwn(guide.params, former) ||
      formerNames.indexOf(former) !== formerNames.lastIndexOf(former)
    )
      throw new Error(`lesson ${guide.id}: the former parameter name "${former}" is in use`);
  }
  // A GuideSpec<S> is a LessonGuide for every concrete schema; TypeScript cannot see it for S unknown.
  return guide as unknown as TypedGuide<S>;
}

export function defineLesson<S extends ParamSchema>(
  guide: TypedGuide<S>,
  scenario: (params: ParamsOf<S>) => Scenario,
): LessonDef & { readonly params: S } {
  const lesson = { ...guide, scenario };
  const named = guide.nodeNames(defaultParams(guide.params)).join(', ');
  const built = scenario(defaultParams(guide.params))
    .nodes.map((n) => n.name)
    .join(', ');
  if (named !== built) {
    throw new Error(`lesson ${guide.id}: nodeNames gives [${named}] but the scenario builds [${built}]`);
  }
  return lesson;
}

/** The seed, settings and actions step `index` opens with (see StepStart). */
export function stepStartOf(
  guide: LessonGuide,
  index: number,
): { seed: number; params: Record<string, ParamValue>; interventions: Intervention[] } {
  const start = guide.steps[index]?.start;
  return {
    seed: start?.seed ?? guide.defaultSeed,
    params: withParams(defaultParams(guide.params), start?.params),
    interventions: (start?.interventions ?? []).map((iv) => ({ ...iv })),
  };
}

/** The run a step's "Show me" plays: the step's start with its solution's settings and actions on top. */
export function stepSolutionOf(
  guide: LessonGuide,
  index: number,
): { seed: number; params: Record<string, ParamValue>; interventions: Intervention[]; untilMs?: number } {
  const start = stepStartOf(guide, index);
  const solution = guide.steps[index]!.solution;
  return {
    seed: solution.seed ?? start.seed,
    params: withParams(start.params, solution.params),
    interventions: [...start.interventions, ...solution.interventions.map((iv) => ({ ...iv }))],
    ...(solution.untilMs !== undefined ? { untilMs: solution.untilMs } : {}),
  };
}

/** The index of the step a handout shows for the whole lesson. */
export function keyStepIndex(guide: LessonGuide): number {
  return Math.max(
    0,
    guide.steps.findIndex((s) => s.id === guide.keyStep),
  );
}

/** Trace helpers challenges share. */
export function outcomesWithTruth(trace: Trace): {
  call: number;
  request: number;
  op: string;
  result: 'success' | 'failure' | 'unknown';
  /** This attempt (call) was applied by the server. */
  applied: boolean;
  /** Some attempt of the same logical request was applied (a retry answered from a stored result). */
  requestApplied: boolean;
  outcomeSeq: number;
  effectSeq: number | undefined;
}[] {
  const effects = new Map<number, number>();
  const appliedRequests = new Set<number>();
  for (const e of trace.ofType('effect')) {
    if (!effects.has(e.call)) effects.set(e.call, e.seq);
    appliedRequests.add(e.request);
  }
  return trace.ofType('outcome').map((o) => ({
    call: o.call,
    request: o.request,
    op: o.op,
    result: o.result,
    applied: effects.has(o.call),
    requestApplied: appliedRequests.has(o.request),
    outcomeSeq: o.seq,
    effectSeq: effects.get(o.call),
  }));
}

/** Logical requests whose operation the server applied more than once: [request, effect seqs]. */
export function doubleApplications(trace: Trace): { request: number; op: string; seqs: number[] }[] {
  const byKey = new Map<string, { request: number; op: string; seqs: number[] }>();
  for (const e of trace.ofType('effect')) {
    const key = `${e.request}\u0000${e.op}`;
    const entry = byKey.get(key) ?? { request: e.request, op: e.op, seqs: [] };
    entry.seqs.push(e.seq);
    byKey.set(key, entry);
  }
  return [...byKey.values()].filter((x) => x.seqs.length > 1);
}

/** The catalog's order: by part, then position, then id. */
export function byCatalogOrder(a: LessonGuide, b: LessonGuide): number {
  return a.part - b.part || a.order - b.order || a.id.localeCompare(b.id);
}
