/**
 * Lesson 15, the guide: default to one machine. The same workload runs twice in one run, side by
 * side: every 20 ms the client sends one request to one big machine (one round trip, all the work
 * in one process) and the same request to a chain of N services (the work split evenly, N round
 * trips one after another). Every box, big or small, is up the same share of the time a: it goes
 * down at random and is back after a fixed repair time. A box down when a request reaches it does
 * not answer it, so the one machine fails 1 − a of requests and the chain 1 − a^N.
 *
 * Then a calculator: the learner's workload (requests a second, CPU per request, working set, disk
 * operations per request, where the users are, how many teams must ship on their own) against one
 * large cloud instance, with a quarter of each resource kept free. Two of its limits are not
 * capacity: geography is the round trip light needs from the farthest users against a target, and
 * independent teams is an organisational trigger the learner declares.
 *
 * This file is what the page loads; the behaviours and the scenario are in lesson.ts.
 */
import events from './events.ts';
import { defineGuide, type ChallengeResult } from '../../src/engine/lesson.ts';
import type { Trace } from '../../src/engine/trace.ts';
import { plural } from '../../src/engine/words.ts';
import { percentile, twoStandardErrors } from '../../src/engine/stats.ts';

export const CLIENT = 'client';
export const MACHINE = 'machine';
export const MAX_SERVICES = 8;
export const serviceName = (i: number): string => `s${i}`;
export const servicesOf = (n: number): string[] => Array.from({ length: n }, (_, i) => serviceName(i + 1));
/** s3 → 3; 0 for any other node. */
export const indexOf = (node: string): number => (/^s\d$/.test(node) ? Number(node.slice(1)) : 0);

/** The client sends one request to each design this often, this many times. */
export const REQUEST_EVERY_MS = 20;
export const REQUESTS = 1500;
/** How long a box that went down stays down: shorter than the gap between requests. */
export const REPAIR_MS = 10;
/** One way, every link: 1 ms plus up to 2 ms of jitter, a network inside one data centre. */
export const LATENCY_MS = 1;
export const JITTER_MS = 2;
/** The client waits this long; each box down the chain waits what is left, so an error comes back in time. */
export const DEADLINE_MS = 600;

export const REQUEST = 'order';

export type Design = 'one machine' | 'services';
export const DESIGNS: readonly Design[] = ['one machine', 'services'];

export interface SimModel {
  readonly services: number;
  readonly upFraction: number;
  readonly mergeServices: boolean;
}

/** The boxes a request to each design crosses. */
export function boxesOnPath(design: Design, m: SimModel): number {
  return design === 'one machine' || m.mergeServices ? 1 : m.services;
}

/** Every box on the path must be up: 1 − a^boxes. */
export function analyticFailure(design: Design, m: SimModel): number {
  return 1 - m.upFraction ** boxesOnPath(design, m);
}

// ---------------------------------------------------------------- the calculator

export const MACHINES = {
  'm7i.48xlarge': { vcpus: 192, memoryWords: '768 GiB', memoryGb: 768 * 1.073741824 },
  'u7in-32tb.224xlarge': { vcpus: 896, memoryWords: '32 TiB', memoryGb: 32 * 1024 * 1.073741824 },
} as const;
export type MachineName = keyof typeof MACHINES;
export const MACHINE_NAMES = Object.keys(MACHINES) as MachineName[];
/** NVMe drives deliver millions of operations a second: counted at the low end. */
export const IOPS = 1_000_000;
/** A box kept busy past this share of any resource has no room for a peak. */
export const HEADROOM = 0.75;

export const REGIONS = ['one region', 'one continent', 'worldwide'] as const;
export type Region = (typeof REGIONS)[number];
/** How far the farthest users are from the box, in km. */
export const FARTHEST_KM: Readonly<Record<Region, number>> = {
  'one region': 500,
  'one continent': 4000,
  worldwide: 16_000,
};
/** Light in glass fibre covers about 200 km each millisecond; a round trip goes there and back. */
export const FIBRE_KM_PER_MS = 200;
export const roundTripMsFrom = (km: number): number => (2 * km) / FIBRE_KM_PER_MS;

export const TRIGGERS = ['working set', 'compute', 'geography', 'independent teams'] as const;
export type Trigger = (typeof TRIGGERS)[number];
export const NOT_PICKED = 'none picked';

