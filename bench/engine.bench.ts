/**
 * The engine benchmark: `npm run bench` (node --expose-gc --import tsx bench/engine.bench.ts).
 *
 * Every figure is a ratio measured in this one process and run, so a shared, noisy machine moves
 * numerator and denominator together. Runs that are compared advance side by side in short
 * segments (engine, bare heap, engine with history, rotating the order), so a burst of load from
 * elsewhere hits all of them; each round's ratio is taken over whole runs (GC included) and the
 * median over rounds reported. Times are the process's CPU time (process.cpuUsage: every thread,
 * GC helpers included), not wall time, which on a shared machine also counts the time other
 * processes held the core; wall-time figures are printed beside them. See docs/performance.md.
 *
 * Options (environment): BENCH_ROUNDS (throughput rounds, default 7), BENCH_SEEKS (seek samples,
 * default 60).
 */
import os from 'node:os';
import { DEFAULT_CHECKPOINT_EVERY, Simulation } from '../src/engine/simulation.ts';
import { Pcg32 } from '../src/engine/prng.ts';
import {
  BareHeap,
  STANDARD,
  STANDARD_UNTIL_MS,
  forwardInput,
  plainClientInput,
  raftInput,
  xstateInput,
} from './workloads.ts';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 7);
const SEEKS = Number(process.env.BENCH_SEEKS ?? 60);
const SEGMENTS = 16;
const SEED = 2026;
const XSTATE_CLIENTS = 200;
const XSTATE_UNTIL_MS = 3000;
const XSTATE_ROUNDS = 5;
const RAFT_UNTIL_MS = 20_000;
const RAFT_ROUNDS = 3;
const RAFT_WRITE_EVERY_MS = 50;
/** Simulated ms per wall second, five Raft servers and no writes, history on (see docs/performance.md). */
const RAFT_TARGET = 2_400_000;

const gc = (globalThis as { gc?: () => void }).gc;
const collect = (): void => {
  if (gc) {
    gc();
    gc();
  }
};
const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
const quantile = (xs: number[], q: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)]!;
};
const fmt = (x: number, digits = 2): string =>
  x.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const count = (x: number): string => x.toLocaleString('en-US');
const log = (line: string): void => void process.stderr.write(line + '\n');
const newHeap = (): BareHeap =>
  new BareHeap(STANDARD.nodes * (STANDARD.initialPerNode + 1), STANDARD.latencyMs, STANDARD.jitterMs, SEED);

/** Something advanced segment by segment; returns the events it processed. */
interface Runner {
  name: string;
  step(segment: number): number;
  events: number;
  /** CPU seconds. */
  seconds: number;
  wallSeconds: number;
}

/** CPU time of this process in seconds. */
const cpu = (): number => {
  const c = process.cpuUsage();
  return (c.user + c.system) / 1e6;
};

/** Advances all runners segment by segment, rotating which goes first. */
function sideBySide(runners: Runner[], segments: number): void {
  for (let s = 1; s <= segments; s++) {
    for (let k = 0; k < runners.length; k++) {
      const r = runners[(s + k) % runners.length]!;
      const w0 = performance.now();
      const c0 = cpu();
      r.events += r.step(s);
      r.seconds += cpu() - c0;
      r.wallSeconds += (performance.now() - w0) / 1000;
    }
  }
}

function simRunner(name: string, sim: Simulation, untilMs: number, segments: number): Runner {
  return { name, step: (s) => sim.runUntil((untilMs * s) / segments), events: 0, seconds: 0, wallSeconds: 0 };
}

/** A bare heap that does, in each segment, as many steps as `pace` did in its last one. */
function heapRunner(pace: Runner): Runner {
  const heap = newHeap();
  let seen = 0;
  return {
    name: 'bare heap',
    step: () => {
      const n = pace.events - seen;
      seen = pace.events;
      heap.run(n);
      return n;
    },
    events: 0,
    seconds: 0,
    wallSeconds: 0,
  };
}

const memory = (): number => {
  const m = process.memoryUsage();
  return m.heapUsed + m.external;
};

// ------------------------------------------------------------------ the benchmark

const started = performance.now();
log(
  `Roundtrip engine benchmark: node ${process.version}, ${os.cpus().length} cores, ${gc ? 'gc exposed' : 'NO --expose-gc: memory figures are estimates only'}`,
);

