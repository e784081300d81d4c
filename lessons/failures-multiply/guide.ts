/**
 * Lesson 6, the guide: failure modes multiply, they do not add. N services are each up a fraction `a`
 * of the time: each crashes now and then (up-times drawn at random) and is repaired after a fixed
 * repair time, so a = MTBF / (MTBF + repair time). A share of each service's downtime can instead come
 * from a shared fault: a bad deploy that takes every service down at once.
 *
 * Every 20 ms the client asks all N services at once. A request that needs every answer (a chain, or a
 * page built from N calls) is up with chance a^k for the first k services; one that needs any one of k
 * replicas with 1 − (1 − a)^k, but only if they fail independently: with a shared fault, k replicas are
 * never better than the shared fault's own availability. One run gives the curve for every k at once:
 * each request's answers say which of the first k services were up when it asked.
 *
 * The repair time is shorter than the gap between requests, so no outage is seen by two requests and
 * requests are independent samples: the error bar of a measured rate is the binomial one.
 *
 * This file is what the page loads; the behaviours and the scenario are in lesson.ts.
 */
import events from './events.ts';
import { defineGuide, type ChallengeResult } from '../../src/engine/lesson.ts';
import type { Trace } from '../../src/engine/trace.ts';
import { plural } from '../../src/engine/words.ts';
import { twoStandardErrors } from '../../src/engine/stats.ts';

export const CLIENT = 'client';
export const DEPLOYER = 'deployer';
export const MAX_SERVICES = 9;
export const serviceName = (i: number): string => `s${i}`;
export const servicesOf = (n: number): string[] => Array.from({ length: n }, (_, i) => serviceName(i + 1));
/** s3 → 3; 0 for any other node. */
export const indexOf = (node: string): number => (/^s(\d)$/.test(node) ? Number(node.slice(1)) : 0);

/** The client asks every service this often. */
export const REQUEST_EVERY_MS = 20;
/** One way, every link, no jitter: every service hears a request (or a deploy) at the same moment. */
export const LATENCY_MS = 2;
/** When the client's requests are over (and with them, the failures worth simulating). */
export const windowMs = (requests: number): number => (requests + 1) * REQUEST_EVERY_MS;

/** The client's question and a service's answer (drawn as a request and its "ok" reply). */
export const REQUEST = 'get';
export const ANSWER = 'get:ok';

export type Shape = 'all' | 'any one';

export interface Model {
  readonly upFraction: number;
  readonly sharedFault: number;
  readonly staggerDeploys: boolean;
  readonly services: number;
}

/** The share of time a service is down for its own reasons, and for bad deploys. */
export function downShares(m: Model): { own: number; deploy: number } {
  const u = 1 - m.upFraction;
  const deploy = m.sharedFault * u;
  // Up only when neither is down: (1 − deploy)(1 − own) = a.
  return { own: Math.max(0, 1 - m.upFraction / (1 - deploy)), deploy };
}

/**
 * The chance that a request finds the first k services (of `services`) good enough: all of them up
 * for "all", at least one for "any one". A bad deploy downs all services at once, or, deployed one at
 * a time, only one of them (each equally likely), never two together.
 */
export function analyticAvailability(m: Model, shape: Shape, k: number): number {
  const { own, deploy } = downShares(m);
  if (!m.staggerDeploys) {
    return shape === 'all' ? (1 - deploy) * (1 - own) ** k : (1 - deploy) * (1 - own ** k);
  }
  const one = deploy / m.services; // this one service has the bad deploy
  if (shape === 'all') return (1 - k * one) * (1 - own) ** k;
  return 1 - ((1 - k * one) * own ** k + k * one * own ** (k - 1));
}

/** Independent failures only: what redundancy promises, a^k or 1 − (1 − a)^k. */
export function independentAvailability(upFraction: number, shape: Shape, k: number): number {
  return shape === 'all' ? upFraction ** k : 1 - (1 - upFraction) ** k;
}

// ---------------------------------------------------------------- reading the trace

export interface Probe {
  /** The seq of the client's record of it (its "request-done"). */
  seq: number;
  t: number;
  /** How many services it asked (s1 … s_asked). */
  asked: number;
  /** answered[i]: service i + 1 answered in time. */
  answered: boolean[];
}

