/**
 * Lesson 4: there is no global now. Alice and Bob write the same key to a store that keeps the write
 * with the larger timestamp. Their clocks have offsets and drift and are stepped back into line now
 * and then. When Bob writes after hearing from Alice, his write truly comes later, but with skew it
 * can carry the smaller timestamp and be thrown away. The fix orders writes by Lamport clock, which
 * follows cause and effect instead of clocks; vector stamps on every write let a view draw the
 * happens-before arrows and tell "came after" from "concurrent".
 */
import { defineLesson, type ChallengeResult } from '../../src/engine/lesson.ts';
import { lamport, vector, type VectorClock } from '../../src/engine/logical-clocks.ts';
import type { Trace } from '../../src/engine/trace.ts';
import type { Behaviour, ClockSpec, NodeContext, Params } from '../../src/engine/types.ts';

export const ALICE = 'alice';
export const BOB = 'bob';
export const STORE = 'store';
const KEY = 'x';
const FIRST_WRITE_MS = 100;

const num = (params: Params, name: string): number => Number(params[name]);
const other = (name: string): string => (name === ALICE ? BOB : ALICE);

/** One write as it travels to the store and as the store keeps it. */
export interface Write {
  client: string;
  value: string;
  /** The writer's wall clock when it wrote. */
  ts: number;
  lamport: number;
  vector: VectorClock;
}

// ---------------------------------------------------------------- the clients

interface ClientState {
  lamport: number;
  vector: VectorClock;
  written: number;
}

function write(state: ClientState, ctx: NodeContext): Write {
  state.lamport = lamport.tick(state.lamport);
  state.vector = vector.tick(state.vector, ctx.name);
  state.written += 1;
  const w: Write = {
    client: ctx.name,
    value: `${ctx.name}-${state.written}`,
    ts: Math.round(ctx.now() * 1000) / 1000,
    lamport: state.lamport,
    vector: state.vector,
  };
  ctx.emit('write', { key: KEY, ...w });
  ctx.send(STORE, 'write', w);
  return w;
}

const client: Behaviour<ClientState> = {
  kind: 'client',
  init(ctx) {
    if (ctx.params.workload === 'independent') {
      // Each writes on its own schedule, starting at a random phase: no messages between them.
      ctx.setTimer(FIRST_WRITE_MS + ctx.random() * num(ctx.params, 'writeEveryMs'), 'write');
    } else if (ctx.name === ALICE) {
      ctx.setTimer(FIRST_WRITE_MS, 'write');
    }
    return { lamport: 0, vector: {}, written: 0 };
  },
  onTimer(state, timer, ctx) {
    if (timer.tag !== 'write') return state;
    const w = write(state, ctx);
    const perClient = num(ctx.params, 'writes');
    if (ctx.params.workload === 'independent') {
      if (state.written < perClient) ctx.setTimer(num(ctx.params, 'writeEveryMs'), 'write');
    } else if (ctx.name === ALICE || state.written < perClient) {
      // Taking turns: tell the other client, who writes after hearing this. The message carries the
      // write's logical stamps, which is how causality travels.
      ctx.send(other(ctx.name), 'your turn', {
        after: w.value,
        lamport: state.lamport,
        vector: state.vector,
      });
    }
    return state;
  },
  onMessage(state, delivery, ctx) {
    if (delivery.label !== 'your turn') return state;
    const stamp = delivery.payload as { after: string; lamport: number; vector: VectorClock };
    state.lamport = lamport.receive(state.lamport, stamp.lamport);
    state.vector = vector.receive(state.vector, stamp.vector, ctx.name);
    ctx.emit('receive', {
      from: delivery.from,
      after: stamp.after,
      lamport: state.lamport,
      vector: state.vector,
    });
    if (state.written < num(ctx.params, 'writes')) ctx.setTimer(num(ctx.params, 'thinkMs'), 'write');
    return state;
  },
  label: (state) => `L=${state.lamport}`,
};

// ---------------------------------------------------------------- the store

interface StoreState {
  kept: Write | null;
}

/** Does write a win over write b? The larger wall-clock time, or the larger Lamport stamp; ties by client name. */
function wins(a: Write, b: Write, byLamport: boolean): boolean {
  if (byLamport)
    return lamport.compare({ time: a.lamport, node: a.client }, { time: b.lamport, node: b.client }) > 0;
  if (a.ts !== b.ts) return a.ts > b.ts;
  return a.client > b.client;
}

