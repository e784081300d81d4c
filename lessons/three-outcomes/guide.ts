/**
 * Lesson 1, the guide: a remote call has three outcomes. A client asks a payment server to charge a
 * card; the client sees success, failure or unknown, while the server's `effect` events record what
 * really happened. The challenges read both sides of the trace and show that "unknown" covers both
 * truths.
 *
 * This file is what the page loads (the words, parameters, interventions, steps and their
 * challenges); the nodes' behaviours and the scenario are in lesson.ts, which only the simulation
 * needs.
 */
import { defineGuide, outcomesWithTruth, type ChallengeResult } from '../../src/engine/lesson.ts';
import type { Trace } from '../../src/engine/trace.ts';

export const CLIENT = 'client';
export const SERVER = 'server';

// ---------------------------------------------------------------- reading the truth

/**
 * Calls the server will never apply, each with the event that settles it: the request died on the
 * way, the server answered "declined", or it crashed while holding the request. A call the server
 * is still working on is in neither set: its truth is not known yet, even to the server.
 */
export function settledNotApplied(trace: Trace): Map<number, { seq: number; why: string }> {
  const out = new Map<number, { seq: number; why: string }>();
  const holding = new Map<number, number>(); // call → seq of the request's delivery to the server
  for (let s = 0; s < trace.length; s++) {
    const ev = trace.get(s);
    if (ev.type === 'drop' && ev.from === CLIENT && ev.call !== undefined) {
      out.set(ev.call, { seq: s, why: 'the request was lost on the way' });
    } else if (ev.type === 'deliver' && ev.node === SERVER && ev.from === CLIENT && ev.call !== undefined) {
      holding.set(ev.call, s);
    } else if (ev.type === 'send' && ev.node === SERVER && ev.call !== undefined) {
      holding.delete(ev.call);
      if (ev.label.endsWith(':error')) out.set(ev.call, { seq: s, why: 'the server declined it' });
    } else if (ev.type === 'crash' && ev.node === SERVER) {
      for (const call of holding.keys()) out.set(call, { seq: s, why: 'the server crashed before doing it' });
      holding.clear();
    }
  }
  return out;
}

/** What to do when no call has ended as `result`, in words that say what the trace has so far. */
const MAKE: Record<'failure' | 'unknown', string> = {
  failure: 'press "Reply with an error next", then "Pay"',
  unknown: 'drop the next response or slow the server past the deadline, then press "Pay"',
};

/** "no payment has ended yet" or "2 payments so far, both success". */
function soFar(trace: Trace): string {
  const outcomes = trace.ofType('outcome');
  if (outcomes.length === 0) return 'no payment has ended yet';
  const results = [...new Set(outcomes.map((o) => o.result))].join(' or ');
  return `${outcomes.length} payment${outcomes.length === 1 ? '' : 's'} so far (${results})`;
}

function firstOutcome(trace: Trace, result: 'failure' | 'unknown'): ChallengeResult {
  const found = trace.ofType('outcome').find((o) => o.result === result);
  if (!found) return { met: false, missing: `${soFar(trace)}: ${MAKE[result]}` };
  return { met: true, evidence: [found.seq], detail: `call ${found.call}: ${result} (${found.reason})` };
}

// ---------------------------------------------------------------- the guide

