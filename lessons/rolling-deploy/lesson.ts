/**
 * Lesson 12: rolling deploy. What only the simulation needs: the balancer (the clients' steady
 * requests, sent round robin, and the rollout that "Deploy" starts), the four servers, the
 * shared record store, and the scenario. The words, parameters, steps and trace readers are in guide.ts.
 */
import { defineLesson, type LessonParams } from '../../src/engine/lesson.ts';
import type { Behaviour, NodeContext, Request } from '../../src/engine/types.ts';
import guide, { LB, READS, SERVERS, STORE, WRITES, type Version } from './guide.ts';

type P = LessonParams<typeof guide>;

/** A client request leaves this often, for the whole run. */
export const REQUEST_EVERY_MS = 100;
/** The store holds this many records; each request reads and writes one of them at random. */
export const RECORDS = 6;
/** Who wrote the records the store starts with (v1, before the run). */
export const INITIAL_WRITER = 'initial load';
const SERVER_DEADLINE_MS = 700;
const STORE_DEADLINE_MS = 400;
const UPGRADE_DEADLINE_MS = 400;

const RANK: Record<Version, number> = { v1: 0, 'v1.5': 1, v2: 2 };

// ---------------------------------------------------------------- the balancer

interface Move {
  server: string;
  to: Version;
}

interface BalancerState {
  next: number;
  ok: number;
  failed: number;
  /** The rollout: what is left to do, first the move under way. Null before "Deploy". */
  plan: Move[] | null;
}

function nextMove(state: BalancerState, ctx: NodeContext<P>) {
  const move = state.plan?.[0];
  if (!move) return;
  ctx.call(move.server, 'install', { to: move.to }, { deadlineMs: UPGRADE_DEADLINE_MS });
}

const balancer: Behaviour<BalancerState, P> = {
  kind: 'clients + deploy',
  init(ctx) {
    ctx.setTimer(REQUEST_EVERY_MS, 'request');
    return { next: 0, ok: 0, failed: 0, plan: null };
  },
  onOutcome(state, outcome, ctx) {
    if (outcome.op === 'update') {
      if (outcome.result === 'success') state.ok += 1;
      else state.failed += 1;
      return state;
    }
    if (outcome.op !== 'install' || !state.plan) return state;
    // A move that did not go through is tried again; the plan never skips a server.
    if (outcome.result === 'success') state.plan.shift();
    if (state.plan.length === 0) ctx.emit('deploy-done', {});
    else ctx.setTimer(ctx.params.deployEveryMs, 'next-move');
    return state;
  },
  onTimer(state, timer, ctx) {
    if (timer.tag === 'next-move') nextMove(state, ctx);
    if (timer.tag !== 'request') return state;
    // A client request: round robin over the servers, for a record picked at random.
    const server = SERVERS[state.next % SERVERS.length]!;
    state.next += 1;
    const record = 1 + Math.floor(ctx.random() * RECORDS);
    ctx.call(server, 'update', { record }, { deadlineMs: SERVER_DEADLINE_MS });
    ctx.setTimer(REQUEST_EVERY_MS, 'request');
    return state;
  },
  onSignal(state, signal, ctx) {
    if (signal !== 'deploy' || (state.plan && state.plan.length > 0)) return state;
    const to = (v: Version) => SERVERS.map((server) => ({ server, to: v }));
    state.plan = ctx.params.expandContract ? [...to('v1.5'), ...to('v2')] : to('v2');
    ctx.emit('deploy-started', {
      plan: ctx.params.expandContract
        ? 'every server to v1.5, then every server to v2'
        : 'every server to v2, one by one',
    });
    nextMove(state, ctx);
    return state;
  },
  label: (state) => `${state.ok} ok, ${state.failed} failed`,
};

// ---------------------------------------------------------------- the servers

interface InFlight {
  request: Request;
  record: number;
  /** The version that took the request: it reads and writes with that version's code. */
  version: Version;
  format?: number;
  writer?: string;
}

interface ServerState {
  version: Version;
  pending: Record<string, InFlight>;
}

function upgrade(state: ServerState, to: Version, ctx: NodeContext<P>) {
  if (RANK[to] <= RANK[state.version]) return;
  ctx.emit('upgraded', { server: ctx.name, from: state.version, to });
  state.version = to;
}

