/**
 * Lesson 15: default to one machine. What only the simulation needs: the client (every 20 ms it
 * sends the same request to the one machine and to s1, and records how each ended), the boxes (each
 * goes down at random and is back after the repair time; the machine does all the work, a service
 * its share and then calls the next), and the scenario. The words, parameters, steps, the
 * calculator and the trace readers are in guide.ts.
 */
import { defineLesson, type LessonParams } from '../../src/engine/lesson.ts';
import type { Behaviour, LinkSpec, NodeContext, Request } from '../../src/engine/types.ts';
import guide, {
  CLIENT,
  DEADLINE_MS,
  JITTER_MS,
  LATENCY_MS,
  MACHINE,
  REPAIR_MS,
  REQUEST,
  REQUESTS,
  REQUEST_EVERY_MS,
  indexOf,
  serviceName,
  servicesOf,
  size,
  type Design,
} from './guide.ts';

type P = LessonParams<typeof guide>;

/** Kept back from each budget passed down the chain, so an error reaches the caller before its deadline. */
const HOP_MARGIN_MS = 4;
type Ctx = NodeContext<P>;

// ---------------------------------------------------------------- the client

interface ClientState {
  sent: number;
  failed: number;
  /** Each request waiting for its answer, by call id. */
  open: Record<string, { n: number; at: number; design: Design }>;
}

/** The box that did not answer, from the error the chain passed back ("s3 did not answer"). */
const failedBoxOf = (reason: string, to: string): string => /(\S+) did not answer/.exec(reason)?.[1] ?? to;

const client: Behaviour<ClientState, P> = {
  kind: 'client',
  init(ctx) {
    ctx.setTimer(REQUEST_EVERY_MS, 'request');
    return { sent: 0, failed: 0, open: {} };
  },
  onTimer(state, timer, ctx) {
    if (timer.tag !== 'request' || state.sent >= REQUESTS) return state;
    state.sent += 1;
    for (const [to, design] of [
      [MACHINE, 'one machine'],
      [serviceName(1), 'services'],
    ] as const) {
      const { call } = ctx.call(
        to,
        REQUEST,
        { n: state.sent, hop: 1, budgetMs: DEADLINE_MS },
        { deadlineMs: DEADLINE_MS },
      );
      state.open[String(call)] = { n: state.sent, at: ctx.now(), design };
    }
    ctx.setTimer(REQUEST_EVERY_MS, 'request');
    return state;
  },
  onOutcome(state, outcome, ctx) {
    const open = state.open[String(outcome.call)];
    if (!open) return state;
    delete state.open[String(outcome.call)];
    const ok = outcome.result === 'success';
    if (!ok) state.failed += 1;
    ctx.emit('request-done', {
      design: open.design,
      call: outcome.call,
      n: open.n,
      ok,
      ms: ctx.now() - open.at,
      ...(ok ? {} : { failedAt: failedBoxOf(outcome.reason, outcome.to) }),
    });
    return state;
  },
  label: (state) => `${state.failed} failed`,
};

// ---------------------------------------------------------------- a box: the machine or a service

interface Job {
  request: Request;
  hop: number;
  /** By when this box must have sent its answer, for its caller to hear it in time. */
  answerBy: number;
}

interface BoxState {
  down: boolean;
  /** Requests being worked on, by timer id; then waiting for the next service, by call id. */
  working: Record<string, Job>;
  waiting: Record<string, Job>;
}

/**
 * Schedules the next time this box goes down: up-times are exponential with mean repair × a / (1 − a),
 * so it is down 1 − a of the time. Once the client's requests are over, no failure can be seen.
 */
function scheduleDown(ctx: Ctx): void {
  const a = ctx.params.upFraction;
  if (a >= 1 || ctx.now() >= (REQUESTS + 1) * REQUEST_EVERY_MS) return;
  const meanUpMs = (REPAIR_MS * a) / (1 - a);
  ctx.setTimer(-meanUpMs * Math.log(1 - ctx.random()), 'go-down');
}

/** The next service down the chain, or none: the machine, the last service, or merged services. */
function nextOf(ctx: Ctx): string | null {
  const i = indexOf(ctx.name);
  if (i === 0 || ctx.params.mergeServices || i >= ctx.params.services) return null;
  return serviceName(i + 1);
}

/** The share of the request's CPU this box does. */
function workMs(ctx: Ctx): number {
  const whole = ctx.name === MACHINE || ctx.params.mergeServices;
  return whole ? ctx.params.cpuMsPerRequest : ctx.params.cpuMsPerRequest / ctx.params.services;
}

