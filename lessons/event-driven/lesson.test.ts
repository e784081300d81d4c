import { describe, expect, it } from 'vitest';
import type { Script } from '../../src/engine/index.ts';
import { runLesson } from '../../tests/support/lesson-runs.ts';
import lesson from './lesson.ts';
import { answersOfA, backlogOverTime, downSpans, duplicates } from './guide.ts';

const run = (script: Script) => runLesson(lesson, script);
const step = (id: string) => lesson.steps.find((s) => s.id === id)!;
/** A step's solution on top of its start, as the page plays it. */
const solved = (id: string): Script => {
  const s = step(id);
  return {
    ...s.solution,
    params: { ...s.start?.params, ...s.solution.params },
    interventions: [...(s.start?.interventions ?? []), ...s.solution.interventions].filter(
      (iv, i, all) => all.findIndex((o) => JSON.stringify(o) === JSON.stringify(iv)) === i,
    ),
  };
};
const started = (id: string): Script => {
  const s = step(id);
  return { params: { ...s.start?.params }, interventions: [...(s.start?.interventions ?? [])] };
};

describe('event-driven', () => {
  it('has the mode and the fix as its parameters', () => {
    expect(Object.keys(lesson.params)).toEqual(['viaQueue', 'idempotentConsumer']);
    expect(lesson.fix?.param).toBe('idempotentConsumer');
  });

  it('doing nothing: A serves every request, and the workload lasts the whole run', () => {
    const { trace } = run({ interventions: [] });
    const answers = answersOfA(trace);
    expect(answers.length).toBeGreaterThan(40);
    expect(answers.every((a) => a.ok)).toBe(true);
    expect(answers.at(-1)!.t).toBeGreaterThan(lesson.durationMs - 1000);
  });

  for (const s of lesson.steps) {
    it(`step ${s.id}: its solution meets it, with evidence; its start alone does not`, () => {
      const { trace, params } = run(solved(s.id));
      const result = s.challenge(trace, params);
      expect(result.met, result.missing ?? result.detail).toBe(true);
      expect(result.evidence?.length).toBeGreaterThan(0);
      const bare = run(started(s.id));
      const open = s.challenge(bare.trace, bare.params);
      expect(open.met).toBe(false);
      expect(open.missing).toBeTruthy();
    });
  }

  it('direct calls: A fails while B is down; through the queue it does not', () => {
    const crash = { interventions: [{ at: 1000, kind: 'crash' as const, node: 'b' }] };
    const direct = run(crash).trace;
    const queued = run({ ...crash, params: { viaQueue: true } }).trace;
    const [span] = downSpans(direct);
    const during = (t: ReturnType<typeof run>['trace']) =>
      answersOfA(t).filter((a) => a.t > span!.start + 400);
    expect(during(direct).length).toBeGreaterThan(10);
    expect(during(direct).every((a) => !a.ok)).toBe(true);
    expect(during(queued).every((a) => a.ok)).toBe(true);
  });

  it('the backlog grows while B is down and drains to zero after it recovers', () => {
    const { trace } = run(solved('drain'));
    const recover = downSpans(trace)[0]!;
    const backlog = backlogOverTime(trace);
    const before = backlog.filter((b) => b.t < recover.end);
    expect(Math.max(...before.map((b) => b.depth))).toBeGreaterThanOrEqual(7);
    expect(backlog.some((b) => b.t > recover.end && b.depth === 0)).toBe(true);
    // Nothing lost: what was appended and not processed is exactly what is still in the queue.
    const appended = new Set(trace.ofType('enqueued').map((e) => Number(e.event)));
    const processed = new Set(trace.ofType('processed').map((e) => Number(e.event)));
    expect(appended.size - processed.size).toBe(backlog.at(-1)!.depth);
  });

  it('the fix changes the outcome on the same seed: a duplicate without it, none with it', () => {
    const script = solved('duplicate');
    const without = run(script).trace;
    const withFix = run({ ...script, params: { ...script.params, idempotentConsumer: true } }).trace;
    expect(duplicates(without).length).toBe(1);
    expect(duplicates(withFix)).toEqual([]);
    expect(withFix.ofType('skipped-duplicate').length).toBe(1);
    expect(withFix.ofType('redeliver').length).toBe(without.ofType('redeliver').length);
  });

  it('is deterministic: the same script gives the same trace', () => {
    const a = run(solved('duplicate')).events;
    const b = run(solved('duplicate')).events;
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
  });

  it('a crash of B while an event is out to it: redelivered after recovery, not lost', () => {
    const { trace } = run({
      params: { viaQueue: true },
      interventions: [
        { at: 1010, kind: 'crash', node: 'b' },
        { at: 2000, kind: 'recover', node: 'b' },
      ],
    });
    const appended = new Set(trace.ofType('enqueued').map((e) => Number(e.event)));
    const processed = new Set(trace.ofType('processed').map((e) => Number(e.event)));
    const last = backlogOverTime(trace).at(-1)!.depth;
    expect(appended.size - processed.size).toBe(last);
  });
});