const server: Behaviour<ServerState, P> = {
  kind: 'server',
  init: (_ctx, durable) => ({
    version: (durable as { version: Version } | undefined)?.version ?? 'v1',
    pending: {},
  }),
  onRequest(state, request, ctx) {
    if (request.op === 'install') {
      upgrade(state, (request.args as { to: Version }).to, ctx);
      ctx.reply(request, { ok: true, value: { version: state.version } });
      return state;
    }
    if (request.op !== 'update') return state;
    const { record } = request.args as { record: number };
    const { call } = ctx.call(STORE, 'read', { record }, { deadlineMs: STORE_DEADLINE_MS });
    state.pending[String(call)] = { request, record, version: state.version };
    return state;
  },
  onOutcome(state, outcome, ctx) {
    const job = state.pending[String(outcome.call)];
    if (!job) return state;
    delete state.pending[String(outcome.call)];
    if (outcome.result !== 'success') {
      ctx.reply(job.request, { ok: false, error: 'the store did not answer' });
      return state;
    }
    if (outcome.op === 'read') {
      const rec = outcome.value as { format: number; writer: string };
      const fields = {
        server: ctx.name,
        version: job.version,
        record: job.record,
        format: rec.format,
        writer: rec.writer,
      };
      if (!READS[job.version].includes(rec.format)) {
        ctx.emit('unreadable', fields);
        ctx.reply(job.request, { ok: false, error: `${job.version} cannot read format ${rec.format}` });
        return state;
      }
      const write = { record: job.record, format: WRITES[job.version], writer: ctx.name };
      const { call } = ctx.call(STORE, 'write', write, { deadlineMs: STORE_DEADLINE_MS });
      state.pending[String(call)] = { ...job, format: rec.format, writer: rec.writer };
      return state;
    }
    ctx.emit('served', {
      server: ctx.name,
      version: job.version,
      record: job.record,
      format: job.format,
      writer: job.writer,
      wrote: WRITES[job.version],
    });
    ctx.reply(job.request, { ok: true, value: { version: job.version } });
    return state;
  },
  onSignal(state, signal, ctx) {
    if (signal !== 'next-version') return state;
    upgrade(state, state.version === 'v1' && ctx.params.expandContract ? 'v1.5' : 'v2', ctx);
    return state;
  },
  durable: (state) => ({ version: state.version }),
  label: (state) => state.version,
};

// ---------------------------------------------------------------- the store

interface StoreState {
  records: Record<string, { format: number; writer: string }>;
}

const store: Behaviour<StoreState, P> = {
  kind: 'record store',
  init: (_ctx, durable) => {
    const d = durable as StoreState | undefined;
    if (d) return { records: { ...d.records } };
    const records: StoreState['records'] = {};
    for (let k = 1; k <= RECORDS; k++) records[String(k)] = { format: 1, writer: INITIAL_WRITER };
    return { records };
  },
  onRequest(state, request, ctx) {
    const args = request.args as { record: number; format?: number; writer?: string };
    const key = String(args.record);
    if (request.op === 'read') {
      ctx.reply(request, { ok: true, value: state.records[key] ?? { format: 1, writer: INITIAL_WRITER } });
    } else if (request.op === 'write') {
      state.records[key] = { format: args.format ?? 1, writer: args.writer ?? '?' };
      ctx.effect(request, { record: args.record, format: args.format });
      ctx.reply(request, { ok: true });
    }
    return state;
  },
  durable: (state) => ({ records: state.records }),
  label: (state) => {
    const all = Object.values(state.records);
    return `${all.filter((r) => r.format === 2).length} of ${all.length} in format 2`;
  },
};

// ---------------------------------------------------------------- the lesson

export default defineLesson(guide, () => ({
  nodes: [
    { name: LB, behaviour: balancer, position: { x: 0.1, y: 0.5 } },
    ...SERVERS.map((name, i) => ({
      name,
      behaviour: server,
      position: { x: i < 2 ? 0.37 : 0.9, y: i % 2 === 0 ? 0.2 : 0.8 },
    })),
    { name: STORE, behaviour: store, position: { x: 0.63, y: 0.5 } },
  ],
  network: { latencyMs: 10, jitterMs: 3, loss: 0, duplicate: 0 },
  links: [
    ...SERVERS.flatMap((s) => [
      { from: LB, to: s },
      { from: s, to: LB },
      { from: s, to: STORE },
      { from: STORE, to: s },
    ]),
  ],
}));