export default defineGuide({
  id: 'three-outcomes',
  title: 'Three outcomes',
  summary: 'A client charges a card on a payment server and learns that "no answer" is an answer of its own.',
  keyStep: 'unknown-applied',
  principle: 'A remote call has three outcomes',
  part: 1,
  order: 1,
  minutes: 6,
  durationMs: 10_000,
  defaultSeed: 1,
  params: {
    requestLoss: {
      kind: 'number',
      label: 'Request loss',
      description: 'The chance that a request from the client to the server is lost.',
      unit: 'probability',
      min: 0,
      max: 1,
      step: 0.05,
      default: 0,
    },
    responseLoss: {
      kind: 'number',
      label: 'Response loss',
      description: 'The chance that a reply from the server to the client is lost.',
      unit: 'probability',
      min: 0,
      max: 1,
      step: 0.05,
      default: 0,
    },
    serverDelayMs: {
      kind: 'number',
      label: 'Server time',
      formerNames: ['serverDelay'],
      description: 'How long the server works on a payment before it charges and replies.',
      unit: 'ms',
      min: 0,
      max: 3000,
      step: 50,
      default: 200,
    },
    deadlineMs: {
      kind: 'number',
      label: 'Deadline',
      formerNames: ['deadline'],
      description: 'How long the client waits for a reply before it gives up.',
      unit: 'ms',
      min: 100,
      max: 5000,
      step: 100,
      default: 1000,
    },
    errorRate: {
      kind: 'number',
      label: 'Decline rate',
      description:
        'The chance that the server declines a payment: it replies with an error and charges nothing.',
      unit: 'probability',
      min: 0,
      max: 1,
      step: 0.05,
      default: 0,
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
      description: 'The client asks the server to charge the card once more.',
      startsWork: true,
    },
    {
      kind: 'drop-next',
      from: CLIENT,
      to: SERVER,
      label: 'Drop the next request',
      description: 'The next message from the client to the server never arrives.',
    },
    {
      kind: 'drop-next',
      from: SERVER,
      to: CLIENT,
      label: 'Drop the next response',
      description: 'The next reply from the server to the client never arrives.',
    },
    {
      kind: 'signal',
      node: SERVER,
      signal: 'slow-next',
      label: 'Slow the server past the deadline',
      description: 'The next payment takes the server longer than the client is willing to wait.',
    },
    {
      kind: 'signal',
      node: SERVER,
      signal: 'error-next',
      label: 'Reply with an error next',
      did: 'made the server answer the next request with an error',
      description: 'The server declines the next payment and charges nothing.',
    },
    {
      kind: 'crash',
      node: SERVER,
      label: 'Crash the server',
      description: 'The server stops. Work it was in the middle of is lost.',
    },
    {
      kind: 'recover',
      node: SERVER,
      label: 'Recover the server',
      description: 'The server starts again, with its ledger intact.',
    },
  ],
  steps: [
    {
      id: 'failure',
      title: 'A call that fails',
      text:
        'The client sends the payment server a message: "charge this card". Then it waits for a reply. ' +
        'Sometimes the reply is a clear no: the card was declined, or the server is down and turns the ' +
        'connection away. That is a failure, and the client knows for sure that no money moved.',
      hint: 'Press "Reply with an error next" and then "Pay". Crashing the server before paying works too.',
      notes:
        "Start here: ask the room what the client knows after a clear 'no'. It knows everything: no money moved. Point at the red outcome in the calls panel and the empty ledger on the server. This is the easy case, and the only one a single program ever has.",
      predictions: [
        {
          id: 'first-payment',
          askAtMs: 450,
          question: 'The client is about to ask the server to charge the card. What will the client see?',
          answers: ['Success: the card was charged', 'Failure: a clear no', 'Unknown: no answer in time'],
          right: 0,
          reveal: (trace) => {
            const o = trace.ofType('outcome')[0];
            if (!o) return null;
            const answer = ['success', 'failure', 'unknown'].indexOf(o.result);
            const why =
              o.result === 'success'
                ? 'Nothing went wrong on the way: the reply came back before the deadline.'
                : o.result === 'failure'
                  ? 'The server said no (or turned the call away), so the client knows no money moved.'
                  : 'No reply came before the deadline, so the client cannot know what the server did.';
            return { answer, seq: o.seq, why };
          },
        },
      ],
      challenge: (trace) => firstOutcome(trace, 'failure'),
      solution: { interventions: [{ at: 100, kind: 'signal', node: SERVER, signal: 'error-next' }] },
    },
    {
      id: 'unknown',
      title: 'A call with no answer',
      text:
        'The client will not wait forever. When its deadline passes with no reply, it stops waiting. ' +
        'It did not hear yes and it did not hear no. The outcome is unknown, and this third case is ' +
        'the one a program running on a single machine never meets.',
      hint: 'Drop the next response, or slow the server past the deadline, and then press "Pay".',
      notes:
        'Ask before pressing anything: if no reply comes, was the card charged? Let people commit to an answer. Then drop the response or slow the server, and show the deadline passing: the client gives up without knowing. Stress that waiting longer does not turn unknown into known.',
      challenge: (trace) => firstOutcome(trace, 'unknown'),
      solution: { interventions: [{ at: 100, kind: 'signal', node: SERVER, signal: 'slow-next' }] },
    },
    {
      id: 'unknown-applied',
      title: 'Unknown, yet charged',
      text:
        'Now look at the server as well as the client. A call can end as unknown for the client while ' +
        'the server did charge the card: the reply got lost, or it arrived after the client had stopped ' +
        'waiting. The money moved and the client cannot tell.',
      hint: 'Press "Drop the next response" and then "Pay". Compare the client\'s outcome with the server\'s ledger.',
      notes:
        "The key moment of the lesson. Show the client's column (unknown) beside the server's ledger (charged). The client cannot see the right-hand column; only we can, because the simulation shows ground truth. Ask: what would you do next as the client? Most will say retry; that sets up the idempotency lesson.",
      challenge: (trace) => {
        const unknowns = outcomesWithTruth(trace).filter((o) => o.result === 'unknown');
        const hit = unknowns.find((o) => o.applied);
        if (!hit)
          return {
            met: false,
            missing: unknowns.length
              ? `call ${unknowns[0]!.call} ended unknown, and the server has not charged the card: drop the next response instead, then press "Pay"`
              : `${soFar(trace)}: press "Drop the next response", then "Pay"`,
          };
        return {
          met: true,
          evidence: [hit.outcomeSeq, hit.effectSeq!],
          detail: `call ${hit.call}: unknown to the client, and the server charged the card`,
        };
      },
      solution: { interventions: [{ at: 100, kind: 'drop-next', from: SERVER, to: CLIENT }] },
    },
    {
      id: 'unknown-not-applied',
      title: 'Unknown, and not charged',
      text:
        'Make another unknown, this time with the opposite truth: the request never reached the server, ' +
        "so nothing was charged. On the client's side it looks exactly like the last one. From there, " +
        'both cases are the same silence.',
      hint: 'Press "Drop the next request" and then "Pay".',
      notes:
        'Same outcome for the client as the last step, opposite truth on the server. Put the two runs side by side in words: the client saw the same thing both times. That is why the unknown outcome cannot be resolved by looking harder, only by asking the server again or by making the request safe to repeat.',
      challenge: (trace) => {
        const settled = settledNotApplied(trace);
        const unknowns = outcomesWithTruth(trace).filter((o) => o.result === 'unknown');
        const hit = unknowns.find((o) => !o.applied && settled.has(o.call));
        if (!hit)
          return {
            met: false,
            missing: unknowns.length
              ? `call ${unknowns[0]!.call} ended unknown, but the server ${unknowns[0]!.applied ? 'charged the card' : 'still holds the request and may yet charge it'}: drop the next request instead, so it never arrives, then press "Pay"`
              : `${soFar(trace)}: press "Drop the next request", then "Pay"`,
          };
        const why = settled.get(hit.call)!;
        return {
          met: true,
          evidence: [why.seq, hit.outcomeSeq],
          detail: `call ${hit.call}: unknown to the client, and nothing was charged: ${why.why}`,
        };
      },
      solution: { interventions: [{ at: 100, kind: 'drop-next', from: CLIENT, to: SERVER }] },
    },
  ],
});
