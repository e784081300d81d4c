/**
 * Lesson 7, the guide: compute is trivial, state is the hard part. Clients send increments of one
 * counter through a balancer to three stateless workers; the workers write them to the counter,
 * which lives on two replicas, c1 and c2. Crash a worker and the balancer sends its work elsewhere:
 * nothing is lost, because a worker keeps nothing. Crash c1, the primary, and c2 takes over, but c1
 * copies its increments to c2 asynchronously, behind its "done": what it had acknowledged and not
 * yet copied is missing from c2. When c1 comes back the two histories differ and recovery keeps
 * c2's, throwing acknowledged increments away. The fix, a single owner: c1 alone holds the counter
 * and c2 forwards writes to it; while c1 is down writes fail, and nothing acknowledged is lost.
 *
 * This file is what the page loads; the behaviours and the scenario are in lesson.ts.
 */
import events from './events.ts';
import { defineGuide, type ChallengeResult } from '../../src/engine/lesson.ts';
import type { Trace } from '../../src/engine/trace.ts';
import { callsFrom, type CallEnd } from '../../src/engine/calls-from.ts';
import { formatMs, plural } from '../../src/engine/words.ts';

export const CLIENTS = 'clients';
export const LB = 'balancer';
export const WORKERS = ['w1', 'w2', 'w3'] as const;
export const C1 = 'c1';
export const C2 = 'c2';
export const REPLICAS = [C1, C2] as const;

/** A backup that hears nothing from the primary for this long takes over. */
export const FAILOVER_MS = 600;
/** Step 1 wants this many requests answered after the crash. */
const ANSWERED_AFTER_CRASH = 10;
/** Step 4 wants this many increments acknowledged after the owner is back. */
const ACKED_AFTER_RECOVERY = 5;

const OWNER_LABEL = 'Single owner';

// ---------------------------------------------------------------- reading the trace

export type ClientRequest = CallEnd;

/** Every increment the clients sent, in order, with how it ended for them. */
export const clientRequests = (trace: Trace): ClientRequest[] => callsFrom(trace, CLIENTS);

export interface Ack {
  seq: number;
  t: number;
  increment: number;
  /** The count the client was told. */
  value: number;
}

/** The increments the clients were told were done, in order. */
export function acks(trace: Trace): Ack[] {
  return trace
    .ofType('acked')
    .filter((e) => e.node === CLIENTS)
    .map((e) => ({ seq: e.seq, t: e.t, increment: Number(e.increment), value: Number(e.value) }));
}

export interface Counter {
  /** Each replica's increments, in the order it took them. */
  logs: Record<string, number[]>;
  /**
   * The replica whose count stands: c1 at first, then the one that took over last, or the one whose
   * history a recovering replica adopted.
   */
  truth: string;
  /** The event that made it the truth (none for c1 at the start). */
  truthSeq: number | undefined;
}

/** What each replica holds, read from its own events: what it added, copied, and adopted. */
export function counter(trace: Trace): Counter {
  const logs: Record<string, number[]> = { [C1]: [], [C2]: [] };
  const has: Record<string, Set<number>> = { [C1]: new Set(), [C2]: new Set() };
  let truth: string = C1;
  let truthSeq: number | undefined;
  const add = (node: string, id: number) => {
    if (has[node]!.has(id)) return;
    has[node]!.add(id);
    logs[node]!.push(id);
  };
  const events = [
    ...trace.ofType('applied'),
    ...trace.ofType('replicated'),
    ...trace.ofType('promoted'),
    ...trace.ofType('rejoined'),
    ...trace.ofType('resumed'),
  ].sort((a, b) => a.seq - b.seq);
  for (const e of events) {
    const node = e.node;
    if (!has[node]) continue;
    if (e.type === 'applied') add(node, Number(e.increment));
    else if (e.type === 'replicated') for (const id of e.increments as number[]) add(node, id);
    else if (e.type === 'promoted' || e.type === 'resumed') {
      truth = node;
      truthSeq = e.seq;
    } else if (e.type === 'rejoined') {
      const kept = String(e.kept);
      logs[node] = [...(logs[kept] ?? [])];
      has[node] = new Set(logs[node]);
      truth = kept;
      truthSeq = e.seq;
    }
  }
  return { logs, truth, truthSeq };
}

/** Acknowledged increments the replica that stands does not have. */
export function missingAcks(trace: Trace): Ack[] {
  const c = counter(trace);
  const present = new Set(c.logs[c.truth]);
  return acks(trace).filter((a) => !present.has(a.increment));
}

/** Crashes and recoveries of one node, as spans. */
export interface Span {
  startSeq: number;
  start: number;
  end: number;
  endSeq: number | undefined;
}

