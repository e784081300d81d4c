/**
 * Lesson 10, the guide: decoupling stops a partial failure from cascading. Service A serves its own
 * clients and needs service B for each request. Called directly, B's crash fails A's requests too.
 * With the queue on, A only appends an event to a durable queue and answers at once; B consumes the
 * events when it can, so the backlog grows while B is down and drains after. The queue delivers at
 * least once: a B that crashes after processing but before acknowledging gets the event again and,
 * without the fix (an idempotent consumer that remembers processed event ids), processes it twice.
 *
 * This file is what the page loads; the behaviours and the scenario are in lesson.ts.
 */
import events from './events.ts';
import { defineGuide, type ChallengeResult } from '../../src/engine/lesson.ts';
import type { Trace } from '../../src/engine/trace.ts';
import { plural } from '../../src/engine/words.ts';

export const A = 'a';
export const QUEUE = 'queue';
export const B = 'b';

/** A must stay up for this many of its clients' requests while B is down. */
const UP_WHILE_DOWN = 5;

// ---------------------------------------------------------------- reading the trace

export interface Span {
  startSeq: number;
  start: number;
  /** Infinity while B is still down. */
  end: number;
  endSeq: number | undefined;
}

/** The spans in which B was crashed (by the button). */
export function downSpans(trace: Trace): Span[] {
  const spans: Span[] = [];
  let open: Span | undefined;
  for (let s = 0; s < trace.length; s++) {
    const ev = trace.get(s);
    if (ev.node !== B) continue;
    if (ev.type === 'crash' && !open) open = { startSeq: s, start: ev.t, end: Infinity, endSeq: undefined };
    else if (ev.type === 'recover' && open) {
      open.end = ev.t;
      open.endSeq = s;
      spans.push(open);
      open = undefined;
    }
  }
  if (open) spans.push(open);
  return spans;
}

/** A's answers to its clients: one outcome per request, ok or failed, in time order. */
export function answersOfA(trace: Trace): { seq: number; t: number; ok: boolean }[] {
  return trace
    .ofType('outcome')
    .filter((o) => o.from === A)
    .map((o) => ({ seq: o.seq, t: o.t, ok: o.result === 'success' }));
}

/** Events B processed more than once (ground truth: B's `processed` and `processed-again`). */
export function duplicates(trace: Trace): { event: number; seqs: number[] }[] {
  const all = [...trace.ofType('processed'), ...trace.ofType('processed-again')].sort(
    (x, y) => x.seq - y.seq,
  );
  const byEvent = new Map<number, number[]>();
  for (const ev of all) {
    const id = Number(ev.event);
    byEvent.set(id, [...(byEvent.get(id) ?? []), ev.seq]);
  }
  return [...byEvent.entries()]
    .filter(([, seqs]) => seqs.length > 1)
    .map(([event, seqs]) => ({ event, seqs }));
}

/** The backlog (events stored but not yet acknowledged) after each queue event, in trace order. */
export function backlogOverTime(trace: Trace): { t: number; depth: number; seq: number }[] {
  return [...trace.ofType('enqueued'), ...trace.ofType('acked')]
    .filter((ev) => ev.node === QUEUE)
    .sort((x, y) => x.seq - y.seq)
    .map((ev) => ({ t: ev.t, depth: Number(ev.backlog), seq: ev.seq }));
}

/**
 * The queue is off in a run that has begun. Before A's first answer the step's own start settings
 * may not have reached the challenge yet, so a step that starts with the queue on does not tell the
 * learner to turn it on at 0 ms.
 */
function queueOff(trace: Trace, params: { readonly viaQueue: boolean }): boolean {
  return !params.viaQueue && answersOfA(trace).length > 0;
}

function whileDown(answers: ReturnType<typeof answersOfA>, spans: Span[]) {
  return answers.filter((a) => spans.some((sp) => a.t > sp.start && a.t < sp.end));
}

function cascade(trace: Trace, params: { readonly viaQueue: boolean }): ChallengeResult {
  if (params.viaQueue) return { met: false, missing: 'the queue is on: turn it off so A calls B directly' };
  const spans = downSpans(trace);
  if (spans.length === 0) return { met: false, missing: 'B has not crashed yet: press "Crash B"' };
  const failed = whileDown(answersOfA(trace), spans).filter((a) => !a.ok);
  if (failed.length === 0) return { met: false, missing: 'no request of A has failed yet: let it run' };
  return {
    met: true,
    evidence: [spans[0]!.startSeq, ...failed.slice(0, 3).map((f) => f.seq)],
    detail: `B crashed and ${plural(failed.length, 'request')} of A failed with it`,
  };
}

