/**
 * Golden trace hashes: every run of bench/golden.ts (fixed engine runs, and each lesson's every step
 * from its start and with its solution) must hash as recorded in bench/hashes.json. A change to the
 * engine that changes any trace fails here and names the run.
 *
 * When a change of behaviour is intended (a lesson's scenario or steps changed, or the engine's
 * rules), record the new hashes on purpose and commit the JSON with the change:
 *
 *   npx tsx bench/hashes.ts --write
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { HASHES_FILE, goldenRuns } from '../../bench/golden.ts';
import { lessons } from '../support/lessons.ts';

const recorded = JSON.parse(readFileSync(HASHES_FILE, 'utf8')) as Record<string, string>;
const runs = goldenRuns(lessons);
const REWRITE = 'if this change of behaviour is intended, run: npx tsx bench/hashes.ts --write';

describe('golden trace hashes (bench/hashes.json)', () => {
  for (const [name, run] of Object.entries(runs)) {
    it(name, () => {
      expect(recorded[name], `"${name}" is not recorded; ${REWRITE}`).toBeDefined();
      expect(run(), `the trace of "${name}" changed; ${REWRITE}`).toBe(recorded[name]);
    });
  }

  it('records no run that no longer exists', () => {
    const gone = Object.keys(recorded).filter((name) => !(name in runs));
    expect(gone, `recorded but not run; ${REWRITE}`).toEqual([]);
  });
});
