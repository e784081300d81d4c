/**
 * Lesson 11, the guide: a saga. An order is created, stock is reserved, the card is charged and the
 * customer is notified, each by a call to another service. There is no transaction across them: when
 * a step fails, the orchestrator undoes the earlier ones with compensations (refund, release) and
 * cancels. An unknown outcome is the hard case: treated as a failure, it leaves a charged but
 * cancelled order. The fix resolves it by asking again with the same idempotency key, which every
 * service honours. `sagaLedger` reads the services' ground truth against the order's fate, for the
 * challenges and the readout.
 *
 * This file is what the page loads (the words, parameters, interventions, steps and their
 * challenges); the services, the orchestrator's XState machine and the scenario are in lesson.ts,
 * which only the simulation needs.
 */
import events from './events.ts';
import { defineGuide, type ChallengeResult } from '../../src/engine/lesson.ts';
import type { Trace } from '../../src/engine/trace.ts';

export const ORDERS = 'orders';
export const INVENTORY = 'inventory';
export const PAYMENT = 'payment';
export const NOTIFICATIONS = 'notifications';

/** The saga's steps: the forward ones and their compensations, each one service call. */
export type SagaStep = 'reserve' | 'charge' | 'notify' | 'refund' | 'release';

// ---------------------------------------------------------------- reading the trace

export type OrderStatus = 'running' | 'completed' | 'cancelled' | 'stuck';

export interface SagaLedger {
  status: OrderStatus;
  /** Seq of the `order` event that settled the status (undefined while running). */
  statusSeq: number | undefined;
  /** Effect seqs by operation: what each service really did. */
  effects: Record<SagaStep, number[]>;
  /** Stock held, money taken (charges minus refunds) and confirmations sent. */
  reserved: number;
  charged: number;
  notified: number;
  /** What is wrong with the end state, each with the effects that show it. */
  problems: { what: string; seqs: number[] }[];
  /** Finished, and every service's state agrees with the order's. */
  consistent: boolean;
}

/** The services' ground truth against the order's fate: is the end state consistent? */
export function sagaLedger(trace: Trace): SagaLedger {
  const effects: Record<SagaStep, number[]> = {
    reserve: [],
    charge: [],
    notify: [],
    refund: [],
    release: [],
  };
  for (const e of trace.ofType('effect')) if (e.op in effects) effects[e.op as SagaStep].push(e.seq);
  const last = trace.ofType('order').at(-1);
  const status: OrderStatus =
    last && ['completed', 'cancelled', 'stuck'].includes(String(last.status))
      ? (last.status as OrderStatus)
      : 'running';
  const reserved = effects.reserve.length - effects.release.length;
  const charged = effects.charge.length - effects.refund.length;
  const notified = effects.notify.length;
  const problems: SagaLedger['problems'] = [];
  if (effects.charge.length > 1) problems.push({ what: 'the card was charged twice', seqs: effects.charge });
  if (notified > 1) problems.push({ what: 'the customer was told twice', seqs: effects.notify });
  if (status === 'cancelled') {
    if (charged > 0) problems.push({ what: 'charged, but the order was cancelled', seqs: effects.charge });
    if (reserved > 0) problems.push({ what: 'stock held for a cancelled order', seqs: effects.reserve });
    if (notified > 0)
      problems.push({
        what: 'the customer was told "confirmed", then the order was cancelled',
        seqs: effects.notify,
      });
  } else if (status === 'completed') {
    if (charged < 1)
      problems.push({
        what: 'completed, but the card was never charged',
        seqs: [...effects.charge, ...effects.refund],
      });
    if (reserved < 1)
      problems.push({
        what: 'completed, but no stock is held',
        seqs: [...effects.reserve, ...effects.release],
      });
  } else if (status === 'stuck') {
    problems.push({
      what: 'a compensation kept failing: a person has to sort it out',
      seqs: last ? [last.seq] : [],
    });
  }
  return {
    status,
    statusSeq: status === 'running' ? undefined : last?.seq,
    effects,
    reserved,
    charged,
    notified,
    problems,
    consistent: (status === 'completed' || status === 'cancelled') && problems.length === 0,
  };
}

function describeEnd(ledger: SagaLedger): string {
  return ledger.status === 'completed'
    ? 'the order completed, charged once'
    : `the order was cancelled with the stock released and ${ledger.effects.charge.length > 0 ? 'the charge refunded' : 'nothing charged'}`;
}

function compensated(trace: Trace): ChallengeResult {
  const declined = trace.ofType('outcome').find((o) => o.op === 'charge' && o.result === 'failure');
  const ledger = sagaLedger(trace);
  const release = ledger.effects.release[0];
  if (!declined)
    return {
      met: false,
      missing:
        ledger.status === 'completed'
          ? 'the payment went through and the order completed: restart the step and press "Decline the payment" before the saga reaches the charging state'
          : 'no payment has been declined: press "Decline the payment" before the saga reaches the charging state',
    };
  if (release === undefined || ledger.status !== 'cancelled' || !ledger.consistent)
    return {
      met: false,
      missing:
        'the payment was declined; play on until the saga has released the stock and cancelled the order',
    };
  return {
    met: true,
    evidence: [declined.seq, release, ledger.statusSeq!],
    detail: `the payment failed (${declined.reason}); the saga released the stock and cancelled the order`,
  };
}