/** What the client records of each request once every answer is in (by its next request). */
export interface RequestRecord {
  readonly type: string;
  readonly seq: number;
  readonly t: number;
  readonly asked?: unknown;
  readonly down?: unknown;
}

/**
 * The requests among `events` (the client's "request-done" records, each built from the answers that
 * reached it: a unit test checks they agree with the messages): which of the services it asked were up.
 */
export function probesOf(events: Iterable<RequestRecord>): Probe[] {
  const out: Probe[] = [];
  for (const e of events) {
    if (e.type !== 'request-done') continue;
    const asked = Number(e.asked);
    const down = new Set(Array.isArray(e.down) ? (e.down as string[]) : []);
    out.push({ seq: e.seq, t: e.t, asked, answered: servicesOf(asked).map((s) => !down.has(s)) });
  }
  return out;
}

export const probes = (trace: Trace): Probe[] => probesOf(trace.ofType('request-done'));

/** Served by the first k services: every one answered ("all"), or at least one did ("any one"). */
export function served(p: Probe, shape: Shape, k: number): boolean {
  const first = p.answered.slice(0, k);
  return shape === 'all' ? first.every(Boolean) : first.some(Boolean);
}

export interface Point {
  k: number;
  /** Requests that asked at least k services. */
  n: number;
  failed: number;
  /** Measured availability: the share served. */
  availability: number;
  /** Two standard errors of the measured availability. */
  errorBar: number;
  expected: number;
  /** One failed request at this k, for evidence. */
  failedSeq?: number;
}

export function curve(trace: Trace, params: Model & { readonly shape: Shape }): Point[] {
  return curveOf(probes(trace), params);
}

/** Each k from 1 to `services`: the requests that asked at least k services, and how many failed. */
export function curveOf(all: readonly Probe[], params: Model & { readonly shape: Shape }): Point[] {
  const points: Point[] = [];
  for (let k = 1; k <= params.services; k++) {
    let n = 0;
    let failed = 0;
    let failedSeq: number | undefined;
    for (const p of all) {
      if (p.asked < k) continue;
      n += 1;
      if (!served(p, params.shape, k)) {
        failed += 1;
        failedSeq ??= p.seq;
      }
    }
    const availability = n === 0 ? 1 : (n - failed) / n;
    points.push({
      k,
      n,
      failed,
      availability,
      errorBar: twoStandardErrors(1 - availability, n),
      expected: analyticAvailability(params, params.shape, k),
      ...(failedSeq !== undefined ? { failedSeq } : {}),
    });
  }
  return points;
}

// ---------------------------------------------------------------- challenges

/** Requests a step needs before its rates mean something. */
export const ENOUGH_FOR_CHAIN = 1200;
export const ENOUGH_FOR_REPLICAS = 600;

export const pct = (x: number, digits = 1): string => `${(100 * x).toFixed(digits)}%`;
const failing = (p: Point, digits = 1) =>
  `${pct(1 - p.availability, digits)} ± ${pct(p.errorBar, digits)} of requests`;

/** Measured within three standard errors (1.5 error bars) of the analytic value: a fair match. */
const matches = (p: Point) => Math.abs(p.availability - p.expected) <= 1.5 * p.errorBar;

type Params = Model & { readonly shape: Shape; readonly repairMs: number; readonly requests: number };

/** Not enough requests yet; when the run can never send enough, say which setting to raise. */
const tooFew = (last: Point, params: Params): ChallengeResult => ({
  met: false,
  missing:
    params.requests < ENOUGH_FOR_REPLICAS
      ? `set "Requests" to ${ENOUGH_FOR_REPLICAS} or more`
      : `${plural(last.n, 'request')} so far; let it run to ${ENOUGH_FOR_REPLICAS}`,
});

/** Once every request is in, "let it run longer" cannot help: another seed can. */
const longer = (last: Point, params: Params): string =>
  last.n >= params.requests - 1 ? 'all requests are in: send more, or try another seed' : 'let it run longer';

