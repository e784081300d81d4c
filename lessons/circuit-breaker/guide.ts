/**
 * Lesson 9, the guide: fail fast instead of failing slowly. The caller serves its own clients, each
 * with a latency budget, and for each request calls a dependency through a bounded pool of in-flight
 * calls. When the dependency slows down or goes down, calls hold their slots for longer, the pool
 * fills, requests wait for a slot and the caller's clients run out of time: the dependency's failure
 * becomes the caller's. The fix is a circuit breaker (an XState statechart on the caller, in
 * lesson.ts): after enough failures it opens and answers at once with an error, after a cool-down it
 * sends one trial request, and a good answer closes it again.
 *
 * This file is what the page loads; the behaviours, the statechart and the scenario are in lesson.ts.
 */
import events from './events.ts';
import { defineGuide, type ChallengeResult } from '../../src/engine/lesson.ts';
import type { Trace } from '../../src/engine/trace.ts';
import { callsFrom, type CallEnd } from '../../src/engine/calls-from.ts';
import { plural } from '../../src/engine/words.ts';

export const CLIENTS = 'clients';
export const CALLER = 'caller';
export const DEPENDENCY = 'dependency';

/** The caller waits this long for the dependency before the call times out. */
export const CALL_TIMEOUT_MS = 1000;
/** This many failed calls within WINDOW_MS open the breaker. */
export const FAILURE_THRESHOLD = 3;
export const WINDOW_MS = 2000;
/** The breaker stays open this long, then sends one trial request. */
export const COOL_DOWN_MS = 1500;
/** A client of the caller asks this often. */
export const REQUEST_EVERY_MS = 100;
/** The dependency's time per request, and when slowed. */
export const WORK_MS = 30;
export const SLOW_WORK_MS = 700;

/** Step 2 needs this many requests answered within budget while the breaker is open. */
const FAST_WHILE_DOWN = 10;

export type BreakerState = 'closed' | 'open' | 'halfOpen';
export const BREAKER_STATE_WORDS: Record<BreakerState, string> = {
  closed: 'closed',
  open: 'open',
  halfOpen: 'half-open',
};

// ---------------------------------------------------------------- reading the trace

/** success: answered ok; failure: answered with an error; unknown: out of time; or still waiting. */
export type ClientRequest = CallEnd;

/** Every request of the caller's clients, in the order they were made, with how it ended. */
export const clientRequests = (trace: Trace): ClientRequest[] => callsFrom(trace, CLIENTS);

export interface Span {
  startSeq: number;
  start: number;
  /** Infinity while it lasts. */
  end: number;
  endSeq: number | undefined;
}

export type Health = 'up' | 'slow' | 'down';

/** The dependency's changes of health (its buttons), in order. */
export function healthChanges(trace: Trace): { seq: number; t: number; state: Health }[] {
  return trace
    .ofType('health')
    .filter((e) => e.node === DEPENDENCY)
    .map((e) => ({ seq: e.seq, t: e.t, state: e.state as Health }));
}

/** The spans in which the dependency was in `state`: from the change into it to the next change. */
export function healthSpans(trace: Trace, state: Exclude<Health, 'up'>): Span[] {
  const spans: Span[] = [];
  let open: Span | undefined;
  for (const h of healthChanges(trace)) {
    if (h.state === state && !open) open = { startSeq: h.seq, start: h.t, end: Infinity, endSeq: undefined };
    else if (h.state !== state && open) {
      open.end = h.t;
      open.endSeq = h.seq;
      spans.push(open);
      open = undefined;
    }
  }
  if (open) spans.push(open);
  return spans;
}

/** The spans in which the dependency answered nothing. */
export const downSpans = (trace: Trace): Span[] => healthSpans(trace, 'down');

/** The breaker's changes of state, as the caller announced them. */
export function breakerChanges(trace: Trace): { seq: number; t: number; state: BreakerState }[] {
  return trace
    .ofType('breaker')
    .filter((e) => e.node === CALLER)
    .map((e) => ({ seq: e.seq, t: e.t, state: e.state as BreakerState }));
}

