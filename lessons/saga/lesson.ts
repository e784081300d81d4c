/**
 * Lesson 11: a saga. An order is created, stock is reserved, the card is charged and the customer is
 * notified, each by a call to another service. There is no transaction across them: when a step
 * fails, the orchestrator undoes the earlier ones with compensations (refund, release) and cancels.
 * The orchestrator is an XState machine whose states the learner watches. An unknown outcome is the
 * hard case: treated as a failure, it leaves a charged but cancelled order. The fix resolves it by
 * asking again with the same idempotency key, which every service honours.
 */
import { and, assign, setup } from 'xstate';
import { defineLesson, type ChallengeResult } from '../../src/engine/lesson.ts';
import type { Trace } from '../../src/engine/trace.ts';
import { machineBehaviour } from '../../src/engine/xstate-host.ts';
import type {
  Behaviour,
  CallOutcome,
  NodeContext,
  Params,
  ReplyBody,
  Request,
} from '../../src/engine/types.ts';

export const ORDERS = 'orders';
export const INVENTORY = 'inventory';
export const PAYMENT = 'payment';
export const NOTIFICATIONS = 'notifications';
const ORDER = 'order-1';
const AMOUNT = 40;
const START_MS = 100;
/** How much past the deadline a slowed service answers. */
const SLOW_EXTRA_MS = 400;

const num = (params: Params, name: string): number => Number(params[name]);

// ---------------------------------------------------------------- the services

/**
 * Each service keys its work by operation and order: a repeat gets the first answer, not a second
 * effect. Work on one order runs one operation at a time, so a refund never overtakes the charge it
 * undoes.
 */
interface ServiceState {
  done: Record<string, ReplyBody>;
  /** Requests for work in progress, by operation and order: answered together when it finishes. */
  working: Record<string, Request[]>;
  /** Requests waiting for their order's current operation to finish. */
  queued: Request[];
  applied: Record<string, boolean>;
  declineNext: boolean;
  slowNext: boolean;
}

type Apply = (state: ServiceState, request: Request, ctx: NodeContext) => ReplyBody;

const orderOf = (request: Request): string => (request.args as { key: string }).key;
const workKey = (request: Request): string => `${request.op}:${orderOf(request)}`;

function service(kind: string, slowOp: string, ops: Record<string, Apply>): Behaviour<ServiceState> {
  function handle(state: ServiceState, request: Request, ctx: NodeContext): void {
    const key = workKey(request);
    const done = state.done[key];
    if (done) {
      ctx.emit('repeat', { op: request.op, order: orderOf(request), ok: done.ok });
      ctx.reply(request, done);
      return;
    }
    const same = state.working[key];
    if (same) {
      same.push(request);
      return;
    }
    const busy = Object.values(state.working).some((reqs) => orderOf(reqs[0]!) === orderOf(request));
    if (busy) {
      state.queued.push(request);
      return;
    }
    state.working[key] = [request];
    let delay = num(ctx.params, 'workMs');
    if (state.slowNext && request.op === slowOp) {
      state.slowNext = false;
      delay = num(ctx.params, 'deadlineMs') + SLOW_EXTRA_MS;
    }
    ctx.setTimer(delay, 'work', key);
  }

  return {
    kind,
    init: () => ({ done: {}, working: {}, queued: [], applied: {}, declineNext: false, slowNext: false }),
    onRequest(state, request, ctx) {
      handle(state, request, ctx);
      return state;
    },
    onTimer(state, timer, ctx) {
      if (timer.tag !== 'work') return state;
      const requests = state.working[timer.data as string] ?? [];
      delete state.working[timer.data as string];
      const first = requests[0];
      if (!first) return state;
      const apply = ops[first.op];
      const body: ReplyBody = apply ? apply(state, first, ctx) : { ok: false, error: 'unknown operation' };
      state.done[workKey(first)] = body;
      for (const request of requests) ctx.reply(request, body);
      // The order is free again: start what waited for it, in arrival order.
      const waiting = state.queued.filter((r) => orderOf(r) === orderOf(first));
      state.queued = state.queued.filter((r) => orderOf(r) !== orderOf(first));
      for (const request of waiting) handle(state, request, ctx);
      return state;
    },
    onSignal(state, signal) {
      if (signal === 'decline-next') state.declineNext = true;
      if (signal === 'slow-next') state.slowNext = true;
      return state;
    },
    label: (state) => (Object.keys(state.working).length > 0 ? 'working' : 'idle'),
  };
}