// Warm-up: the JIT sees every path before anything is timed.
{
  const warm = new Simulation(forwardInput(SEED + 1), {});
  warm.runUntil(1500);
  for (const t of [700, 1200, 300, 1400, 100, 900, 500, 1300]) {
    warm.seek(t);
    warm.seek(1500);
  }
  newHeap().run(300_000);
  new Simulation(xstateInput(SEED + 1, 20), {}).runUntil(1000);
  new Simulation(raftInput(SEED + 1, RAFT_WRITE_EVERY_MS), {}).runUntil(2000);
  new Simulation(plainClientInput(SEED + 1, 20), {}).runUntil(1000);
}

// 1 and 2. Throughput: the engine without history, the bare heap, the engine with history.
const heapEps: number[] = [];
const offEps: number[] = [];
const onEps: number[] = [];
const vsHeap: number[] = [];
const onVsOff: number[] = [];
const vsHeapWall: number[] = [];
const onVsOffWall: number[] = [];
let standardEvents = 0;
let standardTrace = 0;
let standardHash = '';
for (let r = 0; r < ROUNDS; r++) {
  const off = new Simulation(forwardInput(SEED), { checkpointEvery: 0 });
  const on = new Simulation(forwardInput(SEED), {});
  const offRun = simRunner('engine', off, STANDARD_UNTIL_MS, SEGMENTS);
  const runners = [
    offRun,
    heapRunner(offRun),
    simRunner('engine with history', on, STANDARD_UNTIL_MS, SEGMENTS),
  ];
  collect();
  sideBySide(runners, SEGMENTS);
  const [a, h, b] = runners.map((x) => x.events / x.seconds) as [number, number, number];
  const [aw, hw, bw] = runners.map((x) => x.events / x.wallSeconds) as [number, number, number];
  vsHeapWall.push(aw / hw);
  onVsOffWall.push(bw / aw);
  if (r === 0) {
    standardEvents = off.processed;
    standardTrace = off.trace.length;
    standardHash = off.trace.hash();
  } else if (off.trace.length !== standardTrace)
    throw new Error('the standard workload is not deterministic');
  if (on.trace.length !== standardTrace) throw new Error('history changed the trace');
  heapEps.push(h);
  offEps.push(a);
  onEps.push(b);
  vsHeap.push(a / h);
  onVsOff.push(b / a);
  log(
    `round ${r + 1}/${ROUNDS}: bare heap ${fmt(h / 1e6)} M/s, engine ${fmt(a / 1e6)} M/s (${fmt(a / h)}x; wall ${fmt(aw / hw)}x), with history ${fmt(b / 1e6)} M/s (${fmt(b / a)}x; wall ${fmt(bw / aw)}x)`,
  );
}

// 3. Retained bytes per trace event: measured on the heap after gc, and as the trace counts itself.
let bytesMeasured: number;
let bytesMeasuredHistory: number;
let bytesEstimate: number;
let checkpointsHeld: number;
{
  collect();
  const before = memory();
  const sim = new Simulation(forwardInput(SEED), { checkpointEvery: 0 });
  sim.runUntil(STANDARD_UNTIL_MS);
  collect();
  bytesMeasured = (memory() - before) / sim.trace.length;
  bytesEstimate = sim.trace.retainedBytes() / sim.trace.length;
}
{
  collect();
  const before = memory();
  const sim = new Simulation(forwardInput(SEED), {});
  sim.runUntil(STANDARD_UNTIL_MS);
  collect();
  bytesMeasuredHistory = (memory() - before) / sim.trace.length;
  checkpointsHeld = sim.checkpointCount();
}
log(
  `memory: ${fmt(bytesMeasured, 1)} B/event measured after gc, ${fmt(bytesEstimate, 1)} by Trace.retainedBytes(); with history ${fmt(bytesMeasuredHistory, 1)} (${checkpointsHeld} checkpoints)`,
);

