/**
 * "Test against faults": a sandbox document run many times, each run with its own seed and a random
 * fault schedule from the engine's fuzz kit (crashes and recoveries, pauses, slowness, cuts and
 * heals, dropped messages, clock skew, at any moment from 0 to the end), then a settling period in
 * which everything broken is repaired, and the invariants the user ticked checked on each trace.
 *
 * A run is a document: the case's seed, the user's own faults plus the random ones and the repairs,
 * and the run lengthened by the settling period. So a failure opens in the sandbox as that document
 * and replays exactly, the same run the test made. Pure: the worker runs it, and so do the tests.
 *
 * Not offered: the linearizability check (src/engine/testing/linearizability.ts). It reads a
 * history of reads and writes of a register, and no library behaviour reads or writes one (every
 * call is a "pay" or a "refund"), so there is no history for it to check.
 */
import { deriveStream } from '../engine/prng.ts';
import { randomSchedule, SETTLE_MS } from '../engine/testing/fuzz.ts';
import { Simulation } from '../engine/simulation.ts';
import type { TraceEvent } from '../engine/trace.ts';
import type { Intervention } from '../engine/types.ts';
import { sandboxRunInput } from './compile.ts';
import { firstDoubleEffect } from './double-effect.ts';
import { sandboxGuide } from './guide.ts';
import { MAX_SANDBOX_INTERVENTIONS, SANDBOX_DURATION_MAX_MS, type SandboxDoc } from './model.ts';

export type FaultInvariant = 'one-outcome' | 'no-double-effect';

export const FAULT_INVARIANTS: readonly { id: FaultInvariant; label: string; description: string }[] = [
  {
    id: 'one-outcome',
    label: 'Every call ends in exactly one outcome',
    description: 'No call is left without an answer once the faults are repaired, and none ends twice.',
  },
  {
    id: 'no-double-effect',
    label: 'No request takes effect twice',
    description: 'A server applies each request id at most once (a payment server charges it once).',
  },
];

export const FAULT_RUNS_DEFAULT = 200;
export const FAULT_RUNS_MAX = 5_000;
/** A run that makes more events than this has not settled (a message storm, a timer loop). */
export const FAULT_EVENT_CAP = 200_000;
/** The user's own scripted faults a test keeps: room is left for the random ones and their repairs. */
export const FAULT_SCRIPTED_MAX = 90;

/** One run of the test: its case seed (also the run's seed), and the document that replays it. */
export interface FaultCase {
  seed: number;
  doc: SandboxDoc;
  /** When the random schedule ends and the repairs happen (the original run's length). */
  settleFromMs: number;
}

/** What broke in a run, in one plain sentence, with the event that shows it. */
export interface FaultBreak {
  invariant: FaultInvariant | 'settles';
  text: string;
  seq?: number;
  t?: number;
}

/** Why a document cannot be tested as it stands; undefined when it can. */
export function faultTestProblem(doc: SandboxDoc): string | undefined {
  if (doc.nodes.length === 0) return 'there is nothing to test yet: add nodes first';
  if (doc.durationMs + SETTLE_MS > SANDBOX_DURATION_MAX_MS)
    return `the test adds ${SETTLE_MS / 1000} s of quiet after your run: make the run at most ${(SANDBOX_DURATION_MAX_MS - SETTLE_MS) / 1000} s long`;
  if (doc.interventions.length > FAULT_SCRIPTED_MAX)
    return `the test adds its own faults to yours: script at most ${FAULT_SCRIPTED_MAX} faults`;
  return undefined;
}

/** Every node back up, running and at full speed, and every cut healed, for what `list` broke. */
function repairsFor(list: readonly Intervention[], at: number): Intervention[] {
  const out: Intervention[] = [];
  const seen = new Set<string>();
  const once = (key: string, iv: Intervention) => {
    if (seen.has(key)) return;
    seen.add(key);
    out.push(iv);
  };
  for (const iv of list) {
    if (iv.kind === 'crash') once(`r ${iv.node}`, { at, kind: 'recover', node: iv.node });
    else if (iv.kind === 'pause') once(`p ${iv.node}`, { at, kind: 'resume', node: iv.node });
    else if (iv.kind === 'slow') once(`s ${iv.node}`, { at, kind: 'slow', node: iv.node, factor: 1 });
    else if (iv.kind === 'partition') {
      const [from, to] = [iv.from, iv.to].sort() as [string, string];
      once(`h ${from} ${to}`, { at, kind: 'heal', from, to, oneWay: false });
    }
  }
  return out;
}