export interface Workload {
  readonly requestsPerSecond: number;
  readonly cpuMsPerRequest: number;
  readonly workingSetGb: number;
  readonly iopsPerRequest: number;
  readonly usersIn: string;
  readonly latencyTargetMs: number;
  readonly independentTeams: number;
  readonly machine: string;
}

export interface SizeRow {
  key: 'cores' | 'memory' | 'iops' | 'distance' | 'teams';
  trigger: Trigger;
  label: string;
  demand: number;
  /** What may be used: the capacity with headroom, the latency target, or one team. */
  limit: number;
  /** The whole box (for capacity rows). */
  capacity?: number;
  over: boolean;
  /** The row in words: "55 of 144 vCPUs". */
  words: string;
}

export interface Sizing {
  machine: MachineName;
  rows: SizeRow[];
  fits: boolean;
  /** The triggers whose rows are over their limits, in the order of TRIGGERS. */
  over: Trigger[];
}

const n0 = (x: number) => Math.round(x).toLocaleString('en-US');
const n1 = (x: number) => (x < 10 ? (Math.round(x * 10) / 10).toLocaleString('en-US') : n0(x));

export const machineOf = (name: string): MachineName =>
  (MACHINE_NAMES as string[]).includes(name) ? (name as MachineName) : MACHINE_NAMES[0]!;
export const regionOf = (name: string): Region =>
  (REGIONS as readonly string[]).includes(name) ? (name as Region) : 'one region';

/** The arithmetic of what fits on one box. */
export function size(w: Workload): Sizing {
  const machine = machineOf(w.machine);
  const box = MACHINES[machine];
  const cores = (w.requestsPerSecond * w.cpuMsPerRequest) / 1000;
  const iops = w.requestsPerSecond * w.iopsPerRequest;
  const farthest = roundTripMsFrom(FARTHEST_KM[regionOf(w.usersIn)]);
  const capacityRow = (
    key: SizeRow['key'],
    trigger: Trigger,
    label: string,
    demand: number,
    capacity: number,
    unit: string,
  ): SizeRow => ({
    key,
    trigger,
    label,
    demand,
    capacity,
    limit: capacity * HEADROOM,
    over: demand > capacity * HEADROOM,
    words: `${n1(demand)} ${unit} needed, ${n0(capacity * HEADROOM)} usable of ${n0(capacity)}`,
  });
  const rows: SizeRow[] = [
    capacityRow('cores', 'compute', 'Cores', cores, box.vcpus, 'vCPUs'),
    capacityRow('memory', 'working set', 'Memory', w.workingSetGb, box.memoryGb, 'GB'),
    capacityRow('iops', 'working set', 'Disk operations', iops, IOPS, 'a second'),
    {
      key: 'distance',
      trigger: 'geography',
      label: 'Farthest users',
      demand: farthest,
      limit: w.latencyTargetMs,
      over: farthest > w.latencyTargetMs,
      words: `a ${n0(farthest)} ms round trip at the least, against a ${n0(w.latencyTargetMs)} ms target`,
    },
    {
      key: 'teams',
      trigger: 'independent teams',
      label: 'Teams shipping on their own',
      demand: w.independentTeams,
      limit: 1,
      over: w.independentTeams > 1,
      words:
        w.independentTeams > 1
          ? `${w.independentTeams} teams must deploy on their own schedules: an organisational reason, not a limit of the box`
          : 'one team ships the one codebase',
    },
  ];
  const over = TRIGGERS.filter((t) => rows.some((r) => r.trigger === t && r.over));
  return { machine, rows, fits: over.length === 0, over };
}

/** Stack Overflow in 2016: 209 million requests a day, question pages in 22.71 ms on average. */
export const STACK_OVERFLOW = {
  requestsPerDay: 209_000_000,
  questionPageMs: 22.71,
  databaseRamGb: 384,
} as const;
export const stackOverflowPerSecond = Math.round(STACK_OVERFLOW.requestsPerDay / 86_400);

// ---------------------------------------------------------------- reading the trace

/** What the client records of each request once its answer (or its failure) is in. */
export interface DoneRecord {
  readonly type: string;
  readonly seq: number;
  readonly t: number;
  readonly design?: unknown;
  readonly call?: unknown;
  readonly ok?: unknown;
  readonly ms?: unknown;
  readonly failedAt?: unknown;
}