const inventory = service('inventory', 'reserve', {
  reserve(state, request, ctx) {
    state.applied[orderOf(request)] = true;
    ctx.effect(request, { order: orderOf(request), item: 'book' });
    return { ok: true };
  },
  release(state, request, ctx) {
    // Releasing what was never reserved is a no-op: safe to call when unsure.
    if (!state.applied[orderOf(request)]) return { ok: true, value: { released: false } };
    state.applied[orderOf(request)] = false;
    ctx.effect(request, { order: orderOf(request), item: 'book' });
    return { ok: true, value: { released: true } };
  },
});

const payment = service('payment', 'charge', {
  charge(state, request, ctx) {
    if (state.declineNext) {
      state.declineNext = false;
      return { ok: false, error: 'card declined' };
    }
    state.applied[orderOf(request)] = true;
    ctx.effect(request, { order: orderOf(request), amount: (request.args as { amount: number }).amount });
    return { ok: true };
  },
  refund(state, request, ctx) {
    // Refunding a charge that never happened is a no-op: safe to call when unsure.
    if (!state.applied[orderOf(request)]) return { ok: true, value: { refunded: false } };
    state.applied[orderOf(request)] = false;
    ctx.effect(request, { order: orderOf(request), amount: (request.args as { amount: number }).amount });
    return { ok: true, value: { refunded: true } };
  },
});

const notifications = service('notifications', 'notify', {
  notify(_state, request, ctx) {
    ctx.effect(request, { order: orderOf(request), message: 'your order is confirmed' });
    return { ok: true };
  },
});

// ---------------------------------------------------------------- the orchestrator

export type SagaStep = 'reserve' | 'charge' | 'notify' | 'refund' | 'release';
const SERVICE_OF: Record<SagaStep, string> = {
  reserve: INVENTORY,
  charge: PAYMENT,
  notify: NOTIFICATIONS,
  refund: PAYMENT,
  release: INVENTORY,
};
const COMPENSATIONS: readonly SagaStep[] = ['refund', 'release'];
/** An undo gets more tries than a forward step: giving up on it leaves the order half done. */
export const COMPENSATION_ATTEMPTS = 6;

interface SagaContext {
  order: string;
  resolveUnknown: boolean;
  maxAttempts: number;
  backoffMs: number;
  attempts: Partial<Record<SagaStep, number>>;
  /** The logical request of each step's first attempt: a retry reuses it, with the same key. */
  requests: Partial<Record<SagaStep, number>>;
}

type SagaEvent = { type: 'outcome.success' | 'outcome.failure' | 'outcome.unknown'; outcome: CallOutcome };

const step = (name: SagaStep) => ({ params: { step: name } }) as const;

/**
 * The statechart. Forward steps: reserving → charging → notifying → completed. A step whose outcome
 * is unknown goes to "<step>Unknown" and is asked again after a back-off when the fix is on; without
 * it the unknown counts as a failure. Compensations are retried with or without the fix (an undo
 * should not give up easily); if they still fail, the saga is stuck and a person has to step in.
 */
