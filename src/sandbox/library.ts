/**
 * The sandbox's behaviour library: what a node on the canvas can be. Each entry declares its
 * settings with the lesson kit's parameter schema (so they are typed, ranged and parsed like a
 * lesson's parameters) and the peers it needs, and makes a plain engine behaviour from both.
 *
 * The behaviours are the lessons' ideas written for free composition: a lesson's behaviour reads
 * that lesson's parameters and names its peers, a library one reads its node's own settings and is
 * told its peers by the links drawn on the canvas (see peers in compile.ts).
 */
import { defaultParams, type ParamSchema } from '../engine/params.ts';
import type { Behaviour, LinkProps, NodeContext, ParamValue, Request } from '../engine/types.ts';
import { breaker } from './behaviours/breaker.ts';
import { queue } from './behaviours/queue.ts';
import { primary, replica } from './behaviours/replication.ts';
import { saga } from './behaviours/saga.ts';
import { ANSWERS_PAY, entry, takeOwn, type LibraryEntry } from './entry.ts';

/** A new link's settings. */
export const DEFAULT_LINK: LinkProps = { latencyMs: 20, jitterMs: 10, loss: 0, duplicate: 0 };

export type { LibraryEntry, PeerNeed } from './entry.ts';

// ------------------------------------------------------------------ client

interface ClientState {
  sent: number;
  /** The request being tried (its logical id and how many tries it has had), if any. */
  current: { call: number; request: number; tries: number; args: { n: number } } | null;
}

const clientSettings = {
  requests: {
    kind: 'number',
    unit: 'count',
    label: 'Requests',
    description: 'How many requests the client makes, one after another.',
    min: 1,
    max: 100,
    step: 1,
    default: 10,
  },
  everyMs: {
    kind: 'number',
    unit: 'ms',
    label: 'Pause between requests',
    description: 'How long the client waits after an answer before the next request.',
    min: 0,
    max: 5000,
    step: 10,
    default: 200,
  },
  deadlineMs: {
    kind: 'number',
    unit: 'ms',
    label: 'Deadline',
    description: 'How long the client waits for an answer before it calls the outcome unknown.',
    min: 10,
    max: 10_000,
    step: 10,
    default: 500,
  },
  retries: {
    kind: 'number',
    unit: 'count',
    label: 'Retries',
    description: 'How many times a failed or unknown request is tried again.',
    min: 0,
    max: 10,
    step: 1,
    default: 0,
  },
  backoffMs: {
    kind: 'number',
    unit: 'ms',
    label: 'Backoff',
    description: 'The wait before the first retry; each further retry waits twice as long.',
    min: 0,
    max: 5000,
    step: 10,
    default: 100,
  },
  idempotencyKey: {
    kind: 'boolean',
    label: 'Idempotency key',
    description: 'A retry carries the same request id, so a careful server can recognise it.',
    default: false,
  },
} as const satisfies ParamSchema;

const client = entry({
  id: 'client',
  label: 'Client',
  summary: 'Calls a server, one request at a time, and may retry.',
  settings: clientSettings,
  peers: [{ role: 'server', label: 'a server to call', accepts: ANSWERS_PAY }],
  make(s, peers): Behaviour<ClientState> {
    const server = peers.server!;
    const attempt = (state: ClientState, ctx: NodeContext) => {
      const cur = state.current!;
      const { call, request } = ctx.call(server, 'pay', cur.args, {
        deadlineMs: s.deadlineMs,
        // Without a key, every try is a new request as far as the server can tell.
        ...(s.idempotencyKey && cur.tries > 0 ? { request: cur.request } : {}),
      });
      cur.call = call;
      cur.request = request;
      cur.tries += 1;
    };
    const next = (state: ClientState, ctx: NodeContext) => {
      state.current = null;
      if (state.sent < s.requests) ctx.setTimer(s.everyMs, 'next request');
    };
    return {
      kind: 'client',
      init(ctx) {
        const state: ClientState = { sent: 0, current: null };
        ctx.setTimer(s.everyMs, 'next request');
        return state;
      },
      onTimer(state, timer, ctx) {
        if (timer.tag === 'next request') {
          state.sent += 1;
          state.current = { call: -1, request: -1, tries: 0, args: { n: state.sent } };
          attempt(state, ctx);
        } else if (timer.tag === 'retry' && state.current) attempt(state, ctx);
        return state;
      },
      onOutcome(state, outcome, ctx) {
        const cur = state.current;
        if (!cur || outcome.call !== cur.call) return state;
        if (outcome.result === 'success' || cur.tries > s.retries) next(state, ctx);
        else ctx.setTimer(s.backoffMs * 2 ** (cur.tries - 1), 'retry');
        return state;
      },
      label: (state) => (state.current ? 'waiting' : state.sent >= s.requests ? 'done' : 'thinking'),
    };
  },
});

// ------------------------------------------------------------------ payment server

interface PaymentState {
  /** Request ids already charged (an idempotent server answers a repeat without charging). */
  charged: Record<string, true>;
  /** Requests being worked on, answered when their timer fires. */
  working: Record<string, Request>;
}

const paymentSettings = {
  workMs: {
    kind: 'number',
    unit: 'ms',
    label: 'Work time',
    description: 'How long a charge takes before the server answers.',
    min: 0,
    max: 5000,
    step: 10,
    default: 50,
  },
  idempotent: {
    kind: 'boolean',
    label: 'Idempotent',
    description: 'Charge a request id once: a repeat is answered without charging again.',
    default: false,
  },
  declineRate: {
    kind: 'number',
    unit: 'probability',
    label: 'Declines',
    description: 'The share of charges the server turns down (it answers with an error and charges nothing).',
    min: 0,
    max: 1,
    step: 0.05,
    default: 0,
  },
} as const satisfies ParamSchema;

