/** Runs a lesson headlessly to an array of trace events, for the readouts' unit tests. */
import {
  Simulation,
  defaultParams,
  type Intervention,
  type LessonDef,
  type ParamValue,
  type TraceEvent,
} from '../../engine/index.ts';

export function runLesson(
  lesson: LessonDef,
  options: {
    params?: Record<string, ParamValue>;
    interventions?: Intervention[];
    untilMs?: number;
    seed?: number;
  } = {},
): TraceEvent[] {
  const sim = new Simulation(
    {
      scenario: lesson.scenario,
      seed: options.seed ?? lesson.defaultSeed,
      params: { ...defaultParams(lesson.params), ...options.params },
      interventions: options.interventions ?? [],
    },
    { checkpointEvery: 0 },
  );
  sim.runUntil(options.untilMs ?? lesson.durationMs);
  return sim.trace.slice();
}