const evidenceOf = (points: readonly Point[], trace: Trace): number[] => {
  const seqs = points.flatMap((p) => (p.failedSeq === undefined ? [] : [p.failedSeq]));
  return seqs.length > 0 ? seqs : [trace.length - 1];
};

function chain(trace: Trace, params: Params): ChallengeResult {
  if (params.shape !== 'all')
    return { met: false, missing: 'set "A request needs" to "all": every service must answer' };
  if (params.services < MAX_SERVICES)
    return {
      met: false,
      missing: `a request needs ${plural(params.services, 'service')}: set "Services" to ${MAX_SERVICES}`,
    };
  const points = curve(trace, params);
  const last = points.at(-1)!;
  const one = points[0]!;
  if (last.n < ENOUGH_FOR_CHAIN)
    return {
      met: false,
      missing:
        params.requests < ENOUGH_FOR_CHAIN
          ? `set "Requests" to ${ENOUGH_FOR_CHAIN} or more: fewer cannot measure a rate near 1%`
          : `${plural(last.n, 'request')} so far; let it run to ${ENOUGH_FOR_CHAIN}`,
    };
  if (!matches(last))
    return {
      met: false,
      missing: `a chain of ${last.k} fails ${failing(last, 2)}, expected ${pct(1 - last.expected, 2)}: ${longer(last, params)}`,
    };
  if (1 - last.availability - last.errorBar <= 1 - one.expected)
    return {
      met: false,
      missing: `a chain of ${last.k} fails ${failing(last, 2)}: not yet clearly more than one service's ${pct(1 - one.expected, 2)}; ${longer(last, params)}`,
    };
  return {
    met: true,
    evidence: evidenceOf([last], trace),
    detail: `a chain of ${last.k} failed ${failing(last, 2)}, 1 − ${params.upFraction}^${last.k} is ${pct(1 - last.expected, 2)}; one service alone fails ${pct(1 - one.expected, 2)}`,
  };
}

/** The first and the last point differ by more than their error bars together. */
const apart = (a: Point, b: Point) =>
  Math.abs(a.availability - b.availability) > Math.hypot(a.errorBar, b.errorBar);

function redundancy(trace: Trace, params: Params): ChallengeResult {
  if (params.shape !== 'any one')
    return { met: false, missing: 'set "A request needs" to "any one": one replica is enough' };
  if (params.services < 2)
    return { met: false, missing: 'set "Services" to 2 or more: one replica is no redundancy' };
  const points = curve(trace, params);
  const one = points[0]!;
  const last = points.at(-1)!;
  if (last.n < ENOUGH_FOR_REPLICAS) return tooFew(last, params);
  if (!(last.availability > one.availability && apart(one, last)) || !matches(last) || !matches(one))
    return {
      met: false,
      missing: `one replica fails ${failing(one)}, ${last.k} fail ${failing(last)}: ${longer(last, params)}`,
    };
  return {
    met: true,
    evidence: evidenceOf([one], trace),
    detail: `one replica failed ${failing(one)}; any one of ${last.k} failed ${failing(last)}, as 1 − (1 − a)^${last.k} predicts (${pct(1 - last.expected)})`,
  };
}

function correlated(trace: Trace, params: Params): ChallengeResult {
  if (params.shape !== 'any one')
    return { met: false, missing: 'set "A request needs" to "any one": one replica is enough' };
  if (params.services < 2)
    return { met: false, missing: 'set "Services" to 2 or more: one replica is no redundancy' };
  if (params.sharedFault === 0)
    return {
      met: false,
      missing:
        'the replicas fail independently: raise "Failures shared by all" so bad deploys hit them all at once',
    };
  if (params.staggerDeploys)
    return {
      met: false,
      missing: 'deploys go to one replica at a time, so none hits them all: turn "Deploy one at a time" off',
    };
  const points = curve(trace, params);
  const one = points[0]!;
  const last = points.at(-1)!;
  if (last.n < ENOUGH_FOR_REPLICAS) return tooFew(last, params);
  const promised = independentAvailability(params.upFraction, 'any one', last.k);
  if (!(promised - last.availability > last.errorBar) || !matches(last))
    return {
      met: false,
      missing: `${last.k} replicas fail ${failing(last)}, expected ${pct(1 - last.expected)}: ${longer(last, params)}`,
    };
  return {
    met: true,
    evidence: evidenceOf([last], trace),
    detail: `any one of ${last.k} replicas failed ${failing(last)}, one alone ${failing(one)}; independent replicas would fail only ${pct(1 - promised, 2)}`,
  };
}

