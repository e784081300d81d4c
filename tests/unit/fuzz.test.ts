/**
 * The short fuzz `npm test` runs: a few hundred random cases over every lesson (npm run fuzz runs
 * 10,000). A failure prints what broke and the one command that replays it.
 */
import { describe, expect, it } from 'vitest';
import { describeFailure, fuzz, parseFuzzArgs, replayCommand } from '../../src/cli/fuzz.ts';
import { loadLessons } from '../../src/cli/load-lessons.ts';
import { fuzzCase, runFuzzCase } from '../../src/engine/testing/fuzz.ts';

const SHORT_RUNS = 300;

describe('npm run fuzz', () => {
  it(`finds nothing wrong in ${SHORT_RUNS} random cases over every lesson`, async () => {
    const lessons = await loadLessons();
    const summary = fuzz(lessons, { runs: SHORT_RUNS, seed: 1 });
    expect(summary.runs).toBe(SHORT_RUNS);
    expect(summary.events).toBeGreaterThan(SHORT_RUNS * 100);
    expect(summary.failures.map(describeFailure)).toEqual([]);
  });

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
