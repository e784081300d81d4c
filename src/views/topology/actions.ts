/**
 * What the learner can do to a node or a link, as typed records: the action menu shows them as
 * buttons and each one becomes an intervention at the cursor. Only actions that change something
 * are offered (no silent no-ops).
 */
import type { Intervention } from '../../engine/index.ts';
import { CLOCK_DRIFT_PPM_MAX, CLOCK_OFFSET_MS_MAX } from '../../engine/clock.ts';
import type { NodeStatus } from '../derive/status.ts';

/** An intervention without its time: the store stamps it with the cursor. */
export type InterventionInput = Intervention extends infer I
  ? I extends Intervention
    ? Omit<I, 'at'>
    : never
  : never;

export interface Action {
  id: string;
  label: string;
  /** A fault (drawn with the fault colour) rather than a repair. */
  fault: boolean;
  intervention: InterventionInput;
}

export const SKEW_STEP_MS = 100;
/** 10,000 ppm is 10 ms a second: enough to see within a few seconds of a run. */
export const DRIFT_STEP_PPM = 10_000;
export const SLOW_FACTOR = 4;

/** A node's clock at the cursor: how far its wall clock is off, and how fast it drifts. */
export interface ClockNow {
  offsetMs: number;
  driftPpm: number;
}

/** Offset and drift steps for a node's clock, each offered only while it stays in the allowed range. */
function clockActions(node: string, clock: ClockNow): Action[] {
  const out: Action[] = [];
  if (clock.offsetMs + SKEW_STEP_MS <= CLOCK_OFFSET_MS_MAX)
    out.push({
      id: 'skew-ahead',
      label: `Clock +${SKEW_STEP_MS} ms (jump ahead)`,
      fault: true,
      intervention: { kind: 'skew', node, offsetMs: SKEW_STEP_MS },
    });
  if (clock.offsetMs - SKEW_STEP_MS >= -CLOCK_OFFSET_MS_MAX)
    out.push({
      id: 'skew-behind',
      label: `Clock −${SKEW_STEP_MS} ms (jump back)`,
      fault: true,
      intervention: { kind: 'skew', node, offsetMs: -SKEW_STEP_MS },
    });
  const faster = clock.driftPpm + DRIFT_STEP_PPM;
  const slower = clock.driftPpm - DRIFT_STEP_PPM;
  const words = (ppm: number) =>
    `${ppm > 0 ? '+' : ppm < 0 ? '−' : ''}${Math.abs(ppm).toLocaleString('en')} ppm`;
  if (faster <= CLOCK_DRIFT_PPM_MAX)
    out.push({
      id: 'drift-faster',
      label: `Clock runs faster (drift ${words(faster)})`,
      fault: true,
      intervention: { kind: 'skew', node, driftPpm: faster },
    });
  if (slower >= -CLOCK_DRIFT_PPM_MAX)
    out.push({
      id: 'drift-slower',
      label: `Clock runs slower (drift ${words(slower)})`,
      fault: true,
      intervention: { kind: 'skew', node, driftPpm: slower },
    });
  if (clock.driftPpm !== 0)
    out.push({
      id: 'drift-none',
      label: 'Clock stops drifting (0 ppm)',
      fault: false,
      intervention: { kind: 'skew', node, driftPpm: 0 },
    });
  return out;
}

/** A node's links at the cursor: how many it has, and how many of them are cut (either way). */
export interface NodeLinks {
  links: number;
  cut: number;
}

export function nodeActions(
  status: NodeStatus,
  clock: ClockNow = { offsetMs: 0, driftPpm: 0 },
  links: NodeLinks = { links: 0, cut: 0 },
): Action[] {
  const node = status.name;
  const out: Action[] = [];
  if (status.life === 'crashed') {
    out.push({
      id: 'recover',
      label: 'Recover (restart it)',
      fault: false,
      intervention: { kind: 'recover', node },
    });
  } else {
    out.push({ id: 'crash', label: 'Crash', fault: true, intervention: { kind: 'crash', node } });
    if (status.life === 'paused') {
      out.push({ id: 'resume', label: 'Resume', fault: false, intervention: { kind: 'resume', node } });
    } else {
      out.push({
        id: 'pause',
        label: 'Pause (a long GC pause)',
        fault: true,
        intervention: { kind: 'pause', node },
      });
    }
  }
  if (status.slowFactor === 1) {
    out.push({
      id: 'slow',
      label: `Slow down ×${SLOW_FACTOR}`,
      fault: true,
      intervention: { kind: 'slow', node, factor: SLOW_FACTOR },
    });
  } else {
    out.push({
      id: 'normal',
      label: 'Back to normal speed',
      fault: false,
      intervention: { kind: 'slow', node, factor: 1 },
    });
  }
  // A partition of one node: every link at once, rather than one link menu after another.
  if (links.cut < links.links)
    out.push({
      id: 'isolate',
      label: 'Cut off from every other node',
      fault: true,
      intervention: { kind: 'isolate', node },
    });
  if (links.cut > 0)
    out.push({
      id: 'rejoin',
      label: 'Restore all its links',
      fault: false,
      intervention: { kind: 'rejoin', node },
    });
  out.push(...clockActions(node, clock));
  return out;
}

export interface PairState {
  a: string;
  b: string;
  /** Whether each one-way link exists in the scenario. */
  ab: boolean;
  ba: boolean;
  cutAB: boolean;
  cutBA: boolean;
}

export function linkActions(pair: PairState): Action[] {
  const { a, b, ab, ba, cutAB, cutBA } = pair;
  const out: Action[] = [];
  const both = ab && ba;
  if (both && !(cutAB && cutBA)) {
    out.push({
      id: 'cut-both',
      label: 'Cut both ways',
      fault: true,
      intervention: { kind: 'partition', from: a, to: b },
    });
  }
  if (ab && !cutAB) {
    out.push({
      id: 'cut-ab',
      label: `Cut ${a} → ${b} only`,
      fault: true,
      intervention: { kind: 'partition', from: a, to: b, oneWay: true },
    });
  }
  if (ba && !cutBA) {
    out.push({
      id: 'cut-ba',
      label: `Cut ${b} → ${a} only`,
      fault: true,
      intervention: { kind: 'partition', from: b, to: a, oneWay: true },
    });
  }
  if (cutAB || cutBA) {
    const heal: InterventionInput =
      cutAB && cutBA
        ? { kind: 'heal', from: a, to: b }
        : cutAB
          ? { kind: 'heal', from: a, to: b, oneWay: true }
          : { kind: 'heal', from: b, to: a, oneWay: true };
    out.push({ id: 'heal', label: 'Heal the link', fault: false, intervention: heal });
  }
  if (ab) {
    out.push({
      id: 'drop-ab',
      label: `Drop the next ${a} → ${b} message`,
      fault: true,
      intervention: { kind: 'drop-next', from: a, to: b },
    });
  }
  if (ba) {
    out.push({
      id: 'drop-ba',
      label: `Drop the next ${b} → ${a} message`,
      fault: true,
      intervention: { kind: 'drop-next', from: b, to: a },
    });
  }
  return out;
}
