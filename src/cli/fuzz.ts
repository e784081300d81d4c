/**
 * `npm run fuzz -- [--runs N] [--seed S] [--lesson ID]`: N random cases over every lesson (or one),
 * each checked by the fuzz kit (src/engine/testing/fuzz.ts). Case i has case seed S + i and goes to
 * lesson i mod (number of lessons), so a failure replays alone with the command it prints. Exits 0
 * when every case passed, 1 when one failed, 2 on bad arguments.
 */
import { pathToFileURL } from 'node:url';
import type { LessonDef } from '../engine/lesson.ts';
import { fuzzCase, runFuzzCase, type FuzzResult } from '../engine/testing/fuzz.ts';
import { lessonFolders, loadLesson, loadLessons } from './load-lessons.ts';

export const FUZZ_USAGE = 'usage: npm run fuzz -- [--runs N] [--seed S] [--lesson ID]';
const DEFAULT_RUNS = 10_000;
/** One case in this many is run twice and compared byte for byte. */
const DETERMINISM_EVERY = 20;

export interface FuzzArgs {
  runs: number;
  seed: number;
  lesson: string | undefined;
}

export function parseFuzzArgs(
  argv: readonly string[],
): { ok: true; args: FuzzArgs } | { ok: false; error: string } {
  const args: FuzzArgs = { runs: DEFAULT_RUNS, seed: 1, lesson: undefined };
  for (let i = 0; i < argv.length; i += 2) {
    const flag = argv[i]!;
    const value = argv[i + 1];
    if (value === undefined) return { ok: false, error: `${flag} needs a value; ${FUZZ_USAGE}` };
    const whole = /^\d+$/.test(value) ? Number(value) : NaN;
    if (flag === '--runs') {
      if (!(whole >= 1 && whole <= 10_000_000))
        return { ok: false, error: `--runs must be a whole number from 1 to 10000000, not "${value}"` };
      args.runs = whole;
    } else if (flag === '--seed') {
      if (!(whole <= 0xffffffff))
        return { ok: false, error: `--seed must be a whole number from 0 to 4294967295, not "${value}"` };
      args.seed = whole;
    } else if (flag === '--lesson') args.lesson = value;
    else return { ok: false, error: `unknown option "${flag}"; ${FUZZ_USAGE}` };
  }
  return { ok: true, args };
}

export interface FuzzSummary {
  runs: number;
  events: number;
  failures: FuzzResult[];
}

/** Runs the cases; `onFailure` hears of each failure as it happens. */
export function fuzz(
  lessons: readonly LessonDef[],
  args: Pick<FuzzArgs, 'runs' | 'seed'>,
  onFailure: (result: FuzzResult) => void = () => {},
): FuzzSummary {
  const summary: FuzzSummary = { runs: 0, events: 0, failures: [] };
  for (let i = 0; i < args.runs; i++) {
    const lesson = lessons[i % lessons.length]!;
    const result = runFuzzCase(lesson, fuzzCase(lesson, (args.seed + i) >>> 0), {
      checkDeterminism: i % DETERMINISM_EVERY === 0,
    });
    summary.runs++;
    summary.events += result.events;
    if (result.problems.length > 0) {
      summary.failures.push(result);
      onFailure(result);
    }
  }
  return summary;
}

/** The one command that runs this case again, alone. */
export function replayCommand(result: FuzzResult): string {
  return `npm run fuzz -- --lesson ${result.case.lessonId} --seed ${result.case.caseSeed} --runs 1`;
}

export function describeFailure(result: FuzzResult): string {
  const c = result.case;
  return [
    `FAIL ${c.lessonId} case seed ${c.caseSeed}: ${result.problems.length} problem(s)`,
    ...result.problems.slice(0, 5).map((p) => `  ${p.split('\n').slice(0, 4).join('\n    ')}`),
    `  the case: ${JSON.stringify({ seed: c.seed, params: c.params, interventions: c.interventions.length })}`,
    `  replay: ${replayCommand(result)}`,
  ].join('\n');
}

async function main(argv: readonly string[]): Promise<number> {
  const parsed = parseFuzzArgs(argv);
  if (!parsed.ok) {
    process.stderr.write(`fuzz: ${parsed.error}\n`);
    return 2;
  }
  const { args } = parsed;
  let lessons: LessonDef[];
  if (args.lesson !== undefined) {
    const ids = lessonFolders();
    if (!ids.includes(args.lesson)) {
      process.stderr.write(`fuzz: unknown lesson "${args.lesson}"; lessons: ${ids.join(', ')}\n`);
      return 2;
    }
    lessons = [await loadLesson(args.lesson)];
  } else lessons = await loadLessons();

  const started = process.hrtime.bigint();
  const summary = fuzz(lessons, args, (r) => process.stdout.write(`${describeFailure(r)}\n`));
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  process.stdout.write(
    `${summary.runs} runs over ${lessons.map((l) => l.id).join(', ')}: ` +
      `${summary.events.toLocaleString('en-US')} trace events, ${summary.failures.length} failed ` +
      `(seeds ${args.seed} to ${args.seed + args.runs - 1}, ${seconds.toFixed(1)} s)\n`,
  );
  return summary.failures.length > 0 ? 1 : 0;
}

const invokedDirectly =
  process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href;
if (invokedDirectly) process.exitCode = await main(process.argv.slice(2));
