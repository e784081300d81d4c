/**
 * The fuzz kit: random runs of real lessons, each checked against what must hold of any trace. A case
 * is a function of (lesson, case seed) alone, so a failure replays from one command. Every case:
 * random parameters on their grid (often at their extremes), random faults and the lesson's own
 * buttons at random times (some at 0, some at the very end), then a settling period in which every
 * fault is repaired, so that every call must end and every message land. Pure: it runs in Node, in
 * Vitest (`npm test` runs a short fuzz) and in `npm run fuzz`.
 */
import { CLOCK_DRIFT_PPM_MAX } from '../clock.ts';
import type { InterventionOffer, LessonDef } from '../lesson.ts';
import type { ParamSchema, ParamSpec } from '../params.ts';
import { defaultParams } from '../params.ts';
import { deriveStream, type Pcg32 } from '../prng.ts';
import { Simulation } from '../simulation.ts';
import type { Intervention, ParamValue, Params } from '../types.ts';
import { checkTrace } from './invariants.ts';

export interface FuzzCase {
  lessonId: string;
  caseSeed: number;
  /** The simulation's own seed. */
  seed: number;
  params: Record<string, ParamValue>;
  /** The random schedule, then the repairs at `settleFromMs`. */
  interventions: Intervention[];
  /** When the random schedule ends and the repairs happen. */
  settleFromMs: number;
  /** The run is taken to here. */
  endMs: number;
}

export interface FuzzResult {
  case: FuzzCase;
  events: number;
  /** What broke, in words; empty when the case passed. */
  problems: string[];
}

export interface FuzzOptions {
  /** A run that makes more trace events than this has not terminated (a message storm, a timer loop). */
  eventCap?: number;
  /** Run the case twice and compare the traces byte for byte. */
  checkDeterminism?: boolean;
}

export const DEFAULT_EVENT_CAP = 400_000;
/** Long enough for any lesson's deadline, retries and slowest link to play out once faults are repaired. */
export const SETTLE_MS = 60_000;
const MAX_INTERVENTIONS = 10;

/** A value the schema accepts: a third of the time its minimum, a third its maximum, else any grid point. */
function pickParam(rng: Pcg32, spec: ParamSpec): ParamValue {
  if (spec.kind === 'boolean') return rng.nextInt(2) === 1;
  if (spec.kind === 'choice') return spec.options[rng.nextInt(spec.options.length)]!;
  const steps = Math.round((spec.max - spec.min) / spec.step);
  const roll = rng.nextInt(3);
  const k = roll === 0 ? 0 : roll === 1 ? steps : rng.nextInt(steps + 1);
  // Rounded to the step's decimals, as the controls and links write it.
  const decimals = (String(spec.step).split('.')[1] ?? '').length;
  return Number(Math.min(spec.max, spec.min + k * spec.step).toFixed(decimals));
}

/** A moment in [0, end]: often exactly 0 or exactly the end, where off-by-one mistakes live. */
function pickTime(rng: Pcg32, endMs: number): number {
  const roll = rng.nextInt(8);
  if (roll === 0) return 0;
  if (roll === 1) return endMs;
  return Math.round(rng.next() * endMs * 1000) / 1000;
}

function pickFrom<T>(rng: Pcg32, items: readonly T[]): T {
  return items[rng.nextInt(items.length)]!;
}

/** What a random schedule may use besides faults: the parameters to set and the buttons to press. */
export interface ScheduleMenu {
  params: ParamSchema;
  offers: readonly InterventionOffer[];
}

function pickIntervention(
  rng: Pcg32,
  menu: ScheduleMenu,
  nodes: readonly string[],
  at: number,
): Intervention {
  const node = pickFrom(rng, nodes);
  // A one-node scenario has no link to cut: those kinds become a crash (no lesson has one node,
  // so a lesson's draws are unchanged).
  const other =
    nodes.length > 1
      ? pickFrom(
          rng,
          nodes.filter((n) => n !== node),
        )
      : undefined;
  const kind = rng.nextInt(10);
  if (other === undefined && (kind === 5 || kind === 6)) return { at, kind: 'crash', node };
  switch (kind) {
    case 0:
      return { at, kind: 'crash', node };
    case 1:
      return { at, kind: 'recover', node };
    case 2:
      return { at, kind: 'pause', node };
    case 3:
      return { at, kind: 'resume', node };
    case 4:
      return { at, kind: 'slow', node, factor: pickFrom(rng, [0.25, 0.5, 2, 4]) };
    case 5:
      return {
        at,
        kind: rng.nextInt(2) ? 'partition' : 'heal',
        from: node,
        to: other!,
        oneWay: rng.nextInt(2) === 1,
      };
    case 6:
      return { at, kind: 'drop-next', from: node, to: other! };
    case 7: {
      // Drift at its bounds as well as inside them; offsets up to a minute either way.
      const driftPpm = pickFrom(rng, [-CLOCK_DRIFT_PPM_MAX, CLOCK_DRIFT_PPM_MAX, rng.nextInt(2001) - 1000]);
      return { at, kind: 'skew', node, offsetMs: rng.nextInt(120_001) - 60_000, driftPpm };
    }
    case 8: {
      const names = Object.keys(menu.params);
      if (names.length > 0) {
        const name = pickFrom(rng, names);
        return { at, kind: 'set-param', name, value: pickParam(rng, menu.params[name]!) };
      }
      return { at, kind: 'crash', node };
    }
    default: {
      // One of the lesson's own buttons, as a learner would press it.
      if (menu.offers.length === 0) return { at, kind: 'pause', node };
      const offer = pickFrom(rng, menu.offers);
      const { label: _l, description: _d, did: _did, startsWork: _s, ...iv } = offer;
      return { ...iv, at } as Intervention;
    }
  }
}

