/**
 * Lesson 5, the guide: every coordination step costs a round trip. One page request crosses nine
 * services: client, API gateway, auth, user service, profile service, Postgres, cache, analytics,
 * Kafka and the warehouse. Each call between two boxes is one round trip, with its own latency and
 * its own chance to fail; latencies add up along the path and the chances of success multiply, so
 * the request fails with 1 − Π(1 − p_i). Merging boxes into one process turns their calls into
 * local function calls (no round trip, no network failure); calling in parallel shortens the path;
 * sending analytics a one-way event takes three hops off the request's path.
 *
 * This file is what the page loads; the behaviours and the scenario are in lesson.ts.
 */
import events from './events.ts';
import { defineGuide, type ChallengeResult } from '../../src/engine/lesson.ts';
import type { Trace } from '../../src/engine/trace.ts';
import { plural } from '../../src/engine/words.ts';
import { percentile } from '../../src/engine/stats.ts';

export const CLIENT = 'client';
export const GATEWAY = 'gateway';
export const AUTH = 'auth';
export const USER = 'user';
export const PROFILE = 'profile';
export const POSTGRES = 'postgres';
export const CACHE = 'cache';
export const ANALYTICS = 'analytics';
export const KAFKA = 'kafka';
export const WAREHOUSE = 'warehouse';

export const SERVICES = [GATEWAY, AUTH, USER, PROFILE, POSTGRES, CACHE, ANALYTICS, KAFKA, WAREHOUSE];

/** Whom each service calls while it handles a request, in order. */
export const CHILDREN: Readonly<Record<string, readonly string[]>> = {
  [GATEWAY]: [AUTH, USER, ANALYTICS],
  [USER]: [PROFILE, CACHE],
  [PROFILE]: [POSTGRES],
  [ANALYTICS]: [KAFKA],
  [KAFKA]: [WAREHOUSE],
};

/** "Merge half the boxes": these four run inside the gateway's process. */
export const MERGED_INTO_GATEWAY = [AUTH, USER, PROFILE, CACHE];

export interface PlanParams {
  readonly mergeBoxes: boolean;
  readonly analyticsOffPath: boolean;
}

/** The process a service runs in. */
export function hostOf(service: string, params: PlanParams): string {
  return params.mergeBoxes && MERGED_INTO_GATEWAY.includes(service) ? GATEWAY : service;
}

/**
 * The remote calls a service makes while handling a request: a child in the same process is run
 * inline (its own children take its place); analytics off the path is a one-way event, not a call.
 */
export function remoteCalls(service: string, params: PlanParams): { calls: string[]; local: string[] } {
  const calls: string[] = [];
  const local: string[] = [];
  for (const child of CHILDREN[service] ?? []) {
    if (child === ANALYTICS && params.analyticsOffPath) continue;
    if (hostOf(child, params) === hostOf(service, params)) {
      local.push(child);
      const inner = remoteCalls(child, params);
      calls.push(...inner.calls);
      local.push(...inner.local);
    } else calls.push(child);
  }
  return { calls, local };
}

/** The round trips one request makes: the client's call and every call below it. */
export function expectedRoundTrips(params: PlanParams): number {
  const below = (s: string): number => remoteCalls(s, params).calls.reduce((n, c) => n + 1 + below(c), 0);
  return 1 + below(GATEWAY);
}

/** Every hop on the path fails with chance p, so the request fails with 1 − (1 − p)^hops. */
export function analyticFailure(params: PlanParams & { readonly hopFailure: number }): number {
  return 1 - Math.pow(1 - params.hopFailure, expectedRoundTrips(params));
}

// ---------------------------------------------------------------- reading the trace

export interface RequestRecord {
  n: number;
  /** The client's call. */
  seq: number;
  call: number;
  t: number;
  /** The client's outcome, once it came. */
  doneSeq?: number;
  ms?: number;
  ok?: boolean;
  /** Seqs of every call of the request's tree, the client's first. */
  callSeqs: number[];
}

/** The client's requests, each with every call made on its behalf (found through `parent`). */
export function requests(trace: Trace): RequestRecord[] {
  const root = new Map<number, number>();
  const byRoot = new Map<number, RequestRecord>();
  const out: RequestRecord[] = [];
  for (const c of trace.ofType('call')) {
    if (c.from === CLIENT && c.parent === undefined) {
      root.set(c.call, c.call);
      const r: RequestRecord = { n: out.length + 1, seq: c.seq, call: c.call, t: c.t, callSeqs: [c.seq] };
      byRoot.set(c.call, r);
      out.push(r);
      continue;
    }
    const top = c.parent === undefined ? undefined : root.get(c.parent);
    if (top === undefined) continue;
    root.set(c.call, top);
    byRoot.get(top)!.callSeqs.push(c.seq);
  }
  for (const o of trace.ofType('outcome')) {
    const r = byRoot.get(o.call);
    if (!r || o.from !== CLIENT || r.doneSeq !== undefined) continue;
    r.doneSeq = o.seq;
    r.ms = o.t - r.t;
    r.ok = o.result === 'success';
  }
  return out;
}

