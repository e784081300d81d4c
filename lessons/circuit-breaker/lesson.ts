/**
 * Lesson 9: circuit breaker. What only the simulation needs: the caller's clients (a request every
 * 100 ms, each with the latency budget as its deadline), the caller (a bounded pool of calls to the
 * dependency, and the breaker, an XState statechart hosted on the caller's clock), the dependency and
 * the scenario. The words, parameters, steps and trace readers are in guide.ts.
 */
import { assign, setup } from 'xstate';
import { defineLesson, type LessonParams } from '../../src/engine/lesson.ts';
import { machineBehaviour, type HostedMachineState } from '../../src/engine/xstate-host.ts';
import type { Behaviour, NodeContext, Request } from '../../src/engine/types.ts';
import guide, {
  CALL_TIMEOUT_MS,
  CALLER,
  CLIENTS,
  COOL_DOWN_MS,
  DEPENDENCY,
  FAILURE_THRESHOLD,
  REQUEST_EVERY_MS,
  SLOW_WORK_MS,
  WINDOW_MS,
  WORK_MS,
  type BreakerState,
} from './guide.ts';

type P = LessonParams<typeof guide>;

// ---------------------------------------------------------------- the breaker's statechart

export interface BreakerContext {
  threshold: number;
  windowMs: number;
  coolDownMs: number;
  /** When the failures still inside the window happened (the caller's clock). */
  failures: number[];
  opened: number;
  trials: number;
}

export type BreakerEvent =
  | { type: 'call.success' | 'call.failure'; payload: { t: number } }
  | { type: 'probe.success' | 'probe.failure' };

/** The failures at most `windowMs` before `now`. */
export function recentFailures(failures: readonly number[], now: number, windowMs: number): number[] {
  return failures.filter((t) => t > now - windowMs);
}

const eventTime = (event: BreakerEvent): number => ('payload' in event ? event.payload.t : 0);

/**
 * closed → open when a failed call makes `threshold` failures within the window; open → halfOpen after
 * the cool-down (a delayed event: a timer on the caller's clock); halfOpen sends one trial request
 * (probe): a success closes the breaker, a failure opens it again.
 */
export const breakerMachine = setup({
  types: {
    context: {} as BreakerContext,
    input: {} as Pick<BreakerContext, 'threshold' | 'windowMs' | 'coolDownMs'>,
    events: {} as BreakerEvent,
  },
  actions: {
    count: assign({
      failures: ({ context, event }) =>
        recentFailures([...context.failures, eventTime(event)], eventTime(event), context.windowMs),
    }),
    forget: assign({ failures: [] }),
    countOpen: assign({ opened: ({ context }) => context.opened + 1 }),
    countTrial: assign({ trials: ({ context }) => context.trials + 1 }),
    // Engine effects, performed by the host (see `effects` below).
    probe: () => {},
    counted: () => {},
    announce: (_args, _params: { state: BreakerState }) => {},
  },
  guards: {
    trips: ({ context, event }) =>
      recentFailures([...context.failures, eventTime(event)], eventTime(event), context.windowMs).length >=
      context.threshold,
  },
  delays: {
    coolDown: ({ context }) => context.coolDownMs,
  },
}).createMachine({
  id: 'breaker',
  context: ({ input }) => ({ ...input, failures: [], opened: 0, trials: 0 }),
  initial: 'closed',
  states: {
    closed: {
      on: {
        'call.failure': [
          { guard: 'trips', target: 'open', actions: 'count' },
          { actions: ['count', 'counted'] },
        ],
      },
    },
    open: {
      entry: ['countOpen', { type: 'announce', params: { state: 'open' } }],
      after: { coolDown: 'halfOpen' },
    },
    halfOpen: {
      entry: ['countTrial', { type: 'announce', params: { state: 'halfOpen' } }, 'probe'],
      on: {
        'probe.success': {
          target: 'closed',
          actions: ['forget', { type: 'announce', params: { state: 'closed' } }],
        },
        'probe.failure': 'open',
      },
    },
  },
});