/** A call as the trace records it (the fields the path needs). */
export interface CallRecord {
  readonly type: string;
  readonly call?: unknown;
  readonly from?: unknown;
  readonly parent?: unknown;
}

export interface Done {
  seq: number;
  t: number;
  design: Design;
  call: number;
  ok: boolean;
  ms: number;
  failedAt: string;
  /** The calls made for it: the client's, and every call below it. */
  roundTrips: number;
}

/** Each request the client has heard the end of, with the round trips its path made. */
export function donesOf(calls: Iterable<CallRecord>, dones: Iterable<DoneRecord>): Done[] {
  const top = new Map<number, number>();
  const count = new Map<number, number>();
  for (const c of calls) {
    if (c.type !== 'call') continue;
    const id = Number(c.call);
    const root = c.from === CLIENT && c.parent === undefined ? id : top.get(Number(c.parent));
    if (root === undefined) continue;
    top.set(id, root);
    count.set(root, (count.get(root) ?? 0) + 1);
  }
  const out: Done[] = [];
  for (const e of dones) {
    if (e.type !== 'request-done') continue;
    const call = Number(e.call);
    out.push({
      seq: e.seq,
      t: e.t,
      design: e.design === 'one machine' ? 'one machine' : 'services',
      call,
      ok: e.ok === true,
      ms: Number(e.ms),
      failedAt: typeof e.failedAt === 'string' ? e.failedAt : '',
      roundTrips: count.get(call) ?? 0,
    });
  }
  return out;
}

export const dones = (trace: Trace): Done[] => donesOf(trace.ofType('call'), trace.ofType('request-done'));

export interface DesignStats {
  design: Design;
  n: number;
  failed: number;
  rate: number;
  errorBar: number;
  expected: number;
  /** Round trips of an answered request (the most seen). */
  roundTrips: number;
  /** Over the answered requests. */
  p50: number;
  p99: number;
  /** One failed request, for evidence. */
  failedSeq?: number;
  /** The slowest answered request. */
  slowestSeq?: number;
}

export function statsOf(all: readonly Done[], m: SimModel): Record<Design, DesignStats> {
  const one = (design: Design): DesignStats => {
    const mine = all.filter((d) => d.design === design);
    const ok = mine.filter((d) => d.ok);
    const failed = mine.length - ok.length;
    const rate = mine.length === 0 ? 0 : failed / mine.length;
    const ms = ok.map((d) => d.ms).sort((a, b) => a - b);
    const slowest = ok.reduce<Done | undefined>((a, b) => (a && a.ms >= b.ms ? a : b), undefined);
    const failedSeq = mine.find((d) => !d.ok)?.seq;
    return {
      design,
      n: mine.length,
      failed,
      rate,
      errorBar: twoStandardErrors(rate, mine.length),
      expected: analyticFailure(design, m),
      roundTrips: ok.reduce((x, d) => Math.max(x, d.roundTrips), 0),
      p50: percentile(ms, 0.5),
      p99: percentile(ms, 0.99),
      ...(failedSeq !== undefined ? { failedSeq } : {}),
      ...(slowest ? { slowestSeq: slowest.seq } : {}),
    };
  };
  return { 'one machine': one('one machine'), services: one('services') };
}

export const stats = (trace: Trace, m: SimModel) => statsOf(dones(trace), m);

// ---------------------------------------------------------------- challenges

export const pct = (x: number, digits = 1): string => `${(100 * x).toFixed(digits)}%`;
const failing = (s: DesignStats) => `${pct(s.rate)} ± ${pct(s.errorBar)}`;

/** Requests each design needs before its failure rate means something. */
export const ENOUGH = 1000;
/** Fewer services than this, or boxes up more than this, and the difference drowns in the error bars. */
export const MIN_SERVICES = 3;
export const MAX_UP_TO_MEASURE = 0.995;

/** Measured within two error bars (four standard errors) of the analytic value. */
const matches = (s: DesignStats) => Math.abs(s.rate - s.expected) <= 2 * s.errorBar;

type Params = SimModel & Workload & { readonly trigger: string };