const store: Behaviour<StoreState> = {
  kind: 'store',
  init: () => ({ kept: null }),
  onMessage(state, delivery, ctx) {
    if (delivery.label !== 'write') return state;
    const w = delivery.payload as Write;
    const byLamport = ctx.params.lamport === true;
    const by = byLamport ? 'lamport' : 'wall clock';
    const kept = state.kept;
    if (!kept) {
      state.kept = w;
      ctx.emit('stored', {
        key: KEY,
        value: w.value,
        client: w.client,
        ts: w.ts,
        lamport: w.lamport,
        by,
        over: null,
        disagree: false,
      });
      return state;
    }
    const newWins = wins(w, kept, byLamport);
    // Would the other rule have decided differently? That is where skew and causality part ways.
    const disagree = newWins !== wins(w, kept, !byLamport);
    const [winner, loser] = newWins ? [w, kept] : [kept, w];
    state.kept = winner;
    ctx.emit(newWins ? 'stored' : 'discarded', {
      key: KEY,
      value: w.value,
      client: w.client,
      ts: w.ts,
      lamport: w.lamport,
      by,
      over: kept.value,
      disagree,
    });
    const order = vector.compare(loser.vector, winner.vector);
    if (order === 'after') {
      ctx.emit('lost-write', {
        key: KEY,
        lost: loser.value,
        lostTs: loser.ts,
        lostLamport: loser.lamport,
        kept: winner.value,
        keptTs: winner.ts,
        keptLamport: winner.lamport,
        by,
      });
    } else if (order === 'concurrent') {
      ctx.emit('concurrent-writes', { key: KEY, kept: winner.value, discarded: loser.value, by });
    }
    return state;
  },
  label: (state) => (state.kept ? `${KEY} = ${state.kept.value}` : `${KEY} unset`),
};

// ---------------------------------------------------------------- challenges

function clockSteppedBack(trace: Trace): ChallengeResult {
  const jump = trace.ofType('clock').find((c) => c.jumpMs <= -5 && c.node !== STORE);
  if (!jump) return { met: false };
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
  if (!lost) return { met: false };
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

function orderedByLamport(trace: Trace): ChallengeResult {
  const decisions = [...trace.ofType('stored'), ...trace.ofType('discarded')].sort((a, b) => a.seq - b.seq);
  if (decisions.length === 0 || decisions.some((d) => d.by !== 'lamport')) return { met: false };
  if (trace.ofType('lost-write').length > 0) return { met: false };
  const saved = decisions.find((d) => d.disagree === true);
  if (!saved) return { met: false };
  const writes = trace.ofType('write');
  const last = writes[writes.length - 1]!;
  const finalStored = trace.ofType('stored').at(-1)!;
  if (finalStored.value !== last.value || decisions.length !== writes.length) return { met: false };
  return {
    met: true,
    evidence: [saved.seq, last.seq, finalStored.seq],
    detail: `the clocks would have kept ${String(saved.over)} over ${String(saved.value)}; Lamport stamps kept the later write, and ${String(last.value)} ended on top`,
  };
}

function concurrentWrites(trace: Trace): ChallengeResult {
  const hit = trace.ofType('concurrent-writes')[0];
  if (!hit) return { met: false };
  const a = writeEvent(trace, hit.kept);
  const b = writeEvent(trace, hit.discarded);
  return {
    met: true,
    evidence: [a?.seq, b?.seq, hit.seq].filter((s): s is number => s !== undefined),
    detail: `${String(hit.kept)} and ${String(hit.discarded)} are concurrent: neither happened before the other, and the store kept ${String(hit.kept)} by ${String(hit.by)}`,
  };
}

// ---------------------------------------------------------------- the lesson

function clockOf(params: Params, offsetMs: number, driftPpm: number): ClockSpec {
  return {
    offsetMs,
    driftPpm,
    resync: { everyMs: num(params, 'resyncEveryMs'), errorMs: num(params, 'resyncErrorMs') },
  };
}

export default defineLesson({
  id: 'no-global-now',
  title: 'No global now',
  summary:
    'Two clients write one key to a store that trusts timestamps, and clock skew throws away the write that came later.',
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
  scenario: (params) => ({
    nodes: [
      {
        name: ALICE,
        behaviour: client,
        clock: clockOf(params, num(params, 'aliceOffsetMs'), num(params, 'driftPpm')),
        position: { x: 0.2, y: 0.25 },
      },
      {
        name: BOB,
        behaviour: client,
        clock: clockOf(params, 0, -num(params, 'driftPpm')),
        position: { x: 0.2, y: 0.75 },
      },
      { name: STORE, behaviour: store, position: { x: 0.8, y: 0.5 } },
    ],
    network: { latencyMs: 20, jitterMs: 10, loss: 0, duplicate: 0 },
    links: [
      { from: ALICE, to: BOB },
      { from: BOB, to: ALICE },
      { from: ALICE, to: STORE },
      { from: BOB, to: STORE },
    ],
  }),
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
      challenge: laterWriteLost,
      solution: { interventions: [{ at: 50, kind: 'skew', node: ALICE, offsetMs: 100 }] },
    },
    {
      id: 'lamport',
      title: 'Order by cause, not by clock',
      text:
        'A Lamport clock is a counter. Each client adds one when it writes and sends the count along ' +
        'with its message; whoever receives it jumps past that count. So a write made after hearing of ' +
        'another always carries the larger number, whatever the clocks say. Turn it on, keep the skew, ' +
        'and the store keeps the right write.',
      hint: "Turn on Lamport clocks, then skew Alice's clock 100 ms ahead again.",
      challenge: orderedByLamport,
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
        'vector stamps on each write show it plainly: neither one is after the other.',
      hint: 'Set the workload to "independent".',
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