export interface Stats {
  done: RequestRecord[];
  n: number;
  failed: number;
  rate: number;
  /** Two standard errors of the measured rate. */
  errorBar: number;
  p50: number;
  p99: number;
  roundTrips: number;
}

export function stats(trace: Trace): Stats {
  const done = requests(trace).filter((r) => r.doneSeq !== undefined);
  const n = done.length;
  const failed = done.filter((r) => !r.ok).length;
  const rate = n === 0 ? 0 : failed / n;
  const ms = done.map((r) => r.ms!).sort((a, b) => a - b);
  const ok = done.filter((r) => r.ok);
  return {
    done,
    n,
    failed,
    rate,
    errorBar: n === 0 ? 0 : 2 * Math.sqrt(Math.max(rate * (1 - rate), 1 / n) / n),
    p50: percentile(ms, 0.5),
    p99: percentile(ms, 0.99),
    roundTrips: ok.length === 0 ? 0 : Math.max(...ok.map((r) => r.callSeqs.length)),
  };
}

// ---------------------------------------------------------------- challenges

function countOne(trace: Trace): ChallengeResult {
  const r = requests(trace).find((x) => x.ok);
  if (!r) return { met: false, missing: 'no request has come back yet: press "Send one request" and play' };
  return {
    met: true,
    evidence: r.callSeqs,
    detail: `request ${r.n} made ${plural(r.callSeqs.length, 'round trip')} and took ${Math.round(r.ms!)} ms`,
  };
}

/** Answered requests needed before p99 means something. */
export const ENOUGH_FOR_P99 = 30;

function budget(trace: Trace, params: { readonly budgetMs: number }): ChallengeResult {
  const s = stats(trace);
  if (s.n < ENOUGH_FOR_P99)
    return { met: false, missing: `${plural(s.n, 'request')} answered; let it run to ${ENOUGH_FOR_P99}` };
  if (s.p99 > params.budgetMs)
    return {
      met: false,
      evidence: [s.done.reduce((a, b) => (b.ms! > a.ms! ? b : a)).doneSeq!],
      missing: `p99 is ${Math.round(s.p99)} ms, over the ${params.budgetMs} ms budget: merge boxes, call in parallel or move analytics off the path`,
    };
  const slowest = s.done.reduce((a, b) => (b.ms! > a.ms! ? b : a));
  return {
    met: true,
    evidence: [slowest.seq, slowest.doneSeq!],
    detail: `p99 is ${Math.round(s.p99)} ms, inside the ${params.budgetMs} ms budget, with ${plural(s.roundTrips, 'round trip')} a request`,
  };
}

/** Answered requests needed before the measured failure rate is worth comparing. */
export const ENOUGH_FOR_RATE = 60;
/** The failure chance per hop must be at least this for failures to show in a short run. */
export const VISIBLE_FAILURE = 0.02;

function multiply(
  trace: Trace,
  params: { readonly mergeBoxes: boolean; readonly analyticsOffPath: boolean; readonly hopFailure: number },
): ChallengeResult {
  if (params.hopFailure < VISIBLE_FAILURE)
    return {
      met: false,
      missing: `at ${100 * params.hopFailure}% a hop, failures are too rare to measure: raise "Failure chance per hop" to ${100 * VISIBLE_FAILURE}% or more`,
    };
  const s = stats(trace);
  if (s.n < ENOUGH_FOR_RATE)
    return { met: false, missing: `${plural(s.n, 'request')} answered; let it run to ${ENOUGH_FOR_RATE}` };
  const expected = analyticFailure(params);
  const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
  if (Math.abs(s.rate - expected) > s.errorBar)
    return {
      met: false,
      missing: `measured ${pct(s.rate)} ± ${pct(s.errorBar)}, expected ${pct(expected)}: let it run longer`,
    };
  const failed = s.done.filter((r) => !r.ok).slice(0, 4);
  return {
    met: true,
    evidence: failed.map((r) => r.doneSeq!),
    detail: `${s.failed} of ${s.n} requests failed: ${pct(s.rate)} ± ${pct(s.errorBar)}, and 1 − (1 − p)^${expectedRoundTrips(params)} is ${pct(expected)}`,
  };
}

// ---------------------------------------------------------------- the guide

