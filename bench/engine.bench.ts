/**
 * The engine benchmark: `npm run bench` (node --expose-gc --import tsx bench/engine.bench.ts).
 *
 * Every figure is a ratio measured in this one process and run, so a shared, noisy machine moves
 * numerator and denominator together; runs that are compared are interleaved (A, B, A, B …) and the
 * medians reported. See docs/performance.md for what each figure means and the figures reached.
 *
 * Options (environment): BENCH_ROUNDS (throughput rounds, default 5), BENCH_SEEKS (seek samples,
 * default 60).
 */
import os from 'node:os';
import { Simulation } from '../src/engine/simulation.ts';
import { Pcg32 } from '../src/engine/prng.ts';
import { STANDARD, STANDARD_UNTIL_MS, bareHeapRun, forwardInput, xstateInput } from './workloads.ts';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const SEEKS = Number(process.env.BENCH_SEEKS ?? 60);
const SEED = 2026;
const XSTATE_CLIENTS = 200;
const XSTATE_UNTIL_MS = 3000;

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
const log = (line: string): void => void process.stderr.write(line + '\n');

// ------------------------------------------------------------------ runs

interface EngineRun {
  events: number;
  seconds: number;
  traceLength: number;
  sim: Simulation;
}

function engineRun(history: boolean): EngineRun {
  const input = forwardInput(SEED);
  const sim = new Simulation(input, history ? {} : { checkpointEvery: 0 });
  collect();
  const t0 = performance.now();
  const events = sim.runUntil(STANDARD_UNTIL_MS);
  const seconds = (performance.now() - t0) / 1000;
  return { events, seconds, traceLength: sim.trace.length, sim };
}

function heapRun(events: number): number {
  collect();
  const t0 = performance.now();
  bareHeapRun(
    events,
    STANDARD.nodes * (STANDARD.initialPerNode + 1),
    STANDARD.latencyMs,
    STANDARD.jitterMs,
    SEED,
  );
  return (performance.now() - t0) / 1000;
}

function xstateRun(): { events: number; seconds: number } {
  const sim = new Simulation(xstateInput(SEED, XSTATE_CLIENTS), { checkpointEvery: 0 });
  collect();
  const t0 = performance.now();
  const events = sim.runUntil(XSTATE_UNTIL_MS);
  return { events, seconds: (performance.now() - t0) / 1000 };
}

const memory = (): number => {
  const m = process.memoryUsage();
  return m.heapUsed + m.external;
};

// ------------------------------------------------------------------ the benchmark

const started = performance.now();
log(
  `Roundtrip engine benchmark: node ${process.version}, ${os.cpus().length} cores, ${gc ? 'gc exposed' : 'NO --expose-gc: memory figures unavailable'}`,
);

// Warm-up: the JIT sees every path before anything is timed.
{
  const warm = new Simulation(forwardInput(SEED + 1), {});
  warm.runUntil(1500);
  warm.seek(700);
  bareHeapRun(200_000, 2100, 5, 20, 1);
  new Simulation(xstateInput(SEED + 1, 20), { checkpointEvery: 0 }).runUntil(1000);
}

// 1 and 2. Throughput: bare heap, engine without history, engine with history, interleaved.
const heapEps: number[] = [];
const offEps: number[] = [];
const onEps: number[] = [];
const vsHeap: number[] = [];
const onVsOff: number[] = [];
let standardEvents = 0;
let standardTrace = 0;
let standardHash = '';
for (let r = 0; r < ROUNDS; r++) {
  const off = engineRun(false);
  if (r === 0) {
    standardEvents = off.events;
    standardTrace = off.traceLength;
    standardHash = off.sim.trace.hash();
  } else if (off.traceLength !== standardTrace) throw new Error('the standard workload is not deterministic');
  off.sim = undefined as unknown as Simulation;
  const heapSeconds = heapRun(off.events);
  const on = engineRun(true);
  if (on.traceLength !== standardTrace) throw new Error('history changed the trace');
  const h = off.events / heapSeconds;
  const a = off.events / off.seconds;
  const b = on.events / on.seconds;
  heapEps.push(h);
  offEps.push(a);
  onEps.push(b);
  vsHeap.push(a / h);
  onVsOff.push(b / a);
  log(
    `round ${r + 1}/${ROUNDS}: heap ${fmt(h / 1e6)} M/s, engine ${fmt(a / 1e6)} M/s (${fmt(a / h)}x), with history ${fmt(b / 1e6)} M/s (${fmt(b / a)}x)`,
  );
}