export function downSpans(trace: Trace, node: string): Span[] {
  const spans: Span[] = [];
  let open: Span | undefined;
  for (const e of [...trace.ofType('crash'), ...trace.ofType('recover')].sort((a, b) => a.seq - b.seq)) {
    if (e.node !== node) continue;
    if (e.type === 'crash' && !open) open = { startSeq: e.seq, start: e.t, end: Infinity, endSeq: undefined };
    else if (e.type === 'recover' && open) {
      open.end = e.t;
      open.endSeq = e.seq;
      spans.push(open);
      open = undefined;
    }
  }
  if (open) spans.push(open);
  return spans;
}

const notOk = (r: ClientRequest) => r.result === 'failure' || r.result === 'unknown';

// ---------------------------------------------------------------- the challenges

function survive(trace: Trace): ChallengeResult {
  const requests = clientRequests(trace);
  const bad = requests.filter(notOk);
  if (bad.length > 0)
    return {
      met: false,
      evidence: [bad[0]!.outcomeSeq!],
      missing: `${plural(bad.length, 'request')} did not get "done": restart the step and crash only w2`,
    };
  const crash = trace.ofType('crash').find((e) => (WORKERS as readonly string[]).includes(e.node));
  if (!crash) return { met: false, missing: 'no worker has crashed yet: press "Crash w2"' };
  const rerouted = trace.ofType('routed-around').filter((e) => e.seq > crash.seq);
  if (rerouted.length === 0)
    return {
      met: false,
      evidence: [crash.seq],
      missing: `worker ${crash.node} is down; the balancer has not sent it anything since: let it run`,
    };
  const after = requests.filter((r) => r.seq > crash.seq && r.result === 'success');
  if (after.length < ANSWERED_AFTER_CRASH)
    return {
      met: false,
      evidence: [crash.seq, rerouted[0]!.seq],
      missing: `${plural(after.length, 'request')} answered since the crash; let it run to ${ANSWERED_AFTER_CRASH}`,
    };
  return {
    met: true,
    evidence: [crash.seq, rerouted[0]!.seq, ...after.slice(0, 2).map((r) => r.outcomeSeq!)],
    detail: `worker ${crash.node} crashed; the balancer sent its work to the other workers, and all ${plural(after.length, 'request')} since got "done"`,
  };
}

function lostInFailover(trace: Trace, params: { readonly singleOwner: boolean }): ChallengeResult {
  if (params.singleOwner)
    return { met: false, missing: `"${OWNER_LABEL}" is on: turn it off to see a failover` };
  const crash = trace.ofType('crash').find((e) => e.node === C1);
  if (!crash)
    return { met: false, missing: 'c1 has not crashed: let it run a moment, then press "Crash c1"' };
  const promoted = trace.ofType('promoted').find((e) => e.node === C2 && e.seq > crash.seq);
  if (!promoted) {
    const back = trace.ofType('recover').find((e) => e.node === C1 && e.seq > crash.seq);
    return back
      ? {
          met: false,
          evidence: [back.seq],
          missing: 'c1 came back before c2 took over: restart the step, crash c1 and leave it down',
        }
      : {
          met: false,
          evidence: [crash.seq],
          missing: `c1 is down; c2 takes over after ${formatMs(FAILOVER_MS)} without word from it: let it run`,
        };
  }
  const lost = missingAcks(trace);
  if (lost.length === 0)
    return {
      met: false,
      evidence: [promoted.seq],
      missing:
        'c2 took over with every acknowledged increment: c1 had nothing uncopied. Restart, let it run a second, then crash c1',
    };
  const first = lost[0]!;
  return {
    met: true,
    evidence: [first.seq, crash.seq, promoted.seq],
    detail: `increment #${first.increment} was acknowledged at ${formatMs(first.t)}, then c2 took over at a count of ${promoted.value} without it: ${plural(lost.length, 'acknowledged increment')} missing`,
  };
}