const breakerHost = machineBehaviour<typeof breakerMachine, P>({
  kind: 'circuit breaker',
  machine: breakerMachine,
  input: () => ({ threshold: FAILURE_THRESHOLD, windowMs: WINDOW_MS, coolDownMs: COOL_DOWN_MS }),
  effects: {
    probe(ctx, { context }) {
      ctx.emit('trial', { attempt: context.trials });
      ctx.call(DEPENDENCY, 'probe', {}, { deadlineMs: CALL_TIMEOUT_MS });
    },
    counted(ctx, { context }) {
      ctx.emit('breaker-count', { failures: context.failures.length, threshold: context.threshold });
    },
    announce(ctx, { params, context }) {
      ctx.emit('breaker', {
        state: (params as { state: BreakerState }).state,
        failures: context.failures.length,
        threshold: context.threshold,
        windowMs: context.windowMs,
        coolDownMs: context.coolDownMs,
        opened: context.opened,
      });
    },
  },
});

// ---------------------------------------------------------------- the caller's clients

const clients: Behaviour<{ sent: number }, P> = {
  kind: "the caller's clients",
  init(ctx) {
    ctx.setTimer(REQUEST_EVERY_MS, 'request');
    return { sent: 0 };
  },
  onTimer(state, timer, ctx) {
    if (timer.tag !== 'request') return state;
    state.sent += 1;
    ctx.call(CALLER, 'get', { n: state.sent }, { deadlineMs: ctx.params.budgetMs });
    ctx.setTimer(REQUEST_EVERY_MS, 'request');
    return state;
  },
  label: (state) => `${state.sent} sent`,
};

// ---------------------------------------------------------------- the caller

interface CallerState {
  /** Calls to the dependency in flight, by call id: the client request each one serves. */
  inFlight: Record<string, Request>;
  /** Client requests waiting for a free slot, oldest first. */
  waiting: Request[];
  breaker: HostedMachineState<BreakerContext>;
}

const breakerState = (state: CallerState): BreakerState => state.breaker.snapshot.value as BreakerState;
const isOpen = (state: CallerState, ctx: NodeContext<P>): boolean =>
  ctx.params.breaker && breakerState(state) !== 'closed';
const busy = (state: CallerState): number => Object.keys(state.inFlight).length;

function emitPool(state: CallerState, ctx: NodeContext<P>): void {
  ctx.emit('pool', { inUse: busy(state), size: ctx.params.poolSize, waiting: state.waiting.length });
}

function failFast(request: Request, state: CallerState, ctx: NodeContext<P>): void {
  ctx.emit('fail-fast', { state: breakerState(state) });
  ctx.reply(request, { ok: false, error: 'breaker open' });
}

function startCall(request: Request, state: CallerState, ctx: NodeContext<P>): void {
  const { call } = ctx.call(DEPENDENCY, 'fetch', request.args, { deadlineMs: CALL_TIMEOUT_MS });
  state.inFlight[String(call)] = request;
}

/** Slots freed, or the breaker opened: start what waits, or fail it fast. */
function drain(state: CallerState, ctx: NodeContext<P>): void {
  while (state.waiting.length > 0) {
    if (isOpen(state, ctx)) failFast(state.waiting.shift()!, state, ctx);
    else if (busy(state) < ctx.params.poolSize) startCall(state.waiting.shift()!, state, ctx);
    else break;
  }
}

function toBreaker(state: CallerState, type: BreakerEvent['type'], ctx: NodeContext<P>): void {
  state.breaker = breakerHost.onMessage!(
    state.breaker,
    { msg: -1, from: ctx.name, label: type, payload: { t: ctx.now() } },
    ctx,
  );
}

