/**
 * Lesson 8: retries without idempotency charge twice. This file holds what only the simulation needs:
 * the retrying client (an XState machine that reuses the payment's request id on every try), the
 * payment server (which, with the fix on, keeps the first answer per request id and sends that
 * again) and the scenario. The words, parameters, steps and challenges are in guide.ts, which the
 * page loads without XState or these behaviours.
 */
import { assign, setup } from 'xstate';
import { defineLesson, type LessonParams } from '../../src/engine/lesson.ts';
import type { Behaviour, CallOutcome, NodeContext } from '../../src/engine/types.ts';
import { machineBehaviour, type HostedMachineState } from '../../src/engine/xstate-host.ts';
import guide, { CLIENT, SERVER } from './guide.ts';

type P = LessonParams<typeof guide>;

const DEADLINE_MS = 600;
const FIRST_PAYMENT_MS = 500;
const AUTO_PAYMENTS = 3;
const BACKOFF_BASE_MS = 200;
const BACKOFF_MAX_MS = 1000;

// ---------------------------------------------------------------- the retrying client (a statechart)

interface ClientContext {
  /** How many times a payment may be retried after an unknown outcome (kept in step with the parameter). */
  retries: number;
  /** Tries made for the current payment after the first. */
  attempt: number;
  /** The current payment's logical request id, once the first try has one. */
  request: number | null;
  payment: number;
  autoLeft: number;
  /** "Pay" presses that came while a payment was under way. */
  queued: number;
}

type ClientEvent =
  | { type: 'signal.pay' }
  | { type: 'outcome.success'; outcome: CallOutcome }
  | { type: 'outcome.failure'; outcome: CallOutcome }
  | { type: 'outcome.unknown'; outcome: CallOutcome };

export const clientMachine = setup({
  types: {} as { context: ClientContext; events: ClientEvent; input: { retries: number } },
  actions: {
    // Placeholders: the host runs the engine effect of the same name (see `effects` below).
    charge: () => {},
  },
  guards: {
    canRetry: ({ context }) => context.attempt < context.retries,
    autoLeft: ({ context }) => context.autoLeft > 0,
    queued: ({ context }) => context.queued > 0,
  },
  delays: {
    nextAuto: ({ context }) => (context.payment === 0 ? FIRST_PAYMENT_MS : 2000),
    // Exponential backoff: 200, 400, 800, then 1000 ms.
    backoff: ({ context }) => Math.min(BACKOFF_BASE_MS * 2 ** (context.attempt - 1), BACKOFF_MAX_MS),
    linger: 400,
  },
}).createMachine({
  id: 'client',
  context: ({ input }) => ({
    retries: input.retries,
    attempt: 0,
    request: null,
    payment: 0,
    autoLeft: AUTO_PAYMENTS,
    queued: 0,
  }),
  initial: 'idle',
  on: { 'signal.pay': { actions: assign({ queued: ({ context }) => context.queued + 1 }) } },
  states: {
    idle: {
      always: {
        guard: 'queued',
        target: 'calling',
        actions: assign({ queued: ({ context }) => context.queued - 1 }),
      },
      on: { 'signal.pay': 'calling' },
      after: {
        nextAuto: {
          guard: 'autoLeft',
          target: 'calling',
          actions: assign({ autoLeft: ({ context }) => context.autoLeft - 1 }),
        },
      },
      exit: assign({ payment: ({ context }) => context.payment + 1, attempt: 0, request: null }),
    },
    calling: {
      entry: 'charge',
      on: {
        'outcome.success': 'paid',
        'outcome.failure': 'gave up',
        'outcome.unknown': [
          {
            guard: 'canRetry',
            target: 'backing off',
            actions: assign({
              attempt: ({ context }) => context.attempt + 1,
              request: ({ event }) => event.outcome.request,
            }),
          },
          { target: 'gave up' },
        ],
      },
    },
    'backing off': { after: { backoff: 'calling' } },
    paid: { after: { linger: 'idle' } },
    'gave up': { after: { linger: 'idle' } },
  },
});

const hostedClient = machineBehaviour<typeof clientMachine, P>({
  kind: 'retrying client',
  machine: clientMachine,
  input: (ctx) => ({ retries: ctx.params.retries }),
  effects: {
    charge(ctx, { context: c }) {
      ctx.call(
        SERVER,
        'charge',
        { amount: 20, payment: c.payment, attempt: c.attempt + 1 },
        // A retry reuses the payment's request id: the server can tell it is the same payment.
        c.request === null ? { deadlineMs: DEADLINE_MS } : { deadlineMs: DEADLINE_MS, request: c.request },
      );
    },
  },
});

type ClientState = HostedMachineState<ClientContext>;

/** The machine reads its retry budget from its context; keep that in step with the live parameter. */
function withParams(state: ClientState, ctx: NodeContext<P>): ClientState {
  const retries = ctx.params.retries;
  if (state.snapshot.context.retries === retries) return state;
  return { ...state, snapshot: { ...state.snapshot, context: { ...state.snapshot.context, retries } } };
}

const client: Behaviour<ClientState, P> = {
  ...hostedClient,
  onOutcome: (state, outcome, ctx) => hostedClient.onOutcome!(withParams(state, ctx), outcome, ctx),
};

// ---------------------------------------------------------------- the payment server

interface ServerState {
  charged: number;
  /** Request id → the receipt first sent for it (kept only with the idempotency key on). */
  answers: Record<string, number>;
}

const server: Behaviour<ServerState, P> = {
  kind: 'payment server',
  // The ledger and the stored answers are on disk: they survive a crash.
  init: (_ctx, durable) => (durable as ServerState | undefined) ?? { charged: 0, answers: {} },
  onRequest(state, request, ctx) {
    const key = String(request.request);
    const saved = state.answers[key];
    if (ctx.params.idempotencyKey && saved !== undefined) {
      ctx.emit('replay', { call: request.call, request: request.request, receipt: saved });
      ctx.reply(request, { ok: true, value: { receipt: saved } });
      return state;
    }
    state.charged += 1;
    ctx.effect(request, { amount: (request.args as { amount: number }).amount });
    if (ctx.params.idempotencyKey) state.answers[key] = state.charged;
    ctx.reply(request, { ok: true, value: { receipt: state.charged } });
    return state;
  },
  durable: (state) => state,
  label: (state) => `${state.charged} charged`,
};

// ---------------------------------------------------------------- the lesson

export default defineLesson(guide, (params) => ({
  nodes: [
    { name: CLIENT, behaviour: client, position: { x: 0.2, y: 0.5 } },
    { name: SERVER, behaviour: server, position: { x: 0.8, y: 0.5 } },
  ],
  network: { latencyMs: 40, jitterMs: 20, loss: 0, duplicate: 0 },
  links: [
    { from: CLIENT, to: SERVER },
    { from: SERVER, to: CLIENT, loss: params.responseLoss },
  ],
}));
