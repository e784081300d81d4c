import { describe, expect, it } from 'vitest';
import { itMeetsEachStepOnlyByItsSolution, runLesson } from '../../tests/support/lesson-runs.ts';
import type { Intervention, ParamValue } from '../../src/engine/types.ts';
import { NOTIFICATIONS, ORDERS, PAYMENT, sagaLedger } from './guide.ts';
import lesson from './lesson.ts';

const run = (
  params: Record<string, ParamValue> = {},
  interventions: Intervention[] = [],
  seed?: number,
  untilMs?: number,
) => runLesson(lesson, { params, interventions, seed, untilMs });

const states = (trace: ReturnType<typeof run>['trace']) =>
  trace
    .ofType('state')
    .filter((s) => s.node === ORDERS)
    .map((s) => s.label);

describe('saga', () => {
  itMeetsEachStepOnlyByItsSolution(lesson);

  it('the happy path completes through readable states', () => {
    const { trace } = run();
    expect(states(trace)).toEqual(['created', 'reserving', 'charging', 'notifying', 'completed']);
    expect(sagaLedger(trace)).toMatchObject({
      status: 'completed',
      reserved: 1,
      charged: 1,
      notified: 1,
      consistent: true,
    });
  });

  it('a declined payment is compensated', () => {
    const { trace } = run({}, [{ at: 0, kind: 'signal', node: PAYMENT, signal: 'decline-next' }]);
    expect(states(trace)).toEqual([
      'created',
      'reserving',
      'charging',
      'compensating.releasing',
      'cancelled',
    ]);
    expect(sagaLedger(trace)).toMatchObject({
      status: 'cancelled',
      reserved: 0,
      charged: 0,
      consistent: true,
    });
  });

  const lostPaymentReply: Intervention[] = [{ at: 0, kind: 'drop-next', from: PAYMENT, to: ORDERS }];
  const slowPayment: Intervention[] = [{ at: 0, kind: 'signal', node: PAYMENT, signal: 'slow-next' }];
  const lostNotifyReply: Intervention[] = [{ at: 0, kind: 'drop-next', from: NOTIFICATIONS, to: ORDERS }];

  it('a payment timeout leaves a charged but cancelled order without the fix, and a completed one with it', () => {
    for (const interventions of [lostPaymentReply, slowPayment]) {
      for (const seed of [1, 2, lesson.defaultSeed]) {
        const without = sagaLedger(run({ resolveUnknown: false }, interventions, seed).trace);
        expect(without.status).toBe('cancelled');
        expect(without.consistent).toBe(false);
        expect(without.problems.map((p) => p.what)).toContain('charged, but the order was cancelled');
        const withFix = run({ resolveUnknown: true }, interventions, seed).trace;
        expect(sagaLedger(withFix)).toMatchObject({ status: 'completed', charged: 1, consistent: true });
        expect(states(withFix)).toContain('paymentUnknown');
        expect(withFix.ofType('effect').filter((e) => e.op === 'charge')).toHaveLength(1);
      }
    }
  });

  it('a notification timeout rolls back a paid order without the fix, and retries only the notification with it', () => {
    const without = run({ resolveUnknown: false }, lostNotifyReply).trace;
    expect(sagaLedger(without)).toMatchObject({
      status: 'cancelled',
      charged: 0,
      reserved: 0,
      consistent: false,
    });
    expect(states(without)).toEqual([
      'created',
      'reserving',
      'charging',
      'notifying',
      'compensating.refunding',
      'compensating.releasing',
      'cancelled',
    ]);
    const withFix = run({ resolveUnknown: true }, lostNotifyReply).trace;
    expect(states(withFix)).toEqual([
      'created',
      'reserving',
      'charging',
      'notifying',
      'notificationUnknown',
      'notifying',
      'completed',
    ]);
    expect(sagaLedger(withFix)).toMatchObject({
      status: 'completed',
      charged: 1,
      notified: 1,
      consistent: true,
    });
    expect(withFix.ofType('repeat')).toMatchObject([{ node: NOTIFICATIONS, op: 'notify' }]);
  });

  it('a lost payment request is retried and charged once', () => {
    const { trace } = run({ resolveUnknown: true }, [
      { at: 0, kind: 'drop-next', from: ORDERS, to: PAYMENT },
    ]);
    expect(sagaLedger(trace)).toMatchObject({ status: 'completed', charged: 1, consistent: true });
    expect(trace.ofType('repeat')).toEqual([]);
  });

  it('with the fix, a lossy network never leaves an inconsistent order', () => {
    let inconsistentWithout = 0;
    for (let seed = 1; seed <= 60; seed++) {
      const withFix = sagaLedger(run({ loss: 0.25, resolveUnknown: true }, [], seed, 20_000).trace);
      expect(['completed', 'cancelled', 'stuck'], `seed ${seed}`).toContain(withFix.status);
      expect(
        withFix.problems.filter((p) => !p.what.startsWith('a compensation')),
        `seed ${seed}`,
      ).toEqual([]);
      if (!sagaLedger(run({ loss: 0.25, resolveUnknown: false }, [], seed, 20_000).trace).consistent)
        inconsistentWithout++;
    }
    expect(inconsistentWithout).toBeGreaterThan(0);
  });

  it('is deterministic', () => {
    expect(run({ loss: 0.3, resolveUnknown: true }, [], 9).trace.hash()).toBe(
      run({ loss: 0.3, resolveUnknown: true }, [], 9).trace.hash(),
    );
  });
});

describe('saga services', () => {
  it('a refund that arrives while the charge is still running waits for it, so the money comes back', () => {
    // One attempt, unanswered in time: the fix gives up on the charge and refunds by key at once,
    // while the slow charge is still being worked on.
    const { trace } = run({ resolveUnknown: true, maxAttempts: 1 }, [
      { at: 0, kind: 'signal', node: PAYMENT, signal: 'slow-next' },
    ]);
    const ledger = sagaLedger(trace);
    expect(ledger).toMatchObject({ status: 'cancelled', charged: 0, reserved: 0, consistent: true });
    expect(ledger.effects.charge).toHaveLength(1);
    expect(ledger.effects.refund).toHaveLength(1);
    expect(ledger.effects.refund[0]!).toBeGreaterThan(ledger.effects.charge[0]!);
  });
});
