/**
 * The headless runner: `npm run sim -- <lesson> [options]` runs a lesson's scenario and prints its
 * trace as JSON Lines, or a summary. The same arguments always print the same bytes. Bad input exits
 * with status 2 and one line on stderr saying what was wrong and what is accepted.
 */
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { parseInterventions } from '../engine/interventions.ts';
import {
  outcomesWithTruth,
  doubleApplications,
  stepSolutionOf,
  type LessonDef,
  type LessonStep,
} from '../engine/lesson.ts';
import { parseParams, type ParamSpec } from '../engine/params.ts';
import { Simulation } from '../engine/simulation.ts';
import { EVENT_NAMES, OUTCOME_RESULTS, type Trace } from '../engine/trace.ts';
import type { Intervention, Params } from '../engine/types.ts';
import { parseArgs, USAGE, type SimArgs } from './args.ts';
import { lessonFolders, loadLesson, loadLessons } from './load-lessons.ts';

export interface Io {
  stdout(text: string): void;
  stderr(text: string): void;
  readFile(path: string): string;
}

/** Bad input: exit status 2, one line. */
class UsageError extends Error {}

interface Run {
  lesson: LessonDef;
  step: LessonStep | undefined;
  seed: number;
  untilMs: number;
  params: Params;
  interventions: Intervention[];
}

export async function main(argv: readonly string[], io: Io): Promise<number> {
  try {
    const parsed = parseArgs(argv);
    if (!parsed.ok) throw new UsageError(parsed.error);
    const args = parsed.args;
    if (args.help) {
      io.stdout(`${USAGE}\n`);
      return 0;
    }
    if (args.list) {
      io.stdout(listLessons(await loadLessons()));
      return 0;
    }
    // Only the lesson asked for is imported: quicker, and a half-written lesson elsewhere is no obstacle.
    const ids = lessonFolders();
    if (args.lesson === undefined)
      throw new UsageError(`name a lesson (one of ${ids.join(', ')}), or use --list; ${USAGE}`);
    if (!ids.includes(args.lesson))
      throw new UsageError(`unknown lesson "${args.lesson}"; lessons: ${ids.join(', ')}`);
    const run = resolveRun(args, await loadLesson(args.lesson), io);
    const sim = new Simulation(
      { scenario: run.lesson.scenario, seed: run.seed, params: run.params, interventions: run.interventions },
      { checkpointEvery: 0 },
    );
    sim.runUntil(run.untilMs);
    io.stdout(args.format === 'jsonl' ? sim.trace.toJSONL() : summary(run, sim.trace, sim.currentParams));
    return 0;
  } catch (e) {
    const message = oneLine(e instanceof Error ? e.message : String(e));
    io.stderr(`sim: ${message}\n`);
    return e instanceof UsageError ? 2 : 1;
  }
}

/** Turns checked arguments into a run, checking them against the lesson. */
function resolveRun(args: SimArgs, lesson: LessonDef, io: Io): Run {
  let step: LessonStep | undefined;
  let script: ReturnType<typeof stepSolutionOf> | undefined;
  if (args.step !== undefined) {
    const index = lesson.steps.findIndex((s) => s.id === args.step);
    step = lesson.steps[index];
    if (step) script = stepSolutionOf(lesson, index);
    else {
      throw new UsageError(
        `lesson ${lesson.id} has no step "${args.step}"; its steps: ${lesson.steps.map((s) => s.id).join(', ')}`,
      );
    }
  }

  // A step's scripted solution (from the step's own start) comes first; the command line adds to
  // it and overrides it. fromEntries makes own properties, where `raw["__proto__"] = …` would not.
  const raw: Record<string, unknown> = Object.fromEntries([
    ...Object.entries(script?.params ?? {}),
    ...args.set,
  ]);
  const parsed = parseParams(lesson.params, raw);
  if (!parsed.ok) throw new UsageError(parsed.error);
  const params = parsed.params;

  const nodeNames = lesson.scenario(params).nodes.map((n) => n.name);
  const interventions: Intervention[] = [...(script?.interventions ?? [])];
  for (const source of args.intervene) {
    const text = readInterventions(source, io);
    const result = parseInterventions(text, nodeNames, lesson.params);
    if (!result.ok) throw new UsageError(`--intervene ${shorten(source)}: ${result.error}`);
    interventions.push(...result.interventions);
  }

  return {
    lesson,
    step,
    seed: args.seed ?? script?.seed ?? lesson.defaultSeed,
    untilMs: args.untilMs ?? script?.untilMs ?? lesson.durationMs,
    params,
    interventions,
  };
}

