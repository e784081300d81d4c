/**
 * Lesson 1: a remote call has three outcomes. This file holds what only the simulation needs: the
 * client, the payment server and the scenario that wires them up. The words, parameters, steps and
 * challenges are in guide.ts, which the page loads without these behaviours.
 */
import { defineLesson, type LessonParams } from '../../src/engine/lesson.ts';
import type { Behaviour, NodeContext, Request } from '../../src/engine/types.ts';
import guide, { CLIENT, SERVER } from './guide.ts';

type P = LessonParams<typeof guide>;

const FIRST_PAYMENT_MS = 500;
/** How much longer than the deadline a slowed request takes, so its late reply is visible. */
const SLOW_EXTRA_MS = 1000;

// ---------------------------------------------------------------- the client

interface ClientState {
  /** Calls still waiting for an outcome. */
  waiting: number[];
  payments: number;
}

function pay(state: ClientState, ctx: NodeContext<P>): ClientState {
  state.payments += 1;
  const { call } = ctx.call(
    SERVER,
    'charge',
    { amount: 20, payment: state.payments },
    { deadlineMs: ctx.params.deadlineMs },
  );
  state.waiting.push(call);
  return state;
}

const client: Behaviour<ClientState, P> = {
  kind: 'client',
  init(ctx) {
    ctx.setTimer(FIRST_PAYMENT_MS, 'pay');
    return { waiting: [], payments: 0 };
  },
  onTimer: (state, timer, ctx) => (timer.tag === 'pay' ? pay(state, ctx) : state),
  onSignal: (state, signal, ctx) => (signal === 'pay' ? pay(state, ctx) : state),
  onOutcome(state, outcome) {
    state.waiting = state.waiting.filter((c) => c !== outcome.call);
    return state;
  },
  label: (state) => (state.waiting.length > 0 ? 'waiting' : 'idle'),
};

// ---------------------------------------------------------------- the payment server

interface ServerState {
  working: number;
  charged: number;
  errorNext: boolean;
  slowNext: boolean;
}

interface Job {
  request: Request;
  decline: boolean;
}

const server: Behaviour<ServerState, P> = {
  kind: 'payment server',
  init: (_ctx, durable) => ({
    working: 0,
    // The ledger is on disk; the one-shot switches are not.
    charged: (durable as { charged?: number } | undefined)?.charged ?? 0,
    errorNext: false,
    slowNext: false,
  }),
  onRequest(state, request, ctx) {
    // One draw per request whatever happens, so one request never shifts the draws of the next.
    const draw = ctx.random();
    const decline = state.errorNext || draw < ctx.params.errorRate;
    const delay = state.slowNext ? ctx.params.deadlineMs + SLOW_EXTRA_MS : ctx.params.serverDelayMs;
    state.errorNext = false;
    state.slowNext = false;
    state.working += 1;
    const job: Job = { request, decline };
    ctx.setTimer(delay, 'work', job);
    return state;
  },
  onTimer(state, timer, ctx) {
    if (timer.tag !== 'work') return state;
    const { request, decline } = timer.data as Job;
    state.working -= 1;
    if (decline) {
      ctx.reply(request, { ok: false, error: 'card declined' });
    } else {
      state.charged += 1;
      ctx.effect(request, { amount: (request.args as { amount: number }).amount });
      ctx.reply(request, { ok: true, value: { receipt: state.charged } });
    }
    return state;
  },
  onSignal(state, signal) {
    if (signal === 'error-next') state.errorNext = true;
    if (signal === 'slow-next') state.slowNext = true;
    return state;
  },
  durable: (state) => ({ charged: state.charged }),
  label: (state) => (state.working > 0 ? 'working' : 'idle'),
};

// ---------------------------------------------------------------- the lesson

export default defineLesson(guide, (params) => ({
  nodes: [
    { name: CLIENT, behaviour: client, position: { x: 0.2, y: 0.5 } },
    { name: SERVER, behaviour: server, position: { x: 0.8, y: 0.5 } },
  ],
  network: { latencyMs: 40, jitterMs: 20, loss: 0, duplicate: 0 },
  links: [
    { from: CLIENT, to: SERVER, loss: params.requestLoss },
    { from: SERVER, to: CLIENT, loss: params.responseLoss },
  ],
}));
