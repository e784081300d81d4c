import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import lesson from '../../lessons/three-outcomes/lesson.ts';
import { outsideName, PROTOTYPE_NAMES } from '../engine/testing/arbitraries.ts';
import { checkProperty } from '../engine/testing/property.ts';
import { parseArgs } from './args.ts';
import { main } from './sim.ts';

const quiet = () => {
  const err: string[] = [];
  return { err, io: { stdout: () => {}, stderr: (t: string) => void err.push(t), readFile: () => '' } };
};

describe('the command line, with names from outside', () => {
  it('keeps --set names and values as given, built-in names and all', () => {
    checkProperty(
      fc.property(outsideName, fc.string({ maxLength: 8 }), (name, value) => {
        fc.pre(name !== '' && !name.includes('='));
        const r = parseArgs(['three-outcomes', '--set', `${name}=${value}`]);
        expect(r).toEqual({ ok: true, args: expect.objectContaining({ set: [[name, value]] }) });
      }),
      { file: 'src/cli/args.test.ts', test: 'keeps --set names' },
    );
  });

  it('a lesson, parameter, node or step named like a built-in exits 2 with one line, never 1', async () => {
    const cases = (name: string): string[][] => [
      [name],
      ['three-outcomes', '--set', `${name}=1`, '--until', '0'],
      ['three-outcomes', '--step', name, '--until', '0'],
      [
        'three-outcomes',
        '--until',
        '0',
        '--intervene',
        JSON.stringify([{ at: 1, kind: 'crash', node: name }]),
      ],
      [
        'three-outcomes',
        '--until',
        '0',
        '--intervene',
        JSON.stringify([{ at: 1, kind: name, node: 'server' }]),
      ],
    ];
    const names = [...PROTOTYPE_NAMES, ...fc.sample(outsideName, { numRuns: 20, seed: 1 })];
    for (const name of names) {
      if (Object.hasOwn(lesson.params, name)) continue;
      for (const argv of cases(name)) {
        const { err, io } = quiet();
        expect({ argv, code: await main(argv, io) }).toEqual({ argv, code: 2 });
        expect(err.join('')).toMatch(/^sim: [^\n]+\n$/);
      }
    }
  });
});