// 4. Seek from the end of the million-event run to random earlier moments, with the default history.
const seekMs: number[] = [];
const seekWallMs: number[] = [];
{
  const sim = new Simulation(forwardInput(SEED), {});
  sim.runUntil(STANDARD_UNTIL_MS);
  const end = sim.now;
  const endLength = sim.trace.length;
  const rng = new Pcg32(0, SEED, 0, 7);
  for (let k = 0; k < SEEKS; k++) {
    const t = rng.next() * end;
    // No forced GC here: gc() ages rarely run code (V8 flushes its bytecode) and leaves the heap cold,
    // which made every seek slower than it is in use; collections happen when they come, as in the app.
    const w0 = performance.now();
    const c0 = cpu();
    sim.seek(t);
    seekMs.push((cpu() - c0) * 1000);
    seekWallMs.push(performance.now() - w0);
    if (sim.trace.length > 0 && sim.trace.time(sim.trace.length - 1) > t)
      throw new Error(`seek(${t}) kept later events`);
    // Back to the end, untimed: each seek starts, like a learner scrubbing back, from the whole run.
    sim.seek(end);
    if (sim.trace.length !== endLength) throw new Error('seeking changed the trace');
  }
  log(
    `seek: ${SEEKS} samples, median ${fmt(median(seekMs))} ms, p95 ${fmt(quantile(seekMs, 0.95))} ms, max ${fmt(Math.max(...seekMs))} ms (wall: p95 ${fmt(quantile(seekWallMs, 0.95))} ms)`,
  );
}

// 5. The XState-hosted workload, side by side with the same clients written as plain behaviours
// (the same trace, bench/workloads.ts) and with the bare heap: the first ratio is the host's cost.
const xEps: number[] = [];
const xVsHeap: number[] = [];
const xVsPlain: number[] = [];
let xEvents = 0;
for (let r = 0; r < XSTATE_ROUNDS; r++) {
  const sim = new Simulation(xstateInput(SEED, XSTATE_CLIENTS), { checkpointEvery: 0 });
  const x = simRunner('xstate', sim, XSTATE_UNTIL_MS, SEGMENTS);
  const plain = simRunner(
    'plain',
    new Simulation(plainClientInput(SEED, XSTATE_CLIENTS), { checkpointEvery: 0 }),
    XSTATE_UNTIL_MS,
    SEGMENTS,
  );
  const h = heapRunner(x);
  collect();
  sideBySide([x, plain, h], SEGMENTS);
  xEvents = sim.processed;
  xEps.push(x.events / x.seconds);
  xVsHeap.push(x.events / x.seconds / (h.events / h.seconds));
  xVsPlain.push(x.events / x.seconds / (plain.events / plain.seconds));
}
log(`xstate: ${fmt(median(xEps) / 1e3, 0)} k events/s`);

// 6. Raft: five servers with RaftScope's defaults, history on, as other Raft simulators report it
// (simulated ms per second of wall time, and of CPU time).
const raftRate = (writeEveryMs?: number) => {
  const cpuRates: number[] = [];
  const wallRates: number[] = [];
  let events = 0;
  for (let r = 0; r < RAFT_ROUNDS; r++) {
    const sim = new Simulation(raftInput(SEED, writeEveryMs), {});
    collect();
    const w0 = performance.now();
    const c0 = cpu();
    sim.runUntil(RAFT_UNTIL_MS);
    cpuRates.push(RAFT_UNTIL_MS / (cpu() - c0));
    wallRates.push(RAFT_UNTIL_MS / ((performance.now() - w0) / 1000));
    events = sim.processed;
  }
  return { cpu: median(cpuRates), wall: median(wallRates), events };
};
const raftIdle = raftRate();
const raftBusy = raftRate(RAFT_WRITE_EVERY_MS);
log(
  `raft: ${count(Math.round(raftIdle.wall))} simulated ms/s without writes, ${count(Math.round(raftBusy.wall))} with a write every ${RAFT_WRITE_EVERY_MS} ms`,
);

// ------------------------------------------------------------------ the table

