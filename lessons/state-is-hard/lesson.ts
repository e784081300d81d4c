/**
 * Lesson 7: state is hard. What only the simulation needs: the clients (an increment every 100 ms),
 * the balancer (round robin over the workers, routing around one that does not answer), the three
 * stateless workers, the counter's two replicas and the scenario. The words, parameters, steps and
 * trace readers are in guide.ts.
 *
 * Without the fix the replicas are primary and backup: the primary says "done" at once and ships
 * its increments to the backup in the background, `replicationLagMs` behind; a backup that hears
 * nothing for FAILOVER_MS takes over; a replica that comes back asks the other who leads and adopts
 * the leader's history. With the fix c1 owns the counter and c2 only forwards writes to it.
 */
import { defineLesson, type LessonParams } from '../../src/engine/lesson.ts';
import type { Behaviour, CallOutcome, NodeContext, Request } from '../../src/engine/types.ts';
import guide, { C1, C2, CLIENTS, FAILOVER_MS, LB, WORKERS } from './guide.ts';

type P = LessonParams<typeof guide>;
type Ctx = NodeContext<P>;

/** The clients send an increment this often, for the whole run. */
export const REQUEST_EVERY_MS = 100;
/** The primary sends what it has to copy (and so says it is alive) this often. */
export const SHIP_EVERY_MS = 200;
/** With a single owner, each worker writes through the replica next to it. */
export const HOME: Record<string, string> = { w1: C1, w2: C2, w3: C2 };
const CLIENT_DEADLINE_MS = 1500;
const WORKER_DEADLINE_MS = 600;
const COUNTER_DEADLINE_MS = 200;
const FORWARD_DEADLINE_MS = 120;
const STATUS_DEADLINE_MS = 200;
/** A worker that failed a request stays out of the balancer's rotation this long. */
const OUT_OF_ROTATION_MS = 1500;

const other = (replica: string) => (replica === C1 ? C2 : C1);
const errorOf = (outcome: CallOutcome) => outcome.reason.replace(/^error: /, '');
/** The callee never took the request (down) or never answered it: worth sending elsewhere. */
const noAnswer = (outcome: CallOutcome) => outcome.result === 'unknown' || /^refused/.test(outcome.reason);

/**
 * Takes the job a call was made for off the list. A success goes straight back to whoever asked;
 * a failure returns the job, for the caller to try elsewhere or to say no.
 */
function failed<J extends { request: Request }>(
  jobs: Record<string, J>,
  outcome: CallOutcome,
  ctx: Ctx,
): J | undefined {
  const job = jobs[String(outcome.call)];
  if (!job) return undefined;
  delete jobs[String(outcome.call)];
  if (outcome.result !== 'success') return job;
  ctx.reply(job.request, { ok: true, value: outcome.value });
  return undefined;
}

// ---------------------------------------------------------------- the clients

interface ClientsState {
  next: number;
  acked: number;
  notAcked: number;
}

const clients: Behaviour<ClientsState, P> = {
  kind: 'clients',
  init(ctx) {
    ctx.setTimer(REQUEST_EVERY_MS, 'increment');
    return { next: 0, acked: 0, notAcked: 0 };
  },
  onTimer(state, timer, ctx) {
    if (timer.tag !== 'increment') return state;
    state.next += 1;
    ctx.call(LB, 'increment', { increment: state.next }, { deadlineMs: CLIENT_DEADLINE_MS });
    ctx.setTimer(REQUEST_EVERY_MS, 'increment');
    return state;
  },
  onOutcome(state, outcome, ctx) {
    if (outcome.result !== 'success') {
      state.notAcked += 1;
      return state;
    }
    state.acked += 1;
    const { increment } = outcome.args as { increment: number };
    const { value } = outcome.value as { value: number };
    ctx.emit('acked', { increment, value });
    return state;
  },
  label: (state) => `${state.acked} done, ${state.notAcked} not`,
};

// ---------------------------------------------------------------- the balancer

interface Job {
  request: Request;
  increment: number;
  tried: string[];
}

interface BalancerState {
  next: number;
  /** A worker out of rotation, and until when (the balancer's own clock). */
  out: Record<string, number>;
  jobs: Record<string, Job>;
}

/** Sends the job to the next worker it has not tried, preferring those in rotation. */
function dispatch(state: BalancerState, job: Job, ctx: Ctx): string | undefined {
  const now = ctx.now();
  for (const inRotationOnly of [true, false]) {
    for (let k = 0; k < WORKERS.length; k++) {
      const worker = WORKERS[(state.next + k) % WORKERS.length]!;
      if (job.tried.includes(worker)) continue;
      const until = state.out[worker];
      if (until !== undefined && until <= now) delete state.out[worker];
      else if (inRotationOnly && until !== undefined) continue;
      state.next = (state.next + k + 1) % WORKERS.length;
      job.tried.push(worker);
      const { call } = ctx.call(
        worker,
        'increment',
        { increment: job.increment },
        { deadlineMs: WORKER_DEADLINE_MS },
      );
      state.jobs[String(call)] = job;
      return worker;
    }
  }
  return undefined;
}