/** `--intervene` takes JSON text (starting with [ or {) or the path of a JSON file. */
function readInterventions(source: string, io: Io): string {
  const trimmed = source.trim();
  if (trimmed.startsWith('[') || trimmed.startsWith('{')) return trimmed;
  try {
    return io.readFile(source);
  } catch {
    throw new UsageError(
      `--intervene takes JSON (a list like [{"at":1000,"kind":"crash","node":"server"}]) or a JSON file; cannot read file "${source}"`,
    );
  }
}

// ---------------------------------------------------------------- output

function listLessons(lessons: readonly LessonDef[]): string {
  let out = '';
  for (const l of lessons) {
    out += `${l.id}  ${l.title} (part ${l.part}, ${l.minutes} min, ${l.durationMs} ms, seed ${l.defaultSeed})\n`;
    const width = Math.max(...Object.keys(l.params).map((n) => n.length), 4);
    for (const [name, spec] of Object.entries(l.params)) {
      out += `  ${name.padEnd(width)}  ${range(spec).padEnd(24)}  default ${String(spec.default)}\n`;
    }
    out += `  steps: ${l.steps.map((s) => s.id).join(', ')}\n`;
    if (l.fix) out += `  fix: ${l.fix.param}\n`;
  }
  return out;
}

function range(spec: ParamSpec): string {
  switch (spec.kind) {
    case 'number':
      return `${spec.min} to ${spec.max} ${spec.unit}`;
    case 'boolean':
      return 'true or false';
    case 'choice':
      return spec.options.join(' | ');
  }
}

function summary(run: Run, trace: Trace, finalParams: Params): string {
  const lines: string[] = [];
  const add = (label: string, text: string): void => void lines.push(`${label.padEnd(14)}${text}`);
  add('lesson', `${run.lesson.id}${run.step ? ` (step ${run.step.id})` : ''}`);
  add('seed', String(run.seed));
  add('until', `${run.untilMs} ms`);
  add(
    'params',
    Object.entries(run.params)
      .map(([k, v]) => `${k}=${String(v)}`)
      .join(' '),
  );
  add('interventions', String(run.interventions.length));

  const counts = new Map<string, number>();
  for (let s = 0; s < trace.length; s++) {
    const type = trace.typeName(s);
    counts.set(type, (counts.get(type) ?? 0) + 1);
  }
  const builtIn = EVENT_NAMES.filter((n) => n !== 'custom' && counts.has(n));
  const custom = [...counts.keys()].filter((n) => !(EVENT_NAMES as readonly string[]).includes(n)).sort();
  add('events', `${trace.length}: ${[...builtIn, ...custom].map((n) => `${n} ${counts.get(n)}`).join(', ')}`);

  // Ground truth per logical request: a retry answered from a saved result applied nothing itself,
  // yet its payment was applied (by an earlier try).
  const appliedRequests = new Set(trace.ofType('effect').map((e) => `${e.request}\u0000${e.op}`));
  const outcomes = outcomesWithTruth(trace).map((o) => ({
    ...o,
    applied: appliedRequests.has(`${o.request}\u0000${o.op}`),
  }));
  add(
    'outcomes',
    OUTCOME_RESULTS.map((r) => `${r} ${outcomes.filter((o) => o.result === r).length}`).join(', '),
  );
  add(
    'truth',
    OUTCOME_RESULTS.map((r) => {
      const of = outcomes.filter((o) => o.result === r);
      return `${r}: applied ${of.filter((o) => o.applied).length}, not applied ${of.filter((o) => !o.applied).length}`;
    }).join('; '),
  );
  add('double', `${doubleApplications(trace).length} requests applied more than once`);
  lines.push('steps');
  for (const step of run.lesson.steps) {
    const result = step.challenge(trace, finalParams);
    const detail = result.detail ? `: ${oneLine(result.detail)}` : '';
    lines.push(`  ${result.met ? '[met]' : '[   ]'} ${step.id}${detail}`);
  }
  add('hash', trace.hash());
  return lines.join('\n') + '\n';
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function shorten(text: string): string {
  const flat = oneLine(text);
  return flat.length > 40 ? `${flat.slice(0, 37)}...` : flat;
}

// ---------------------------------------------------------------- entry point

const invokedDirectly =
  process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href;
if (invokedDirectly) {
  const code = await main(process.argv.slice(2), {
    stdout: (text) => void process.stdout.write(text),
    stderr: (text) => void process.stderr.write(text),
    readFile: (path) => readFileSync(path, 'utf8'),
  });
  process.exitCode = code;
}