function pickATruth(trace: Trace, params: { readonly singleOwner: boolean }): ChallengeResult {
  if (params.singleOwner)
    return { met: false, missing: `"${OWNER_LABEL}" is on: turn it off to let c2 take over` };
  const crash = trace.ofType('crash').find((e) => e.node === C1);
  if (!crash) return { met: false, missing: 'c1 has not crashed yet: let it run' };
  const promoted = trace.ofType('promoted').find((e) => e.node === C2 && e.seq > crash.seq);
  const rejoined = trace.ofType('rejoined').find((e) => e.node === C1 && e.seq > crash.seq);
  const back = trace.ofType('recover').find((e) => e.node === C1 && e.seq > crash.seq);
  if (!back)
    return promoted
      ? {
          met: false,
          evidence: [promoted.seq],
          missing: 'c2 is the primary now and c1 is down: press "Recover c1"',
        }
      : {
          met: false,
          evidence: [crash.seq],
          missing: 'c1 is down and c2 has not taken over yet: let it run',
        };
  if (!promoted || (promoted.seq > back.seq && !rejoined))
    return {
      met: false,
      evidence: [back.seq],
      missing: 'c1 came back before c2 took over, so the histories never split: restart and wait longer',
    };
  if (!rejoined) return { met: false, evidence: [back.seq], missing: 'c1 is back and asking c2: let it run' };
  const discarded = rejoined.discarded as number[];
  const gained = rejoined.gained as number[];
  const ackedIds = new Set(acks(trace).map((a) => a.increment));
  const ackedGone = discarded.filter((id) => ackedIds.has(id));
  if (ackedGone.length === 0 || gained.length === 0)
    return {
      met: false,
      evidence: [rejoined.seq],
      missing:
        'c1 rejoined without throwing away an acknowledged increment: restart and wait for c2 to take over',
    };
  return {
    met: true,
    evidence: [crash.seq, promoted.seq, back.seq, rejoined.seq],
    detail: `replica c1 had ${plural(discarded.length, 'increment')} c2 never saw, c2 had ${gained.length} c1 never saw; c1 kept c2's history and ${plural(ackedGone.length, 'acknowledged increment')} (#${ackedGone[0]}) disappeared`,
  };
}

function oneOwner(trace: Trace, params: { readonly singleOwner: boolean }): ChallengeResult {
  if (!params.singleOwner) return { met: false, missing: `turn on "${OWNER_LABEL}"` };
  const span = downSpans(trace, C1)[0];
  if (!span) return { met: false, missing: 'c1 has not crashed yet: let it run' };
  const lost = missingAcks(trace);
  if (lost.length > 0)
    return {
      met: false,
      evidence: [lost[0]!.seq],
      missing: `${plural(lost.length, 'acknowledged increment')} missing`,
    };
  const refused = clientRequests(trace).filter(
    (r) => r.result === 'failure' && r.end !== undefined && r.end > span.start && r.end < span.end,
  );
  if (span.endSeq === undefined)
    return {
      met: false,
      evidence: [span.startSeq],
      missing: `c1 is down: ${plural(refused.length, 'increment')} refused so far, none acknowledged falsely. Let it run until c1 is back`,
    };
  const after = acks(trace).filter((a) => a.seq > span.endSeq!);
  if (after.length < ACKED_AFTER_RECOVERY)
    return {
      met: false,
      evidence: [span.endSeq],
      missing: `c1 is back: ${plural(after.length, 'increment')} acknowledged since; let it run to ${ACKED_AFTER_RECOVERY}`,
    };
  const all = acks(trace);
  const { logs } = counter(trace);
  return {
    met: true,
    evidence: [span.startSeq, ...(refused[0] ? [refused[0].outcomeSeq!] : []), span.endSeq, after[0]!.seq],
    detail: `while c1 was down ${plural(refused.length, 'increment')} got "failed"; every one of the ${all.length} acknowledged is in c1's count of ${logs[C1]!.length}`,
  };
}

// ---------------------------------------------------------------- the guide

