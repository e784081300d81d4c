import { describe, expect, it } from 'vitest';
import { EV, stepSolutionOf, type LessonDef, type TraceEvent } from '../engine/index.ts';
import { runLesson } from '../../tests/support/lesson-runs.ts';
import { lessons, getLesson } from '../../tests/support/lessons.ts';
import { describeEvent, interventionWords, isNarrated } from './describe.ts';

/** The trace of a step's "Show me" run. */
function solved(lesson: LessonDef, index: number): TraceEvent[] {
  const { seed, params, interventions, untilMs } = stepSolutionOf(lesson, index);
  return runLesson(lesson, { seed, params, interventions, untilMs: untilMs ?? lesson.durationMs }).events;
}

const lineOf = (lesson: LessonDef, events: TraceEvent[], pred: (e: TraceEvent) => boolean) =>
  describeEvent(events.find(pred)!, events, lesson);

describe('every event a learner reads is in plain words', () => {
  it('the learner’s actions read as what they did, by the names of the guide’s buttons', () => {
    const crash = getLesson('crash-or-slow')!;
    expect(
      interventionWords(
        { at: 2000, kind: 'set-param', name: 'linkLatencyMs', value: 2000 } as Record<string, unknown>,
        crash,
      ),
    ).toBe('slowed the link to 2,000 ms');
    const saga = getLesson('saga')!;
    const events = solved(saga, 0);
    const you = lineOf(saga, events, (e) => e.type === 'intervention');
    expect(you).toBe('you: made the payment service decline the next charge');
    // Without the lesson the same event still reads as an action, not as its code.
    expect(describeEvent(events.find((e) => e.type === 'intervention')!)).not.toMatch(/decline-next \(/);
  });

  it("a lesson's own events read in its words", () => {
    const ngn = getLesson('no-global-now')!;
    const events = solved(ngn, 2); // Lamport clocks on, Alice's clock skewed
    const kept = lineOf(ngn, events, (e) => (e.type as string) === 'stored');
    expect(kept).toMatch(/^store: kept (alice|bob)-1 from (alice|bob), by Lamport stamp 1$/);
    const skew = lineOf(ngn, events, (e) => e.type === 'intervention');
    expect(skew).toBe("you: set Alice's clock 100 ms ahead");
    const crash = getLesson('crash-or-slow')!;
    const suspect = lineOf(crash, solved(crash, 0), (e) => (e.type as string) === 'suspect');
    expect(suspect).toMatch(/^monitor: declared the worker dead after [\d,]+ ms of silence$/);
  });

  it('no line of any step of any lesson shows a setting’s code name, a field dump or a signal id', () => {
    for (const lesson of lessons) {
      const codeNames = Object.keys(lesson.params).filter((k) => /[a-z][A-Z]/.test(k));
      const signals = lesson.interventions.flatMap((o) => (o.kind === 'signal' ? [o.signal] : []));
      for (let i = 0; i < lesson.steps.length; i++) {
        const events = solved(lesson, i);
        for (const e of events) {
          if (e.type === 'timer' || e.type === 'state') continue; // the machinery's own tags
          const line = describeEvent(e, events, lesson);
          const where = `${lesson.id} step ${i + 1}: ${line}`;
          for (const name of codeNames) expect(line, where).not.toContain(name);
          for (const signal of signals) expect(line, where).not.toContain(signal);
          expect(line, where).not.toMatch(/[{}]|\bby lamport\b|undefined|NaN/);
          // Every custom event has words in its guide (no "type (field value, ...)" fallback).
          if (!isEngineEvent(e))
            expect(Object.hasOwn(lesson.events ?? {}, e.type), `${lesson.id}: ${e.type}`).toBe(true);
        }
      }
    }
  });

  it("the narration says a lesson's anomalies out loud, and not its every event", () => {
    const net = getLesson('unreliable-network')!;
    const events = solved(net, 0);
    const gap = events.find((e) => (e.type as string) === 'gap');
    const inOrder = events.find((e) => (e.type as string) === 'in-order');
    expect(gap && isNarrated(gap, net)).toBe(true);
    expect(inOrder && isNarrated(inOrder, net)).toBe(false);
  });
});

const isEngineEvent = (e: TraceEvent): boolean =>
  Object.hasOwn(EV, e.type) && (e.type as string) !== 'custom';
