/**
 * The short fuzz `npm test` runs: a few hundred random cases, shared out among the lessons (npm run fuzz runs
 * 10,000). A failure prints what broke and the one command that replays it.
 */
import { describe, expect, it } from 'vitest';
import { describeFailure, fuzz, parseFuzzArgs, replayCommand } from '../../src/cli/fuzz.ts';
import { loadLessons } from '../../src/cli/load-lessons.ts';
import { fuzzCase, runFuzzCase } from '../../src/engine/testing/fuzz.ts';

const SHORT_RUNS = 300;

describe('npm run fuzz', async () => {
  // One test a lesson, each with its share of the short runs: each lesson gets its own time limit,
  // so a machine busy with other work does not fail the whole fuzz as the lessons add up.
  const lessons = await loadLessons();
  const runsEach = Math.ceil(SHORT_RUNS / lessons.length);
  for (const lesson of lessons) {
    it(`finds nothing wrong in ${runsEach} random cases of ${lesson.id}`, () => {
      const summary = fuzz([lesson], { runs: runsEach, seed: 1 });
      expect(summary.runs).toBe(runsEach);
      // Every case ran a real run, not a few events (the smallest lessons make about 30 a case).
      expect(summary.events).toBeGreaterThan(runsEach * 10);
      expect(summary.failures.map(describeFailure)).toEqual([]);
    });
  }

  it('replays a case alone with the command it prints', async () => {
    const lessons = await loadLessons();
    const lesson = lessons[3 % lessons.length]!;
    // Case 3 of a run from seed 10 over every lesson is case seed 13 of its lesson.
    const inRun = runFuzzCase(lesson, fuzzCase(lesson, 13));
    expect(replayCommand(inRun)).toBe(`npm run fuzz -- --lesson ${lesson.id} --seed 13 --runs 1`);
    const parsed = parseFuzzArgs(['--lesson', lesson.id, '--seed', '13', '--runs', '1']);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    const alone = fuzz([lesson], parsed.args);
    expect(alone.events).toBe(inRun.events);
  });

  it('refuses bad arguments with what it accepts', () => {
    expect(parseFuzzArgs(['--runs', '0'])).toEqual({
      ok: false,
      error: expect.stringMatching(/--runs must be/),
    });
    expect(parseFuzzArgs(['--seed', '-1'])).toEqual({
      ok: false,
      error: expect.stringMatching(/--seed must be/),
    });
    expect(parseFuzzArgs(['--bogus', '1'])).toEqual({
      ok: false,
      error: expect.stringMatching(/unknown option/),
    });
    expect(parseFuzzArgs(['--runs'])).toEqual({ ok: false, error: expect.stringMatching(/needs a value/) });
    expect(parseFuzzArgs([])).toEqual({ ok: true, args: { runs: 10_000, seed: 1, lesson: undefined } });
  });
});
