/**
 * Lesson 4, the scenario: Alice, Bob and the store, for the simulation worker, the runner and the
 * tests. The clients write one key, by turns or independently, stamping each write with their wall
 * clock, a Lamport clock and a vector clock; the store keeps the larger timestamp (or, with the fix,
 * the larger Lamport stamp), and the vector stamps let it tell a later write it threw away from a
 * concurrent one. What the page shows and checks (the words, parameters, steps and their
 * challenges) is in guide.ts, which the page loads without this file.
 */
import { defineLesson, type LessonParams } from '../../src/engine/lesson.ts';
import { lamport, vector, type VectorClock } from '../../src/engine/logical-clocks.ts';
import type { Behaviour, ClockSpec, NodeContext } from '../../src/engine/types.ts';
import guide, { ALICE, BOB, STORE } from './guide.ts';

type P = LessonParams<typeof guide>;

const KEY = 'x';
const FIRST_WRITE_MS = 100;

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

function write(state: ClientState, ctx: NodeContext<P>): Write {
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

const client: Behaviour<ClientState, P> = {
  kind: 'client',
  init(ctx) {
    if (ctx.params.workload === 'independent') {
      // Each writes on its own schedule, starting at a random phase: no messages between them.
      ctx.setTimer(FIRST_WRITE_MS + ctx.random() * ctx.params.writeEveryMs, 'write');
    } else if (ctx.name === ALICE) {
      ctx.setTimer(FIRST_WRITE_MS, 'write');
    }
    return { lamport: 0, vector: {}, written: 0 };
  },
  onTimer(state, timer, ctx) {
    if (timer.tag !== 'write') return state;
    const w = write(state, ctx);
    const perClient = ctx.params.writes;
    if (ctx.params.workload === 'independent') {
      if (state.written < perClient) ctx.setTimer(ctx.params.writeEveryMs, 'write');
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
    if (state.written < ctx.params.writes) ctx.setTimer(ctx.params.thinkMs, 'write');
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

const store: Behaviour<StoreState, P> = {
  kind: 'store',
  init: () => ({ kept: null }),
  onMessage(state, delivery, ctx) {
    if (delivery.label !== 'write') return state;
    const w = delivery.payload as Write;
    const byLamport = ctx.params.lamport;
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

// ---------------------------------------------------------------- the scenario

function clockOf(params: P, offsetMs: number, driftPpm: number): ClockSpec {
  return {
    offsetMs,
    driftPpm,
    resync: { everyMs: params.resyncEveryMs, errorMs: params.resyncErrorMs },
  };
}

export default defineLesson(guide, (params) => ({
  nodes: [
    {
      name: ALICE,
      behaviour: client,
      clock: clockOf(params, params.aliceOffsetMs, params.driftPpm),
      position: { x: 0.2, y: 0.25 },
    },
    {
      name: BOB,
      behaviour: client,
      clock: clockOf(params, 0, -params.driftPpm),
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
}));