export const sagaMachine = setup({
  types: {
    context: {} as SagaContext,
    input: {} as Pick<SagaContext, 'resolveUnknown' | 'maxAttempts' | 'backoffMs'>,
    events: {} as SagaEvent,
  },
  actions: {
    attempt: assign({
      attempts: ({ context }, params: { step: SagaStep }) => ({
        ...context.attempts,
        [params.step]: (context.attempts[params.step] ?? 0) + 1,
      }),
    }),
    remember: assign({
      requests: ({ context, event }) => {
        const op = event.outcome.op as SagaStep;
        return { ...context.requests, [op]: context.requests[op] ?? event.outcome.request };
      },
    }),
    // Engine effects, performed by the host (see `effects` below).
    call: (_args, _params: { step: SagaStep }) => {},
    announce: (_args, _params: { status: string }) => {},
  },
  guards: {
    resolving: ({ context }) => context.resolveUnknown,
    canRetry: ({ context }, params: { step: SagaStep }) =>
      (context.attempts[params.step] ?? 0) < context.maxAttempts,
    canRetryUndo: ({ context }, params: { step: SagaStep }) =>
      (context.attempts[params.step] ?? 0) < COMPENSATION_ATTEMPTS,
  },
  delays: {
    backoff: ({ context }) => context.backoffMs,
  },
}).createMachine({
  id: 'saga',
  context: ({ input }) => ({ order: ORDER, ...input, attempts: {}, requests: {} }),
  initial: 'created',
  states: {
    created: {
      entry: { type: 'announce', params: { status: 'created' } },
      after: { [START_MS]: 'reserving' },
    },
    reserving: {
      entry: [
        { type: 'attempt', ...step('reserve') },
        { type: 'call', ...step('reserve') },
      ],
      on: {
        'outcome.success': { target: 'charging', actions: 'remember' },
        'outcome.failure': { target: 'cancelled', actions: 'remember' },
        'outcome.unknown': [
          {
            guard: and(['resolving', { type: 'canRetry', ...step('reserve') }]),
            target: 'reservationUnknown',
            actions: 'remember',
          },
          { guard: 'resolving', target: 'compensating.releasing', actions: 'remember' },
          { target: 'cancelled', actions: 'remember' },
        ],
      },
    },
    reservationUnknown: { after: { backoff: 'reserving' } },
    charging: {
      entry: [
        { type: 'attempt', ...step('charge') },
        { type: 'call', ...step('charge') },
      ],
      on: {
        'outcome.success': { target: 'notifying', actions: 'remember' },
        'outcome.failure': { target: 'compensating.releasing', actions: 'remember' },
        'outcome.unknown': [
          {
            guard: and(['resolving', { type: 'canRetry', ...step('charge') }]),
            target: 'paymentUnknown',
            actions: 'remember',
          },
          // Still unknown after every attempt: refund by key (a no-op if nothing was charged), then release.
          { guard: 'resolving', target: 'compensating.refunding', actions: 'remember' },
          // Without the fix: assume the charge failed. If it went through, the money is never returned.
          { target: 'compensating.releasing', actions: 'remember' },
        ],
      },
    },
    paymentUnknown: { after: { backoff: 'charging' } },
    notifying: {
      entry: [
        { type: 'attempt', ...step('notify') },
        { type: 'call', ...step('notify') },
      ],
      on: {
        'outcome.success': { target: 'completed', actions: 'remember' },
        'outcome.failure': [
          {
            guard: and(['resolving', { type: 'canRetry', ...step('notify') }]),
            target: 'notificationUnknown',
            actions: 'remember',
          },
          { guard: 'resolving', target: 'completed', actions: 'remember' },
          { target: 'compensating.refunding', actions: 'remember' },
        ],
        'outcome.unknown': [
          {
            guard: and(['resolving', { type: 'canRetry', ...step('notify') }]),
            target: 'notificationUnknown',
            actions: 'remember',
          },
          // A notification is not worth undoing a paid order for: complete without it.
          { guard: 'resolving', target: 'completed', actions: 'remember' },
          // Without the fix: treat it as a failure and roll the whole order back.
          { target: 'compensating.refunding', actions: 'remember' },
        ],
      },
    },
    notificationUnknown: { after: { backoff: 'notifying' } },
    compensating: {
      initial: 'refunding',
      states: {
        refunding: {
          entry: [
            { type: 'attempt', ...step('refund') },
            { type: 'call', ...step('refund') },
          ],
          on: {
            'outcome.success': { target: 'releasing', actions: 'remember' },
            'outcome.failure': [
              {
                guard: { type: 'canRetryUndo', ...step('refund') },
                target: 'refundRetry',
                actions: 'remember',
              },
              { target: '#saga.stuck', actions: 'remember' },
            ],
            'outcome.unknown': [
              {
                guard: { type: 'canRetryUndo', ...step('refund') },
                target: 'refundRetry',
                actions: 'remember',
              },
              { target: '#saga.stuck', actions: 'remember' },
            ],
          },
        },
        refundRetry: { after: { backoff: 'refunding' } },
        releasing: {
          entry: [
            { type: 'attempt', ...step('release') },
            { type: 'call', ...step('release') },
          ],
          on: {
            'outcome.success': { target: '#saga.cancelled', actions: 'remember' },
            'outcome.failure': [
              {
                guard: { type: 'canRetryUndo', ...step('release') },
                target: 'releaseRetry',
                actions: 'remember',
              },
              { target: '#saga.stuck', actions: 'remember' },
            ],
            'outcome.unknown': [
              {
                guard: { type: 'canRetryUndo', ...step('release') },
                target: 'releaseRetry',
                actions: 'remember',
              },
              { target: '#saga.stuck', actions: 'remember' },
            ],
          },
        },
        releaseRetry: { after: { backoff: 'releasing' } },
      },
    },
    completed: { type: 'final', entry: { type: 'announce', params: { status: 'completed' } } },
    cancelled: { type: 'final', entry: { type: 'announce', params: { status: 'cancelled' } } },
    // Compensation kept failing: a person has to look.
    stuck: { type: 'final', entry: { type: 'announce', params: { status: 'stuck' } } },
  },
});

