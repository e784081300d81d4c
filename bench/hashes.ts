/**
 * Trace hashes of the golden runs (bench/golden.ts): fixed engine runs, and every lesson's every
 * step from its start and with its solution. Tuning the engine must leave them all unchanged;
 * `npm test` checks them (tests/unit/golden-traces.test.ts).
 *
 *   npx tsx bench/hashes.ts            prints them
 *   npx tsx bench/hashes.ts --check    compares them with bench/hashes.json (exit 1 on a difference)
 *   npx tsx bench/hashes.ts --write    records them in bench/hashes.json (only when a change of
 *                                      behaviour is intended: a lesson changed, or the engine's rules)
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { loadLessons } from '../src/cli/load-lessons.ts';
import { HASHES_FILE, goldenRuns } from './golden.ts';

const runs = goldenRuns(await loadLessons());
const result: Record<string, string> = {};
for (const [name, run] of Object.entries(runs)) result[name] = run();

const mode = process.argv[2];
if (mode === '--write') {
  writeFileSync(HASHES_FILE, JSON.stringify(result, null, 2) + '\n');
  console.log('recorded', Object.keys(result).length, 'hashes in bench/hashes.json');
} else if (mode === '--check') {
  const expected = JSON.parse(readFileSync(HASHES_FILE, 'utf8')) as Record<string, string>;
  let bad = 0;
  for (const [name, h] of Object.entries(result)) {
    const ok = expected[name] === h;
    if (!ok) bad++;
    console.log(`${ok ? 'same   ' : 'CHANGED'}  ${name}: ${h}${ok ? '' : ` (expected ${expected[name]})`}`);
  }
  const gone = Object.keys(expected).filter((name) => !(name in result));
  for (const name of gone) console.log(`GONE     ${name}`);
  if (bad + gone.length > 0) {
    console.log(`${bad + gone.length} trace hash(es) changed; if intended: npx tsx bench/hashes.ts --write`);
    process.exit(1);
  }
  console.log('all trace hashes unchanged');
} else {
  for (const [name, h] of Object.entries(result)) console.log(`${name}: ${h}`);
}