const balancer: Behaviour<BalancerState, P> = {
  kind: 'balancer',
  init: () => ({ next: 0, out: {}, jobs: {} }),
  onRequest(state, request, ctx) {
    if (request.op !== 'increment') return state;
    const { increment } = request.args as { increment: number };
    const job = { request, increment, tried: [] };
    if (!dispatch(state, job, ctx)) ctx.reply(request, { ok: false, error: 'no worker to send it to' });
    return state;
  },
  onOutcome(state, outcome, ctx) {
    const job = failed(state.jobs, outcome, ctx);
    if (!job) return state;
    if (!noAnswer(outcome)) {
      // The worker answered: the counter said no. Another worker would hear the same.
      ctx.reply(job.request, { ok: false, error: errorOf(outcome) });
      return state;
    }
    state.out[outcome.to] = ctx.now() + OUT_OF_ROTATION_MS;
    const to = dispatch(state, job, ctx);
    if (!to) {
      ctx.reply(job.request, { ok: false, error: 'no worker answered' });
      return state;
    }
    ctx.emit('routed-around', {
      worker: outcome.to,
      increment: job.increment,
      reason: outcome.result === 'unknown' ? 'no answer in time' : 'refused, it is down',
      to,
    });
    return state;
  },
  label: (state) => {
    const out = Object.keys(state.out).sort();
    return out.length === 0 ? 'all workers in rotation' : `routing around ${out.join(', ')}`;
  },
};

// ---------------------------------------------------------------- the workers (stateless)

interface WorkerJob {
  request: Request;
  increment: number;
  /** The replicas to try, in order, and how far it got. */
  order: string[];
  at: number;
}

interface WorkerState {
  /** Only the requests in hand: nothing survives a request, so nothing is lost with the worker. */
  jobs: Record<string, WorkerJob>;
}

function write(state: WorkerState, job: WorkerJob, ctx: Ctx) {
  const { call } = ctx.call(
    job.order[job.at]!,
    'increment',
    { increment: job.increment },
    { deadlineMs: COUNTER_DEADLINE_MS },
  );
  state.jobs[String(call)] = job;
}

const worker: Behaviour<WorkerState, P> = {
  kind: 'stateless worker',
  init: () => ({ jobs: {} }),
  onRequest(state, request, ctx) {
    if (request.op !== 'increment') return state;
    const { increment } = request.args as { increment: number };
    const order = ctx.params.singleOwner ? [HOME[ctx.name] ?? C1] : [C1, C2];
    write(state, { request, increment, order, at: 0 }, ctx);
    return state;
  },
  onOutcome(state, outcome, ctx) {
    const job = failed(state.jobs, outcome, ctx);
    if (!job) return state;
    job.at += 1;
    if (job.at < job.order.length) write(state, job, ctx);
    else ctx.reply(job.request, { ok: false, error: `the counter did not take it (${errorOf(outcome)})` });
    return state;
  },
  label: () => 'keeps nothing',
};

// ---------------------------------------------------------------- the counter's replicas

type Role = 'primary' | 'backup' | 'recovering';

interface ReplicaState {
  role: Role;
  /** On disk: the increments it took, in order. */
  log: number[];
  /** In memory: increments said "done" but not yet copied, and when it took them (own clock). */
  unshipped: { increment: number; at: number }[];
  /** The other replica may lack any of the log: the next copy sends all of it. */
  resend: boolean;
  /** When it last heard from the primary (own clock). */
  heard: number;
  /** With a single owner, what it does: c1 owns the counter, c2 forwards (for the label). */
  part: 'owner' | 'forwarder' | null;
  /** With a single owner: writes passed on to c1, waiting for its answer. */
  forwards: Record<string, { request: Request }>;
}

function ship(state: ReplicaState, ctx: Ctx) {
  const due = ctx.now() - ctx.params.replicationLagMs;
  const send = state.resend
    ? [...state.log]
    : state.unshipped.filter((u) => u.at <= due).map((u) => u.increment);
  state.resend = false;
  state.unshipped = state.unshipped.filter((u) => !send.includes(u.increment));
  // Sent even when empty: it tells the backup the primary is alive.
  ctx.send(other(ctx.name), 'copy', { increments: send, value: state.log.length });
}

function apply(state: ReplicaState, request: Request, ctx: Ctx) {
  const { increment } = request.args as { increment: number };
  // Increments carry their id, so one that comes again (a retry) is counted once.
  if (!state.log.includes(increment)) {
    state.log.push(increment);
    if (!ctx.params.singleOwner) state.unshipped.push({ increment, at: ctx.now() });
    ctx.emit('applied', { increment, value: state.log.length });
    ctx.effect(request, { increment });
  }
  ctx.reply(request, { ok: true, value: { value: state.log.length } });
}

function becomePrimary(state: ReplicaState, ctx: Ctx, reason: string) {
  state.role = 'primary';
  state.resend = true;
  ctx.emit('resumed', { value: state.log.length, reason });
}