const orchestrator = machineBehaviour({
  kind: 'saga orchestrator',
  machine: sagaMachine,
  input: (ctx) => ({
    resolveUnknown: ctx.params.resolveUnknown === true,
    maxAttempts: num(ctx.params, 'maxAttempts'),
    backoffMs: num(ctx.params, 'backoffMs'),
  }),
  effects: {
    call(ctx, { params, context }) {
      const name = (params as { step: SagaStep }).step;
      const saga = context as unknown as SagaContext;
      const attempt = saga.attempts[name] ?? 1;
      ctx.emit('saga-step', {
        order: saga.order,
        step: name,
        attempt,
        compensation: COMPENSATIONS.includes(name),
      });
      const request = saga.requests[name];
      ctx.call(
        SERVICE_OF[name],
        name,
        { key: saga.order, amount: AMOUNT },
        request === undefined
          ? { deadlineMs: num(ctx.params, 'deadlineMs') }
          : { deadlineMs: num(ctx.params, 'deadlineMs'), request },
      );
    },
    announce(ctx, { params, context }) {
      ctx.emit('order', {
        order: (context as unknown as SagaContext).order,
        status: (params as { status: string }).status,
      });
    },
  },
});

// ---------------------------------------------------------------- reading the trace

export type OrderStatus = 'running' | 'completed' | 'cancelled' | 'stuck';

export interface SagaLedger {
  status: OrderStatus;
  /** Seq of the `order` event that settled the status (undefined while running). */
  statusSeq: number | undefined;
  /** Effect seqs by operation: what each service really did. */
  effects: Record<SagaStep, number[]>;
  /** Stock held, money taken (charges minus refunds) and confirmations sent. */
  reserved: number;
  charged: number;
  notified: number;
  /** What is wrong with the end state, each with the effects that show it. */
  problems: { what: string; seqs: number[] }[];
  /** Finished, and every service's state agrees with the order's. */
  consistent: boolean;
}

/** The services' ground truth against the order's fate: is the end state consistent? */
export function sagaLedger(trace: Trace): SagaLedger {
  const effects: Record<SagaStep, number[]> = {
    reserve: [],
    charge: [],
    notify: [],
    refund: [],
    release: [],
  };
  for (const e of trace.ofType('effect')) if (e.op in effects) effects[e.op as SagaStep].push(e.seq);
  const last = trace.ofType('order').at(-1);
  const status: OrderStatus =
    last && ['completed', 'cancelled', 'stuck'].includes(String(last.status))
      ? (last.status as OrderStatus)
      : 'running';
  const reserved = effects.reserve.length - effects.release.length;
  const charged = effects.charge.length - effects.refund.length;
  const notified = effects.notify.length;
  const problems: SagaLedger['problems'] = [];
  if (effects.charge.length > 1) problems.push({ what: 'the card was charged twice', seqs: effects.charge });
  if (notified > 1) problems.push({ what: 'the customer was told twice', seqs: effects.notify });
  if (status === 'cancelled') {
    if (charged > 0) problems.push({ what: 'charged, but the order was cancelled', seqs: effects.charge });
    if (reserved > 0) problems.push({ what: 'stock held for a cancelled order', seqs: effects.reserve });
    if (notified > 0)
      problems.push({
        what: 'the customer was told "confirmed", then the order was cancelled',
        seqs: effects.notify,
      });
  } else if (status === 'completed') {
    if (charged < 1)
      problems.push({
        what: 'completed, but the card was never charged',
        seqs: [...effects.charge, ...effects.refund],
      });
    if (reserved < 1)
      problems.push({
        what: 'completed, but no stock is held',
        seqs: [...effects.reserve, ...effects.release],
      });
  } else if (status === 'stuck') {
    problems.push({
      what: 'a compensation kept failing: a person has to sort it out',
      seqs: last ? [last.seq] : [],
    });
  }
  return {
    status,
    statusSeq: status === 'running' ? undefined : last?.seq,
    effects,
    reserved,
    charged,
    notified,
    problems,
    consistent: (status === 'completed' || status === 'cancelled') && problems.length === 0,
  };
}