const caller: Behaviour<CallerState, P> = {
  kind: 'caller',
  init: (ctx) => ({ inFlight: {}, waiting: [], breaker: breakerHost.init(ctx) }),
  onRequest(state, request, ctx) {
    if (request.op !== 'get') return state;
    if (isOpen(state, ctx)) {
      failFast(request, state, ctx);
      return state;
    }
    if (busy(state) < ctx.params.poolSize) startCall(request, state, ctx);
    else {
      state.waiting.push(request);
      ctx.emit('queued', { inUse: busy(state), size: ctx.params.poolSize, waiting: state.waiting.length });
    }
    emitPool(state, ctx);
    return state;
  },
  onOutcome(state, outcome, ctx) {
    if (outcome.op === 'probe') {
      if (ctx.params.breaker)
        toBreaker(state, outcome.result === 'success' ? 'probe.success' : 'probe.failure', ctx);
      else if (breakerState(state) === 'halfOpen') toBreaker(state, 'probe.success', ctx);
      return state;
    }
    const request = state.inFlight[String(outcome.call)];
    if (!request) return state;
    delete state.inFlight[String(outcome.call)];
    const ok = outcome.result === 'success';
    ctx.reply(request, ok ? { ok: true } : { ok: false, error: 'the dependency did not answer' });
    if (ctx.params.breaker) toBreaker(state, ok ? 'call.success' : 'call.failure', ctx);
    drain(state, ctx);
    emitPool(state, ctx);
    return state;
  },
  onTimer(state, timer, ctx) {
    if (!timer.tag.startsWith('xstate:')) return state;
    state.breaker = breakerHost.onTimer!(state.breaker, timer, ctx);
    return state;
  },
  label: (state) => {
    const pool = `${busy(state)} busy, ${state.waiting.length} waiting`;
    return state.breaker.snapshot.context.opened > 0 || breakerState(state) !== 'closed'
      ? `breaker ${breakerState(state) === 'halfOpen' ? 'half-open' : breakerState(state)} · ${pool}`
      : pool;
  },
};

// ---------------------------------------------------------------- the dependency

type Health = 'up' | 'slow' | 'down';
const SIGNALS: Record<string, Health> = { 'go-slow': 'slow', 'go-down': 'down', 'come-back': 'up' };

/** Healthy, slow, or down (hung: it takes requests and never answers them). */
const dependency: Behaviour<{ health: Health; working: number }, P> = {
  kind: 'dependency',
  init: () => ({ health: 'up', working: 0 }),
  onRequest(state, request, ctx) {
    if (state.health === 'down') return state;
    state.working += 1;
    ctx.setTimer(state.health === 'slow' ? SLOW_WORK_MS : WORK_MS, 'work', request);
    return state;
  },
  onTimer(state, timer, ctx) {
    if (timer.tag !== 'work') return state;
    state.working -= 1;
    // Work in progress when it went down is never answered.
    if (state.health === 'down') return state;
    const request = timer.data as Request;
    if (request.op === 'fetch') ctx.effect(request);
    ctx.reply(request, { ok: true });
    return state;
  },
  onSignal(state, signal, ctx) {
    const health = SIGNALS[signal];
    if (health && health !== state.health) {
      state.health = health;
      ctx.emit('health', { state: health, workMs: health === 'slow' ? SLOW_WORK_MS : WORK_MS });
    }
    return state;
  },
  label: (state) =>
    state.health === 'down'
      ? 'down: answers nothing'
      : `${state.health === 'slow' ? 'slow, ' : ''}${state.working} working`,
};

// ---------------------------------------------------------------- the lesson

export default defineLesson(guide, () => ({
  nodes: [
    { name: CLIENTS, behaviour: clients, position: { x: 0.12, y: 0.5 } },
    { name: CALLER, behaviour: caller, position: { x: 0.5, y: 0.5 } },
    { name: DEPENDENCY, behaviour: dependency, position: { x: 0.88, y: 0.5 } },
  ],
  network: { latencyMs: 20, jitterMs: 5, loss: 0, duplicate: 0 },
  links: [
    { from: CLIENTS, to: CALLER },
    { from: CALLER, to: CLIENTS },
    { from: CALLER, to: DEPENDENCY },
    { from: DEPENDENCY, to: CALLER },
  ],
}));