function consistentAfterPaymentTimeout(trace: Trace): ChallengeResult {
  const unknown = trace.ofType('outcome').find((o) => o.op === 'charge' && o.result === 'unknown');
  const ledger = sagaLedger(trace);
  const charge = ledger.effects.charge[0];
  // The hard case: the charge went through although the orchestrator heard nothing.
  if (!unknown || charge === undefined)
    return {
      met: false,
      missing: unknown
        ? "the payment's outcome was unknown, but the card was never charged: lose the payment's reply, not its request"
        : 'every payment answer so far came back: press "Lose the payment\'s reply"',
    };
  if (!ledger.consistent)
    return {
      met: false,
      missing: ledger.problems.length
        ? `the order ended inconsistent (${ledger.problems[0]!.what}): turn on "Resolve unknowns by asking again"`
        : 'the saga has not finished yet: play on',
    };
  return {
    met: true,
    evidence: [unknown.seq, charge, ledger.statusSeq!],
    detail: `the charge's outcome was unknown, yet the card was charged; ${describeEnd(ledger)}`,
  };
}

function retriedOnlyNotification(trace: Trace): ChallengeResult {
  const unknown = trace.ofType('outcome').find((o) => o.op === 'notify' && o.result !== 'success');
  if (!unknown)
    return {
      met: false,
      missing: 'the notification has not gone wrong: press "Lose the notification\'s reply"',
    };
  const retry = trace
    .ofType('call')
    .find((c) => c.op === 'notify' && c.request === unknown.request && c.seq > unknown.seq);
  const charges = trace.ofType('call').filter((c) => c.op === 'charge');
  const ledger = sagaLedger(trace);
  if (charges.length > 1)
    return {
      met: false,
      missing: `the card was asked to pay ${charges.length} times: only the notification should be retried`,
    };
  if (!retry || ledger.status !== 'completed' || !ledger.consistent)
    return {
      met: false,
      missing: retry
        ? 'the notification was retried; play on until the order completes'
        : 'the notification was not retried: turn on "Resolve unknowns by asking again"',
    };
  return {
    met: true,
    evidence: [unknown.seq, retry.seq, ledger.statusSeq!],
    detail: `the notification was ${unknown.result === 'unknown' ? 'in doubt' : 'refused'}; only it was retried, and the order completed with one charge and one email`,
  };
}

// ---------------------------------------------------------------- the lesson

