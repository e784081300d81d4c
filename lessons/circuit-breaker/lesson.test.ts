import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { initialTransition, transition } from 'xstate';
import { stepSolutionOf, stepStartOf, type Script } from '../../src/engine/index.ts';
import { itMeetsEachStepOnlyByItsSolution, runLesson } from '../../tests/support/lesson-runs.ts';
import lesson, { breakerMachine, recentFailures, type BreakerEvent } from './lesson.ts';
import { breakerChanges, clientRequests, downSpans } from './guide.ts';

const run = (script: Script) => runLesson(lesson, script);
/** A step's solution on top of its start, as "Show me" plays it. */
const solved = (id: string): Script =>
  stepSolutionOf(
    lesson,
    lesson.steps.findIndex((s) => s.id === id),
  );

describe('circuit-breaker', () => {
  it('doing nothing: every client request is answered in time', () => {
    const reqs = clientRequests(run({ interventions: [] }).trace);
    expect(reqs.length).toBeGreaterThan(100);
    expect(reqs.filter((r) => r.result !== 'waiting').every((r) => r.result === 'success')).toBe(true);
  });

  itMeetsEachStepOnlyByItsSolution(lesson);

  it('the fix removes the problem on the same seed: no client out of time once the breaker opens', () => {
    const script = solved('fail-fast');
    const without = run({ ...script, params: { breaker: false } }).trace;
    const withFix = run(script).trace;
    const down = downSpans(withFix)[0]!;
    const opened = breakerChanges(withFix).find((b) => b.state === 'open')!;
    const late = (t: typeof without, from: number) =>
      clientRequests(t).filter((r) => r.t > from && r.t > down.start && r.result === 'unknown');
    expect(late(without, opened.t).length).toBeGreaterThan(50);
    expect(late(withFix, opened.t)).toEqual([]);
    expect(breakerChanges(without)).toEqual([]);
  });

  it('step 3 is met whenever the dependency comes back once the breaker is about to open, and says when it came back too early', () => {
    const index = lesson.steps.findIndex((s) => s.id === 'close-again');
    const step = lesson.steps[index]!;
    const start = stepStartOf(lesson, index);
    const backAt = (at: number) =>
      run({
        ...start,
        interventions: [
          ...start.interventions,
          { at, kind: 'signal', node: 'dependency', signal: 'come-back' },
        ],
      });
    const opened = breakerChanges(run(start).trace).find((b) => b.state === 'open')!;
    // Just before the breaker opens (its calls already waiting still time out and open it), and after.
    for (const at of [opened.t - 300, opened.t - 50, opened.t + 10, opened.t + 2000, 10_000]) {
      const { trace, params } = backAt(at);
      expect(step.challenge(trace, params).met, `back at ${at} ms`).toBe(true);
    }
    // Right after it went down: too few failures, the breaker never opens.
    const { trace, params } = backAt(2550);
    const early = step.challenge(trace, params);
    expect(early.met).toBe(false);
    expect(early.missing).toMatch(/came back before the breaker opened.*restart the step/);
  });

  it('is deterministic', () => {
    const a = run(solved('close-again')).events;
    const b = run(solved('close-again')).events;
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
  });
});

// ---------------------------------------------------------------- the statechart, driven directly

const INPUT = { threshold: 3, windowMs: 2000, coolDownMs: 1500 };

type Step = { kind: 'call'; ok: boolean; dt: number } | { kind: 'probe'; ok: boolean } | { kind: 'fire' };

const steps = fc.array(
  fc.oneof(
    fc.record({
      kind: fc.constant('call' as const),
      ok: fc.boolean(),
      dt: fc.integer({ min: 0, max: 1500 }),
    }),
    fc.record({ kind: fc.constant('probe' as const), ok: fc.boolean() }),
    fc.constant({ kind: 'fire' as const }),
  ),
  { maxLength: 60 },
);

type Action = { type: string; params?: unknown };

/** Plays the machine like the host does: a delayed raise becomes the one pending timer. */
function drive(
  script: Step[],
  check: (info: {
    value: string;
    failures: number[];
    now: number;
    actions: Action[];
    fired: boolean;
  }) => void,
) {
  let [snap, actions] = initialTransition(breakerMachine, INPUT);
  let pending: { event: BreakerEvent; delay: number } | undefined;
  let now = 0;
  const take = (acts: readonly Action[]) => {
    for (const a of acts) {
      if (a.type === 'xstate.raise') {
        const p = a.params as { event: BreakerEvent; delay?: number };
        if (p.delay !== undefined) pending = { event: p.event, delay: p.delay };
      } else if (a.type === 'xstate.cancel') pending = undefined;
    }
  };
  take(actions as Action[]);
  for (const s of script) {
    let event: BreakerEvent;
    let fired = false;
    if (s.kind === 'fire') {
      if (!pending) continue;
      event = pending.event;
      now += pending.delay;
      pending = undefined;
      fired = true;
    } else if (s.kind === 'call') {
      now += s.dt;
      event = { type: s.ok ? 'call.success' : 'call.failure', payload: { t: now } };
    } else event = { type: s.ok ? 'probe.success' : 'probe.failure' };
    [snap, actions] = transition(breakerMachine, snap, event);
    take(actions as Action[]);
    check({
      value: snap.value as string,
      failures: snap.context.failures,
      now,
      actions: actions as Action[],
      fired,
    });
    if (snap.value === 'open') expect(pending?.delay).toBe(INPUT.coolDownMs);
  }
}

describe('the breaker statechart', () => {
  it('is never closed while the failures within the window reach the threshold', () => {
    fc.assert(
      fc.property(steps, (script) => {
        drive(script, ({ value, failures, now }) => {
          if (value === 'closed')
            expect(recentFailures(failures, now, INPUT.windowMs).length).toBeLessThan(INPUT.threshold);
        });
      }),
      { numRuns: 300 },
    );
  });

  it('always probes once the cool-down is over, and only then leaves open', () => {
    fc.assert(
      fc.property(steps, (script) => {
        let was = 'closed';
        drive(script, ({ value, actions, fired }) => {
          if (was === 'open' && fired) {
            expect(value).toBe('halfOpen');
            expect(actions.some((a) => a.type === 'probe')).toBe(true);
          }
          if (was === 'open' && !fired) expect(value).toBe('open');
          was = value;
        });
      }),
      { numRuns: 300 },
    );
  });

  it('opens on the third failure within the window, not on three spread out', () => {
    let [snap] = initialTransition(breakerMachine, INPUT);
    for (const t of [0, 2500, 5000])
      [snap] = transition(breakerMachine, snap, { type: 'call.failure', payload: { t } });
    expect(snap.value).toBe('closed');
    for (const t of [5100, 5200])
      [snap] = transition(breakerMachine, snap, { type: 'call.failure', payload: { t } });
    expect(snap.value).toBe('open');
  });
});