function upWhileDown(trace: Trace, params: { readonly viaQueue: boolean }): ChallengeResult {
  if (!params.viaQueue)
    return { met: false, missing: 'A still calls B directly: turn on "Queue between A and B"' };
  const spans = downSpans(trace);
  if (spans.length === 0) return { met: false, missing: 'B has not crashed yet: press "Crash B"' };
  const during = whileDown(answersOfA(trace), spans);
  const failed = during.filter((a) => !a.ok);
  if (failed.length > 0)
    return { met: false, evidence: [failed[0]!.seq], missing: `a request of A failed while B was down` };
  if (during.length < UP_WHILE_DOWN)
    return {
      met: false,
      missing: `A has answered ${plural(during.length, 'request')} while B was down; let it run to ${UP_WHILE_DOWN}`,
    };
  return {
    met: true,
    evidence: [spans[0]!.startSeq, ...during.slice(0, 3).map((a) => a.seq)],
    detail: `A answered all ${plural(during.length, 'request')} while B was down`,
  };
}

function drained(trace: Trace, params: { readonly viaQueue: boolean }): ChallengeResult {
  if (queueOff(trace, params))
    return { met: false, missing: 'A calls B directly: turn on "Queue between A and B"' };
  const spans = downSpans(trace);
  if (spans.length === 0) return { met: false, missing: 'B has not crashed yet: let it run' };
  const recovered = spans.find((sp) => sp.endSeq !== undefined);
  if (!recovered) return { met: false, missing: 'B is still down: press "Recover B"' };
  const backlog = backlogOverTime(trace);
  const peak = backlog.filter((b) => b.seq < recovered.endSeq!).reduce((m, b) => Math.max(m, b.depth), 0);
  if (peak < 2) return { met: false, missing: 'no backlog built up while B was down' };
  const empty = backlog.find((b) => b.seq > recovered.endSeq! && b.depth === 0);
  if (!empty) return { met: false, missing: `the backlog of ${peak} events has not drained yet: let it run` };
  return {
    met: true,
    evidence: [recovered.endSeq!, empty.seq],
    detail: `the backlog grew to ${peak} events while B was down and drained ${Math.round(empty.t - recovered.end)} ms after it recovered`,
  };
}

function duplicate(trace: Trace, params: { readonly viaQueue: boolean }): ChallengeResult {
  if (queueOff(trace, params))
    return { met: false, missing: 'A calls B directly: turn on "Queue between A and B"' };
  const dups = duplicates(trace);
  if (dups.length === 0)
    return {
      met: false,
      missing: 'B has processed no event twice yet: press "Crash B after its next event"',
    };
  return {
    met: true,
    evidence: dups.flatMap((d) => d.seqs),
    detail: `B processed event ${dups[0]!.event} twice`,
  };
}

function noDuplicate(
  trace: Trace,
  params: { readonly viaQueue: boolean; readonly idempotentConsumer: boolean },
): ChallengeResult {
  if (queueOff(trace, params))
    return { met: false, missing: 'A calls B directly: turn on "Queue between A and B"' };
  if (!params.idempotentConsumer)
    return { met: false, missing: 'the idempotent consumer is off: turn it on' };
  const dups = duplicates(trace);
  if (dups.length > 0)
    return { met: false, evidence: dups[0]!.seqs, missing: `B processed event ${dups[0]!.event} twice` };
  const skipped = trace.ofType('skipped-duplicate');
  if (skipped.length === 0)
    return {
      met: false,
      missing: 'no event has come to B a second time yet: press "Crash B after its next event"',
    };
  return {
    met: true,
    evidence: skipped.map((s) => s.seq),
    detail: `event ${String(skipped[0]!.event)} came to B again and B only acknowledged it`,
  };
}

// ---------------------------------------------------------------- the guide