export default defineGuide({
  events,
  id: 'round-trips',
  title: 'Every coordination step costs a round trip',
  summary: 'One request crosses nine services; count the round trips, then merge half the boxes.',
  keyStep: 'budget',
  principle:
    'Measure a design in round trips: each one adds latency and a chance to fail, and both compound along the path',
  part: 2,
  order: 5,
  minutes: 8,
  durationMs: 8000,
  defaultSeed: 1,
  params: {
    hopLatencyMs: {
      kind: 'number',
      label: 'Round trip per hop',
      description: 'How long one call between two boxes takes there and back, before jitter.',
      unit: 'ms',
      min: 2,
      max: 100,
      step: 2,
      default: 20,
    },
    jitterMs: {
      kind: 'number',
      label: 'Jitter per message',
      description: 'Each message takes up to this much longer, at random.',
      unit: 'ms',
      min: 0,
      max: 50,
      step: 1,
      default: 4,
    },
    hopFailure: {
      kind: 'number',
      label: 'Failure chance per hop',
      description: 'The chance that a service fails the call it was asked to serve.',
      unit: 'probability',
      min: 0,
      max: 0.2,
      step: 0.005,
      default: 0.005,
    },
    budgetMs: {
      kind: 'number',
      label: 'Latency budget',
      description: 'How long a page request may take: p99 should stay under it.',
      unit: 'ms',
      min: 20,
      max: 500,
      step: 10,
      default: 160,
    },
    requestEveryMs: {
      kind: 'number',
      label: 'A request every',
      description: 'The client sends one request this often.',
      unit: 'ms',
      min: 50,
      max: 1000,
      step: 10,
      default: 100,
    },
    steadyStream: {
      kind: 'boolean',
      label: 'Steady stream of requests',
      description: 'The client keeps sending requests. Off: only "Send one request" sends one.',
      default: true,
    },
    gatewayCalls: {
      kind: 'choice',
      label: "Gateway's calls",
      description:
        '"sequential": the gateway waits for each service before it calls the next. "parallel": it calls them all at once.',
      options: ['sequential', 'parallel'],
      default: 'sequential',
    },
    analyticsOffPath: {
      kind: 'boolean',
      label: 'Analytics off the request path',
      description: 'The gateway sends analytics a one-way event and does not wait for it.',
      default: false,
    },
    mergeBoxes: {
      kind: 'boolean',
      label: 'Merge half the boxes',
      description:
        'Auth, user, profile and cache run inside the gateway: their calls become local function calls.',
      default: false,
    },
  },
  nodeNames: () => [CLIENT, ...SERVICES],
  interventions: [
    {
      kind: 'signal',
      node: CLIENT,
      signal: 'send',
      label: 'Send one request',
      did: 'sent one page request',
      description: 'The client asks the gateway for one page.',
      startsWork: true,
    },
  ],
  fix: {
    param: 'mergeBoxes',
    label: 'Merge half the boxes',
    description:
      'Auth, user, profile and cache run in the gateway process. Their calls are function calls: no round trip, nothing to fail on the network.',
  },
  steps: [
    {
      id: 'count',
      title: 'Count the round trips',
      text:
        'The client asks the gateway for one page. The gateway checks auth, asks the user service ' +
        '(which asks the profile service, which reads Postgres, then reads the cache) and tells analytics ' +
        '(which writes to Kafka, which feeds the warehouse). Every arrow there and back is one round trip. ' +
        'Send one request and count them.',
      hint: 'Press "Send one request", then Play until the client has its answer.',
      notes:
        'Nine round trips for one page. Each arrow looks cheap in a diagram; on the network each one is a wait and a chance to fail.',
      start: { params: { steadyStream: false } },
      challenge: countOne,
      solution: {
        params: { steadyStream: false },
        interventions: [{ at: 100, kind: 'signal', node: CLIENT, signal: 'send' }],
      },
    },
    {
      id: 'budget',
      title: 'Meet the latency budget',
      text:
        'Now the client sends a request every 100 ms. Nine round trips one after another take over ' +
        '200 ms, past the 160 ms budget. Merge half the boxes, call in parallel, or take analytics off ' +
        'the path, and watch p99 in the readout.',
      hint: 'Turn on "Merge half the boxes" (or pick "parallel", or move analytics off the path), then Play.',
      notes:
        'Three ways to the budget: fewer boxes, waits side by side instead of in a row, and not waiting for work the page does not need. Only the first removes failure chances too.',
      predictions: [
        {
          id: 'how-many',
          askAtMs: 0,
          question: 'How many round trips does each page request make?',
          answers: ['1', '3', '9'],
          right: 2,
          reveal: (trace) => {
            const r = requests(trace).find((x) => x.ok);
            if (!r) return null;
            const n = r.callSeqs.length;
            return {
              answer: n === 1 ? 0 : n === 3 ? 1 : 2,
              seq: r.doneSeq!,
              why: `The client made one call, and the services made ${n - 1} more on its behalf.`,
            };
          },
        },
      ],
      challenge: budget,
      solution: { params: { mergeBoxes: true }, interventions: [] },
    },
    {
      id: 'multiply',
      title: 'Failure chances multiply',
      text:
        'Each hop fails now and then. The request succeeds only if every hop does, so it fails with ' +
        '1 − (1 − p)^9. Raise the failure chance per hop to 5% and let many requests run: the readout ' +
        'puts the measured rate, with its error bar, beside that number.',
      hint: 'Set "Failure chance per hop" to 5% and Play to the end.',
      notes:
        'At 5% a hop, nine hops fail a third of requests. Merge the boxes and the product shrinks: fewer hops, fewer chances to fail.',
      challenge: multiply,
      solution: { params: { hopFailure: 0.05 }, interventions: [] },
    },
  ],
});
