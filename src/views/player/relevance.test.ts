import { describe, expect, it } from 'vitest';
import { getLesson, lessons } from '../../../tests/support/lessons.ts';
import { stepOffers, stepParams, stepUsesFix, viewRelevance } from './relevance.ts';

const lesson = (id: string) => getLesson(id)!;
const step = (id: string, stepId: string) => lesson(id).steps.find((s) => s.id === stepId)!;

describe('what matters for a step', () => {
  it('puts first the interventions a step names or scripts, by whole words', () => {
    const labels = stepOffers(lesson('three-outcomes'), step('three-outcomes', 'failure')).map(
      (o) => o.label,
    );
    expect(labels).toEqual(['Pay', 'Reply with an error next']);
    const applied = stepOffers(lesson('three-outcomes'), step('three-outcomes', 'unknown-applied')).map(
      (o) => o.label,
    );
    expect(applied).toEqual(['Pay', 'Drop the next response']);
    // "payment" in the text does not name the "Pay" button.
    expect(stepOffers(lesson('idempotency'), step('idempotency', 'safe-storm')).map((o) => o.label)).toEqual(
      [],
    );
  });

  it('puts first the settings a step names or scripts, and knows when it is about the fix', () => {
    expect(stepParams(lesson('idempotency'), step('idempotency', 'safe-storm'))).toEqual([
      'responseLoss',
      'retries',
      'idempotencyKey',
    ]);
    expect(stepUsesFix(lesson('idempotency'), step('idempotency', 'safe-storm'))).toBe(true);
    expect(stepUsesFix(lesson('idempotency'), step('idempotency', 'double-charge'))).toBe(false);
    expect(stepParams(lesson('three-outcomes'), step('three-outcomes', 'failure'))).toEqual([]);
  });

  it('every step of every lesson offers something to do', () => {
    for (const l of lessons) {
      for (const s of l.steps) {
        const offers = stepOffers(l, s);
        const params = stepParams(l, s);
        expect(offers.length + params.length + l.interventions.length, `${l.id}/${s.id}`).toBeGreaterThan(0);
      }
    }
  });

  it('shows the calls panel when there are calls, and the clocks when some clock is off or can be skewed', () => {
    const base = { seq: 0, t: 0, node: 'a', local: 0 };
    expect(
      viewRelevance(lesson('three-outcomes'), [
        { ...base, type: 'call', call: 1, request: 1, from: 'a', to: 'b', op: 'x' },
      ]),
    ).toEqual({
      calls: true,
      clocks: false,
      requestPath: false,
    });
    // A call made while handling another: requests fan out, so the request path is shown.
    const nested = {
      ...base,
      type: 'call' as const,
      call: 2,
      request: 2,
      from: 'b',
      to: 'c',
      op: 'y',
      parent: 1,
    };
    expect(viewRelevance(lesson('three-outcomes'), [nested]).requestPath).toBe(true);
    const clock = {
      ...base,
      type: 'clock' as const,
      reason: 'start' as const,
      offsetMs: 0,
      driftPpm: 0,
      jumpMs: 0,
      baseTrue: 0,
      baseMono: 0,
      rate: 1,
    };
    expect(viewRelevance(lesson('three-outcomes'), [clock]).clocks).toBe(false);
    expect(viewRelevance(lesson('three-outcomes'), [{ ...clock, driftPpm: 50 }]).clocks).toBe(true);
    expect(viewRelevance(lesson('no-global-now'), []).clocks).toBe(true);
  });
});