const paymentServer = entry({
  id: 'payment-server',
  label: 'Payment server',
  summary: 'Charges a card for each request (or refunds one) and answers.',
  settings: paymentSettings,
  peers: [],
  make(s): Behaviour<PaymentState> {
    return {
      kind: 'payment server',
      init: () => ({ charged: {}, working: {} }),
      onRequest(state, request, ctx) {
        const key = String(request.request);
        if (s.idempotent && Object.hasOwn(state.charged, key)) {
          ctx.reply(request, { ok: true, value: 'already charged' });
          return state;
        }
        // A decline is drawn only when declines are on, so a server without them draws nothing.
        if (request.op !== 'refund' && s.declineRate > 0 && ctx.random() < s.declineRate) {
          ctx.reply(request, { ok: false, error: 'declined' });
          return state;
        }
        // The charge (or a saga's refund) happens now; the answer leaves when the work is done.
        ctx.effect(request, request.op === 'refund' ? { refund: 1 } : { charge: 1 });
        state.charged[key] = true;
        const timer = ctx.setTimer(s.workMs, 'answer');
        state.working[String(timer)] = request;
        return state;
      },
      onTimer(state, timer, ctx) {
        const request = takeOwn(state.working, timer.timer);
        if (request) ctx.reply(request, { ok: true, value: 'charged' });
        return state;
      },
      // The charges are on disk; work in progress is lost in a crash (its callers hear nothing).
      durable: (state) => state.charged,
      label: (state) => (Object.keys(state.working).length ? 'working' : 'idle'),
    };
  },
});

// ------------------------------------------------------------------ heartbeats

const workerSettings = {
  heartbeatMs: {
    kind: 'number',
    unit: 'ms',
    label: 'Heartbeat every',
    description: 'How often the worker tells its monitor it is alive.',
    min: 10,
    max: 5000,
    step: 10,
    default: 200,
  },
} as const satisfies ParamSchema;

const heartbeatWorker = entry({
  id: 'heartbeat-worker',
  label: 'Worker with heartbeats',
  summary: 'Sends "alive" to its monitor at a steady pace.',
  settings: workerSettings,
  peers: [{ role: 'monitor', label: 'a monitor to report to', accepts: ['heartbeat-monitor'] }],
  make(s, peers): Behaviour<{ beats: number }> {
    return {
      kind: 'worker',
      init(ctx) {
        ctx.setTimer(s.heartbeatMs, 'beat');
        return { beats: 0 };
      },
      onTimer(state, _timer, ctx) {
        state.beats += 1;
        ctx.send(peers.monitor!, 'heartbeat', { beat: state.beats });
        ctx.setTimer(s.heartbeatMs, 'beat');
        return state;
      },
      label: () => 'up',
    };
  },
});

interface MonitorState {
  /** Per worker: whether it is suspected, and the timer that will suspect it. */
  watched: Record<string, { suspected: boolean; timer: number }>;
}

const monitorSettings = {
  timeoutMs: {
    kind: 'number',
    unit: 'ms',
    label: 'Timeout',
    description: 'Silence this long and the monitor declares the worker down.',
    min: 10,
    max: 10_000,
    step: 10,
    default: 600,
  },
} as const satisfies ParamSchema;

const heartbeatMonitor = entry({
  id: 'heartbeat-monitor',
  label: 'Heartbeat monitor',
  summary: 'Declares a worker down after a silence longer than its timeout.',
  settings: monitorSettings,
  peers: [],
  make(s): Behaviour<MonitorState> {
    return {
      kind: 'monitor',
      init: () => ({ watched: {} }),
      onMessage(state, delivery, ctx) {
        if (delivery.label !== 'heartbeat') return state;
        const prior = Object.hasOwn(state.watched, delivery.from) ? state.watched[delivery.from] : undefined;
        if (prior) ctx.cancelTimer(prior.timer);
        if (prior?.suspected) ctx.emit('trust', { worker: delivery.from });
        const timer = ctx.setTimer(s.timeoutMs, 'silence', { node: delivery.from });
        state.watched[delivery.from] = { suspected: false, timer };
        return state;
      },
      onTimer(state, timer, ctx) {
        const node = (timer.data as { node: string }).node;
        const w = Object.hasOwn(state.watched, node) ? state.watched[node] : undefined;
        if (!w || w.timer !== timer.timer) return state;
        w.suspected = true;
        ctx.emit('suspect', { worker: node });
        return state;
      },
      label: (state) => (Object.values(state.watched).some((w) => w.suspected) ? 'suspecting' : 'watching'),
    };
  },
});

// ------------------------------------------------------------------ the library

/** In palette order. */
export const LIBRARY: readonly LibraryEntry[] = [
  client,
  paymentServer,
  queue,
  breaker,
  saga,
  primary,
  replica,
  heartbeatWorker,
  heartbeatMonitor,
];

const byId = new Map(LIBRARY.map((e) => [e.id, e]));

/** The entry for a behaviour id, or undefined (a Map: ids come from links and files). */
export function libraryEntry(id: string): LibraryEntry | undefined {
  return byId.get(id);
}

/** An entry's default settings. */
export function defaultSettings(e: LibraryEntry): Record<string, ParamValue> {
  return { ...defaultParams(e.settings) };
}