function describeEnd(ledger: SagaLedger): string {
  return ledger.status === 'completed'
    ? 'the order completed, charged once'
    : `the order was cancelled with the stock released and ${ledger.effects.charge.length > 0 ? 'the charge refunded' : 'nothing charged'}`;
}

function compensated(trace: Trace): ChallengeResult {
  const declined = trace.ofType('outcome').find((o) => o.op === 'charge' && o.result === 'failure');
  const ledger = sagaLedger(trace);
  const release = ledger.effects.release[0];
  if (!declined || release === undefined || ledger.status !== 'cancelled' || !ledger.consistent)
    return { met: false };
  return {
    met: true,
    evidence: [declined.seq, release, ledger.statusSeq!],
    detail: `the payment failed (${declined.reason}); the saga released the stock and cancelled the order`,
  };
}

function consistentAfterPaymentTimeout(trace: Trace): ChallengeResult {
  const unknown = trace.ofType('outcome').find((o) => o.op === 'charge' && o.result === 'unknown');
  const ledger = sagaLedger(trace);
  const charge = ledger.effects.charge[0];
  // The hard case: the charge went through although the orchestrator heard nothing.
  if (!unknown || charge === undefined || !ledger.consistent) return { met: false };
  return {
    met: true,
    evidence: [unknown.seq, charge, ledger.statusSeq!],
    detail: `the charge's outcome was unknown, yet the card was charged; ${describeEnd(ledger)}`,
  };
}

function retriedOnlyNotification(trace: Trace): ChallengeResult {
  const unknown = trace.ofType('outcome').find((o) => o.op === 'notify' && o.result !== 'success');
  if (!unknown) return { met: false };
  const retry = trace
    .ofType('call')
    .find((c) => c.op === 'notify' && c.request === unknown.request && c.seq > unknown.seq);
  const charges = trace.ofType('call').filter((c) => c.op === 'charge');
  const ledger = sagaLedger(trace);
  if (!retry || charges.length !== 1 || ledger.status !== 'completed' || !ledger.consistent)
    return { met: false };
  return {
    met: true,
    evidence: [unknown.seq, retry.seq, ledger.statusSeq!],
    detail: `the notification was ${unknown.result === 'unknown' ? 'in doubt' : 'refused'}; only it was retried, and the order completed with one charge and one email`,
  };
}

// ---------------------------------------------------------------- the lesson

