/**
 * Lesson 5: round trips. What only the simulation needs: the client's stream of page requests, one
 * service behaviour shared by the nine boxes (each calls on whom CHILDREN names, from its request
 * handler or from the outcome of its previous call, and answers its caller only when its own calls
 * are done), and the scenario. The words, parameters, steps and trace readers are in guide.ts.
 */
import { defineLesson, type LessonParams } from '../../src/engine/lesson.ts';
import type { Behaviour, LinkSpec, NodeContext, Request } from '../../src/engine/types.ts';
import guide, {
  ANALYTICS,
  AUTH,
  CACHE,
  CHILDREN,
  CLIENT,
  GATEWAY,
  KAFKA,
  POSTGRES,
  PROFILE,
  USER,
  WAREHOUSE,
  hostOf,
  remoteCalls,
  type PlanParams,
} from './guide.ts';

type P = LessonParams<typeof guide>;
type Ctx = NodeContext<P>;

/** Generous: no call here should ever run out of time. */
const DEADLINE_MS = 5000;

// ---------------------------------------------------------------- the client

interface ClientState {
  sent: number;
  open: Record<string, { n: number; at: number }>;
}

function sendOne(state: ClientState, ctx: Ctx): void {
  state.sent += 1;
  const { call } = ctx.call(GATEWAY, 'page', { n: state.sent }, { deadlineMs: DEADLINE_MS });
  state.open[String(call)] = { n: state.sent, at: ctx.now() };
}

const client: Behaviour<ClientState, P> = {
  kind: 'client',
  init(ctx) {
    ctx.setTimer(ctx.params.requestEveryMs, 'tick');
    return { sent: 0, open: {} };
  },
  onTimer(state, timer, ctx) {
    if (timer.tag !== 'tick') return state;
    if (ctx.params.steadyStream) sendOne(state, ctx);
    ctx.setTimer(ctx.params.requestEveryMs, 'tick');
    return state;
  },
  onSignal(state, signal, ctx) {
    if (signal === 'send') sendOne(state, ctx);
    return state;
  },
  onOutcome(state, outcome, ctx) {
    const open = state.open[String(outcome.call)];
    if (!open) return state;
    delete state.open[String(outcome.call)];
    ctx.emit('request-done', { n: open.n, ms: ctx.now() - open.at, ok: outcome.result === 'success' });
    return state;
  },
  label: (state) => `${state.sent} sent`,
};

// ---------------------------------------------------------------- a service

interface Job {
  /** The caller's request; null for work started by a one-way event (analytics off the path). */
  request: Request | null;
  waiting: string[];
  outstanding: number;
  failedBy: string | null;
}

interface ServiceState {
  jobs: Record<string, Job>;
  /** Our outgoing call → the job it belongs to. */
  byCall: Record<string, string>;
  nextJob: number;
  served: number;
  failed: number;
}

function callNext(state: ServiceState, key: string, job: Job, to: string, ctx: Ctx): void {
  if (state.jobs[key] !== job) return; // already answered: an earlier hop of a parallel fan-out failed
  // A request in flight when "Merge half the boxes" changes mid-run (an action in a link or a file)
  // can plan a call over a wire the new layout no longer has: that hop fails, the run goes on.
  if (!linked(ctx.name, to, ctx.params)) {
    job.failedBy ??= to;
    job.waiting = [];
    if (job.outstanding === 0) finish(state, key, job, ctx);
    return;
  }
  const { call } = ctx.call(to, 'serve', {}, { deadlineMs: DEADLINE_MS });
  state.byCall[String(call)] = key;
  job.outstanding += 1;
}

function finish(state: ServiceState, key: string, job: Job, ctx: Ctx): void {
  delete state.jobs[key];
  if (job.request === null) return;
  if (job.failedBy === null) {
    state.served += 1;
    ctx.reply(job.request, { ok: true });
  } else {
    state.failed += 1;
    ctx.emit('passed-up', { op: job.request.op, because: job.failedBy });
    ctx.reply(job.request, { ok: false, error: `${job.failedBy} failed` });
  }
}

