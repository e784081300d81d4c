import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import lesson from '../../lessons/three-outcomes/lesson.ts';
import { runLesson } from '../../tests/support/lesson-runs.ts';
import { lessonFolders } from './load-lessons.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SIM = join(ROOT, 'src/cli/sim.ts');

function sim(...args: string[]) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', SIM, ...args], { cwd: ROOT, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const tmp = mkdtempSync(join(tmpdir(), 'roundtrip-sim-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('npm run sim', () => {
  it('--list names every lesson with its parameters, ranges and defaults', () => {
    const r = sim('--list');
    expect(r.code).toBe(0);
    for (const id of lessonFolders()) expect(r.stdout).toMatch(new RegExp(`^${id} `, 'm'));
    expect(r.stdout).toMatch(/^ {2}deadlineMs +100 to 5000 ms +default 1000$/m);
    expect(r.stdout).toMatch(/^ {2}idempotencyKey +true or false +default false$/m);
  });

  it('takes a parameter by its former name (deadline for deadlineMs), as old scripts use it', () => {
    const now = sim('three-outcomes', '--set', 'deadlineMs=400', '--format', 'summary');
    const old = sim('three-outcomes', '--set', 'deadline=400', '--format', 'summary');
    expect(old.code).toBe(0);
    expect(old.stdout).toBe(now.stdout);
    expect(old.stdout).not.toBe(sim('three-outcomes', '--format', 'summary').stdout);
  });

  it('prints JSON Lines, byte-identical for the same arguments', () => {
    const args = [
      'three-outcomes',
      '--seed',
      '7',
      '--set',
      'responseLoss=0.5',
      '--intervene',
      '[{"at":2000,"kind":"signal","node":"client","signal":"pay"}]',
    ];
    const a = sim(...args);
    const b = sim(...args);
    expect(a.code).toBe(0);
    expect(a.stderr).toBe('');
    expect(a.stdout).toBe(b.stdout);
    const events = a.stdout
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as { seq: number; type: string });
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i));
    expect(events.some((e) => e.type === 'intervention')).toBe(true);
  });

  it('prints the same trace the engine makes in-process, and its hash in the summary', () => {
    const r = sim('three-outcomes', '--format', 'summary', '--until', '5000');
    expect(r.code).toBe(0);
    const s = runLesson(lesson, { untilMs: 5000 });
    expect(r.stdout).toMatch(new RegExp(`^hash +${s.trace.hash()}$`, 'm'));
    expect(r.stdout).toMatch(/^outcomes +success 1, failure 0, unknown 0$/m);
    expect(sim('three-outcomes', '--until', '5000').stdout).toBe(s.trace.toJSONL());
  });

  it("--step replays a step's scripted solution, which meets it", () => {
    const r = sim('idempotency', '--step', 'double-charge', '--format', 'summary');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^ {2}\[met\] double-charge/m);
    expect(r.stdout).toMatch(/^ {2}\[ {3}\] safe-storm/m);
  });

  it('reads interventions from a file', () => {
    const file = join(tmp, 'iv.json');
    writeFileSync(file, JSON.stringify([{ at: 100, kind: 'drop-next', from: 'client', to: 'server' }]));
    const r = sim('three-outcomes', '--intervene', file, '--format', 'summary');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^ {2}\[met\] unknown-not-applied/m);
  });

  const bad: [string, string[], RegExp][] = [
    ['an unknown lesson', ['nope'], /unknown lesson "nope"; lessons: .*three-outcomes/],
    ['no lesson', [], /name a lesson/],
    ['an unknown option', ['three-outcomes', '--speed', '2'], /unknown option "--speed"; accepted: /],
    [
      'an unknown parameter',
      ['three-outcomes', '--set', 'speed=2'],
      /unknown parameter "speed"; this lesson accepts requestLoss/,
    ],
    [
      'an out-of-range value',
      ['three-outcomes', '--set', 'deadline=1'],
      /deadlineMs must be a number from 100 to 5000 ms, not 1/,
    ],
    [
      'a value of the wrong type',
      ['idempotency', '--set', 'idempotencyKey=maybe'],
      /idempotencyKey must be true or false/,
    ],
    ['--set without =', ['three-outcomes', '--set', 'deadline'], /--set takes name=value/],
    ['a bad seed', ['three-outcomes', '--seed', '1.5'], /--seed must be a whole number/],
    ['a bad --until', ['three-outcomes', '--until', '-3'], /--until must be a time in ms/],
    ['a bad format', ['three-outcomes', '--format', 'csv'], /--format must be one of jsonl, summary/],
    ['an unknown step', ['three-outcomes', '--step', 'nope'], /has no step "nope"; its steps: failure/],
    ['malformed JSON', ['three-outcomes', '--intervene', '[{"at":'], /not valid JSON/],
    ['a missing file', ['three-outcomes', '--intervene', join(tmp, 'missing.json')], /cannot read file/],
    [
      'an unknown kind',
      ['three-outcomes', '--intervene', '[{"at":1,"kind":"explode"}]'],
      /"kind" must be one of crash/,
    ],
    [
      'a negative time',
      ['three-outcomes', '--intervene', '[{"at":-1,"kind":"crash","node":"server"}]'],
      /"at" must be .* ≥ 0/,
    ],
    [
      'a parameter named like a built-in',
      ['three-outcomes', '--set', 'constructor=1'],
      /unknown parameter "constructor"; this lesson accepts requestLoss/,
    ],
    [
      'an intervention kind named like a built-in',
      ['three-outcomes', '--intervene', '[{"at":1,"kind":"__proto__"}]'],
      /"kind" must be one of crash/,
    ],
    [
      'an unknown node',
      ['three-outcomes', '--intervene', '[{"at":1,"kind":"crash","node":"db"}]'],
      /"node" must be one of client, server, not "db"/,
    ],
  ];
  for (const [what, args, message] of bad) {
    it(`exits 2 with one line on stderr for ${what}`, () => {
      const r = sim(...args);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(/^sim: [^\n]+\n$/);
      expect(r.stderr).toMatch(message);
    });
  }
});
