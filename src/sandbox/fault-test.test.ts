import { describe, expect, it } from 'vitest';
import { runTrace } from '../engine/simulation.ts';
import { sandboxRunInput as sandboxInput } from './compile.ts';
import { DEFAULT_LINK, emptyDoc, type SandboxDoc } from './model.ts';
import { checkInvariants } from './guide.ts';
import {
  faultCase,
  faultTestProblem,
  runFaultCase,
  testAgainstFaults,
  type FaultInvariant,
} from './fault-test.ts';

const both: FaultInvariant[] = ['one-outcome', 'no-double-effect'];

/** A retrying client calling a payment server, linked both ways. */
function payments(key: boolean, idempotent: boolean): SandboxDoc {
  const at = (name: string, behaviour: string, settings: Record<string, number | boolean>, x: number) => ({
    name,
    behaviour,
    settings,
    clock: { offsetMs: 0, driftPpm: 0 },
    x,
    y: 0.5,
  });
  return {
    ...emptyDoc(),
    durationMs: 5000,
    nodes: [
      at('client', 'client', { requests: 5, retries: 3, idempotencyKey: key }, 0.2),
      at('payments', 'payment-server', { idempotent }, 0.8),
    ],
    links: [
      { from: 'client', to: 'payments', ...DEFAULT_LINK },
      { from: 'payments', to: 'client', ...DEFAULT_LINK },
    ],
  };
}

describe('test against faults', () => {
  it('a client with a key against an idempotent server holds in every run', () => {
    const r = testAgainstFaults(payments(true, true), 150, both);
    expect(r).toMatchObject({ kind: 'held', runs: 150 });
    expect(r.events).toBeGreaterThan(150 * 50);
  });

  it('catches a retry without a key charging one payment twice, and the seed replays it', () => {
    const doc = payments(false, false);
    const r = testAgainstFaults(doc, 300, both);
    expect(r.kind).toBe('broken');
    if (r.kind !== 'broken') return;
    expect(r.broken.invariant).toBe('no-double-effect');
    expect(r.broken.text).toMatch(
      /^client's payment \d+ was charged twice at payments, as requests \d+ and \d+/,
    );
    // The seed names the same run again: the same document, the same failure at the same event.
    const again = faultCase(doc, r.case.seed);
    expect(again).toEqual(r.case);
    expect(runFaultCase(again, both)).toEqual({ events: expect.any(Number), broken: r.broken });
    // Replayed as the sandbox runs it: two charges of one payment, which the page's checks name too.
    const events = runTrace(sandboxInput(r.case.doc), r.case.doc.durationMs).slice();
    const paymentOf = (e: unknown) => (e as { payment?: unknown }).payment;
    const broken = events.find((e) => e.seq === r.broken.seq)!;
    const charges = events.filter((e) => e.type === 'effect' && paymentOf(e) === paymentOf(broken));
    expect(charges).toHaveLength(2);
    expect(new Set(charges.map((e) => (e as { request: number }).request)).size).toBe(2);
    const checks = checkInvariants(events);
    expect(checks.find((c) => c.id === 'no-double-effect')).toMatchObject({
      holds: false,
      broken: { seq: r.broken.seq },
    });
  });

  it('a key alone is not enough: the same request id is charged twice at a server that does not check', () => {
    const r = testAgainstFaults(payments(true, false), 300, ['no-double-effect']);
    expect(r.kind).toBe('broken');
    if (r.kind === 'broken')
      expect(r.broken.text).toMatch(/^request \d+ was charged twice at payments \(events #\d+ and #\d+\)$/);
  });

  it('checks only what is ticked, and says when there is nothing to test', () => {
    expect(testAgainstFaults(payments(false, false), 100, ['one-outcome']).kind).toBe('held');
    expect(faultTestProblem(emptyDoc())).toMatch(/nothing to test yet/);
    expect(
      faultTestProblem({ ...emptyDoc(), durationMs: 590_000, nodes: payments(true, true).nodes }),
    ).toMatch(/at most 540 s/);
  });

  it('keeps the user’s own faults and repairs what the schedule broke before the quiet', () => {
    const doc: SandboxDoc = {
      ...payments(true, true),
      interventions: [{ at: 100, kind: 'crash', node: 'payments' }],
    };
    for (let seed = 1; seed <= 20; seed++) {
      const c = faultCase(doc, seed);
      expect(c.doc.seed).toBe(seed);
      expect(c.doc.durationMs).toBe(doc.durationMs + 60_000);
      expect(c.doc.interventions[0]).toEqual(doc.interventions[0]);
      expect(c.doc.interventions).toContainEqual({ at: 5000, kind: 'recover', node: 'payments' });
    }
  });
});