const replica: Behaviour<ReplicaState, P> = {
  kind: 'counter replica',
  init(ctx, durable) {
    ctx.setTimer(SHIP_EVERY_MS, 'tick');
    const log = [...((durable as { log: number[] } | undefined)?.log ?? [])];
    const part: ReplicaState['part'] = !ctx.params.singleOwner
      ? null
      : ctx.name === C1
        ? 'owner'
        : 'forwarder';
    const base: Omit<ReplicaState, 'role'> = {
      log,
      unshipped: [],
      resend: false,
      heard: ctx.now(),
      forwards: {},
      part,
    };
    if (!durable || ctx.params.singleOwner) return { ...base, role: ctx.name === C1 ? 'primary' : 'backup' };
    // Back from a crash with its disk: it does not know who leads now, so it asks.
    ctx.call(other(ctx.name), 'status', {}, { deadlineMs: STATUS_DEADLINE_MS });
    return { ...base, role: 'recovering' };
  },
  onRequest(state, request, ctx) {
    if (request.op === 'status') {
      ctx.reply(request, { ok: true, value: { role: state.role, log: state.log } });
      return state;
    }
    if (request.op !== 'increment') return state;
    if (ctx.params.singleOwner) {
      state.part = ctx.name === C1 ? 'owner' : 'forwarder';
      if (ctx.name === C1) apply(state, request, ctx);
      else {
        const { call } = ctx.call(C1, 'increment', request.args, { deadlineMs: FORWARD_DEADLINE_MS });
        state.forwards[String(call)] = { request };
      }
      return state;
    }
    if (state.role === 'primary') apply(state, request, ctx);
    else ctx.reply(request, { ok: false, error: `${ctx.name} is not the primary` });
    return state;
  },
  onMessage(state, delivery, ctx) {
    if (delivery.label !== 'copy' || ctx.params.singleOwner || state.role !== 'backup') return state;
    state.heard = ctx.now();
    const { increments } = delivery.payload as { increments: number[] };
    const fresh = increments.filter((i) => !state.log.includes(i));
    if (fresh.length === 0) return state;
    state.log.push(...fresh);
    ctx.emit('replicated', { increments: fresh, value: state.log.length, from: delivery.from });
    return state;
  },
  onTimer(state, timer, ctx) {
    if (timer.tag !== 'tick') return state;
    ctx.setTimer(SHIP_EVERY_MS, 'tick');
    if (ctx.params.singleOwner) return state;
    if (state.role === 'primary') ship(state, ctx);
    else if (state.role === 'backup' && ctx.now() - state.heard >= FAILOVER_MS) {
      state.role = 'primary';
      state.unshipped = [];
      ctx.emit('promoted', {
        value: state.log.length,
        silentMs: ctx.now() - state.heard,
        other: other(ctx.name),
      });
    }
    return state;
  },
  onOutcome(state, outcome, ctx) {
    if (outcome.op === 'increment') {
      const job = failed(state.forwards, outcome, ctx);
      if (job) ctx.reply(job.request, { ok: false, error: `the owner ${C1} did not answer` });
      return state;
    }
    if (outcome.op !== 'status' || state.role !== 'recovering') return state;
    const theirs = outcome.value as { role: Role; log: number[] } | undefined;
    if (outcome.result !== 'success' || !theirs) {
      becomePrimary(state, ctx, `${outcome.to} did not answer`);
      return state;
    }
    if (theirs.role !== 'primary') {
      becomePrimary(state, ctx, `${outcome.to} had not taken over`);
      return state;
    }
    // Two histories: keep the leader's. What only this replica had is thrown away.
    const discarded = state.log.filter((i) => !theirs.log.includes(i));
    const gained = theirs.log.filter((i) => !state.log.includes(i));
    state.log = [...theirs.log];
    state.role = 'backup';
    state.heard = ctx.now();
    ctx.emit('rejoined', { kept: outcome.to, discarded, gained, value: state.log.length });
    return state;
  },
  durable: (state) => ({ log: state.log }),
  label: (state) =>
    state.part === 'forwarder'
      ? `forwards to ${C1}`
      : `${state.part === 'owner' ? 'owner' : state.role} · ${state.log.length}`,
};

// ---------------------------------------------------------------- the lesson

export default defineLesson(guide, () => ({
  nodes: [
    { name: CLIENTS, behaviour: clients, position: { x: 0.06, y: 0.5 } },
    { name: LB, behaviour: balancer, position: { x: 0.27, y: 0.5 } },
    ...WORKERS.map((name, i) => ({ name, behaviour: worker, position: { x: 0.52, y: 0.15 + 0.35 * i } })),
    { name: C1, behaviour: replica, position: { x: 0.85, y: 0.15 } },
    { name: C2, behaviour: replica, position: { x: 0.85, y: 0.85 } },
  ],
  network: { latencyMs: 10, jitterMs: 3, loss: 0, duplicate: 0 },
  links: [
    { from: CLIENTS, to: LB },
    { from: LB, to: CLIENTS },
    ...WORKERS.flatMap((w) => [
      { from: LB, to: w },
      { from: w, to: LB },
      { from: w, to: C1 },
      { from: C1, to: w },
      { from: w, to: C2 },
      { from: C2, to: w },
    ]),
    { from: C1, to: C2 },
    { from: C2, to: C1 },
  ],
}));