export default defineGuide({
  events,
  id: 'state-is-hard',
  title: 'Compute is trivial, state is the hard part',
  summary: 'Stateless workers fail over without fuss; a replicated counter loses an increment.',
  keyStep: 'lost-in-failover',
  principle:
    'A worker that keeps nothing can be replaced at once; state copied to two places can disagree, so keep it in one',
  part: 2,
  order: 7,
  minutes: 8,
  durationMs: 8000,
  defaultSeed: 1,
  params: {
    singleOwner: {
      kind: 'boolean',
      label: OWNER_LABEL,
      description:
        'c1 alone holds the counter. c2 keeps no copy: it passes every write on to c1 and never takes over. While c1 is down, writes fail.',
      default: false,
    },
    replicationLagMs: {
      kind: 'number',
      label: 'Replication lag',
      description:
        'How long after saying "done" the primary copies an increment to the other replica (it sends copies every 200 ms).',
      unit: 'ms',
      min: 100,
      max: 2000,
      step: 100,
      default: 500,
    },
  },
  nodeNames: () => [CLIENTS, LB, ...WORKERS, ...REPLICAS],
  interventions: [
    { kind: 'crash', node: 'w2', label: 'Crash w2', description: 'Worker w2 stops.' },
    { kind: 'recover', node: 'w2', label: 'Recover w2', description: 'Worker w2 starts again, empty.' },
    {
      kind: 'crash',
      node: C1,
      label: 'Crash c1',
      description:
        'Replica c1 stops. What it wrote to disk survives; what it had not copied yet stays unsent.',
    },
    {
      kind: 'recover',
      node: C1,
      label: 'Recover c1',
      description: 'Replica c1 starts again from its disk and asks c2 which of them leads.',
    },
    { kind: 'crash', node: C2, label: 'Crash c2', description: 'Replica c2 stops.' },
    {
      kind: 'recover',
      node: C2,
      label: 'Recover c2',
      description: 'Replica c2 starts again from its disk.',
    },
  ],
  fix: {
    param: 'singleOwner',
    label: OWNER_LABEL,
    description:
      'One replica owns the counter and every write goes to it; the other forwards writes instead of keeping its own copy. No failover: while the owner is down, writes fail.',
  },
  steps: [
    {
      id: 'stateless',
      title: 'Lose a worker, lose nothing',
      text:
        'Clients send increments of one counter, ten a second. The balancer hands each to one of three workers, ' +
        'and the worker writes it to the counter. The workers keep nothing between requests. ' +
        'Crash w2 and watch the balancer send its work to w1 and w3.',
      hint: 'Press "Crash w2" and let it run.',
      notes:
        'Compute is easy to move: any worker can do any request, so a dead one costs a retry and nothing else. Show the request path of the rerouted increment: two attempts at the top, the second one answered.',
      challenge: survive,
      solution: { interventions: [{ at: 1000, kind: 'crash', node: 'w2' }] },
    },
    {
      id: 'lost-in-failover',
      title: 'Lose an increment in a failover',
      text:
        'The counter lives on two replicas. c1 is the primary: it adds each increment, says "done" at once, ' +
        'and copies it to c2 half a second later. If c1 goes quiet, c2 takes over. ' +
        'Let it run a moment, then crash c1, and compare what the clients were told with what c2 has.',
      hint: 'Press Play, wait a second, press "Crash c1", and let it run.',
      notes:
        'Asynchronous replication: the "done" goes out before the copy. Anything in that gap is known only to c1, and c2 takes over without it. The readout lists the increments clients heard "done" for that c2 does not have.',
      challenge: lostInFailover,
      solution: { interventions: [{ at: 2000, kind: 'crash', node: C1 }] },
    },
    {
      id: 'pick-a-truth',
      title: 'Two histories, one counter',
      text:
        'c1 crashes at 1.5 s and c2 takes over. Now both have increments the other never saw. ' +
        'Once c2 is the primary, bring c1 back: it asks c2 who leads and has to pick one history.',
      hint: 'Wait until c2 has taken over, then press "Recover c1".',
      notes:
        'Recovery cannot keep both stories without knowing what they mean. c1 adopts the new primary’s history, so what only c1 knew is thrown away, including increments clients were told were done. A counter could be merged; most state (a balance, a booked seat) cannot.',
      start: { interventions: [{ at: 1500, kind: 'crash', node: C1 }] },
      predictions: [
        {
          id: 'uncopied',
          askAtMs: 1400,
          question:
            'c1 is about to crash. It has said "done" for increments it has not copied to c2 yet. What happens to them?',
          answers: ['c2 takes over without them', 'c2 gets them from the clients again'],
          right: 0,
          reveal: (trace) => {
            const promoted = trace.ofType('promoted').find((e) => e.node === C2);
            if (!promoted) return null;
            const lost = missingAcks(trace).filter((a) => a.seq < promoted.seq);
            return lost.length > 0
              ? {
                  answer: 0,
                  seq: promoted.seq,
                  why: `c2 took over at a count of ${promoted.value} and never had #${lost[0]!.increment}: the clients were told "done" and nobody sends it again.`,
                }
              : {
                  answer: 1,
                  seq: promoted.seq,
                  why: 'c2 took over with every increment the clients heard "done" for.',
                };
          },
        },
      ],
      challenge: pickATruth,
      solution: {
        interventions: [
          { at: 1500, kind: 'crash', node: C1 },
          { at: 3500, kind: 'recover', node: C1 },
        ],
      },
    },
    {
      id: 'single-owner',
      title: 'One owner',
      text:
        'Same crash: c1 is down from 1.5 s to 3.5 s. Turn on the single owner. Now c1 alone holds the counter; ' +
        'w2 and w3 write through c2, which passes each write on to c1. While c1 is down, writes fail ' +
        'and clients hear "failed", never a false "done".',
      hint: 'Turn on "Single owner" and play.',
      notes:
        'The price of one owner is honesty over availability: while c1 is down the counter says no. Nothing it said yes to is lost. Open the request path of a write from w2: the balancer, w2, c2, then c1.',
      start: {
        interventions: [
          { at: 1500, kind: 'crash', node: C1 },
          { at: 3500, kind: 'recover', node: C1 },
        ],
      },
      challenge: oneOwner,
      solution: {
        params: { singleOwner: true },
        interventions: [
          { at: 1500, kind: 'crash', node: C1 },
          { at: 3500, kind: 'recover', node: C1 },
        ],
      },
    },
  ],
});
