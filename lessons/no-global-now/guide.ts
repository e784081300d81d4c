/**
 * Lesson 4, the guide: what the page shows and checks. There is no global now. Alice and Bob write
 * the same key to a store that keeps the write with the larger timestamp, and their clocks have
 * offsets and drift and are stepped back into line now and then. When Bob writes after hearing from
 * Alice, his write truly comes later, but with skew it can carry the smaller timestamp and be thrown
 * away. The fix orders writes by Lamport clock, which follows cause and effect instead of clocks.
 *
 * This file holds the words, parameters, interventions, steps and fix, the node names, and the
 * challenges that read the trace. The clients, the store and the scenario are in lesson.ts: the
 * lesson is split so the page loads only this small file.
 */
import events from './events.ts';
import { defineGuide, type ChallengeResult } from '../../src/engine/lesson.ts';
import type { Trace } from '../../src/engine/trace.ts';

export const ALICE = 'alice';
export const BOB = 'bob';
export const STORE = 'store';

// ---------------------------------------------------------------- challenges

function clockSteppedBack(trace: Trace): ChallengeResult {
  const jump = trace.ofType('clock').find((c) => c.jumpMs <= -5 && c.node !== STORE);
  if (!jump)
    return {
      met: false,
      missing:
        "no client's clock has jumped back yet: raise Drift to 10,000 ppm and watch Alice's clock at each resync",
    };
  return {
    met: true,
    evidence: [jump.seq],
    detail: `${jump.node}'s clock jumped back ${Math.abs(jump.jumpMs).toFixed(1)} ms at a ${jump.reason}`,
  };
}

/** The `write` event of a value (every value is written once). */
function writeEvent(trace: Trace, value: unknown) {
  return trace.ofType('write').find((w) => w.value === value);
}

function laterWriteLost(trace: Trace): ChallengeResult {
  const lost = trace.ofType('lost-write')[0];
  if (!lost)
    return {
      met: false,
      missing: trace.ofType('write').length
        ? 'every write so far carried a later time than the one before it, so none was thrown away: press "Set Alice\'s clock 100 ms ahead" before the writes start'
        : 'no write yet: press "Set Alice\'s clock 100 ms ahead", then play',
    };
  const lostW = writeEvent(trace, lost.lost);
  const keptW = writeEvent(trace, lost.kept);
  const evidence = [keptW?.seq, lostW?.seq, lost.seq].filter((s): s is number => s !== undefined);
  return {
    met: true,
    evidence,
    detail:
      `${String(lost.lost)} came after ${String(lost.kept)} but carried an earlier time ` +
      `(${Number(lost.lostTs).toFixed(0)} < ${Number(lost.keptTs).toFixed(0)} ms), so the store threw it away`,
  };
}

function orderedByLamport(trace: Trace, params: { readonly lamport: boolean }): ChallengeResult {
  const decisions = [...trace.ofType('stored'), ...trace.ofType('discarded')].sort((a, b) => a.seq - b.seq);
  if (!params.lamport && !decisions.some((d) => d.by === 'lamport'))
    return { met: false, missing: 'the store orders writes by clock time: turn on Lamport clocks' };
  if (decisions.length === 0) return { met: false, missing: 'the store has decided no write yet: play' };
  if (decisions.some((d) => d.by !== 'lamport'))
    return { met: false, missing: 'the store ordered writes by clock time: turn on Lamport clocks' };
  if (trace.ofType('lost-write').length > 0)
    return { met: false, missing: 'a later write was thrown away: turn on Lamport clocks from the start' };
  const saved = decisions.find((d) => d.disagree === true);
  if (!saved)
    return {
      met: false,
      missing:
        'the clocks and the Lamport stamps agreed on every write so far: press "Set Alice\'s clock 100 ms ahead" so they disagree',
    };
  const writes = trace.ofType('write');
  const last = writes[writes.length - 1]!;
  const finalStored = trace.ofType('stored').at(-1)!;
  if (finalStored.value !== last.value || decisions.length !== writes.length)
    return {
      met: false,
      missing: 'the last write is not the one on top yet: play on until every write is stored',
    };
  return {
    met: true,
    evidence: [saved.seq, last.seq, finalStored.seq],
    detail: `the clocks would have kept ${String(saved.over)} over ${String(saved.value)}; Lamport stamps kept the later write, and ${String(last.value)} ended on top`,
  };
}

