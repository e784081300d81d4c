/**
 * Lesson 8, the guide: retries without idempotency charge twice. A client retries a payment whose
 * outcome is unknown, reusing the payment's logical request id on every try. Without the fix the
 * server charges every copy it receives; with it, the server keeps the first answer per request id
 * and sends that again. The challenges read the server's `effect` events for double charges.
 *
 * This file is what the page loads (the words, parameters, interventions, steps and their
 * challenges); the retrying client's statechart, the server and the scenario are in lesson.ts, which
 * only the simulation needs.
 */
import events from './events.ts';
import { defineGuide, doubleApplications, type ChallengeResult } from '../../src/engine/lesson.ts';
import type { Trace } from '../../src/engine/trace.ts';
import { plural } from '../../src/engine/words.ts';

export const CLIENT = 'client';
export const SERVER = 'server';
/** "1 retry", "3 retries". */

/** A storm needs this much response loss and this many retries. */
const STORM_LOSS = 0.5;
const STORM_RETRIES = 3;

/** A number parameter's value (the behaviours in lesson.ts read theirs with it too). */

// ---------------------------------------------------------------- reading the trace

/** Tries that repeat a request the server had already charged by the time the repeat reached it. */
export function repeatsAfterCharge(trace: Trace): { call: number; request: number; seq: number }[] {
  const requestOfCall = new Map<number, number>();
  const charged = new Set<number>();
  const out: { call: number; request: number; seq: number }[] = [];
  for (let s = 0; s < trace.length; s++) {
    const ev = trace.get(s);
    if (ev.type === 'call') requestOfCall.set(ev.call, ev.request);
    else if (ev.type === 'effect') charged.add(ev.request);
    else if (ev.type === 'deliver' && ev.node === SERVER && ev.from === CLIENT && ev.call !== undefined) {
      const request = requestOfCall.get(ev.call);
      if (request !== undefined && charged.has(request)) out.push({ call: ev.call, request, seq: s });
    }
  }
  return out;
}

function doubleCharge(trace: Trace): ChallengeResult {
  const doubles = doubleApplications(trace);
  const first = doubles[0];
  if (!first)
    return {
      met: false,
      missing: trace.ofType('call').length
        ? 'every payment so far was charged at most once: press "Drop the next response", then "Pay", and let the client retry'
        : 'no payment yet: press "Drop the next response", then "Pay"',
    };
  return {
    met: true,
    evidence: doubles.flatMap((d) => d.seqs),
    detail: `payment request ${first.request} was charged ${first.seqs.length} times`,
  };
}

function safeStorm(
  trace: Trace,
  params: { readonly idempotencyKey: boolean; readonly retries: number; readonly responseLoss: number },
): ChallengeResult {
  if (params.idempotencyKey !== true)
    return { met: false, missing: 'the idempotency key is off: turn it on' };
  if (params.retries < STORM_RETRIES) {
    const retries = params.retries;
    return {
      met: false,
      missing: `${plural(retries, 'retry', 'retries')} ${retries === 1 ? 'is' : 'are'} not a storm: set Retries to ${STORM_RETRIES} or more`,
    };
  }
  if (params.responseLoss < STORM_LOSS) {
    return {
      met: false,
      missing: `with response loss at ${params.responseLoss}, too few replies are lost for a storm: set it to ${STORM_LOSS} or more`,
    };
  }
  const doubles = doubleApplications(trace);
  if (doubles.length > 0) {
    return {
      met: false,
      evidence: doubles[0]!.seqs,
      missing: `payment request ${doubles[0]!.request} was charged twice`,
    };
  }
  // Without a repeat that reached the server after the charge, the key had nothing to prove.
  const repeats = repeatsAfterCharge(trace);
  if (repeats.length === 0)
    return {
      met: false,
      missing: 'no retry has reached the server after its payment was charged yet: let it run',
    };
  const requests = new Set(repeats.map((r) => r.request));
  return {
    met: true,
    evidence: repeats.map((r) => r.seq),
    detail: `${plural(repeats.length, 'retry', 'retries')} reached the server after their payment was charged; every payment was charged once (${plural(requests.size, 'payment', 'payments')} retried)`,
  };
}

// ---------------------------------------------------------------- the guide