function sideBySide(trace: Trace, params: Params): ChallengeResult {
  if (params.mergeServices)
    return {
      met: false,
      missing:
        'the services run in one process, so both sides are one box: turn off "Merge the services into one process"',
    };
  if (params.services < MIN_SERVICES)
    return {
      met: false,
      missing: `the work is split over ${plural(params.services, 'service')} only: set "Services" to 6`,
    };
  if (params.upFraction > MAX_UP_TO_MEASURE)
    return {
      met: false,
      missing: `at ${pct(params.upFraction, 2)} up, failures are too rare to measure in ${REQUESTS.toLocaleString('en-US')} requests: set "Each box is up" to 99% or less`,
    };
  const s = stats(trace, params);
  const one = s['one machine'];
  const split = s.services;
  const n = Math.min(one.n, split.n);
  if (n < ENOUGH)
    return { met: false, missing: `${plural(n, 'request')} back on each side so far; play on to ${ENOUGH}` };
  const allIn = n >= REQUESTS - 1;
  const longer = allIn ? 'all requests are in: try another seed' : 'play on';
  if (!matches(one) || !matches(split) || split.rate - one.rate <= Math.hypot(one.errorBar, split.errorBar))
    return {
      met: false,
      missing: `one machine fails ${failing(one)} (expected ${pct(one.expected)}), ${params.services} services ${failing(split)} (expected ${pct(split.expected)}): ${longer}`,
    };
  if (split.p99 <= one.p99)
    return { met: false, missing: `the services' p99 is not above the machine's yet: ${longer}` };
  const evidence = [split.failedSeq, one.failedSeq, split.slowestSeq].filter(
    (x): x is number => x !== undefined,
  );
  return {
    met: true,
    evidence: evidence.length > 0 ? evidence : [trace.length - 1],
    detail:
      `one machine: ${plural(one.roundTrips, 'round trip')}, p50 ${Math.round(one.p50)} ms, p99 ${Math.round(one.p99)} ms, failed ${failing(one)} (1 − a is ${pct(one.expected)}); ` +
      `${params.services} services: ${plural(split.roundTrips, 'round trip')}, p50 ${Math.round(split.p50)} ms, p99 ${Math.round(split.p99)} ms, failed ${failing(split)} (1 − a^${params.services} is ${pct(split.expected)})`,
  };
}

/** The calculator's verdict as the one machine recorded it when the run started, and its seq. */
function sizedEvent(trace: Trace): { seq: number } | undefined {
  return trace.ofType('sized').at(-1);
}

const overWords = (sizing: Sizing) =>
  sizing.rows
    .filter((r) => r.over)
    .map((r) => `${r.label.toLowerCase()} (${r.words})`)
    .join('; ');

/** Twice Stack Overflow's 2016 traffic, rounded to the slider's step. */
export const DOUBLE_STACK_OVERFLOW = Math.round((2 * stackOverflowPerSecond) / 100) * 100;

function twice(trace: Trace, params: Params): ChallengeResult {
  const sized = sizedEvent(trace);
  if (!sized) return { met: false, missing: 'press Play: the machine sizes the workload as the run starts' };
  const sizing = size(params);
  if (params.requestsPerSecond < DOUBLE_STACK_OVERFLOW)
    return {
      met: false,
      missing: `${params.requestsPerSecond.toLocaleString('en-US')} requests a second is not yet twice Stack Overflow's: set "Requests per second" to ${DOUBLE_STACK_OVERFLOW.toLocaleString('en-US')}`,
    };
  if (!sizing.fits)
    return {
      met: false,
      missing: `it no longer fits: ${overWords(sizing)}. Keep the rest of Stack Overflow's numbers (restart the step) and change only the requests`,
    };
  const cores = sizing.rows.find((r) => r.key === 'cores')!;
  return {
    met: true,
    evidence: [sized.seq],
    detail: `${params.requestsPerSecond.toLocaleString('en-US')} requests a second × ${params.cpuMsPerRequest} ms is ${cores.words}: still one ${sizing.machine}`,
  };
}

function trigger(trace: Trace, params: Params): ChallengeResult {
  const sized = sizedEvent(trace);
  if (!sized) return { met: false, missing: 'press Play: the machine sizes the workload as the run starts' };
  const sizing = size(params);
  if (sizing.fits)
    return {
      met: false,
      missing:
        'it still fits on one machine: push one input past its row (a bigger working set, more requests or CPU, users worldwide, or teams that must ship on their own)',
    };
  if (sizing.over.length > 1)
    return {
      met: false,
      missing: `${sizing.over.join(' and ')} are over at once: bring all but one back, so a single trigger decides`,
    };
  const cause = sizing.over[0]!;
  if (params.trigger === NOT_PICKED)
    return { met: false, missing: 'it does not fit: now pick the trigger in "What changes the answer"' };
  if (params.trigger !== cause) {
    const picked = sizing.rows.filter((r) => r.trigger === params.trigger);
    return {
      met: false,
      missing: `${params.trigger} is within its limit (${picked.map((r) => r.words).join('; ')}): pick the trigger whose row is over`,
    };
  }
  return {
    met: true,
    evidence: [sized.seq],
    detail: `${cause} decides it: ${overWords(sizing)}. Everything else still fits one ${sizing.machine}`,
  };
}