/** The pool after each change: slots busy and requests waiting for one. */
export function poolOverTime(
  trace: Trace,
): { seq: number; t: number; inUse: number; size: number; waiting: number }[] {
  return trace
    .ofType('pool')
    .filter((e) => e.node === CALLER)
    .map((e) => ({
      seq: e.seq,
      t: e.t,
      inUse: Number(e.inUse),
      size: Number(e.size),
      waiting: Number(e.waiting),
    }));
}

/** Trial requests of the breaker and their outcomes. */
export function trials(trace: Trace): { seq: number; t: number; ok: boolean }[] {
  return trace
    .ofType('outcome')
    .filter((o) => o.from === CALLER && o.op === 'probe')
    .map((o) => ({ seq: o.seq, t: o.t, ok: o.result === 'success' }));
}

// ---------------------------------------------------------------- the challenges

const BREAKER_LABEL = 'Circuit breaker';

/** The breaker is off in a run that has begun (the step's start settings may not have arrived at 0 ms). */
function breakerOff(trace: Trace, params: { readonly breaker: boolean }): boolean {
  return !params.breaker && clientRequests(trace).length > 0;
}

function exhaust(trace: Trace): ChallengeResult {
  const full = trace.ofType('queued').filter((e) => e.node === CALLER);
  if (full.length === 0)
    return {
      met: false,
      missing: 'the pool has never been full: press "Slow the dependency" and let it run',
    };
  const first = full[0]!;
  const late = clientRequests(trace).filter((r) => r.result === 'unknown' && r.seq > first.seq);
  if (late.length === 0)
    return {
      met: false,
      evidence: [first.seq],
      missing: 'the pool is full, but no client has run out of time yet: let it run',
    };
  return {
    met: true,
    evidence: [first.seq, ...late.slice(0, 3).map((r) => r.outcomeSeq!)],
    detail: `all ${String(first.size)} slots were busy and ${plural(late.length, 'client request')} ran out of time waiting`,
  };
}

/** The breaker has not opened: it still may, unless the dependency came back too soon for it to. */
function notOpenYet(spans: readonly Span[]): ChallengeResult {
  return {
    met: false,
    missing: spans.some((sp) => sp.endSeq !== undefined)
      ? 'the dependency came back before the breaker opened, so it may never open: restart the step and wait until the breaker is open before you bring the dependency back'
      : 'the breaker has not opened yet: let it run',
  };
}

function failFast(trace: Trace, params: { readonly breaker: boolean }): ChallengeResult {
  if (breakerOff(trace, params))
    return { met: false, missing: `the caller has no breaker: turn on "${BREAKER_LABEL}"` };
  const spans = downSpans(trace);
  // Before Play the step's scheduled outage has not happened yet: say what to do, not what to press.
  if (spans.length === 0 && clientRequests(trace).length === 0)
    return params.breaker
      ? { met: false, missing: 'press Play and watch the pool while the dependency is down' }
      : { met: false, missing: `the caller has no breaker yet: turn on "${BREAKER_LABEL}", then press Play` };
  if (spans.length === 0)
    return { met: false, missing: 'the dependency is up: press "Take the dependency down"' };
  const opened = breakerChanges(trace).find((b) => b.state === 'open' && b.t >= spans[0]!.start);
  if (!opened) return notOpenYet(spans);
  const span = spans.find((sp) => sp.end > opened.t)!;
  if (!span) return { met: false, missing: 'the dependency came back before the breaker opened' };
  const after = clientRequests(trace).filter(
    (r) => r.seq > opened.seq && r.t < span.end && r.result !== 'waiting',
  );
  const late = after.filter((r) => r.result === 'unknown');
  if (late.length > 0)
    return {
      met: false,
      evidence: [opened.seq, late[0]!.outcomeSeq!],
      missing: 'a client ran out of time after the breaker opened',
    };
  if (after.length < FAST_WHILE_DOWN)
    return {
      met: false,
      evidence: [opened.seq],
      missing: `the breaker is open: ${plural(after.length, 'request')} answered in time so far; let it run to ${FAST_WHILE_DOWN}`,
    };
  return {
    met: true,
    evidence: [span.startSeq, opened.seq, ...after.slice(0, 3).map((r) => r.outcomeSeq!)],
    detail: `once the breaker opened, all ${plural(after.length, 'request')} got an answer within the budget, while the dependency was down`,
  };
}