export default defineGuide({
  events,
  id: 'idempotency',
  title: 'Retries and idempotency',
  summary:
    'A client that retries after silence charges a card twice, until each payment carries an id the server remembers.',
  principle: 'Retrying is necessary, and safe only when repeating an operation changes nothing',
  part: 3,
  order: 8,
  minutes: 7,
  durationMs: 12_000,
  defaultSeed: 1,
  params: {
    responseLoss: {
      kind: 'number',
      label: 'Response loss',
      description: 'The chance that a reply from the server to the client is lost.',
      unit: 'probability',
      min: 0,
      max: 0.95,
      step: 0.05,
      default: 0,
    },
    retries: {
      kind: 'number',
      label: 'Retries',
      description: 'How many more times the client tries a payment whose outcome is unknown.',
      unit: 'count',
      min: 0,
      max: 6,
      step: 1,
      default: 2,
    },
    idempotencyKey: {
      kind: 'boolean',
      label: 'Idempotency key',
      description:
        'The server remembers its answer for each payment id and repeats it instead of charging again.',
      default: false,
    },
  },
  nodeNames: () => [CLIENT, SERVER],
  interventions: [
    {
      kind: 'signal',
      node: CLIENT,
      signal: 'pay',
      label: 'Pay',
      did: 'started a payment',
      description: 'The client starts one more payment.',
      startsWork: true,
    },
    {
      kind: 'drop-next',
      from: SERVER,
      to: CLIENT,
      label: 'Drop the next response',
      description: 'The next reply from the server to the client never arrives.',
    },
    {
      kind: 'crash',
      node: SERVER,
      label: 'Crash the server',
      description: 'The server stops; requests that reach it are refused.',
    },
    {
      kind: 'recover',
      node: SERVER,
      label: 'Recover the server',
      description: 'The server starts again with its ledger from disk.',
    },
  ],
  fix: {
    param: 'idempotencyKey',
    label: 'Idempotency key',
    description:
      'Every try of one payment carries the same id. The server saves the answer it gave the first time and ' +
      'sends that answer to any repeat, without charging again.',
  },
  steps: [
    {
      id: 'double-charge',
      title: 'Charged twice',
      text:
        'This client does not accept silence. When a payment ends with no reply, it waits a moment and ' +
        'sends the same payment again. If the first try was lost on the way, that is exactly right. If ' +
        'only the reply was lost, the server already took the money, and the retry takes it a second time.',
      hint: 'Press "Drop the next response" and then "Pay". Watch the server\'s ledger.',
      notes:
        'Drop the response and let the client retry. The server charges twice: the first charge happened, only its reply was lost. Point at the ledger. Ask: was the retry wrong? No; without retries the unknown outcome stays unknown. The server has to make repeats safe.',
      predictions: [
        {
          id: 'first-charge',
          askAtMs: 450,
          question: 'The first payment is about to go out. How many times will the server charge it?',
          answers: ['Once', 'Twice or more', 'Not at all'],
          right: 0,
          reveal: (trace) => {
            const first = trace.ofType('call')[0];
            if (!first) return null;
            const outcomes = trace.ofType('outcome').filter((o) => o.request === first.request);
            const settled =
              outcomes.find((o) => o.result === 'success') ??
              (outcomes.length > 3 ? outcomes.at(-1) : undefined);
            if (!settled) return null;
            const charges = trace
              .ofType('effect')
              .filter((e) => e.request === first.request && e.op === 'charge').length;
            const answer = charges === 1 ? 0 : charges > 1 ? 1 : 2;
            const why =
              charges > 1
                ? 'A reply was lost, the client tried again, and the server charged the repeat as a new payment.'
                : charges === 1
                  ? 'The server charged it once: no reply went missing, so there was nothing to retry.'
                  : 'The request never reached the server, so nothing was charged.';
            return { answer, seq: settled.seq, why };
          },
        },
      ],
      challenge: (trace) => doubleCharge(trace),
      solution: { interventions: [{ at: 100, kind: 'drop-next', from: SERVER, to: CLIENT }] },
    },
    {
      id: 'safe-storm',
      title: 'A storm of retries, one charge each',
      text:
        'Turn on the idempotency key. Every try of a payment now carries the same id, and the server ' +
        'writes down what it answered for each id. A repeat gets the saved answer back and the card is ' +
        'left alone. Make the network lose most replies so the client retries again and again, and check ' +
        'that no payment is charged twice.',
      hint: `Turn on the idempotency key, set response loss to ${STORM_LOSS} or more and retries to ${STORM_RETRIES} or more, and let it run.`,
      notes:
        'Turn on the idempotency key: every try of a payment carries the same id, and the server replies to a repeat with the first answer. Raise loss and retries into a storm; the readout shows one charge per payment. Mention that the key must be stored with the charge, in the same transaction.',
      challenge: safeStorm,
      solution: { params: { idempotencyKey: true, responseLoss: 0.7, retries: 4 }, interventions: [] },
    },
  ],
});
