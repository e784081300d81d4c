import { describe, expect, it } from 'vitest';
import { itMeetsEachStepOnlyByItsSolution, runLesson } from '../../tests/support/lesson-runs.ts';
import type { Intervention, ParamValue } from '../../src/engine/types.ts';
import { streamReport } from './guide.ts';
import lesson from './lesson.ts';

const run = (
  params: Record<string, ParamValue> = {},
  interventions: Intervention[] = [],
  seed?: number,
  untilMs?: number,
) => runLesson(lesson, { params, interventions, seed, untilMs });

describe('unreliable-network', () => {
  itMeetsEachStepOnlyByItsSolution(lesson);

  it('a perfect network delivers the stream whole without the fix', () => {
    const report = streamReport(run().trace);
    expect(report).toMatchObject({ messages: 20, complete: true, inOrder: true, exactlyOnce: true });
  });

  const faults = { loss: 0.2, duplicate: 0.2, jitterMs: 100 };
  const dropFirst: Intervention[] = [{ at: 0, kind: 'drop-next', from: 'sender', to: 'receiver' }];

  it('the fix turns a broken stream into a whole one on the same seed', () => {
    for (const seed of [1, 2, 3, lesson.defaultSeed]) {
      const without = streamReport(run({ ...faults, fix: false }, dropFirst, seed).trace);
      expect(without.complete && without.inOrder && without.exactlyOnce, `seed ${seed}`).toBe(false);
      const withFix = streamReport(run({ ...faults, fix: true }, dropFirst, seed).trace);
      expect(withFix, `seed ${seed}`).toMatchObject({ complete: true, inOrder: true, exactlyOnce: true });
      expect(withFix.processed).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    }
  });

  it('the fix holds up under heavy loss', () => {
    const report = streamReport(
      run({ loss: 0.5, duplicate: 0.5, jitterMs: 200, fix: true }, [], 11, 20_000).trace,
    );
    expect(report).toMatchObject({ complete: true, inOrder: true, exactlyOnce: true });
  });

  it('is deterministic', () => {
    expect(run(faults, [], 5).trace.hash()).toBe(run(faults, [], 5).trace.hash());
  });
});