/** Starts the work for one request: the calls of the service and of what runs in its process. */
function start(state: ServiceState, request: Request | null, name: string, ctx: Ctx): void {
  const plan = remoteCalls(name, ctx.params);
  for (const service of plan.local) ctx.emit('local-call', { service });
  if (name === GATEWAY && ctx.params.analyticsOffPath) ctx.send(ANALYTICS, 'track', {});
  const key = String(state.nextJob++);
  const parallel = name === GATEWAY && ctx.params.gatewayCalls === 'parallel';
  const job: Job = { request, waiting: [...plan.calls], outstanding: 0, failedBy: null };
  state.jobs[key] = job;
  if (job.waiting.length === 0) return finish(state, key, job, ctx);
  if (parallel) for (const to of job.waiting.splice(0)) callNext(state, key, job, to, ctx);
  else callNext(state, key, job, job.waiting.shift()!, ctx);
}

function service(name: string): Behaviour<ServiceState, P> {
  return {
    kind: name,
    init: () => ({ jobs: {}, byCall: {}, nextJob: 0, served: 0, failed: 0 }),
    onRequest(state, request, ctx) {
      if (ctx.random() < ctx.params.hopFailure) {
        state.failed += 1;
        ctx.emit('hop-failed', { op: request.op, caller: request.from });
        ctx.reply(request, { ok: false, error: 'failed' });
        return state;
      }
      start(state, request, name, ctx);
      return state;
    },
    onMessage(state, delivery, ctx) {
      if (delivery.label === 'track') start(state, null, name, ctx);
      return state;
    },
    onOutcome(state, outcome, ctx) {
      const key = state.byCall[String(outcome.call)];
      delete state.byCall[String(outcome.call)];
      const job = key === undefined ? undefined : state.jobs[key];
      if (key === undefined || !job) return state;
      job.outstanding -= 1;
      if (outcome.result !== 'success' && job.failedBy === null) {
        job.failedBy = outcome.to;
        job.waiting = [];
      }
      if (job.waiting.length > 0) callNext(state, key, job, job.waiting.shift()!, ctx);
      else if (job.outstanding === 0) finish(state, key, job, ctx);
      return state;
    },
    label: (state) => `${state.served} ok, ${state.failed} failed`,
  };
}

// ---------------------------------------------------------------- the scenario

// Three rows (top, middle, bottom) so no column holds more nodes than a short topology panel fits.
const POSITIONS: Record<string, { x: number; y: number }> = {
  [CLIENT]: { x: 0.06, y: 0.5 },
  [GATEWAY]: { x: 0.25, y: 0.5 },
  [AUTH]: { x: 0.46, y: 0.1 },
  [USER]: { x: 0.46, y: 0.5 },
  [ANALYTICS]: { x: 0.46, y: 0.9 },
  [PROFILE]: { x: 0.69, y: 0.1 },
  [CACHE]: { x: 0.69, y: 0.5 },
  [KAFKA]: { x: 0.69, y: 0.9 },
  [POSTGRES]: { x: 0.92, y: 0.1 },
  [WAREHOUSE]: { x: 0.92, y: 0.9 },
};

/** The wires of a layout, each one way: every service to its children; merged, the gateway's process reads Postgres itself. */
function pairsOf(params: PlanParams): [string, string][] {
  const pairs: [string, string][] = [[CLIENT, GATEWAY]];
  for (const [from, tos] of Object.entries(CHILDREN)) for (const to of tos) pairs.push([from, to]);
  if (params.mergeBoxes) pairs.push([hostOf(PROFILE, params), POSTGRES]);
  return pairs;
}

/** Whether the layout `params` make has a wire from `from` to `to`. */
function linked(from: string, to: string, params: PlanParams): boolean {
  return pairsOf(params).some(([a, b]) => (a === from && b === to) || (a === to && b === from));
}

export default defineLesson(guide, (params) => {
  const pairs = pairsOf(params);
  const links: LinkSpec[] = pairs.flatMap(([a, b]) => [
    { from: a, to: b },
    { from: b, to: a },
  ]);
  return {
    nodes: [
      { name: CLIENT, behaviour: client, position: POSITIONS[CLIENT] },
      ...[GATEWAY, AUTH, USER, PROFILE, POSTGRES, CACHE, ANALYTICS, KAFKA, WAREHOUSE].map((name) => ({
        name,
        behaviour: service(name),
        position: POSITIONS[name],
      })),
    ],
    network: { latencyMs: params.hopLatencyMs / 2, jitterMs: params.jitterMs, loss: 0, duplicate: 0 },
    links,
  };
});
