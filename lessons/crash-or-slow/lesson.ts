/**
 * Lesson 3: crashed or slow? This file holds what only the simulation needs: the monitor, the worker
 * that pauses for garbage collection, the scenario that wires them up, and `sweepTimeouts`, which
 * re-runs the scenario once per timeout for the readout's trade-off chart. The words, parameters,
 * steps, challenges and the trace readers (`suspicionStats`) are in guide.ts, which the page loads
 * without these behaviours.
 */
import { defineLesson, type LessonParams } from '../../src/engine/lesson.ts';
import { defaultParams } from '../../src/engine/params.ts';
import { Simulation } from '../../src/engine/simulation.ts';
import type { Behaviour, Intervention, NodeContext, ParamValue } from '../../src/engine/types.ts';
import guide, { MONITOR, WORKER, suspicionStats } from './guide.ts';

type P = LessonParams<typeof guide>;

/** GC pauses cycle through these fractions of the longest pause: the heap fills, then a full collection. */
export const GC_PATTERN = [0.25, 0.5, 0.75, 1] as const;

// ---------------------------------------------------------------- the monitor

interface MonitorState {
  pings: number;
  /** The monitor's clock reading when it last heard a pong. */
  lastHeard: number;
  suspected: boolean;
  suspectedAt: number;
  /** The longest silence that ended with a pong (the adaptive timeout learns from it). */
  longestSilenceMs: number;
  timeoutTimer: number;
}

/** The timeout in force: the fixed one, or with the fix, twice the longest silence seen if that is more. */
function effectiveTimeout(state: MonitorState, ctx: NodeContext<P>): number {
  const base = ctx.params.timeoutMs;
  return ctx.params.adaptive ? Math.max(base, 2 * state.longestSilenceMs) : base;
}

function arm(state: MonitorState, ctx: NodeContext<P>): void {
  ctx.cancelTimer(state.timeoutTimer);
  state.timeoutTimer = ctx.setTimer(effectiveTimeout(state, ctx), 'timeout');
}

const monitor: Behaviour<MonitorState, P> = {
  kind: 'monitor',
  init(ctx) {
    const state: MonitorState = {
      pings: 0,
      lastHeard: ctx.now(),
      suspected: false,
      suspectedAt: 0,
      longestSilenceMs: 0,
      timeoutTimer: -1,
    };
    ctx.setTimer(0, 'heartbeat');
    arm(state, ctx);
    return state;
  },
  onTimer(state, timer, ctx) {
    if (timer.tag === 'heartbeat') {
      state.pings += 1;
      ctx.send(WORKER, 'ping', { ping: state.pings });
      ctx.setTimer(ctx.params.heartbeatMs, 'heartbeat');
    } else if (timer.tag === 'timeout' && timer.timer === state.timeoutTimer && !state.suspected) {
      state.suspected = true;
      state.suspectedAt = ctx.now();
      ctx.emit('suspect', {
        worker: WORKER,
        silentMs: ctx.now() - state.lastHeard,
        timeoutMs: effectiveTimeout(state, ctx),
      });
    }
    return state;
  },
  onMessage(state, delivery, ctx) {
    if (delivery.label !== 'pong') return state;
    const silentMs = ctx.now() - state.lastHeard;
    state.longestSilenceMs = Math.max(state.longestSilenceMs, silentMs);
    state.lastHeard = ctx.now();
    if (state.suspected) {
      state.suspected = false;
      ctx.emit('cleared', { worker: WORKER, silentMs, suspectedForMs: ctx.now() - state.suspectedAt });
    }
    arm(state, ctx);
    return state;
  },
  label: (state) => (state.suspected ? 'worker declared dead' : 'worker alive'),
};

// ---------------------------------------------------------------- the worker

interface WorkerState {
  collecting: boolean;
  /** Pings that arrived during a collection: answered when it ends, all at once. */
  held: number[];
  collections: number;
}

const worker: Behaviour<WorkerState, P> = {
  kind: 'worker',
  init(ctx) {
    if (ctx.params.gcPauseMs > 0) ctx.setTimer(ctx.params.gcEveryMs, 'gc');
    return { collecting: false, held: [], collections: 0 };
  },
  onTimer(state, timer, ctx) {
    if (timer.tag === 'gc') {
      const ms = Math.round(ctx.params.gcPauseMs * GC_PATTERN[state.collections % GC_PATTERN.length]!);
      state.collections += 1;
      state.collecting = true;
      ctx.emit('gc-pause', { ms });
      ctx.setTimer(ms, 'gc-end', ms);
      ctx.setTimer(ctx.params.gcEveryMs, 'gc');
    } else if (timer.tag === 'gc-end') {
      state.collecting = false;
      ctx.emit('gc-resume', { ms: timer.data });
      for (const ping of state.held) ctx.send(MONITOR, 'pong', { ping });
      state.held = [];
    }
    return state;
  },
  onMessage(state, delivery, ctx) {
    if (delivery.label !== 'ping') return state;
    const { ping } = delivery.payload as { ping: number };
    if (state.collecting) state.held.push(ping);
    else ctx.send(MONITOR, 'pong', { ping });
    return state;
  },
  label: (state) => (state.collecting ? 'collecting garbage' : 'working'),
};

// ---------------------------------------------------------------- the timeout sweep

export interface SweepPoint {
  timeoutMs: number;
  falseSuspicions: number;
  worstDetectionMs: number | undefined;
}

/**
 * The trade-off curve: the same seed, parameters and interventions, run once per timeout. A crash
 * must be among the interventions for detection delay to mean anything.
 */
export function sweepTimeouts(input: {
  timeouts: readonly number[];
  seed?: number;
  params?: Record<string, ParamValue>;
  interventions?: readonly Intervention[];
  untilMs?: number;
}): SweepPoint[] {
  return input.timeouts.map((timeoutMs) => {
    const params = { ...defaultParams(lesson.params), ...input.params, timeoutMs };
    const sim = new Simulation(
      {
        scenario: lesson.scenario,
        seed: input.seed ?? lesson.defaultSeed,
        params,
        interventions: input.interventions ?? [],
      },
      { checkpointEvery: 0 },
    );
    sim.runUntil(input.untilMs ?? lesson.durationMs);
    const stats = suspicionStats(sim.trace);
    return {
      timeoutMs,
      falseSuspicions: stats.falseSuspicions.length,
      worstDetectionMs: stats.worstDetectionMs,
    };
  });
}

// ---------------------------------------------------------------- the lesson

const lesson = defineLesson(guide, (params) => ({
  nodes: [
    { name: MONITOR, behaviour: monitor, position: { x: 0.25, y: 0.5 } },
    { name: WORKER, behaviour: worker, position: { x: 0.75, y: 0.5 } },
  ],
  network: { latencyMs: params.linkLatencyMs, jitterMs: 5, loss: 0, duplicate: 0 },
  links: [
    { from: MONITOR, to: WORKER },
    { from: WORKER, to: MONITOR },
  ],
}));

export default lesson;