function closeAgain(trace: Trace, params: { readonly breaker: boolean }): ChallengeResult {
  if (breakerOff(trace, params))
    return { met: false, missing: `the caller has no breaker: turn on "${BREAKER_LABEL}"` };
  const changes = breakerChanges(trace);
  const spans = downSpans(trace);
  const opened = changes.find((b) => b.state === 'open');
  if (!opened) return notOpenYet(spans);
  const ended = spans.filter((sp) => sp.endSeq !== undefined);
  if (ended.length === 0)
    return {
      met: false,
      evidence: [opened.seq],
      missing: 'the breaker is open and the dependency is still down: press "Bring the dependency back"',
    };
  // A come-back counts even just before the breaker opened: calls already waiting still open it,
  // and the trial after the cool-down closes it all the same.
  const closeAfter = (sp: Span) =>
    changes.find((b) => b.state === 'closed' && b.seq > Math.max(sp.endSeq!, opened.seq));
  const back = ended.find((sp) => closeAfter(sp)) ?? ended[0]!;
  const closed = closeAfter(back);
  if (!closed)
    return {
      met: false,
      evidence: [back.endSeq!],
      missing: 'the dependency is back; the breaker waits for its next trial request: let it run',
    };
  const trial = trials(trace)
    .filter((p) => p.ok && p.seq < closed.seq)
    .at(-1);
  const served = clientRequests(trace).find(
    (r) => r.seq > closed.seq && r.result === 'success' && r.outcomeSeq !== undefined,
  );
  if (!served)
    return {
      met: false,
      evidence: [closed.seq],
      missing: 'the breaker closed; waiting for a client request to be answered through it: let it run',
    };
  return {
    met: true,
    evidence: [back.endSeq!, ...(trial ? [trial.seq] : []), closed.seq, served.outcomeSeq!],
    detail: `a trial request succeeded ${Math.round(closed.t - back.end)} ms after the dependency came back, and the breaker closed`,
  };
}

// ---------------------------------------------------------------- the guide

