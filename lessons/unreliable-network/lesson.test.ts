import { describe, expect, it } from 'vitest';
import { defaultParams } from '../../src/engine/params.ts';
import { Simulation } from '../../src/engine/simulation.ts';
import type { Intervention, ParamValue } from '../../src/engine/types.ts';
import lesson, { streamReport } from './lesson.ts';

function run(
  params: Record<string, ParamValue> = {},
  interventions: Intervention[] = [],
  seed = lesson.defaultSeed,
  untilMs = lesson.durationMs,
) {
  const all = { ...defaultParams(lesson.params), ...params };
  const sim = new Simulation(
    { scenario: lesson.scenario, seed, params: all, interventions },
    { checkpointEvery: 0 },
  );
  sim.runUntil(untilMs);
  return { trace: sim.trace, params: all };
}

describe('unreliable-network', () => {
  for (const step of lesson.steps) {
    it(`step "${step.id}" is met by its solution`, () => {
      const { trace, params } = run(
        step.solution.params,
        step.solution.interventions,
        step.solution.seed,
        step.solution.untilMs,
      );
      const result = step.challenge(trace, params);
      expect(result.met, step.id).toBe(true);
      expect(result.evidence?.length).toBeGreaterThan(0);
      for (const seq of result.evidence ?? []) expect(seq).toBeLessThan(trace.length);
      expect(result.detail).toBeTruthy();
    });

    it(`step "${step.id}" is not met by doing nothing`, () => {
      const { trace, params } = run();
      expect(step.challenge(trace, params).met).toBe(false);
    });
  }

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