const seekP95 = quantile(seekMs, 0.95);
const seekWallP95 = quantile(seekWallMs, 0.95);
// The larger of the two: what the trace counts, and what the process really holds per event.
const bytes = gc ? Math.max(bytesMeasured, bytesEstimate) : bytesEstimate;
const rows: [string, string, string, boolean | undefined][] = [
  [
    'engine events/s vs bare heap (trace on)',
    `${fmt(median(vsHeap))}x (wall ${fmt(median(vsHeapWall))}x)`,
    '>= 0.30x',
    median(vsHeap) >= 0.3,
  ],
  [
    `history on vs off (checkpoints every ${DEFAULT_CHECKPOINT_EVERY})`,
    `${fmt(median(onVsOff))}x (wall ${fmt(median(onVsOffWall))}x)`,
    '>= 0.70x',
    median(onVsOff) >= 0.7,
  ],
  ['retained bytes per trace event', fmt(bytes, 1), '<= 64', bytes <= 64],
  [
    'seek to a random earlier moment, p95',
    `${fmt(seekP95)} ms (wall ${fmt(seekWallP95)} ms)`,
    '<= 8 ms',
    seekP95 <= 8,
  ],
  [
    'XState host vs the same clients as plain behaviours',
    `${fmt(median(xVsPlain), 3)}x (${fmt(median(xEps) / 1e3, 0)}k events/s, ${fmt(median(xVsHeap), 3)}x heap)`,
    '>= 0.25x',
    median(xVsPlain) >= 0.25,
  ],
  [
    'Raft, 5 servers, no writes: simulated ms/s (history on)',
    `${count(Math.round(raftIdle.wall))} (CPU ${count(Math.round(raftIdle.cpu))})`,
    `>= ${count(RAFT_TARGET)}`,
    raftIdle.wall >= RAFT_TARGET,
  ],
  [
    `Raft, 5 servers, a write every ${RAFT_WRITE_EVERY_MS} ms: simulated ms/s`,
    `${count(Math.round(raftBusy.wall))} (CPU ${count(Math.round(raftBusy.cpu))})`,
    'for the record',
    undefined,
  ],
];
const w0 = Math.max(...rows.map((r) => r[0].length));
const w1 = Math.max(...rows.map((r) => r[1].length));
const w2 = Math.max(...rows.map((r) => r[2].length));
const line = (a: string, b: string, c: string, d: string): string =>
  `| ${a.padEnd(w0)} | ${b.padStart(w1)} | ${c.padEnd(w2)} | ${d.padEnd(6)} |`;
console.log('');
console.log(
  `Standard workload: ${STANDARD.nodes} nodes, ~${STANDARD.nodes * STANDARD.initialPerNode} messages in flight, ${STANDARD_UNTIL_MS} simulated ms: ${count(standardEvents)} events, ${count(standardTrace)} trace events, trace hash ${standardHash}`,
);
console.log(
  `Throughput, medians of ${ROUNDS} rounds run side by side: bare heap ${fmt(median(heapEps) / 1e6)} M/s, engine ${fmt(median(offEps) / 1e6)} M/s, with history ${fmt(median(onEps) / 1e6)} M/s`,
);
console.log(
  `Memory: ${fmt(bytesMeasured, 1)} B/trace event measured (heap + external after gc), ${fmt(bytesEstimate, 1)} by Trace.retainedBytes(); with history (${checkpointsHeld} checkpoints) ${fmt(bytesMeasuredHistory, 1)}`,
);
console.log(
  `Seek: ${SEEKS} seeks from the end to random earlier moments, CPU time: median ${fmt(median(seekMs))} ms, p95 ${fmt(seekP95)} ms, max ${fmt(Math.max(...seekMs))} ms; wall time: median ${fmt(median(seekWallMs))} ms, p95 ${fmt(seekWallP95)} ms`,
);
console.log(
  `XState: ${XSTATE_CLIENTS} retrying clients and a server, ${count(xEvents)} events, median of ${XSTATE_ROUNDS}: ${fmt(median(xEps) / 1e3, 0)}k events/s`,
);
console.log(
  `Raft: 5 servers, RaftScope's defaults (links 10 to 15 ms, election timeout 100 to 200 ms, heartbeat 50 ms, no loss), ${RAFT_UNTIL_MS / 1000} simulated s with history on, median of ${RAFT_ROUNDS}: no writes ${count(raftIdle.events)} events, ${count(Math.round(raftIdle.wall))} simulated ms per wall second; a write every ${RAFT_WRITE_EVERY_MS} ms ${count(raftBusy.events)} events, ${count(Math.round(raftBusy.wall))}`,
);
console.log('');
console.log(line('measure', 'figure', 'target', 'result'));
console.log(line('-'.repeat(w0), '-'.repeat(w1), '-'.repeat(w2), '------'));
for (const [name, figure, target, pass] of rows)
  console.log(line(name, figure, target, pass === undefined ? '' : pass ? 'PASS' : 'MISS'));
console.log('');
console.log(
  `Figures are CPU-time ratios (wall-time ones in brackets); ${os.cpus().length} cores, node ${process.version}, load average ${os.loadavg()[0]!.toFixed(1)}, ${fmt((performance.now() - started) / 1000, 1)} s`,
);
