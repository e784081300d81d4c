/**
 * The runner's command line, parsed without looking at any lesson: shapes and numbers only. What a
 * lesson accepts (its parameters, its nodes, its steps) is checked in sim.ts against the lesson.
 */

export type Format = 'jsonl' | 'summary';
export const FORMATS: readonly Format[] = ['jsonl', 'summary'];

export interface SimArgs {
  help: boolean;
  list: boolean;
  lesson: string | undefined;
  seed: number | undefined;
  untilMs: number | undefined;
  /** `--set name=value`, in the order given, values still raw text. */
  set: [name: string, value: string][];
  /** `--intervene FILE|JSON`, in the order given, not yet read or parsed. */
  intervene: string[];
  format: Format;
  step: string | undefined;
}

export type ArgsResult = { ok: true; args: SimArgs } | { ok: false; error: string };

export const USAGE =
  'usage: npm run sim -- <lesson> [--seed N] [--until MS] [--set name=value ...] [--intervene FILE|JSON ...] ' +
  '[--step STEP] [--format jsonl|summary] | --list | --help';

const OPTIONS = ['--seed', '--until', '--set', '--intervene', '--format', '--step', '--list', '--help'];
const FLAGS = new Set(['--list', '--help', '-h']);

export function parseArgs(argv: readonly string[]): ArgsResult {
  const args: SimArgs = {
    help: false,
    list: false,
    lesson: undefined,
    seed: undefined,
    untilMs: undefined,
    set: [],
    intervene: [],
    format: 'jsonl',
    step: undefined,
  };
  const fail = (error: string): ArgsResult => ({ ok: false, error });

  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (!arg.startsWith('-') || arg === '-') {
      if (args.lesson !== undefined) return fail(`one lesson at a time: got "${args.lesson}" and "${arg}"`);
      args.lesson = arg;
      continue;
    }
    // --name=value or --name value
    const eq = arg.indexOf('=');
    const name = eq > 0 ? arg.slice(0, eq) : arg;
    if (FLAGS.has(name)) {
      if (eq > 0) return fail(`${name} takes no value`);
      if (name === '--list') args.list = true;
      else args.help = true;
      continue;
    }
    if (!OPTIONS.includes(name)) return fail(`unknown option "${name}"; accepted: ${OPTIONS.join(', ')}`);
    let value: string;
    if (eq > 0) value = arg.slice(eq + 1);
    else {
      const next = argv[i + 1];
      if (next === undefined) return fail(`${name} needs a value`);
      value = next;
      i++;
    }
    switch (name) {
      case '--seed': {
        const seed = /^\d+$/.test(value) ? Number(value) : NaN;
        if (!(seed <= 0xffffffff))
          return fail(`--seed must be a whole number from 0 to 4294967295, not "${value}"`);
        args.seed = seed;
        break;
      }
      case '--until': {
        const until = value.trim() === '' ? NaN : Number(value);
        if (!Number.isFinite(until) || until < 0)
          return fail(`--until must be a time in ms, a number ≥ 0, not "${value}"`);
        args.untilMs = until;
        break;
      }
      case '--set': {
        const at = value.indexOf('=');
        if (at <= 0) return fail(`--set takes name=value (for example --set deadlineMs=500), not "${value}"`);
        args.set.push([value.slice(0, at), value.slice(at + 1)]);
        break;
      }
      case '--intervene':
        args.intervene.push(value);
        break;
      case '--format':
        if (!FORMATS.includes(value as Format))
          return fail(`--format must be one of ${FORMATS.join(', ')}, not "${value}"`);
        args.format = value as Format;
        break;
      case '--step':
        args.step = value;
        break;
    }
  }
  return { ok: true, args };
}
