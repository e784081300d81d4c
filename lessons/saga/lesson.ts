/**
 * Lesson 11: a saga. This file holds what only the simulation needs: the inventory, payment and
 * notification services, the orchestrator (an XState machine whose states the learner watches) and
 * the scenario that wires them up. The words, parameters, steps, challenges and the trace reader
 * (`sagaLedger`) are in guide.ts, which the page loads without XState or these behaviours.
 */
import { and, assign, setup } from 'xstate';
import { defineLesson, type LessonParams } from '../../src/engine/lesson.ts';
import { machineBehaviour } from '../../src/engine/xstate-host.ts';
import type { Behaviour, CallOutcome, NodeContext, ReplyBody, Request } from '../../src/engine/types.ts';
import guide, { INVENTORY, NOTIFICATIONS, ORDERS, PAYMENT, type SagaStep } from './guide.ts';

type P = LessonParams<typeof guide>;

const ORDER = 'order-1';
const AMOUNT = 40;
const START_MS = 100;
/** How much past the deadline a slowed service answers. */
const SLOW_EXTRA_MS = 400;

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

type Apply = (state: ServiceState, request: Request, ctx: NodeContext<P>) => ReplyBody;

const orderOf = (request: Request): string => (request.args as { key: string }).key;
const workKey = (request: Request): string => `${request.op}:${orderOf(request)}`;

function service(kind: string, slowOp: string, ops: Record<string, Apply>): Behaviour<ServiceState, P> {
  function handle(state: ServiceState, request: Request, ctx: NodeContext<P>): void {
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
    let delay = ctx.params.workMs;
    if (state.slowNext && request.op === slowOp) {
      state.slowNext = false;
      delay = ctx.params.deadlineMs + SLOW_EXTRA_MS;
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

const orchestrator = machineBehaviour<typeof sagaMachine, P>({
  kind: 'saga orchestrator',
  machine: sagaMachine,
  input: (ctx) => ({
    resolveUnknown: ctx.params.resolveUnknown,
    maxAttempts: ctx.params.maxAttempts,
    backoffMs: ctx.params.backoffMs,
  }),
  effects: {
    call(ctx, { params, context: saga }) {
      const name = (params as { step: SagaStep }).step;
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
          ? { deadlineMs: ctx.params.deadlineMs }
          : { deadlineMs: ctx.params.deadlineMs, request },
      );
    },
    announce(ctx, { params, context }) {
      ctx.emit('order', {
        order: context.order,
        status: (params as { status: string }).status,
      });
    },
  },
});

// ---------------------------------------------------------------- the lesson

export default defineLesson(guide, (params) => ({
  nodes: [
    { name: ORDERS, behaviour: orchestrator, position: { x: 0.2, y: 0.5 } },
    { name: INVENTORY, behaviour: inventory, position: { x: 0.75, y: 0.15 } },
    { name: PAYMENT, behaviour: payment, position: { x: 0.8, y: 0.5 } },
    { name: NOTIFICATIONS, behaviour: notifications, position: { x: 0.75, y: 0.85 } },
  ],
  network: { latencyMs: 20, jitterMs: 10, loss: params.loss, duplicate: 0 },
  links: [INVENTORY, PAYMENT, NOTIFICATIONS].flatMap((s) => [
    { from: ORDERS, to: s },
    { from: s, to: ORDERS },
  ]),
}));
