/**
 * Lesson 10: event-driven. What only the simulation needs: service A (its own clients' requests
 * arrive on a timer), the durable queue, service B, and the scenario. The words, parameters, steps
 * and trace readers are in guide.ts.
 */
import { defineLesson, type LessonParams } from '../../src/engine/lesson.ts';
import type { Behaviour } from '../../src/engine/types.ts';
import guide, { A, B, QUEUE } from './guide.ts';

type P = LessonParams<typeof guide>;

/** A client request reaches A this often, for the whole run. */
export const REQUEST_EVERY_MS = 250;
const DEADLINE_MS = 300;
/** The queue delivers an event again when B has not acknowledged it within this. */
export const REDELIVER_MS = 400;
/** B is gone this long after "Crash B after its next event". */
export const RESTART_MS = 600;

// ---------------------------------------------------------------- service A

interface AState {
  requests: number;
  served: number;
  failed: number;
}

const serviceA: Behaviour<AState, P> = {
  kind: 'service A',
  init(ctx) {
    ctx.setTimer(REQUEST_EVERY_MS, 'client');
    return { requests: 0, served: 0, failed: 0 };
  },
  onTimer(state, timer, ctx) {
    if (timer.tag !== 'client') return state;
    state.requests += 1;
    const args = { order: state.requests };
    if (ctx.params.viaQueue) ctx.call(QUEUE, 'append', args, { deadlineMs: DEADLINE_MS });
    else ctx.call(B, 'order', args, { deadlineMs: DEADLINE_MS });
    ctx.setTimer(REQUEST_EVERY_MS, 'client');
    return state;
  },
  onOutcome(state, outcome) {
    if (outcome.result === 'success') state.served += 1;
    else state.failed += 1;
    return state;
  },
  label: (state) => `${state.served} served, ${state.failed} failed`,
};

// ---------------------------------------------------------------- the queue

interface QueueState {
  next: number;
  /** Stored, not yet acknowledged: the backlog, oldest first. */
  pending: number[];
  /** The event out to B and the timer that redelivers it. */
  inFlight: number | null;
  timer: number;
}

function deliverHead(
  state: QueueState,
  ctx: Parameters<NonNullable<Behaviour<QueueState, P>['onTimer']>>[2],
) {
  const head = state.pending[0];
  if (head === undefined) {
    state.inFlight = null;
    return;
  }
  state.inFlight = head;
  ctx.send(B, 'event', { event: head });
  ctx.cancelTimer(state.timer);
  state.timer = ctx.setTimer(REDELIVER_MS, 'redeliver', head);
}

const queue: Behaviour<QueueState, P> = {
  kind: 'durable queue',
  init: (_ctx, durable) => {
    const d = durable as { next: number; pending: number[] } | undefined;
    return { next: d?.next ?? 0, pending: d?.pending ?? [], inFlight: null, timer: -1 };
  },
  onRequest(state, request, ctx) {
    if (request.op !== 'append') return state;
    state.next += 1;
    state.pending.push(state.next);
    ctx.emit('enqueued', { event: state.next, backlog: state.pending.length });
    ctx.reply(request, { ok: true, value: { event: state.next } });
    if (state.inFlight === null) deliverHead(state, ctx);
    return state;
  },
  onMessage(state, delivery, ctx) {
    if (delivery.label !== 'ack') return state;
    const { event } = delivery.payload as { event: number };
    const i = state.pending.indexOf(event);
    if (i < 0) return state;
    state.pending.splice(i, 1);
    ctx.emit('acked', { event, backlog: state.pending.length });
    if (state.inFlight === event) deliverHead(state, ctx);
    return state;
  },
  onTimer(state, timer, ctx) {
    if (timer.tag !== 'redeliver' || timer.timer !== state.timer) return state;
    if (state.pending[0] === undefined) return state;
    ctx.emit('redeliver', { event: state.pending[0], backlog: state.pending.length });
    deliverHead(state, ctx);
    return state;
  },
  durable: (state) => ({ next: state.next, pending: state.pending }),
  label: (state) => `backlog ${state.pending.length}`,
};

// ---------------------------------------------------------------- service B

interface BState {
  /** On disk: how many times B did the work of each event (the database, ground truth for views). */
  done: Record<string, number>;
  orders: number;
  crashNext: boolean;
  /** Crashed after processing, before its ack: ignores everything until it restarts. */
  down: boolean;
}

const serviceB: Behaviour<BState, P> = {
  kind: 'service B',
  init: (_ctx, durable) => {
    const d = durable as { done: Record<string, number>; orders: number } | undefined;
    return { done: d?.done ?? {}, orders: d?.orders ?? 0, crashNext: false, down: false };
  },
  onRequest(state, request, ctx) {
    if (state.down) return state;
    state.orders += 1;
    ctx.effect(request);
    ctx.reply(request, { ok: true });
    return state;
  },
  onMessage(state, delivery, ctx) {
    if (state.down || delivery.label !== 'event') return state;
    const { event } = delivery.payload as { event: number };
    const key = String(event);
    const times = state.done[key] ?? 0;
    if (times > 0 && ctx.params.idempotentConsumer) {
      ctx.emit('skipped-duplicate', { event });
    } else {
      state.done[key] = times + 1;
      if (times === 0) ctx.emit('processed', { event });
      else ctx.emit('processed-again', { event, times: times + 1 });
    }
    if (state.crashNext) {
      state.crashNext = false;
      state.down = true;
      ctx.emit('crash-before-ack', { event, downMs: RESTART_MS });
      ctx.setTimer(RESTART_MS, 'restart');
      return state;
    }
    ctx.send(QUEUE, 'ack', { event });
    return state;
  },
  onTimer(state, timer, ctx) {
    if (timer.tag !== 'restart' || !state.down) return state;
    state.down = false;
    ctx.emit('restarted', {});
    return state;
  },
  onSignal(state, signal) {
    if (signal === 'crash-before-ack') state.crashNext = true;
    return state;
  },
  durable: (state) => ({ done: state.done, orders: state.orders }),
  label: (state) =>
    state.down
      ? 'crashed, restarting'
      : state.crashNext
        ? 'will crash after its next event'
        : `${Object.keys(state.done).length + state.orders} done`,
};

// ---------------------------------------------------------------- the lesson

export default defineLesson(guide, () => ({
  nodes: [
    { name: A, behaviour: serviceA, position: { x: 0.15, y: 0.5 } },
    { name: QUEUE, behaviour: queue, position: { x: 0.5, y: 0.25 } },
    { name: B, behaviour: serviceB, position: { x: 0.85, y: 0.5 } },
  ],
  network: { latencyMs: 20, jitterMs: 5, loss: 0, duplicate: 0 },
  links: [
    { from: A, to: B },
    { from: B, to: A },
    { from: A, to: QUEUE },
    { from: QUEUE, to: A },
    { from: QUEUE, to: B },
    { from: B, to: QUEUE },
  ],
}));