/** The run a (document, seed) pair names: same pair, same run. */
export function faultCase(doc: SandboxDoc, seed: number): FaultCase {
  const rng = deriveStream(seed, 'faults:sandbox');
  const settleFromMs = doc.durationMs;
  const menu = { params: {}, offers: sandboxGuide(doc).interventions };
  const random = randomSchedule(
    rng,
    menu,
    doc.nodes.map((n) => n.name),
    settleFromMs,
  );
  const faults = [...doc.interventions, ...random];
  const interventions = [...faults, ...repairsFor(faults, settleFromMs)].slice(0, MAX_SANDBOX_INTERVENTIONS);
  return {
    seed,
    settleFromMs,
    doc: { ...doc, seed, durationMs: settleFromMs + SETTLE_MS, interventions },
  };
}

function checkOneOutcome(events: readonly TraceEvent[], settleFromMs: number): FaultBreak | undefined {
  const calls = new Map<number, Extract<TraceEvent, { type: 'call' }>>();
  const ended = new Set<number>();
  for (const e of events) {
    if (e.type === 'call') calls.set(e.call, e);
    else if (e.type === 'outcome') {
      if (ended.has(e.call))
        return {
          invariant: 'one-outcome',
          text: `call ${e.call} from ${e.from} to ${e.to} ended twice`,
          seq: e.seq,
          t: e.t,
        };
      ended.add(e.call);
    }
  }
  for (const [id, c] of calls)
    if (!ended.has(id) && c.t < settleFromMs)
      return {
        invariant: 'one-outcome',
        text: `call ${id} from ${c.from} to ${c.to} never ended, though every fault was repaired ${SETTLE_MS / 1000} s before the end`,
        seq: c.seq,
        t: c.t,
      };
  return undefined;
}

function checkNoDoubleEffect(events: readonly TraceEvent[]): FaultBreak | undefined {
  const d = firstDoubleEffect(events);
  return d && { invariant: 'no-double-effect', text: d.text, seq: d.seq, t: d.t };
}

export interface FaultRunResult {
  events: number;
  broken?: FaultBreak;
}

/** Runs one case and checks it: the first broken invariant, in the order the user sees them. */
export function runFaultCase(
  c: FaultCase,
  invariants: readonly FaultInvariant[],
  eventCap = FAULT_EVENT_CAP,
): FaultRunResult {
  const endMs = c.doc.durationMs;
  let sim: Simulation;
  try {
    sim = new Simulation(sandboxRunInput(c.doc), { checkpointEvery: 0 });
    sim.runUntil(endMs, eventCap);
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    return { events: 0, broken: { invariant: 'settles', text: `the run stopped with an error: ${why}` } };
  }
  const events = sim.trace.slice();
  if (sim.now < endMs)
    return {
      events: events.length,
      broken: {
        invariant: 'settles',
        text: `the run made ${eventCap.toLocaleString('en')} events by ${Math.round(sim.now)} ms and never settled`,
        t: sim.now,
      },
    };
  for (const id of FAULT_INVARIANTS.map((i) => i.id).filter((i) => invariants.includes(i))) {
    const broken =
      id === 'one-outcome' ? checkOneOutcome(events, c.settleFromMs) : checkNoDoubleEffect(events);
    if (broken) return { events: events.length, broken };
  }
  return { events: events.length };
}

export type FaultTestResult =
  | { kind: 'held'; runs: number; events: number }
  | { kind: 'broken'; runs: number; events: number; case: FaultCase; broken: FaultBreak };

/** The seeds a test of `runs` runs uses: 1 to `runs`, so a test of the same document repeats. */
export const faultSeed = (index: number): number => index + 1;

/**
 * Run `index` of a test: its case and what it found. A failure is run a second time, to be sure the
 * seed replays it: a run that differs the second time is itself the failure.
 */
export function runFaultTestCase(
  doc: SandboxDoc,
  index: number,
  invariants: readonly FaultInvariant[],
  eventCap = FAULT_EVENT_CAP,
): { case: FaultCase; result: FaultRunResult } {
  const c = faultCase(doc, faultSeed(index));
  const result = runFaultCase(c, invariants, eventCap);
  if (!result.broken) return { case: c, result };
  const again = runFaultCase(c, invariants, eventCap);
  if (JSON.stringify(again) === JSON.stringify(result)) return { case: c, result };
  return {
    case: c,
    result: {
      events: result.events,
      broken: { invariant: 'settles', text: 'the same seed made a different run the second time' },
    },
  };
}

/**
 * The whole test at once (the tests use it; the worker runs the same cases a few at a time): stops
 * at the first failure.
 */
export function testAgainstFaults(
  doc: SandboxDoc,
  runs: number,
  invariants: readonly FaultInvariant[],
  eventCap = FAULT_EVENT_CAP,
): FaultTestResult {
  let events = 0;
  for (let i = 0; i < runs; i++) {
    const { case: c, result } = runFaultTestCase(doc, i, invariants, eventCap);
    events += result.events;
    if (result.broken) return { kind: 'broken', runs: i + 1, events, case: c, broken: result.broken };
  }
  return { kind: 'held', runs, events };
}