export default defineGuide({
  events,
  id: 'event-driven',
  title: 'Decoupling stops partial failure from cascading',
  summary: 'A service goes down and takes its callers with it, until they leave events on a queue instead.',
  keyStep: 'drain',
  principle:
    'A caller that waits on another service fails with it; a durable queue lets each side fail alone',
  part: 3,
  order: 10,
  minutes: 8,
  durationMs: 15_000,
  defaultSeed: 1,
  params: {
    viaQueue: {
      kind: 'boolean',
      label: 'Queue between A and B',
      description:
        'A appends an event to a durable queue and answers its client at once; B takes the events from the queue.',
      default: false,
    },
    idempotentConsumer: {
      kind: 'boolean',
      label: 'Idempotent consumer',
      description: 'B remembers the id of every event it processed and does not process one twice.',
      default: false,
    },
  },
  nodeNames: () => [A, QUEUE, B],
  interventions: [
    { kind: 'crash', node: B, label: 'Crash B', description: 'Service B stops.' },
    {
      kind: 'recover',
      node: B,
      label: 'Recover B',
      description: 'Service B starts again, with what it wrote to disk.',
    },
    {
      kind: 'signal',
      node: B,
      signal: 'crash-before-ack',
      label: 'Crash B after its next event',
      did: 'set B to crash right after it processes its next event, before acknowledging it',
      description: 'B processes the next event from the queue, then crashes before it acknowledges it.',
    },
  ],
  fix: {
    param: 'idempotentConsumer',
    label: 'Idempotent consumer',
    description:
      'B writes the id of each event it processes, together with the work. An event that comes again is only acknowledged.',
  },
  steps: [
    {
      id: 'cascade',
      title: 'B goes down, and A with it',
      text:
        'Service A answers its own clients, several times a second. For each request it calls service B ' +
        'and waits for B\'s answer. Crash B and watch A: it has nothing to tell its clients but "failed".',
      hint: 'Press "Crash B" and let it run.',
      notes:
        'A direct call couples A to B: when B is down, A is down for its clients too. Point at the red failures on A right after the crash.',
      challenge: cascade,
      solution: { interventions: [{ at: 1000, kind: 'crash', node: B }] },
    },
    {
      id: 'decouple',
      title: 'A stays up while B is down',
      text:
        'Turn on the queue. Now A only appends an event ("a client asked for this") to a queue that keeps ' +
        'it on disk, and answers its client at once. B takes the events from the queue when it can. ' +
        'Crash B again and watch A.',
      hint: 'Turn on "Queue between A and B", press "Crash B", and let it run.',
      notes: "With the queue, A does not wait on B. B being down is B's problem only; A keeps answering.",
      challenge: upWhileDown,
      solution: { params: { viaQueue: true }, interventions: [{ at: 1000, kind: 'crash', node: B }] },
    },
    {
      id: 'drain',
      title: 'The backlog drains',
      text:
        'B has been down since the start, so events pile up in the queue: the backlog. Nothing is lost, ' +
        'only late. Bring B back and watch the backlog in the readout shrink to zero.',
      hint: 'Let the backlog grow for a moment, then press "Recover B".',
      notes: 'The backlog grows while B is down and drains after. The cost is delay, not failure.',
      start: { params: { viaQueue: true }, interventions: [{ at: 300, kind: 'crash', node: B }] },
      predictions: [
        {
          id: 'a-while-b-down',
          askAtMs: 1500,
          question: 'B has been down for more than a second. What does A tell the next client that asks?',
          answers: ['Done: A answers at once', 'Failed: A needs B and B is down'],
          right: 0,
          reveal: (trace) => {
            const next = answersOfA(trace).find((a) => a.t >= 1500);
            if (!next) return null;
            const why = next.ok
              ? 'A only appends the event to the queue, which is up, so it can answer without B.'
              : 'A could not hand the request on, so its client heard "failed".';
            return { answer: next.ok ? 0 : 1, seq: next.seq, why };
          },
        },
      ],
      challenge: drained,
      solution: {
        params: { viaQueue: true },
        interventions: [
          { at: 300, kind: 'crash', node: B },
          { at: 2500, kind: 'recover', node: B },
        ],
      },
    },
    {
      id: 'duplicate',
      title: 'At least once means sometimes twice',
      text:
        'The queue removes an event only when B acknowledges it. If B crashes after doing the work but ' +
        'before the acknowledgement, the queue delivers the event again, and B does the work twice. ' +
        'It is the retried payment again: see the lesson [Retries and idempotency](lesson:idempotency).',
      hint: 'Press "Crash B after its next event" and let it run.',
      notes:
        'The queue cannot tell "B never got it" from "B did it but never said so", so it redelivers. At-least-once delivery hands duplicates to the consumer.',
      start: { params: { viaQueue: true } },
      challenge: duplicate,
      solution: {
        params: { viaQueue: true },
        interventions: [{ at: 1000, kind: 'signal', node: B, signal: 'crash-before-ack' }],
      },
    },
    {
      id: 'idempotent',
      title: 'An idempotent consumer',
      text:
        'Turn on the idempotent consumer. B now writes down the id of every event it processes, with the ' +
        'work itself. When an event comes again, B sees its id, skips the work and only acknowledges it. ' +
        'Crash B after its next event again.',
      hint: 'Turn on "Idempotent consumer", press "Crash B after its next event", and let it run.',
      notes:
        'The consumer makes redelivery harmless: the id is stored with the work, so a repeat is recognised even after a crash.',
      start: { params: { viaQueue: true } },
      challenge: noDuplicate,
      solution: {
        params: { viaQueue: true, idempotentConsumer: true },
        interventions: [{ at: 1000, kind: 'signal', node: B, signal: 'crash-before-ack' }],
      },
    },
  ],
});
