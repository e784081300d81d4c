/**
 * The runs whose trace hashes are recorded in bench/hashes.json: fixed runs that exercise every
 * engine path (the standard workload, the network's duplicates and cuts, every intervention, clock
 * resync and skew, calls with deadlines and retries through the XState host, time travel), and every
 * lesson's every step, from the step's own start and with its solution ("Show me"). A change to the
 * engine must leave them all unchanged; a change of a lesson's behaviour is recorded on purpose with
 * `npx tsx bench/hashes.ts --write`.
 *
 * Shared by bench/hashes.ts (the command) and tests/unit/golden-traces.test.ts (`npm test`).
 */
import { stepSolutionOf, stepStartOf, type LessonDef } from '../src/engine/lesson.ts';
import { defaultParams } from '../src/engine/params.ts';
import { Simulation, runTrace } from '../src/engine/simulation.ts';
import type { Intervention, ParamValue, RunInput } from '../src/engine/types.ts';
import { STANDARD, forwardInput, raftInput, xstateInput } from './workloads.ts';

export const HASHES_FILE = new URL('./hashes.json', import.meta.url);

const small = { ...STANDARD, nodes: 8, initialPerNode: 4, duplicate: 0.05, resyncEveryMs: 300 };

const interventions = (a: string, b: string): Intervention[] => [
  { at: 100, kind: 'partition', from: a, to: b },
  { at: 180, kind: 'drop-next', from: b, to: a },
  { at: 200, kind: 'heal', from: a, to: b },
  { at: 250, kind: 'pause', node: a },
  { at: 330, kind: 'resume', node: a },
  { at: 400, kind: 'crash', node: b },
  { at: 520, kind: 'recover', node: b },
  { at: 600, kind: 'skew', node: a, offsetMs: 40, driftPpm: 900 },
  { at: 700, kind: 'slow', node: b, factor: 3 },
  { at: 800, kind: 'set-param', name: 'loss', value: 0.2 },
  { at: 900, kind: 'partition', from: a, to: b, oneWay: true },
  { at: 1000, kind: 'signal', node: a, signal: 'ping' },
];

/** Name → a run returning its hash. Names are the keys of bench/hashes.json. */
export type GoldenRuns = Record<string, () => string>;

export const engineRuns: GoldenRuns = {
  'standard 100 nodes, 300 ms': () => runTrace(forwardInput(1), 300).hash(),
  'standard 100 nodes, 300 ms, history on': () => runTrace(forwardInput(2), 300, {}).hash(),
  'small, duplicates, resync, interventions': () =>
    runTrace(forwardInput(3, small, interventions('n1', 'n2')), 1500).hash(),
  'xstate 20 clients, 1500 ms': () => runTrace(xstateInput(4, 20), 1500).hash(),
  'xstate 20 clients, server crash and pause': () =>
    runTrace(
      xstateInput(5, 20, [
        { at: 200, kind: 'crash', node: 'server' },
        { at: 300, kind: 'recover', node: 'server' },
        { at: 500, kind: 'pause', node: 'server' },
        { at: 560, kind: 'resume', node: 'server' },
        { at: 700, kind: 'pause', node: 'c3' },
        { at: 760, kind: 'crash', node: 'c3' },
        { at: 900, kind: 'recover', node: 'c3' },
        { at: 950, kind: 'skew', node: 'c4', driftPpm: -5000 },
      ]),
      1500,
    ).hash(),
  'raft 5 servers, no writes, 3000 ms': () => runTrace(raftInput(8), 3000).hash(),
  'raft 5 servers, a write every 50 ms, leader crash and partition, 3000 ms, history on': () =>
    runTrace(
      raftInput(9, 50, [
        { at: 800, kind: 'crash', node: 's1' },
        { at: 1200, kind: 'isolate', node: 's2', with: 's3' },
        { at: 1900, kind: 'recover', node: 's1' },
        { at: 2200, kind: 'rejoin', node: 's2', with: 's3' },
      ]),
      3000,
      {},
    ).hash(),
  'seek back and forth equals a straight run': () => {
    const input: RunInput = forwardInput(6, small, interventions('n3', 'n4'));
    const sim = new Simulation(input, { checkpointEvery: 64 });
    const hashes: string[] = [];
    for (const t of [1500, 700, 1200, 50, 1500, 333, 1500]) {
      sim.seek(t);
      hashes.push(`${sim.trace.length}:${sim.trace.hash()}`);
    }
    return hashes.join(' ');
  },
  'branch: interventions added in the past': () => {
    const sim = new Simulation(xstateInput(7, 10), { checkpointEvery: 100 });
    sim.runUntil(1500);
    sim.addIntervention({ at: 400, kind: 'crash', node: 'server' });
    sim.addIntervention({ at: 450, kind: 'recover', node: 'server' });
    sim.runUntil(1500);
    sim.addIntervention({ at: 1000, kind: 'partition', from: 'c1', to: 'server' });
    sim.runUntil(1500);
    return `${sim.trace.length}:${sim.trace.hash()}`;
  },
};

function lessonHash(
  lesson: LessonDef,
  run: { seed: number; params: Record<string, ParamValue>; interventions: Intervention[]; untilMs?: number },
): string {
  const params = { ...defaultParams(lesson.params), ...run.params };
  const input: RunInput = {
    scenario: lesson.scenario,
    seed: run.seed,
    params,
    interventions: run.interventions,
  };
  const trace = runTrace(input, run.untilMs ?? lesson.durationMs);
  return `${trace.length}:${trace.hash()}`;
}

/** Each step of each lesson twice: "lesson <id> step <n> <step id>: start" and "...: solution". */
export function lessonRuns(lessons: readonly LessonDef[]): GoldenRuns {
  const runs: GoldenRuns = {};
  for (const lesson of lessons) {
    lesson.steps.forEach((step, index) => {
      const name = `lesson ${lesson.id} step ${index + 1} ${step.id}`;
      runs[`${name}: start`] = () => lessonHash(lesson, stepStartOf(lesson, index));
      runs[`${name}: solution`] = () => lessonHash(lesson, stepSolutionOf(lesson, index));
    });
  }
  return runs;
}

export function goldenRuns(lessons: readonly LessonDef[]): GoldenRuns {
  return { ...engineRuns, ...lessonRuns(lessons) };
}