const box: Behaviour<BoxState, P> = {
  kind: 'box',
  init(ctx) {
    if (ctx.name === MACHINE) ctx.emit('sized', sizedFields(ctx.params));
    scheduleDown(ctx);
    return { down: false, working: {}, waiting: {} };
  },
  onRequest(state, request, ctx) {
    // Down when it arrives: the request goes unanswered. Up: the work is done, whatever comes later.
    if (state.down) return state;
    const args = request.args as { hop?: number; budgetMs?: number } | null;
    const hop = Number(args?.hop ?? 1);
    // The caller's budget, less the way here and the way back (the slowest a message is) and a margin.
    const answerBy =
      ctx.now() + Number(args?.budgetMs ?? DEADLINE_MS) - 2 * (LATENCY_MS + JITTER_MS) - HOP_MARGIN_MS;
    state.working[String(ctx.setTimer(workMs(ctx), 'work'))] = { request, hop, answerBy };
    return state;
  },
  onTimer(state, timer, ctx) {
    if (timer.tag === 'go-down') {
      state.down = true;
      ctx.emit('down', { repairMs: REPAIR_MS });
      ctx.setTimer(REPAIR_MS, 'come-up');
    } else if (timer.tag === 'come-up') {
      state.down = false;
      ctx.emit('up', {});
      scheduleDown(ctx);
    } else if (timer.tag === 'work') {
      const job = state.working[String(timer.timer)];
      if (!job) return state;
      delete state.working[String(timer.timer)];
      const next = nextOf(ctx);
      if (next === null) {
        ctx.reply(job.request, { ok: true });
        return state;
      }
      const { call } = ctx.call(
        next,
        REQUEST,
        {
          n: (job.request.args as { n?: number } | null)?.n,
          hop: job.hop + 1,
          budgetMs: Math.max(1, job.answerBy - ctx.now()),
        },
        { deadlineMs: Math.max(1, job.answerBy - ctx.now()) },
      );
      state.waiting[String(call)] = job;
    }
    return state;
  },
  onOutcome(state, outcome, ctx) {
    const job = state.waiting[String(outcome.call)];
    if (!job) return state;
    delete state.waiting[String(outcome.call)];
    if (outcome.result === 'success') ctx.reply(job.request, { ok: true });
    else {
      // Pass on which box did not answer: the one called, or the one it named.
      const failed = /(\S+) did not answer/.exec(outcome.reason)?.[1] ?? outcome.to;
      ctx.reply(job.request, { ok: false, error: `${failed} did not answer` });
    }
    return state;
  },
  label: (state) => (state.down ? 'down' : 'up'),
};

/** The calculator's verdict, recorded by the machine as the run starts. */
function sizedFields(params: P): Record<string, unknown> {
  const s = size(params);
  const row = (key: string) => s.rows.find((r) => r.key === key)!;
  return {
    machine: s.machine,
    fits: s.fits,
    over: s.over,
    cores: Math.round(row('cores').demand * 10) / 10,
    coresLimit: row('cores').limit,
    memoryGb: row('memory').demand,
    memoryLimitGb: Math.round(row('memory').limit),
    iops: row('iops').demand,
    iopsLimit: row('iops').limit,
    farthestRoundTripMs: row('distance').demand,
    latencyTargetMs: row('distance').limit,
    teams: row('teams').demand,
    picked: params.trigger,
  };
}

// ---------------------------------------------------------------- the scenario

export default defineLesson(guide, (params) => {
  const names = servicesOf(params.services);
  const links: LinkSpec[] = [
    { from: CLIENT, to: MACHINE },
    { from: MACHINE, to: CLIENT },
    { from: CLIENT, to: serviceName(1) },
    { from: serviceName(1), to: CLIENT },
    ...names.slice(1).flatMap((s, i) => [
      { from: names[i]!, to: s },
      { from: s, to: names[i]! },
    ]),
  ];
  // Three rows, up to four columns: the client and, far from it, the machine on top; the chain of
  // services below in two rows, there and back (a snake), so eight cards never crowd one line.
  const perRow = Math.ceil(names.length / 2);
  const at = (i: number) =>
    i < perRow ? { x: i / 3, y: 0.5 } : { x: (perRow - 1 - (i - perRow)) / 3, y: 0.9 };
  return {
    nodes: [
      { name: CLIENT, behaviour: client, position: { x: 0, y: 0.1 } },
      { name: MACHINE, behaviour: box, position: { x: 1, y: 0.1 } },
      ...names.map((name, i) => ({ name, behaviour: box, position: at(i) })),
    ],
    network: { latencyMs: LATENCY_MS, jitterMs: JITTER_MS, loss: 0, duplicate: 0 },
    links,
  };
});