// 3. Retained bytes per trace event.
let bytesMeasured: number;
let bytesMeasuredHistory: number;
let bytesEstimate: number;
{
  collect();
  const before = memory();
  const run = engineRun(false);
  collect();
  bytesMeasured = (memory() - before) / run.traceLength;
  bytesEstimate = run.sim.trace.retainedBytes() / run.traceLength;
  run.sim = undefined as unknown as Simulation;
  collect();
  const before2 = memory();
  const run2 = engineRun(true);
  collect();
  bytesMeasuredHistory = (memory() - before2) / run2.traceLength;
  log(
    `memory: ${fmt(bytesMeasured, 1)} B/event measured after gc, ${fmt(bytesEstimate, 1)} by Trace.retainedBytes(), ${fmt(bytesMeasuredHistory, 1)} with checkpoints (${run2.sim.checkpointCount()} of them)`,
  );
}

// 4. Seek to random earlier moments of the million-event run, with the default history.
const seekMs: number[] = [];
{
  const sim = new Simulation(forwardInput(SEED), {});
  sim.runUntil(STANDARD_UNTIL_MS);
  const end = sim.now;
  const endLength = sim.trace.length;
  const rng = new Pcg32(0, SEED, 0, 7);
  for (let k = 0; k < SEEKS; k++) {
    const t = rng.next() * end;
    collect();
    const t0 = performance.now();
    sim.seek(t);
    seekMs.push(performance.now() - t0);
    // Back to the end, untimed: the next seek starts, like a learner scrubbing back, from the whole run.
    sim.seek(end);
    if (sim.trace.length !== endLength) throw new Error('seeking changed the trace');
  }
  log(
    `seek: ${SEEKS} samples, median ${fmt(median(seekMs))} ms, p95 ${fmt(quantile(seekMs, 0.95))} ms, max ${fmt(Math.max(...seekMs))} ms`,
  );
}

// 5. The XState-hosted workload, for the record; interleaved with the bare heap for a ratio too.
const xEps: number[] = [];
const xVsHeap: number[] = [];
let xEvents = 0;
for (let r = 0; r < 3; r++) {
  const x = xstateRun();
  xEvents = x.events;
  const heapSeconds = heapRun(x.events);
  xEps.push(x.events / x.seconds);
  xVsHeap.push(x.events / x.seconds / (x.events / heapSeconds));
}
log(`xstate: ${fmt(median(xEps) / 1e3, 0)} k events/s`);

// ------------------------------------------------------------------ the table

const seekP95 = quantile(seekMs, 0.95);
const bytes = Number.isNaN(bytesMeasured) ? bytesEstimate : Math.max(bytesMeasured, bytesEstimate);
const rows: [string, string, string, boolean | undefined][] = [
  ['engine events/s vs bare heap (trace on)', `${fmt(median(vsHeap))}x`, '>= 0.30x', median(vsHeap) >= 0.3],
  ['history on vs off', `${fmt(median(onVsOff))}x`, '>= 0.70x', median(onVsOff) >= 0.7],
  ['retained bytes per trace event', fmt(bytes, 1), '<= 64', bytes <= 64],
  ['seek to a random earlier moment, p95', `${fmt(seekP95)} ms`, '<= 8 ms', seekP95 <= 8],
  [
    'XState workload events/s',
    `${fmt(median(xEps) / 1e3, 0)} k/s (${fmt(median(xVsHeap), 3)}x heap)`,
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
  `Standard workload: ${STANDARD.nodes} nodes, ~${STANDARD.nodes * STANDARD.initialPerNode} messages in flight, ${STANDARD_UNTIL_MS} simulated ms: ${standardEvents.toLocaleString('en-US')} events, ${standardTrace.toLocaleString('en-US')} trace events, trace hash ${standardHash}`,
);
console.log(
  `Medians of ${ROUNDS} interleaved rounds: bare heap ${fmt(median(heapEps) / 1e6)} M/s, engine ${fmt(median(offEps) / 1e6)} M/s, with history ${fmt(median(onEps) / 1e6)} M/s`,
);
console.log(
  `Memory: ${fmt(bytesMeasured, 1)} B/event measured (heap + external after gc), ${fmt(bytesEstimate, 1)} by Trace.retainedBytes(); with checkpoints ${fmt(bytesMeasuredHistory, 1)} B/event`,
);
console.log(
  `Seek: ${SEEKS} seeks from the end to random earlier moments: median ${fmt(median(seekMs))} ms, p95 ${fmt(seekP95)} ms, max ${fmt(Math.max(...seekMs))} ms`,
);
console.log(
  `XState: ${XSTATE_CLIENTS} retrying clients and a server, ${xEvents.toLocaleString('en-US')} events, median of 3: ${fmt(median(xEps) / 1e3, 0)} k events/s`,
);
console.log('');
console.log(line('measure', 'figure', 'target', 'result'));
console.log(line('-'.repeat(w0), '-'.repeat(w1), '-'.repeat(w2), '------'));
for (const [name, figure, target, pass] of rows)
  console.log(line(name, figure, target, pass === undefined ? '' : pass ? 'PASS' : 'MISS'));
console.log('');
console.log(
  `${os.cpus().length} cores, node ${process.version}, ${fmt((performance.now() - started) / 1000, 1)} s`,
);
