/**
 * The library's composed behaviours, each shown doing the one thing it is there to teach: a queue
 * delivers at least once, a breaker stops calling a dead server, a synchronous replica costs
 * answers and an asynchronous one costs copies, a saga undoes its first step.
 */
import { describe, expect, it } from 'vitest';
import { runTrace } from '../../engine/simulation.ts';
import type { TraceEvent } from '../../engine/trace.ts';
import type { Intervention } from '../../engine/types.ts';
import { compileScenario, problemsOf, sandboxRunInput } from '../compile.ts';
import { DEFAULT_LINK, emptyDoc, type SandboxDoc, type SandboxNode } from '../document.ts';
import { applyEdit } from '../edits.ts';

type Settings = Record<string, number | boolean>;
const node = (name: string, behaviour: string, settings: Settings = {}): SandboxNode => ({
  name,
  behaviour,
  settings,
  clock: { offsetMs: 0, driftPpm: 0 },
  x: 0.5,
  y: 0.5,
});

/** Nodes linked both ways along `pairs`, with interventions: built by the same edits the canvas makes. */
function doc(
  nodes: SandboxNode[],
  pairs: [string, string][],
  interventions: Intervention[] = [],
): SandboxDoc {
  let d = emptyDoc();
  const apply = (e: Parameters<typeof applyEdit>[1]) => {
    const r = applyEdit(d, e);
    if (!r.ok) throw new Error(r.error);
    d = r.doc;
  };
  for (const n of nodes) apply({ kind: 'add-node', node: n });
  for (const [a, b] of pairs) {
    apply({ kind: 'add-link', link: { from: a, to: b, ...DEFAULT_LINK } });
    apply({ kind: 'add-link', link: { from: b, to: a, ...DEFAULT_LINK } });
  }
  for (const intervention of interventions) apply({ kind: 'add-intervention', intervention });
  return d;
}

const run = (d: SandboxDoc, untilMs = 20_000): TraceEvent[] => runTrace(sandboxRunInput(d), untilMs).slice();
/** The events of one type, read as plain records (the tests read fields of several event kinds). */
const of = (events: TraceEvent[], type: string) =>
  events.filter((e) => e.type === type) as unknown as (Record<string, unknown> & { t: number })[];
/** Effects per request id, for the effects made on `node`. */
function effectsByRequest(events: TraceEvent[], node: string, field = 'charge'): Map<number, number> {
  const m = new Map<number, number>();
  for (const e of of(events, 'effect'))
    if (e.node === node && field in e) m.set(Number(e.request), (m.get(Number(e.request)) ?? 0) + 1);
  return m;
}
const outcomes = (events: TraceEvent[], from: string) =>
  events.filter(
    (e): e is Extract<TraceEvent, { type: 'outcome' }> => e.type === 'outcome' && e.from === from,
  );
const lastLabel = (events: TraceEvent[], n: string) =>
  (
    of(events, 'state')
      .filter((e) => e.node === n)
      .at(-1) as { label?: string } | undefined
  )?.label;

const cutAnswers = (from: string, to: string, at: number, until: number): Intervention[] => [
  { at, kind: 'partition', from, to, oneWay: true },
  { at: until, kind: 'heal', from, to, oneWay: true },
];

describe('a queue', () => {
  const queued = (idempotent: boolean) =>
    doc(
      [
        node('c', 'client', { requests: 3 }),
        node('q', 'queue'),
        node('pay', 'payment-server', { idempotent }),
      ],
      [
        ['c', 'q'],
        ['q', 'pay'],
      ],
      // The consumer's acknowledgements are lost for a second: the queue delivers again.
      cutAnswers('pay', 'q', 0, 1000),
    );

  it('delivers at least once: a lost acknowledgement makes a second charge under the same request id', () => {
    const events = run(queued(false));
    const charges = effectsByRequest(events, 'pay');
    expect(charges.size).toBe(3);
    expect(Math.max(...charges.values())).toBeGreaterThan(1);
    // The client heard "queued" every time, long before the charges settled.
    expect(outcomes(events, 'c').every((o) => o.result === 'success')).toBe(true);
  });

  it('an idempotent consumer charges each request once all the same', () => {
    const charges = effectsByRequest(run(queued(true)), 'pay');
    expect([...charges.values()]).toEqual([1, 1, 1]);
  });

  it('keeps its messages through a crash and delivers them once it is back', () => {
    const d = doc(
      [node('c', 'client', { requests: 3, everyMs: 10 }), node('q', 'queue'), node('pay', 'payment-server')],
      [
        ['c', 'q'],
        ['q', 'pay'],
      ],
      [
        { at: 0, kind: 'crash', node: 'pay' },
        { at: 2000, kind: 'recover', node: 'pay' },
        { at: 1500, kind: 'crash', node: 'q' },
        { at: 1700, kind: 'recover', node: 'q' },
      ],
    );
    const events = run(d);
    // Deliveries to a crashed consumer fail; five of them send a message to the dead letters.
    expect(of(events, 'dead-letter').length).toBeGreaterThan(0);
    const both = run({ ...d, interventions: d.interventions.filter((i) => i.at !== 0 && i.at !== 2000) });
    expect(effectsByRequest(both, 'pay').size).toBe(3);
  });
});