function concurrentWrites(trace: Trace): ChallengeResult {
  const hit = trace.ofType('concurrent-writes')[0];
  if (!hit)
    return {
      met: false,
      missing:
        'every pair of writes so far is ordered (one client saw the other\'s write first): set the workload to "independent"',
    };
  const a = writeEvent(trace, hit.kept);
  const b = writeEvent(trace, hit.discarded);
  return {
    met: true,
    evidence: [a?.seq, b?.seq, hit.seq].filter((s): s is number => s !== undefined),
    detail: `${String(hit.kept)} and ${String(hit.discarded)} are concurrent: neither happened before the other, and the store kept ${String(hit.kept)} by ${String(hit.by)}`,
  };
}

// ---------------------------------------------------------------- the guide

export default defineGuide({
  events,
  id: 'no-global-now',
  title: 'No global now',
  summary:
    'Two clients write one key to a store that trusts timestamps, and clock skew throws away the write that came later.',
  keyStep: 'lost-write',
  principle: 'There is no global now',
  part: 2,
  order: 4,
  minutes: 10,
  durationMs: 3000,
  defaultSeed: 4,
  params: {
    workload: {
      kind: 'choice',
      label: 'Workload',
      description:
        '"turns": Alice writes, tells Bob, Bob writes, tells Alice, and so on, so each write truly follows the one before. "independent": each writes on its own schedule without talking to the other.',
      options: ['turns', 'independent'],
      default: 'turns',
    },
    writes: {
      kind: 'number',
      label: 'Writes each',
      description: 'How many times each client writes the key.',
      unit: 'count',
      min: 1,
      max: 30,
      step: 1,
      default: 6,
    },
    thinkMs: {
      kind: 'number',
      label: 'Think time',
      description: 'In "turns": how long a client waits after hearing from the other before it writes.',
      unit: 'ms',
      min: 0,
      max: 500,
      step: 5,
      default: 20,
    },
    writeEveryMs: {
      kind: 'number',
      label: 'Write every',
      description: 'In "independent": the time between one client\'s writes.',
      unit: 'ms',
      min: 10,
      max: 500,
      step: 10,
      default: 100,
    },
    aliceOffsetMs: {
      kind: 'number',
      label: "Alice's clock offset",
      description:
        "How far ahead of true time Alice's clock starts (negative: behind), until the next resync.",
      unit: 'ms',
      min: -500,
      max: 500,
      step: 5,
      default: 0,
    },
    driftPpm: {
      kind: 'number',
      label: 'Drift',
      description:
        "How fast the clocks run wrong: Alice's gains this much, Bob's loses it. 1,000 ppm is 1 ms a second, far worse than real quartz, so the effect shows within seconds.",
      unit: 'ppm',
      min: 0,
      max: 50_000,
      step: 500,
      default: 0,
    },
    resyncEveryMs: {
      kind: 'number',
      label: 'Resync every',
      description: 'How often each client steps its clock to the time server, like NTP.',
      unit: 'ms',
      min: 100,
      max: 10_000,
      step: 100,
      default: 1000,
    },
    resyncErrorMs: {
      kind: 'number',
      label: 'Resync error',
      description: 'A resync is only this good: the clock lands up to this far either side of true time.',
      unit: 'ms',
      min: 0,
      max: 200,
      step: 1,
      default: 1,
    },
    lamport: {
      kind: 'boolean',
      label: 'Lamport clocks',
      description:
        'The store keeps the write with the larger Lamport stamp instead of the larger wall-clock time. A write made after hearing of another always carries a larger stamp.',
      default: false,
    },
  },
  nodeNames: () => [ALICE, BOB, STORE],
  interventions: [
    {
      kind: 'skew',
      node: ALICE,
      offsetMs: 100,
      label: "Set Alice's clock 100 ms ahead",
      description: "Alice's clock jumps forward 100 ms. It stays wrong until her next resync.",
    },
    {
      kind: 'skew',
      node: BOB,
      offsetMs: 100,
      label: "Set Bob's clock 100 ms ahead",
      description: "Bob's clock jumps forward 100 ms. It stays wrong until his next resync.",
    },
    {
      kind: 'skew',
      node: ALICE,
      driftPpm: 20_000,
      label: "Make Alice's clock run fast",
      description:
        "Alice's clock starts gaining 20 ms every second. Resyncs pull it back, then it runs ahead again.",
    },
  ],
  steps: [
    {
      id: 'clock-steps-back',
      title: 'A clock goes backwards',
      text:
        'Every node reads time from its own clock. Clocks run a little fast or slow, and every so often ' +
        'each is stepped back into line with a time server. A clock that ran fast gets stepped back, ' +
        'so the same node can read an earlier time after a later moment. Make one jump back by 5 ms or more.',
      hint: "Raise Drift to 10,000 ppm and watch Alice's clock at each resync.",
      notes:
        "Show each node's clock beside true time in the clocks view. Raise drift and watch a resync pull a clock back. Ask: what does 'later' mean if a clock can go backwards? Timestamps from two machines are two opinions.",
      predictions: [
        {
          id: 'who-wins',
          askAtMs: 50,
          question:
            'Alice writes x, then tells Bob, and only then does Bob write x. Which value will the store keep?',
          answers: ["Alice's, the first write", "Bob's, the later write"],
          right: 1,
          reveal: (trace) => {
            const decisions = [...trace.ofType('stored'), ...trace.ofType('discarded')].sort(
              (a, b) => a.seq - b.seq,
            );
            const second = decisions[1];
            if (!second) return null;
            const kept = second.type === 'stored' ? second.value : second.over;
            const answer = String(kept).startsWith('bob') ? 1 : 0;
            return {
              answer,
              seq: second.seq,
              why:
                answer === 1
                  ? "Bob's write carried the later timestamp, so the store kept it. That holds only while the clocks agree."
                  : "Alice's clock was ahead, so her earlier write carried the larger timestamp and the store threw Bob's away.",
            };
          },
        },
      ],
      challenge: clockSteppedBack,
      solution: { params: { driftPpm: 10_000 }, interventions: [] },
    },
    {
      id: 'lost-write',
      title: 'The later write loses',
      text:
        'Alice writes the key, then tells Bob; Bob writes after he hears from her, so his write truly ' +
        "comes later. The store keeps whichever write has the larger timestamp. Put Alice's clock ahead " +
        "of Bob's by more than the time between their writes, and watch the store keep her older value.",
      hint: 'Press "Set Alice\'s clock 100 ms ahead" before the writes start, or set her clock offset to 100 ms.',
      notes:
        "Set Alice's clock ahead and let both write the same key. The store keeps the write with the larger timestamp, so Bob's later write is thrown away. Point at the lost write in the readout: the store acknowledged it and then lost it.",
      challenge: laterWriteLost,
      solution: { interventions: [{ at: 50, kind: 'skew', node: ALICE, offsetMs: 100 }] },
    },
    {
      id: 'lamport',
      title: 'Order by cause, not by clock',
      text:
        'A Lamport clock is a counter. Each client adds one when it writes and sends the count along ' +
        'with its message; whoever receives it jumps past that count. So a write made after hearing of ' +
        'another always carries the larger number, whatever the clocks say. Your skew from the last step ' +
        'is kept: turn Lamport clocks on, and the store keeps the right write.',
      hint: 'Turn on Lamport clocks. If no skew came over from the last step, press "Set Alice\'s clock 100 ms ahead" first.',
      notes:
        'Turn on Lamport clocks: each message carries a counter, and a receiver moves past it. Now a write that saw another one is ordered after it, whatever the wall clocks say. Ask what Lamport clocks cannot tell: whether two writes were concurrent. That is the next step.',
      challenge: orderedByLamport,
      start: { carryOver: true },
      solution: {
        params: { lamport: true },
        interventions: [{ at: 50, kind: 'skew', node: ALICE, offsetMs: 100 }],
      },
    },
    {
      id: 'concurrent',
      title: 'Neither came first',
      text:
        'Now let the clients write without talking to each other. Their writes are concurrent: neither ' +
        'could have known of the other. Lamport stamps still pick a winner, but only by a rule. The ' +
        'store also compares vector stamps (a count per client), finds that neither write is after the ' +
        'other, and the log marks the pair as concurrent.',
      hint: 'Set the workload to "independent".',
      notes:
        'Switch to independent writers. The vector stamps show that neither write saw the other: they are concurrent, and no clock can say which came first. Ask the room how a real system should resolve this: keep both, or let the application merge.',
      challenge: concurrentWrites,
      solution: { params: { workload: 'independent' }, interventions: [] },
    },
  ],
  fix: {
    param: 'lamport',
    label: 'Lamport clocks',
    description:
      'Order writes by logical stamps that follow the messages, so a write made after hearing of another always wins over it.',
  },
});