export default defineLesson({
  id: 'saga',
  title: 'Sagas',
  summary:
    'An order spans three services with no shared transaction; compensations undo the steps that went through.',
  principle: 'Compensation instead of a distributed transaction',
  part: 3,
  order: 11,
  minutes: 12,
  durationMs: 3000,
  defaultSeed: 11,
  params: {
    deadlineMs: {
      kind: 'number',
      label: 'Deadline',
      description: 'How long the orchestrator waits for each call before its outcome is unknown.',
      unit: 'ms',
      min: 100,
      max: 2000,
      step: 50,
      default: 300,
    },
    workMs: {
      kind: 'number',
      label: 'Service time',
      description: 'How long each service works on a request before it answers.',
      unit: 'ms',
      min: 0,
      max: 1000,
      step: 10,
      default: 50,
    },
    maxAttempts: {
      kind: 'number',
      label: 'Attempts per step',
      description:
        'With the fix: how many times a forward step is tried before the saga stops waiting for it. Compensations (refund, release) get 6 tries, fix or not.',
      unit: 'count',
      min: 1,
      max: 10,
      step: 1,
      default: 3,
    },
    backoffMs: {
      kind: 'number',
      label: 'Retry after',
      description: 'How long the orchestrator waits before it asks again.',
      unit: 'ms',
      min: 0,
      max: 2000,
      step: 10,
      default: 100,
    },
    loss: {
      kind: 'number',
      label: 'Message loss',
      description: 'The chance that any message between the services is lost.',
      unit: 'probability',
      min: 0,
      max: 0.5,
      step: 0.05,
      default: 0,
    },
    resolveUnknown: {
      kind: 'boolean',
      label: 'Resolve unknowns by asking again',
      description:
        'When a step times out, the orchestrator waits briefly and repeats it with the same idempotency key instead of treating the silence as a failure. Each service answers a repeat with its first result.',
      default: false,
    },
  },
  scenario: (params) => ({
    nodes: [
      { name: ORDERS, behaviour: orchestrator, position: { x: 0.2, y: 0.5 } },
      { name: INVENTORY, behaviour: inventory, position: { x: 0.75, y: 0.15 } },
      { name: PAYMENT, behaviour: payment, position: { x: 0.8, y: 0.5 } },
      { name: NOTIFICATIONS, behaviour: notifications, position: { x: 0.75, y: 0.85 } },
    ],
    network: { latencyMs: 20, jitterMs: 10, loss: num(params, 'loss'), duplicate: 0 },
    links: [INVENTORY, PAYMENT, NOTIFICATIONS].flatMap((s) => [
      { from: ORDERS, to: s },
      { from: s, to: ORDERS },
    ]),
  }),
  interventions: [
    {
      kind: 'signal',
      node: PAYMENT,
      signal: 'decline-next',
      label: 'Decline the payment',
      description: 'The payment service refuses the next charge: a clear failure, nothing is charged.',
    },
    {
      kind: 'drop-next',
      from: PAYMENT,
      to: ORDERS,
      label: "Lose the payment's reply",
      description:
        'The next answer from the payment service never arrives. The card may well have been charged.',
    },
    {
      kind: 'drop-next',
      from: ORDERS,
      to: PAYMENT,
      label: 'Lose the payment request',
      description:
        'The next request to the payment service never arrives, so nothing is charged. The orchestrator sees the same silence.',
    },
    {
      kind: 'signal',
      node: PAYMENT,
      signal: 'slow-next',
      label: 'Slow the payment past the deadline',
      description:
        'The next charge goes through, but the answer comes after the orchestrator has stopped waiting.',
    },
    {
      kind: 'drop-next',
      from: NOTIFICATIONS,
      to: ORDERS,
      label: "Lose the notification's reply",
      description: 'The confirmation is sent, but the orchestrator never hears so.',
    },
    {
      kind: 'signal',
      node: NOTIFICATIONS,
      signal: 'slow-next',
      label: 'Slow the notification past the deadline',
      description: 'The next confirmation is sent late, after the orchestrator has stopped waiting.',
    },
  ],
  steps: [
    {
      id: 'compensate',
      title: 'Undo what was done',
      text:
        'The order service runs a saga: reserve the book, charge the card, send the confirmation. Each ' +
        'step is a call to a different service, and no transaction spans them. When a later step ' +
        'fails, the earlier ones cannot be rolled back; they are undone by compensating steps. Decline ' +
        'the payment and watch the stock being released and the order cancelled.',
      hint: 'Press "Decline the payment" before the saga reaches the charging state.',
      challenge: compensated,
      solution: { interventions: [{ at: 0, kind: 'signal', node: PAYMENT, signal: 'decline-next' }] },
    },
    {
      id: 'payment-timeout',
      title: 'A payment nobody heard back from',
      text:
        "Now lose the payment's reply. The card was charged, but no answer came before the deadline. " +
        'Without the fix, the orchestrator takes silence for a no: it releases the stock and cancels, ' +
        'and the money stays taken. With the fix, it asks the payment service again under the same ' +
        'key, gets the first answer back, and carries on. Reach a consistent end after a charge that ' +
        'went through unheard.',
      hint: 'Turn on "Resolve unknowns by asking again", then press "Lose the payment\'s reply".',
      challenge: consistentAfterPaymentTimeout,
      solution: {
        params: { resolveUnknown: true },
        interventions: [{ at: 0, kind: 'drop-next', from: PAYMENT, to: ORDERS }],
      },
    },
    {
      id: 'retry-notification',
      title: 'Retry only what is in doubt',
      text:
        'This time the confirmation times out. The card is charged and the book is held: only the ' +
        'email is in doubt. Refunding and cancelling over that would be out of all proportion. Retry ' +
        'just that step under the same key; the notification service knows the repeat and does not ' +
        'send a second email.',
      hint: 'Keep the fix on and press "Lose the notification\'s reply". Without the fix, see what the saga does instead.',
      challenge: retriedOnlyNotification,
      solution: {
        params: { resolveUnknown: true },
        interventions: [{ at: 0, kind: 'drop-next', from: NOTIFICATIONS, to: ORDERS }],
      },
    },
  ],
  fix: {
    param: 'resolveUnknown',
    label: 'Resolve unknowns by asking again',
    description:
      'Repeat a step whose outcome is unknown with the same idempotency key, instead of counting silence as failure.',
  },
});
