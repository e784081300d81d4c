/**
 * Lesson 8: retries without idempotency charge twice. The client is an XState machine that retries a
 * payment whose outcome is unknown, reusing the payment's logical request id on every try. Without the
 * fix the server charges every copy it receives; with it, the server keeps the first answer per
 * request id and sends that again.
 */
import { assign, setup } from 'xstate';
import { defineLesson, doubleApplications, type ChallengeResult } from '../../src/engine/lesson.ts';
import type { Trace } from '../../src/engine/trace.ts';
import type { Behaviour, CallOutcome, NodeContext, Params } from '../../src/engine/types.ts';
import { machineBehaviour, type HostedMachineState } from '../../src/engine/xstate-host.ts';

const CLIENT = 'client';
const SERVER = 'server';
const DEADLINE_MS = 600;
const FIRST_PAYMENT_MS = 500;
const AUTO_PAYMENTS = 3;
const BACKOFF_BASE_MS = 200;
const BACKOFF_MAX_MS = 1000;
/** A storm needs this much response loss and this many retries. */
const STORM_LOSS = 0.5;
const STORM_RETRIES = 3;

const num = (params: Params, name: string): number => Number(params[name]);

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

const hostedClient = machineBehaviour({
  kind: 'retrying client',
  machine: clientMachine,
  input: (ctx) => ({ retries: num(ctx.params, 'retries') }),
  effects: {
    charge(ctx, { context }) {
      const c = context as unknown as ClientContext;
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

/** The machine reads its retry budget from its context; keep that in step with the live parameter. */
function withParams(state: HostedMachineState, ctx: NodeContext): HostedMachineState {
  const retries = num(ctx.params, 'retries');
  if (state.snapshot.context.retries === retries) return state;
  return { ...state, snapshot: { ...state.snapshot, context: { ...state.snapshot.context, retries } } };
}

const client: Behaviour<HostedMachineState> = {
  ...hostedClient,
  onOutcome: (state, outcome, ctx) => hostedClient.onOutcome!(withParams(state, ctx), outcome, ctx),
};

// ---------------------------------------------------------------- the payment server

interface ServerState {
  charged: number;
  /** Request id → the receipt first sent for it (kept only with the idempotency key on). */
  answers: Record<string, number>;
}

const server: Behaviour<ServerState> = {
  kind: 'payment server',
  // The ledger and the stored answers are on disk: they survive a crash.
  init: (_ctx, durable) => (durable as ServerState | undefined) ?? { charged: 0, answers: {} },
  onRequest(state, request, ctx) {
    const key = String(request.request);
    const saved = state.answers[key];
    if (ctx.params.idempotencyKey === true && saved !== undefined) {
      ctx.emit('replay', { call: request.call, request: request.request, receipt: saved });
      ctx.reply(request, { ok: true, value: { receipt: saved } });
      return state;
    }
    state.charged += 1;
    ctx.effect(request, { amount: (request.args as { amount: number }).amount });
    if (ctx.params.idempotencyKey === true) state.answers[key] = state.charged;
    ctx.reply(request, { ok: true, value: { receipt: state.charged } });
    return state;
  },
  durable: (state) => state,
  label: (state) => `${state.charged} charged`,
};

// ---------------------------------------------------------------- reading the trace

/** Tries that repeat a request the server had already charged by the time the repeat reached it. */
export function repeatsAfterCharge(trace: Trace): { call: number; request: number; seq: number }[] {
  const requestOfCall = new Map<number, number>();
  const charged = new Set<number>();
  const out: { call: number; request: number; seq: number }[] = [];
  for (let s = 0; s < trace.length; s++) {
    const ev = trace.get(s);
    if (ev.type === 'call') requestOfCall.set(ev.call, ev.request);
    else if (ev.type === 'effect') charged.add(ev.request);
    else if (ev.type === 'deliver' && ev.node === SERVER && ev.from === CLIENT && ev.call !== undefined) {
      const request = requestOfCall.get(ev.call);
      if (request !== undefined && charged.has(request)) out.push({ call: ev.call, request, seq: s });
    }
  }
  return out;
}

function doubleCharge(trace: Trace): ChallengeResult {
  const doubles = doubleApplications(trace);
  const first = doubles[0];
  if (!first) return { met: false };
  return {
    met: true,
    evidence: doubles.flatMap((d) => d.seqs),
    detail: `payment request ${first.request} was charged ${first.seqs.length} times`,
  };
}

function safeStorm(trace: Trace, params: Params): ChallengeResult {
  if (params.idempotencyKey !== true) return { met: false, detail: 'the idempotency key is off' };
  if (num(params, 'responseLoss') < STORM_LOSS || num(params, 'retries') < STORM_RETRIES) {
    return {
      met: false,
      detail: `a storm needs response loss of at least ${STORM_LOSS} and at least ${STORM_RETRIES} retries`,
    };
  }
  const doubles = doubleApplications(trace);
  if (doubles.length > 0) {
    return {
      met: false,
      evidence: doubles[0]!.seqs,
      detail: `payment request ${doubles[0]!.request} was charged twice`,
    };
  }
  // Without a repeat that reached the server after the charge, the key had nothing to prove.
  const repeats = repeatsAfterCharge(trace);
  if (repeats.length === 0)
    return { met: false, detail: 'no retry has reached the server after a charge yet' };
  const requests = new Set(repeats.map((r) => r.request));
  return {
    met: true,
    evidence: repeats.map((r) => r.seq),
    detail: `${repeats.length} retries reached the server after their payment was charged; every payment was charged once (${requests.size} payments retried)`,
  };
}

// ---------------------------------------------------------------- the lesson

export default defineLesson({
  id: 'idempotency',
  title: 'Retries and idempotency',
  summary:
    'A client that retries after silence charges a card twice, until each payment carries an id the server remembers.',
  principle: 'Retrying is necessary, and safe only when repeating an operation changes nothing',
  part: 3,
  order: 8,
  minutes: 7,
  durationMs: 12_000,
  defaultSeed: 1,
  params: {
    responseLoss: {
      kind: 'number',
      label: 'Response loss',
      description: 'The chance that a reply from the server to the client is lost.',
      unit: 'probability',
      min: 0,
      max: 0.95,
      step: 0.05,
      default: 0,
    },
    retries: {
      kind: 'number',
      label: 'Retries',
      description: 'How many more times the client tries a payment whose outcome is unknown.',
      unit: 'count',
      min: 0,
      max: 6,
      step: 1,
      default: 2,
    },
    idempotencyKey: {
      kind: 'boolean',
      label: 'Idempotency key',
      description:
        'The server remembers its answer for each payment id and repeats it instead of charging again.',
      default: false,
    },
  },
  scenario: (params) => ({
    nodes: [
      { name: CLIENT, behaviour: client, position: { x: 0.2, y: 0.5 } },
      { name: SERVER, behaviour: server, position: { x: 0.8, y: 0.5 } },
    ],
    network: { latencyMs: 40, jitterMs: 20, loss: 0, duplicate: 0 },
    links: [
      { from: CLIENT, to: SERVER },
      { from: SERVER, to: CLIENT, loss: num(params, 'responseLoss') },
    ],
  }),
  interventions: [
    {
      kind: 'signal',
      node: CLIENT,
      signal: 'pay',
      label: 'Pay',
      description: 'The client starts one more payment.',
    },
    {
      kind: 'drop-next',
      from: SERVER,
      to: CLIENT,
      label: 'Drop the next response',
      description: 'The next reply from the server to the client never arrives.',
    },
    {
      kind: 'crash',
      node: SERVER,
      label: 'Crash the server',
      description: 'The server stops; requests that reach it are refused.',
    },
    {
      kind: 'recover',
      node: SERVER,
      label: 'Recover the server',
      description: 'The server starts again with its ledger from disk.',
    },
  ],
  fix: {
    param: 'idempotencyKey',
    label: 'Idempotency key',
    description:
      'Every try of one payment carries the same id. The server saves the answer it gave the first time and ' +
      'sends that answer to any repeat, without charging again.',
  },
  steps: [
    {
      id: 'double-charge',
      title: 'Charged twice',
      text:
        'This client does not accept silence. When a payment ends with no reply, it waits a moment and ' +
        'sends the same payment again. If the first try was lost on the way, that is exactly right. If ' +
        'only the reply was lost, the server already took the money, and the retry takes it a second time.',
      hint: 'Press "Drop the next response" and then "Pay". Watch the server\'s ledger.',
      challenge: (trace) => doubleCharge(trace),
      solution: { interventions: [{ at: 100, kind: 'drop-next', from: SERVER, to: CLIENT }] },
    },
    {
      id: 'safe-storm',
      title: 'A storm of retries, one charge each',
      text:
        'Turn on the idempotency key. Every try of a payment now carries the same id, and the server ' +
        'writes down what it answered for each id. A repeat gets the saved answer back and the card is ' +
        'left alone. Make the network lose most replies so the client retries again and again, and check ' +
        'that no payment is charged twice.',
      hint: `Turn on the idempotency key, set response loss to ${STORM_LOSS} or more and retries to ${STORM_RETRIES} or more, and let it run.`,
      challenge: safeStorm,
      solution: { params: { idempotencyKey: true, responseLoss: 0.7, retries: 4 }, interventions: [] },
    },
  ],
});