describe('a circuit breaker', () => {
  it('stops calling a dead server after failures in a row, and closes again once it answers', () => {
    const d = doc(
      [
        node('c', 'client', { requests: 30, everyMs: 100, deadlineMs: 1000 }),
        node('b', 'breaker', { failuresToOpen: 3, openMs: 1000 }),
        node('pay', 'payment-server'),
      ],
      [
        ['c', 'b'],
        ['b', 'pay'],
      ],
      [
        { at: 0, kind: 'crash', node: 'pay' },
        { at: 2500, kind: 'recover', node: 'pay' },
      ],
    );
    const events = run(d);
    const callsToServer = of(events, 'call').filter((e) => e.from === 'b' && e.t < 2500).length;
    const clientCalls = of(events, 'call').filter((e) => e.from === 'c' && e.t < 2500).length;
    expect(clientCalls).toBeGreaterThan(10);
    // Three to open, then one trial a second: far fewer than the client made.
    expect(callsToServer).toBeLessThanOrEqual(6);
    expect(
      of(events, 'state').some((e) => e.node === 'b' && (e as { label?: string }).label === 'open'),
    ).toBe(true);
    const late = outcomes(events, 'c').filter((o) => o.t > 4000);
    expect(late.length).toBeGreaterThan(0);
    expect(late.every((o) => o.result === 'success')).toBe(true);
    expect(lastLabel(events, 'b')).toBe('closed');
  });
});

describe('a primary and its replica', () => {
  const replicated = (synchronous: boolean) =>
    doc(
      [node('c', 'client', { requests: 5 }), node('p', 'primary', { synchronous }), node('r', 'replica')],
      [
        ['c', 'p'],
        ['p', 'r'],
      ],
      [{ at: 0, kind: 'crash', node: 'r' }],
    );

  it('synchronous: with the replica down every write fails to its caller, though the primary did it', () => {
    const events = run(replicated(true));
    const results = outcomes(events, 'c');
    expect(results).toHaveLength(5);
    expect(results.every((o) => o.result === 'failure')).toBe(true);
    expect(of(events, 'effect').filter((e) => e.node === 'p')).toHaveLength(5);
  });

  it('asynchronous: every write is "done" at once, and none of them is on the replica', () => {
    const events = run(replicated(false));
    expect(outcomes(events, 'c').every((o) => o.result === 'success')).toBe(true);
    expect(lastLabel(events, 'p')).toBe('5 not on the replica');
  });
});

