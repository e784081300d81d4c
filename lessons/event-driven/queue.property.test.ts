/**
 * Property tests of the durable queue over random fault schedules: B crashes, recovers and crashes
 * right after processing (before its acknowledgement) at random moments. Whatever happens, the queue
 * delivers at least once and loses nothing.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Intervention } from '../../src/engine/index.ts';
import { seed } from '../../src/engine/testing/arbitraries.ts';
import { runLesson } from '../../tests/support/lesson-runs.ts';
import lesson from './lesson.ts';
import { backlogOverTime, duplicates } from './guide.ts';

/** Faults stop here; from then on B is up, so the queue has time left to drain. */
const FAULTS_END_MS = 8000;
/** Enough for a backlog of a whole run to drain after the last fault (measured: under 2 s). */
const SETTLE_MS = 4000;
const B = 'b';

const fault: fc.Arbitrary<Intervention> = fc.oneof(
  fc.record({
    at: fc.integer({ min: 0, max: FAULTS_END_MS }),
    kind: fc.constant('crash' as const),
    node: fc.constant(B),
  }),
  fc.record({
    at: fc.integer({ min: 0, max: FAULTS_END_MS }),
    kind: fc.constant('recover' as const),
    node: fc.constant(B),
  }),
  fc.record({
    at: fc.integer({ min: 0, max: FAULTS_END_MS }),
    kind: fc.constant('signal' as const),
    node: fc.constant(B),
    signal: fc.constant('crash-before-ack'),
  }),
);

type Schedule = { seed: number; idempotentConsumer: boolean; faults: Intervention[] };
const schedule: fc.Arbitrary<Schedule> = fc.record({
  seed,
  idempotentConsumer: fc.boolean(),
  faults: fc.array(fault, { maxLength: 8 }),
});

function runSchedule({ seed, idempotentConsumer, faults }: Schedule) {
  const interventions = [
    ...[...faults].sort((a, b) => a.at - b.at),
    { at: FAULTS_END_MS, kind: 'recover' as const, node: B },
  ];
  return runLesson(lesson, { seed, params: { viaQueue: true, idempotentConsumer }, interventions }).trace;
}

const eventsOf = (trace: ReturnType<typeof runSchedule>, type: 'enqueued' | 'processed') =>
  trace.ofType(type).map((e) => ({ event: Number(e.event), t: e.t }));

describe('event-driven queue, over random fault schedules', () => {
  it('processes every appended event at least once, once B has been up long enough', () => {
    fc.assert(
      fc.property(schedule, (s) => {
        const trace = runSchedule(s);
        const processed = new Set(eventsOf(trace, 'processed').map((e) => e.event));
        const due = eventsOf(trace, 'enqueued').filter((e) => e.t <= lesson.durationMs - SETTLE_MS);
        expect(due.length).toBeGreaterThan(0);
        for (const e of due) expect(processed.has(e.event), `event ${e.event} never processed`).toBe(true);
      }),
      { numRuns: 60 },
    );
  });

  it('loses none: what was appended and never processed is exactly what the queue still holds', () => {
    fc.assert(
      fc.property(schedule, (s) => {
        const trace = runSchedule(s);
        const appended = new Set(eventsOf(trace, 'enqueued').map((e) => e.event));
        const processed = new Set(eventsOf(trace, 'processed').map((e) => e.event));
        for (const e of processed) expect(appended.has(e)).toBe(true);
        expect(appended.size - processed.size).toBe(backlogOverTime(trace).at(-1)?.depth ?? 0);
      }),
      { numRuns: 60 },
    );
  });

  it('with the idempotent consumer, never processes an event twice', () => {
    fc.assert(
      fc.property(schedule, (s) => {
        expect(duplicates(runSchedule({ ...s, idempotentConsumer: true }))).toEqual([]);
      }),
      { numRuns: 60 },
    );
  });
});