export default defineGuide({
  events,
  id: 'circuit-breaker',
  title: 'Fail fast instead of failing slowly',
  summary: 'A caller waits on a dying service until a breaker fails fast and probes for recovery.',
  keyStep: 'fail-fast',
  principle:
    'Waiting on a service that does not answer ties up your own resources; stop calling it for a while and say no at once',
  part: 3,
  order: 9,
  minutes: 8,
  durationMs: 15_000,
  defaultSeed: 1,
  params: {
    poolSize: {
      kind: 'number',
      label: 'Pool size',
      description:
        'How many calls to the dependency the caller can have in flight at once. Others wait for a slot.',
      unit: 'count',
      min: 1,
      max: 16,
      step: 1,
      default: 4,
    },
    budgetMs: {
      kind: 'number',
      label: 'Latency budget',
      description: "How long the caller's clients wait for an answer before they give up.",
      unit: 'ms',
      min: 200,
      max: 2000,
      step: 50,
      default: 500,
    },
    breaker: {
      kind: 'boolean',
      label: BREAKER_LABEL,
      description: `After ${FAILURE_THRESHOLD} failed calls within ${WINDOW_MS / 1000} s the caller stops calling the dependency and answers at once with an error; after ${COOL_DOWN_MS / 1000} s it tries one request.`,
      default: false,
    },
  },
  nodeNames: () => [CLIENTS, CALLER, DEPENDENCY],
  interventions: [
    {
      kind: 'signal',
      node: DEPENDENCY,
      signal: 'go-slow',
      label: 'Slow the dependency',
      did: `slowed the dependency to ${SLOW_WORK_MS} ms for each request`,
      description: `The dependency takes ${SLOW_WORK_MS} ms for each request instead of ${WORK_MS} ms.`,
    },
    {
      kind: 'signal',
      node: DEPENDENCY,
      signal: 'go-down',
      label: 'Take the dependency down',
      did: 'took the dependency down: it answers nothing',
      description:
        'The dependency hangs: requests reach it and get no answer, so calls wait until they time out.',
    },
    {
      kind: 'signal',
      node: DEPENDENCY,
      signal: 'come-back',
      label: 'Bring the dependency back',
      did: `brought the dependency back: it answers in ${WORK_MS} ms again`,
      description: `The dependency is healthy again: it answers each request in ${WORK_MS} ms.`,
    },
  ],
  fix: {
    param: 'breaker',
    label: BREAKER_LABEL,
    description:
      'A statechart on the caller: closed lets calls through and counts failures; open answers at once with an error; half-open sends one trial request.',
  },
  steps: [
    {
      id: 'exhaust',
      title: 'A slow dependency fills the pool',
      text:
        'The caller answers its clients ten times a second. For each request it calls the dependency, ' +
        'using one of 4 slots; when all are busy, the next request waits. Its clients wait 500 ms at most. ' +
        'Slow the dependency and watch the pool in the readout.',
      hint: 'Press "Slow the dependency" and let it run.',
      notes:
        "Little's law: busy slots = arrival rate × time per call. 10 a second × 0.7 s is 7 slots, and there are 4. The queue grows and every client waits longer than its budget, although the dependency never fails a single call.",
      challenge: exhaust,
      solution: { interventions: [{ at: 1000, kind: 'signal', node: DEPENDENCY, signal: 'go-slow' }] },
    },
    {
      id: 'fail-fast',
      title: 'Fail fast while it is down',
      text:
        'The dependency goes down at 1 s. Each call now waits its full second and then times out, so the pool ' +
        "fills and the caller's clients time out too: the failure spreads upstream. Turn on the circuit " +
        'breaker and watch its states in the readout.',
      hint: 'Turn on "Circuit breaker" and play.',
      notes:
        'The breaker notices the failures and stops calling: the caller answers "no" at once instead of "no" after a second. Its clients get a fast error they can act on (a fallback, a cached answer), and the pool stays free.',
      start: { interventions: [{ at: 1000, kind: 'signal', node: DEPENDENCY, signal: 'go-down' }] },
      predictions: [
        {
          id: 'wait-while-down',
          askAtMs: 1500,
          question:
            'The dependency has been down for half a second. How does the next request of a client end, with no breaker?',
          answers: ['It waits its whole 500 ms and gives up', 'It gets an error at once'],
          right: 0,
          reveal: (trace) => {
            const next = clientRequests(trace).find((r) => r.t >= 1500 && r.result !== 'waiting');
            if (!next || next.outcomeSeq === undefined) return null;
            const late = next.result === 'unknown';
            return {
              answer: late ? 0 : 1,
              seq: next.outcomeSeq,
              why: late
                ? 'The caller does not know the dependency is down: it waits for a slot and for the call, longer than the budget.'
                : 'The breaker was open, so the caller answered with an error straight away.',
            };
          },
        },
      ],
      challenge: failFast,
      solution: {
        params: { breaker: true },
        interventions: [{ at: 1000, kind: 'signal', node: DEPENDENCY, signal: 'go-down' }],
      },
    },
    {
      id: 'close-again',
      title: 'The breaker closes again',
      text:
        'The breaker is on. The dependency slows at 1 s and goes down at 2.5 s; the breaker opens. Every ' +
        `${COOL_DOWN_MS / 1000} s it goes half-open and sends one trial request. Bring the dependency back ` +
        'and watch a trial succeed and the breaker close.',
      hint: 'Wait until the breaker is open, then press "Bring the dependency back".',
      notes:
        'Half-open is how the breaker finds out without flooding the dependency: one request, not all of them. A failed trial opens it again for another cool-down.',
      start: {
        params: { breaker: true },
        interventions: [
          { at: 1000, kind: 'signal', node: DEPENDENCY, signal: 'go-slow' },
          { at: 2500, kind: 'signal', node: DEPENDENCY, signal: 'go-down' },
        ],
      },
      challenge: closeAgain,
      solution: {
        params: { breaker: true },
        interventions: [
          { at: 1000, kind: 'signal', node: DEPENDENCY, signal: 'go-slow' },
          { at: 2500, kind: 'signal', node: DEPENDENCY, signal: 'go-down' },
          { at: 6000, kind: 'signal', node: DEPENDENCY, signal: 'come-back' },
        ],
      },
    },
  ],
});