describe('a saga', () => {
  const sagaDoc = (secondDeclines: number, interventions: Intervention[] = [], firstIdempotent = false) =>
    doc(
      [
        node('c', 'client', { requests: 4, deadlineMs: 3000 }),
        node('o', 'saga'),
        node('card', 'payment-server', { idempotent: firstIdempotent }),
        node('room', 'payment-server', { declineRate: secondDeclines }),
      ],
      [
        ['c', 'o'],
        ['o', 'card'],
        ['o', 'room'],
      ],
      interventions,
    );

  it('gives its two steps two different servers, and says when it has only one', () => {
    const scenario = compileScenario(sagaDoc(0));
    expect(scenario.nodes.find((n) => n.name === 'o')!.behaviour.kind).toBe('saga');
    const one = doc([node('o', 'saga'), node('card', 'payment-server')], [['o', 'card']]);
    expect(problemsOf(one).map((p) => p.message)).toEqual([
      'o needs a server for the second step: draw a link from o to a Payment server',
    ]);
  });

  it('does both steps when both succeed', () => {
    const events = run(sagaDoc(0));
    expect(effectsByRequest(events, 'card').size).toBe(4);
    expect(effectsByRequest(events, 'room').size).toBe(4);
    expect(of(events, 'compensate')).toHaveLength(0);
  });

  it('refunds the first step when the second is declined, and tells the caller it failed', () => {
    const events = run(sagaDoc(1));
    expect(effectsByRequest(events, 'card', 'charge').size).toBe(4);
    expect(effectsByRequest(events, 'card', 'refund').size).toBe(4);
    expect(effectsByRequest(events, 'room').size).toBe(0);
    expect(outcomes(events, 'c').map((o) => o.result)).toEqual(['failure', 'failure', 'failure', 'failure']);
  });

  it('retries a refund whose answer is lost under one request id: an idempotent server refunds once', () => {
    // The card server's answers are lost for a while after the first charge: the refund is retried.
    const lossy = (idempotent: boolean) => run(sagaDoc(1, cutAnswers('card', 'o', 150, 1500), idempotent));
    const careless = effectsByRequest(lossy(false), 'card', 'refund');
    expect(Math.max(...careless.values())).toBeGreaterThan(1);
    const careful = effectsByRequest(lossy(true), 'card', 'refund');
    expect(Math.max(...careful.values())).toBe(1);
  });
});

describe('Raft nodes', () => {
  const servers = ['r1', 'r2', 'r3'];
  /** Three Raft nodes linked to each other, and a Raft client linked to all three. */
  const cluster = (interventions: Intervention[] = []) =>
    doc(
      [...servers.map((s) => node(s, 'raft')), node('c', 'raft-client', { writes: 20, everyMs: 100 })],
      [['r1', 'r2'], ['r1', 'r3'], ['r2', 'r3'], ...servers.map((s): [string, string] => ['c', s])],
      interventions,
    );
  const leaders = (events: TraceEvent[]) =>
    of(events, 'leader').map((e) => ({ node: e.node, term: e.term, t: e.t }));

  it('elect one leader a term among the Raft nodes they link to, and commit the client’s writes', () => {
    const events = run(cluster(), 5000);
    const won = leaders(events);
    expect(won.length).toBeGreaterThan(0);
    const terms = won.map((l) => l.term);
    expect(new Set(terms).size).toBe(terms.length);
    // Before the first leader a write is refused ("no leader known"): a definite failure. From then
    // on, redirected by followers to the leader, every write ends in "done".
    const ends = outcomes(events, 'c');
    const early = ends.filter((o) => o.t < won[0]!.t);
    expect(early.every((o) => o.result === 'failure' && o.reason.includes('no leader known'))).toBe(true);
    const done = new Set(ends.filter((o) => o.result === 'success').map((o) => o.request));
    expect(done.size).toBe(20 - early.length);
    expect(
      ends
        .filter((o) => o.t > won[0]!.t)
        .every((o) => o.result === 'success' || o.reason.includes('the leader is')),
    ).toBe(true);
    expect(problemsOf(cluster())).toEqual([]);
  });

  it('elect a new leader in a later term when the leader crashes, and go on committing', () => {
    const first = leaders(run(cluster(), 1500))[0]!;
    const events = run(cluster([{ at: 1500, kind: 'crash', node: String(first.node) }]), 8000);
    const after = leaders(events).filter((l) => l.t > 1500);
    expect(after.length).toBeGreaterThan(0);
    expect(after[0]!.node).not.toBe(first.node);
    expect(Number(after[0]!.term)).toBeGreaterThan(Number(first.term));
    const late = outcomes(events, 'c').filter((o) => o.t > 1500 && o.result === 'success');
    expect(late.length).toBeGreaterThan(0);
  });

  it('a lone Raft node says it needs others; a Raft client with no Raft node says so too', () => {
    const alone = doc([node('r', 'raft'), node('c', 'raft-client')], []);
    expect(problemsOf(alone).map((p) => p.message)).toEqual([
      'r needs other Raft nodes: draw a link from r to a Raft node',
      'c needs a Raft node to write to: draw a link from c to a Raft node',
    ]);
    // Idle, labelled with what it lacks, and the run still goes.
    expect(lastLabel(run(alone, 1000), 'r')).toBe('needs other Raft nodes');
    expect(compileScenario(alone).nodes).toHaveLength(2);
  });
});