// ---------------------------------------------------------------- the guide

const MERGE_LABEL = 'Merge the services into one process';

export default defineGuide({
  events,
  id: 'one-machine',
  title: 'Default to one machine',
  summary:
    'The same workload on one big machine and on a chain of services, then the arithmetic of what fits.',
  keyStep: 'trigger',
  principle:
    'Start on one machine: split only when the working set, the compute, the geography or independent teams demand it',
  part: 4,
  order: 15,
  minutes: 10,
  durationMs: (REQUESTS + 1) * REQUEST_EVERY_MS + DEADLINE_MS + 100,
  defaultSeed: 1,
  playbackSpeed: 2000,
  params: {
    services: {
      kind: 'number',
      label: 'Services',
      description: 'How many services the same work is split across. Each calls the next, one after another.',
      unit: 'count',
      min: 1,
      max: MAX_SERVICES,
      step: 1,
      default: 6,
    },
    upFraction: {
      kind: 'number',
      label: 'Each box is up',
      description:
        'The share of time every box, the big machine and each service alike, is up. A box goes down at random and is back in 10 ms.',
      unit: 'probability',
      min: 0.9,
      max: 0.9995,
      step: 0.0005,
      default: 0.99,
    },
    mergeServices: {
      kind: 'boolean',
      label: MERGE_LABEL,
      description: 'The services become modules of one program on s1: their calls are function calls.',
      default: false,
    },
    requestsPerSecond: {
      kind: 'number',
      label: 'Requests per second',
      description:
        'Your peak traffic. Stack Overflow in 2016 served 209 million requests a day: about 2,400 a second.',
      unit: 'per second',
      min: 100,
      max: 100_000,
      step: 100,
      default: 2400,
    },
    cpuMsPerRequest: {
      kind: 'number',
      label: 'CPU per request',
      description:
        "The processor time one request needs. Stack Overflow's question pages took 22.71 ms to render, waits included. The simulation above uses it too.",
      unit: 'ms',
      min: 1,
      max: 200,
      step: 1,
      default: 23,
    },
    workingSetGb: {
      kind: 'number',
      label: 'Working set',
      description:
        "The data, hot cache and in-flight state that must be in memory. Stack Overflow's database servers had 384 GB each.",
      unit: 'GB',
      min: 8,
      max: 40_000,
      step: 8,
      default: 384,
    },
    iopsPerRequest: {
      kind: 'number',
      label: 'Disk operations per request',
      description: 'Reads and writes that reach the disk, not memory, for one request. Yours to estimate.',
      unit: 'count',
      min: 0,
      max: 50,
      step: 1,
      default: 2,
    },
    usersIn: {
      kind: 'choice',
      label: 'Users are in',
      description: 'Where the farthest users are from the box: about 500 km, 4,000 km or 16,000 km away.',
      options: REGIONS,
      default: 'one continent',
    },
    latencyTargetMs: {
      kind: 'number',
      label: 'Latency target',
      description: 'The longest network round trip your farthest users should wait, before any work is done.',
      unit: 'ms',
      min: 10,
      max: 500,
      step: 10,
      default: 100,
    },
    independentTeams: {
      kind: 'number',
      label: 'Teams that must ship on their own',
      description: 'Teams that must deploy on their own schedules, without coordinating each release.',
      unit: 'count',
      min: 1,
      max: 20,
      step: 1,
      default: 1,
    },
    machine: {
      kind: 'choice',
      label: 'The one machine',
      description:
        'm7i.48xlarge: 192 vCPUs, 768 GiB of memory, 50 Gbps of network. u7in-32tb.224xlarge: 896 vCPUs and 32 TiB of memory.',
      options: MACHINE_NAMES,
      default: 'm7i.48xlarge',
    },
    trigger: {
      kind: 'choice',
      label: 'What changes the answer',
      description:
        'Your verdict: which of the four honest triggers for distribution makes one machine not enough.',
      options: [NOT_PICKED, ...TRIGGERS],
      default: NOT_PICKED,
    },
  },
  nodeNames: (p) => [CLIENT, MACHINE, ...servicesOf(p.services)],
  interventions: [
    {
      kind: 'crash',
      node: MACHINE,
      label: 'Crash the machine',
      did: 'crashed the machine',
      description: 'Stops the one machine until you recover it: every request to it fails.',
    },
    {
      kind: 'recover',
      node: MACHINE,
      label: 'Recover the machine',
      did: 'recovered the machine',
      description: 'Restarts the one machine.',
    },
    {
      kind: 'crash',
      node: serviceName(1),
      label: 'Crash s1',
      did: 'crashed s1',
      description:
        'Stops service s1, the first of the chain, until you recover it: every request to the services fails.',
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
    param: 'mergeServices',
    label: MERGE_LABEL,
    description:
      'The services that call each other on every request run in one process: one round trip, one box to be up.',
  },
  steps: [
    {
      id: 'side-by-side',
      title: 'One box or six',
      text:
        'Each request goes to one big machine, and the same request to a chain of services that split its work. ' +
        'Every box is up 99% of the time. Set "Services" to 6 and play: the readout counts the round trips, ' +
        'the p50 and p99 latency and the failures of each, with 1 − 0.99 and 1 − 0.99^6 beside them.',
      hint: 'Set "Services" to 6, choose the fastest speed, and play to the end.',
      notes:
        'Same work, same hardware reliability. The chain pays five more round trips on every request and fails about six times as often: 0.99^6 is 0.94. Nothing was gained for it.',
      start: { params: { services: 1 } },
      challenge: sideBySide,
      solution: { params: { services: 6 }, interventions: [] },
    },
    {
      id: 'twice',
      title: 'What fits on one box',
      text:
        "The calculator starts on Stack Overflow's 2016 numbers: about 2,400 requests a second, 23 ms of CPU each, " +
        '384 GB of working set. That is 55 cores of a 192-vCPU m7i.48xlarge. Double the traffic: set ' +
        '"Requests per second" to 4,800 and press Play. Does it still fit?',
      hint: 'Set "Requests per second" to 4,800 and press Play.',
      notes:
        'Stack Overflow ran a top-50 site on 9 web servers and two database clusters. One current cloud instance holds twice its traffic with a quarter of every resource to spare. Most teams never do this arithmetic.',
      predictions: [
        {
          id: 'double',
          askAtMs: 0,
          question:
            "Stack Overflow's 2016 traffic uses 55 of this box's 144 usable vCPUs. Does twice that traffic still fit on it?",
          answers: ['Yes, one box still does it', 'No, it needs a second machine'],
          right: 0,
          reveal: (trace, params) => {
            // Told once the run is under way: the first answered request stands for the run.
            const first = trace.ofType('request-done').at(0);
            if (!first) return null;
            const doubled = size({ ...params, requestsPerSecond: DOUBLE_STACK_OVERFLOW });
            const cores = doubled.rows.find((r) => r.key === 'cores')!;
            return {
              answer: doubled.fits ? 0 : 1,
              seq: first.seq,
              why: `twice the traffic is ${cores.words}, and ${doubled.fits ? 'that still fits with a quarter to spare' : 'that is over the box'}`,
            };
          },
        },
      ],
      challenge: twice,
      solution: { params: { requestsPerSecond: DOUBLE_STACK_OVERFLOW }, interventions: [] },
    },
    {
      id: 'trigger',
      title: 'What would change the answer',
      text:
        'Only four things honestly call for distribution: a working set too big for the box, compute it cannot ' +
        'deliver, users too far away, or teams that must ship on their own. Change one input until the verdict ' +
        'says it does not fit, then pick that trigger in "What changes the answer" and press Play.',
      hint: 'Raise "Working set" to 2,000 GB and pick "working set"; or set "Users are in" to "worldwide" and pick "geography".',
      notes:
        'Geography is physics, not scale: light needs 160 ms there and back to the far side of the world. Teams are an organisational reason: the box could hold it. Then pick the u7in-32tb: 32 TiB takes the working-set trigger away again.',
      challenge: trigger,
      solution: { params: { workingSetGb: 2000, trigger: 'working set' }, interventions: [] },
    },
  ],
});