/** The repairs at the start of the settling period: every node up, running and at full speed, every link whole. */
function repairs(nodes: readonly string[], at: number): Intervention[] {
  const out: Intervention[] = [];
  for (const node of nodes) {
    out.push(
      { at, kind: 'recover', node },
      { at, kind: 'resume', node },
      { at, kind: 'slow', node, factor: 1 },
    );
  }
  for (const from of nodes)
    for (const to of nodes) if (from < to) out.push({ at, kind: 'heal', from, to, oneWay: false });
  return out;
}

/**
 * Up to MAX_INTERVENTIONS random faults and presses in [0, endMs], in time order: what a fuzz case
 * does to a lesson, and what the sandbox's "Test against faults" does to a scenario.
 */
export function randomSchedule(
  rng: Pcg32,
  menu: ScheduleMenu,
  nodes: readonly string[],
  endMs: number,
): Intervention[] {
  const scheduled: Intervention[] = [];
  const count = rng.nextInt(MAX_INTERVENTIONS + 1);
  for (let i = 0; i < count; i++) scheduled.push(pickIntervention(rng, menu, nodes, pickTime(rng, endMs)));
  return scheduled.sort((a, b) => a.at - b.at);
}

/** The case a (lesson, case seed) pair names. */
export function fuzzCase(lesson: LessonDef, caseSeed: number): FuzzCase {
  const rng = deriveStream(caseSeed, `fuzz:${lesson.id}`);
  const params: Record<string, ParamValue> = { ...defaultParams(lesson.params) };
  for (const [name, spec] of Object.entries(lesson.params))
    if (rng.nextInt(2)) params[name] = pickParam(rng, spec);
  const nodes = lesson.nodeNames(params);
  const settleFromMs = lesson.durationMs;
  const scheduled = randomSchedule(
    rng,
    { params: lesson.params, offers: lesson.interventions },
    nodes,
    settleFromMs,
  );
  return {
    lessonId: lesson.id,
    caseSeed,
    seed: rng.nextUint32(),
    params,
    interventions: [...scheduled, ...repairs(nodes, settleFromMs)],
    settleFromMs,
    endMs: settleFromMs + SETTLE_MS,
  };
}

function run(lesson: LessonDef, c: FuzzCase, eventCap: number): { sim: Simulation; capped: boolean } {
  const sim = new Simulation(
    { scenario: lesson.scenario, seed: c.seed, params: c.params as Params, interventions: c.interventions },
    { checkpointEvery: 0 },
  );
  sim.runUntil(c.endMs, eventCap);
  return { sim, capped: sim.now < c.endMs };
}

/** Runs one case and says what broke: an exception, a broken invariant, no termination, or a determinism miss. */
export function runFuzzCase(lesson: LessonDef, c: FuzzCase, options: FuzzOptions = {}): FuzzResult {
  const eventCap = options.eventCap ?? DEFAULT_EVENT_CAP;
  let first: { sim: Simulation; capped: boolean };
  try {
    first = run(lesson, c, eventCap);
  } catch (e) {
    return {
      case: c,
      events: 0,
      problems: [`threw: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`],
    };
  }
  const { sim, capped } = first;
  const events = sim.trace.length;
  if (capped)
    return {
      case: c,
      events,
      problems: [
        `did not reach ${c.endMs} ms within ${eventCap} events (stopped at ${sim.now.toFixed(3)} ms)`,
      ],
    };
  const problems = checkTrace(sim.trace, {
    endMs: c.endMs,
    interventions: c.interventions,
    // Every message sent before the repairs has had the whole settling period to land.
    maxDelayMs: SETTLE_MS - 1,
    settledBeforeMs: c.settleFromMs,
    rateMin: 1 - CLOCK_DRIFT_PPM_MAX / 1e6,
    rateMax: 1 + CLOCK_DRIFT_PPM_MAX / 1e6,
  });
  if (options.checkDeterminism && problems.length === 0) {
    const again = run(lesson, c, eventCap).sim.trace.toJSONL();
    if (again !== sim.trace.toJSONL()) problems.push('the same case made a different trace the second time');
  }
  return { case: c, events, problems };
}
