import { describe, expect, it } from 'vitest';
import { lessons } from '../../lessons/registry.ts';
import { defaultParams, runTrace } from '../engine/index.ts';
import { PageTrace, traceFromEvents } from './trace-from-events.ts';

describe('traceFromEvents', () => {
  for (const lesson of lessons) {
    it(`rebuilds ${lesson.id}'s traces exactly, and its challenges read them the same`, () => {
      for (const step of lesson.steps) {
        const params = { ...defaultParams(lesson.params), ...step.solution.params };
        const input = {
          scenario: lesson.scenario,
          seed: step.solution.seed ?? lesson.defaultSeed,
          params,
          interventions: step.solution.interventions,
        };
        const trace = runTrace(input, step.solution.untilMs ?? lesson.durationMs);
        const rebuilt = traceFromEvents(trace.nodeNames, trace.slice());
        expect(rebuilt.toJSONL()).toBe(trace.toJSONL());
        expect(step.challenge(rebuilt, params)).toEqual(step.challenge(trace, params));
      }
    });
  }

  it('grows and is cut back with the cursor', () => {
    const lesson = lessons[0]!;
    const trace = runTrace(
      { scenario: lesson.scenario, seed: 1, params: defaultParams(lesson.params), interventions: [] },
      3000,
    );
    const page = new PageTrace(trace.nodeNames);
    for (const e of trace.slice(0, 20)) page.push(e);
    page.truncate(10);
    for (const e of trace.slice(10)) page.push(e);
    expect(page.trace.toJSONL()).toBe(trace.toJSONL());
  });
});
