/**
 * Lesson 14: what Raft costs. What only the simulation needs: five Raft servers (the statechart in
 * raft.ts, hosted on each server's clock), the client that writes to the leader and to the single
 * node, the single node, and the scenario. The words, parameters, steps and trace readers are in
 * guide.ts.
 */
import { defineLesson, type LessonParams } from '../../src/engine/lesson.ts';
import type { Behaviour, LinkSpec, NodeContext } from '../../src/engine/types.ts';
import guide, { CLIENT, JITTER_MS, LATENCY_MS, SERVERS, SINGLE, WRITE_DEADLINE_MS } from './guide.ts';
import { raftServer } from './raft.ts';

type P = LessonParams<typeof guide>;

/** With no steady load, the client looks again this often in case the setting changes. */
const IDLE_CHECK_MS = 250;

// ---------------------------------------------------------------- the client

interface ClientState {
  sent: number;
  /** The server it believes leads. */
  leader: string;
}

const nextServer = (s: string): string => SERVERS[(SERVERS.indexOf(s as never) + 1) % SERVERS.length]!;

function write(state: ClientState, ctx: NodeContext<P>): void {
  state.sent += 1;
  const args = { n: state.sent };
  ctx.call(state.leader, 'write', args, { deadlineMs: WRITE_DEADLINE_MS });
  ctx.call(SINGLE, 'write', args, { deadlineMs: WRITE_DEADLINE_MS });
}

/**
 * Writes to the server it believes leads. A follower's refusal names the leader: the client sends the
 * same write there (a retry of the same request). No answer in time: it tries the next server with
 * its next write.
 */
const client: Behaviour<ClientState, P> = {
  kind: 'client',
  init(ctx) {
    ctx.setTimer(ctx.params.writeEveryMs || IDLE_CHECK_MS, 'tick');
    return { sent: 0, leader: SERVERS[0] };
  },
  onTimer(state, timer, ctx) {
    if (timer.tag !== 'tick') return state;
    if (ctx.params.writeEveryMs > 0) write(state, ctx);
    ctx.setTimer(ctx.params.writeEveryMs || IDLE_CHECK_MS, 'tick');
    return state;
  },
  onSignal(state, signal, ctx) {
    if (signal === 'client-write') write(state, ctx);
    return state;
  },
  onOutcome(state, outcome, ctx) {
    if (outcome.op !== 'write' || outcome.to === SINGLE || outcome.result === 'success') return state;
    const named = /the leader is (s\d)/.exec(outcome.reason)?.[1];
    if (named) {
      state.leader = named;
      ctx.call(named, 'write', outcome.args, { deadlineMs: WRITE_DEADLINE_MS, request: outcome.request });
    } else if (outcome.to === state.leader) state.leader = nextServer(state.leader);
    return state;
  },
  label: (state) => `asks ${state.leader} · ${state.sent} sent`,
};

// ---------------------------------------------------------------- the single node

/** One node, one disk: it writes each write to its disk and answers. */
const single: Behaviour<{ written: number }, P> = {
  kind: 'one node with a disk',
  init: (_ctx, durable) => ({ written: (durable as { written: number } | undefined)?.written ?? 0 }),
  onRequest(state, request, ctx) {
    if (request.op !== 'write') return state;
    state.written += 1;
    ctx.effect(request);
    ctx.emit('disk-write', { n: (request.args as { n: number }).n });
    ctx.reply(request, { ok: true });
    return state;
  },
  durable: (state) => ({ written: state.written }),
  label: (state) => `${state.written} written`,
};

// ---------------------------------------------------------------- the lesson

const server = raftServer<P>((self) => SERVERS.filter((s) => s !== self));

/** The servers on a pentagon on the right, the client on the left, the single node below it. */
const AT: Record<string, { x: number; y: number }> = {
  s1: { x: 0.62, y: 0.12 },
  s2: { x: 0.9, y: 0.36 },
  s3: { x: 0.8, y: 0.85 },
  s4: { x: 0.44, y: 0.85 },
  s5: { x: 0.34, y: 0.36 },
  [CLIENT]: { x: 0.08, y: 0.3 },
  [SINGLE]: { x: 0.08, y: 0.85 },
};

export default defineLesson(guide, (params) => {
  const slow = (a: string, b: string): Partial<LinkSpec> =>
    params.slowFollowerMs > 0 && (a === 's5' || b === 's5')
      ? { latencyMs: LATENCY_MS + params.slowFollowerMs }
      : {};
  const links: LinkSpec[] = [];
  const pair = (a: string, b: string) => {
    links.push({ from: a, to: b, ...slow(a, b) }, { from: b, to: a, ...slow(a, b) });
  };
  SERVERS.forEach((a, i) => SERVERS.slice(i + 1).forEach((b) => pair(a, b)));
  for (const s of SERVERS) pair(CLIENT, s);
  pair(CLIENT, SINGLE);
  return {
    nodes: [
      { name: CLIENT, behaviour: client, position: AT[CLIENT] },
      ...SERVERS.map((name) => ({ name, behaviour: server, position: AT[name] })),
      { name: SINGLE, behaviour: single, position: AT[SINGLE] },
    ],
    network: { latencyMs: LATENCY_MS, jitterMs: JITTER_MS, loss: 0, duplicate: 0 },
    links,
  };
});