/**
 * A prediction's reveal: the answer whose rate is nearest the measured failure rate of the longest
 * chain or set of replicas (on a log scale: 0.1% and 1% are as far apart as 10% and 100%).
 */
function revealRate(
  trace: Trace,
  params: Params,
  answerRates: readonly number[],
  because: string,
): { answer: number; seq: number; why: string } | null {
  const last = curve(trace, params).at(-1)!;
  if (last.n < ENOUGH_FOR_REPLICAS) return null;
  const rate = 1 - last.availability;
  const far = (r: number) => Math.abs(Math.log(Math.max(rate, 1e-4)) - Math.log(r));
  const answer = answerRates.reduce((best, r, i) => (far(r) < far(answerRates[best]!) ? i : best), 0);
  const seq = last.failedSeq ?? probes(trace).at(-1)!.seq;
  return { answer, seq, why: `${last.failed} of ${last.n} requests failed (${pct(rate)}): ${because}.` };
}

// ---------------------------------------------------------------- the guide

const SHARED_LABEL = 'Failures shared by all';
const STAGGER_LABEL = 'Deploy one at a time';

export default defineGuide({
  events,
  id: 'failures-multiply',
  title: 'Failure modes multiply, they do not add',
  summary: 'Chain services that are each up 99.9% of the time and watch availability fall.',
  keyStep: 'chain',
  principle:
    'A request that needs N services is up only when all are: availabilities multiply. Replicas help only when they fail independently',
  part: 2,
  order: 6,
  minutes: 8,
  durationMs: 30_100,
  defaultSeed: 1,
  playbackSpeed: 2000,
  params: {
    services: {
      kind: 'number',
      label: 'Services',
      description: 'How many services the client asks for each request.',
      unit: 'count',
      min: 1,
      max: MAX_SERVICES,
      step: 1,
      default: 3,
    },
    requests: {
      kind: 'number',
      label: 'Requests',
      description:
        'How many requests the client sends, one every 20 ms. Rare failures need thousands to measure.',
      unit: 'count',
      min: 100,
      max: 3000,
      step: 100,
      default: 1500,
    },
    shape: {
      kind: 'choice',
      label: 'A request needs',
      description:
        '"all": every service must answer, like a chain of calls. "any one": the services are replicas, and one answer is enough.',
      options: ['all', 'any one'],
      default: 'all',
    },
    upFraction: {
      kind: 'number',
      label: 'Each service is up',
      description:
        'The share of time each service is up. Its crashes come at random; each takes the repair time to fix.',
      unit: 'probability',
      min: 0.9,
      max: 0.9995,
      step: 0.0005,
      default: 0.999,
    },
    repairMs: {
      kind: 'number',
      label: 'Repair time',
      description:
        'How long a service stays down once it fails. Shorter than the 20 ms between requests, so no two requests see the same outage.',
      unit: 'ms',
      min: 4,
      max: 15,
      step: 1,
      default: 10,
    },
    sharedFault: {
      kind: 'number',
      label: SHARED_LABEL,
      description:
        "The share of each service's downtime that comes from a bad deploy hitting every service at once. Each service is still up as often.",
      unit: 'probability',
      min: 0,
      max: 1,
      step: 0.05,
      default: 0,
    },
    staggerDeploys: {
      kind: 'boolean',
      label: STAGGER_LABEL,
      description:
        'A deploy goes to one service first. A bad one takes down only that service, and is rolled back.',
      default: false,
    },
  },
  nodeNames: (p) => [CLIENT, DEPLOYER, ...servicesOf(p.services)],
  interventions: [
    {
      kind: 'signal',
      node: DEPLOYER,
      signal: 'push-bad-deploy',
      label: 'Push a bad deploy',
      did: 'pushed a bad deploy',
      description:
        'Deploys a broken version now: every service goes down for the repair time (one service if deploys go one at a time).',
    },
    {
      kind: 'crash',
      node: serviceName(1),
      label: 'Crash s1',
      did: 'crashed s1',
      description: 'Stops service s1 until you recover it: every request finds it down.',
    },
    {
      kind: 'recover',
      node: serviceName(1),
      label: 'Recover s1',
      did: 'recovered s1',
      description: 'Restarts service s1.',
    },
  ],
  fix: {
    param: 'staggerDeploys',
    label: STAGGER_LABEL,
    description:
      'A deploy reaches one replica first; a bad one is caught there and rolled back, so it never takes all replicas down together.',
  },
  steps: [
    {
      id: 'chain',
      title: 'A chain of nine',
      text:
        'Each service is up 99.9% of the time: one alone fails about 1 request in 1,000. ' +
        'A page often needs many services, and it fails when any one of them is down. ' +
        'Set "Services" to 9 and play: the readout measures each length of chain and draws the ' +
        'product 0.999^k beside it.',
      hint: 'Set "Services" to 9, choose the fastest speed, and play to the end.',
      notes:
        '0.999^9 is 0.991: the chain fails about 0.9% of requests, nine times one service. Every service is "three nines", the page is barely two. Point at the error bars: rare failures need thousands of requests to measure.',
      start: { params: { services: 1 } },
      challenge: chain,
      solution: { params: { services: MAX_SERVICES }, interventions: [] },
    },
    {
      id: 'redundancy',
      title: 'Replicas help',
      text:
        'Now each service is up only 90% of the time, and a request that needs all 3 fails 27% of the time. ' +
        'Make them replicas instead: a request needs any one of them. It fails only when all 3 are ' +
        'down together, (1 − 0.9)^3 = 0.1% of the time.',
      hint: 'Set "A request needs" to "any one" and play.',
      notes:
        'The same boxes, the opposite arithmetic: needing all multiplies the chances of being up, needing one multiplies the chances of being down. Ask what has to be true for the second to hold.',
      start: { params: { services: 3, upFraction: 0.9 } },
      predictions: [
        {
          id: 'chain-of-three',
          askAtMs: 0,
          question: 'A request needs all 3 services, each up 90% of the time. How often does it fail?',
          answers: ['About 10%, like one service', 'About 27%', 'About 50%'],
          right: 1,
          reveal: (trace, params) =>
            revealRate(
              trace,
              params,
              [0.1, 0.27, 0.5],
              'each of the three is a 10% chance to fail, and any one fails the request',
            ),
        },
      ],
      challenge: redundancy,
      solution: { params: { services: 3, upFraction: 0.9, shape: 'any one' }, interventions: [] },
    },
    {
      id: 'correlated',
      title: 'Unless they fail together',
      text:
        'Three replicas, each up 90%, independent: together they fail 0.1% of the time. But the ' +
        'same bad deploy goes to all three at once. Raise "Failures shared by all" to 100%: each replica ' +
        'is still up 90%, yet now they fail together, and three are no better than one.',
      hint: 'Raise "Failures shared by all" to 100% and play. Then turn on "Deploy one at a time" and compare.',
      notes:
        'Redundancy multiplies chances of being down only if those chances are independent. A shared deploy, config, network or region makes them one chance. Staggered deploys shrink the blast radius: a bad version reaches one replica first and is rolled back there.',
      start: { params: { services: 3, upFraction: 0.9, shape: 'any one' } },
      predictions: [
        {
          id: 'shared',
          askAtMs: 0,
          question:
            'Three replicas, each up 90% of the time, fail independently. How often does a request find all three down?',
          answers: ['About 10%, like one replica', 'About 0.1%'],
          right: 1,
          reveal: (trace, params) =>
            revealRate(trace, params, [0.1, 0.001], 'all three were down together only that rarely'),
        },
      ],
      challenge: correlated,
      solution: {
        params: { services: 3, upFraction: 0.9, shape: 'any one', sharedFault: 1 },
        interventions: [],
      },
    },
  ],
});