export default defineGuide({
  events,
  id: 'saga',
  title: 'Sagas',
  summary:
    'An order spans three services with no shared transaction; compensations undo the steps that went through.',
  principle: 'Compensation instead of a distributed transaction',
  part: 3,
  order: 11,
  minutes: 12,
  durationMs: 3000,
  defaultSeed: 11,
  params: {
    deadlineMs: {
      kind: 'number',
      label: 'Deadline',
      description: 'How long the orchestrator waits for each call before its outcome is unknown.',
      unit: 'ms',
      min: 100,
      max: 2000,
      step: 50,
      default: 300,
    },
    workMs: {
      kind: 'number',
      label: 'Service time',
      description: 'How long each service works on a request before it answers.',
      unit: 'ms',
      min: 0,
      max: 1000,
      step: 10,
      default: 50,
    },
    maxAttempts: {
      kind: 'number',
      label: 'Attempts per step',
      description:
        'With the fix: how many times a forward step is tried before the saga stops waiting for it. Compensations (refund, release) get 6 tries, fix or not.',
      unit: 'count',
      min: 1,
      max: 10,
      step: 1,
      default: 3,
    },
    backoffMs: {
      kind: 'number',
      label: 'Retry after',
      description: 'How long the orchestrator waits before it asks again.',
      unit: 'ms',
      min: 0,
      max: 2000,
      step: 10,
      default: 100,
    },
    loss: {
      kind: 'number',
      label: 'Message loss',
      description: 'The chance that any message between the services is lost.',
      unit: 'probability',
      min: 0,
      max: 0.5,
      step: 0.05,
      default: 0,
    },
    resolveUnknown: {
      kind: 'boolean',
      label: 'Resolve unknowns by asking again',
      description:
        'When a step times out, the orchestrator waits briefly and repeats it with the same idempotency key instead of treating the silence as a failure. Each service answers a repeat with its first result.',
      default: false,
    },
  },
  nodeNames: () => [ORDERS, INVENTORY, PAYMENT, NOTIFICATIONS],
  interventions: [
    {
      kind: 'signal',
      node: PAYMENT,
      signal: 'decline-next',
      label: 'Decline the payment',
      did: 'made the payment service decline the next charge',
      description: 'The payment service refuses the next charge: a clear failure, nothing is charged.',
    },
    {
      kind: 'drop-next',
      from: PAYMENT,
      to: ORDERS,
      label: "Lose the payment's reply",
      description:
        'The next answer from the payment service never arrives. The card may well have been charged.',
    },
    {
      kind: 'drop-next',
      from: ORDERS,
      to: PAYMENT,
      label: 'Lose the payment request',
      description:
        'The next request to the payment service never arrives, so nothing is charged. The orchestrator sees the same silence.',
    },
    {
      kind: 'signal',
      node: PAYMENT,
      signal: 'slow-next',
      label: 'Slow the payment past the deadline',
      description:
        'The next charge goes through, but the answer comes after the orchestrator has stopped waiting.',
    },
    {
      kind: 'drop-next',
      from: NOTIFICATIONS,
      to: ORDERS,
      label: "Lose the notification's reply",
      description: 'The confirmation is sent, but the orchestrator never hears so.',
    },
    {
      kind: 'signal',
      node: NOTIFICATIONS,
      signal: 'slow-next',
      label: 'Slow the notification past the deadline',
      description: 'The next confirmation is sent late, after the orchestrator has stopped waiting.',
    },
  ],
  steps: [
    {
      id: 'compensate',
      title: 'Undo what was done',
      text:
        'The order service runs a saga: reserve the book, charge the card, send the confirmation. Each ' +
        'step is a call to a different service, and no transaction spans them. When a later step ' +
        'fails, the earlier ones cannot be rolled back; they are undone by compensating steps. Decline ' +
        'the payment and watch the stock being released and the order cancelled.',
      hint: 'Press "Decline the payment" before the saga reaches the charging state.',
      notes:
        "Walk the saga's statechart in the readout: reserve, charge, notify. Decline the payment and watch the orchestrator run the undo steps in reverse: release the stock, cancel the order. Ask why it cannot roll back: each service committed on its own.",
      predictions: [
        {
          id: 'order-end',
          askAtMs: 50,
          question:
            'The order service will reserve the book, charge the card and send a confirmation. How will the order end?',
          answers: ['Completed', 'Cancelled, with the earlier steps undone'],
          right: 0,
          reveal: (trace) => {
            const end = trace
              .ofType('order')
              .find((o) => o.status === 'completed' || o.status === 'cancelled');
            if (!end) return null;
            return end.status === 'completed'
              ? { answer: 0, seq: end.seq, why: 'Every step answered yes, so the saga ran to the end.' }
              : {
                  answer: 1,
                  seq: end.seq,
                  why: 'A step said no, so the saga ran the undo steps of what was done before it.',
                };
          },
        },
      ],
      challenge: compensated,
      solution: { interventions: [{ at: 0, kind: 'signal', node: PAYMENT, signal: 'decline-next' }] },
    },
    {
      id: 'payment-timeout',
      title: 'A payment nobody heard back from',
      text:
        "Now lose the payment's reply. The card was charged, but no answer came before the deadline. " +
        'Without the fix, the orchestrator takes silence for a no: it releases the stock and cancels, ' +
        'and the money stays taken. With the fix, it asks the payment service again under the same ' +
        'key, gets the first answer back, and carries on. Reach a consistent end after a charge that ' +
        'went through unheard.',
      hint: 'Turn on "Resolve unknowns by asking again", then press "Lose the payment\'s reply".',
      notes:
        "Now the payment's reply is lost: the saga does not know whether the card was charged. Without the fix it guesses; with it, it asks the payment service again before deciding. Ask the room which guess is worse: refunding a charge that never happened, or keeping stock for an order that was not paid.",
      challenge: consistentAfterPaymentTimeout,
      solution: {
        params: { resolveUnknown: true },
        interventions: [{ at: 0, kind: 'drop-next', from: PAYMENT, to: ORDERS }],
      },
    },
    {
      id: 'retry-notification',
      title: 'Retry only what is in doubt',
      text:
        'This time the confirmation times out. The card is charged and the book is held: only the ' +
        'email is in doubt. Refunding and cancelling over that would be out of all proportion. Retry ' +
        'just that step under the same key; the notification service knows the repeat and does not ' +
        'send a second email.',
      hint: 'The fix is on for this step: press "Lose the notification\'s reply". Turn the fix off to see what the saga does instead.',
      notes:
        "Lose the notification's reply. Compensating the whole order for a missing email would be absurd; the saga retries only the step in doubt. Point at the retry loop in the statechart. The lesson: each step needs its own answer to 'what if we never hear back?'.",
      challenge: retriedOnlyNotification,
      start: { params: { resolveUnknown: true } },
      solution: {
        params: { resolveUnknown: true },
        interventions: [{ at: 0, kind: 'drop-next', from: NOTIFICATIONS, to: ORDERS }],
      },
    },
  ],
  fix: {
    param: 'resolveUnknown',
    label: 'Resolve unknowns by asking again',
    description:
      'Repeat a step whose outcome is unknown with the same idempotency key, instead of counting silence as failure.',
  },
});
