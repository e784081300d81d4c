/**
 * Raft in the sandbox: a Raft node (the consensus lesson's server, the same statechart, hosted on
 * its node's clock) whose cluster is every Raft node it links to, and a client that writes to the
 * cluster and follows a follower's "the leader is …" to the leader, as the lesson's client does.
 */
import type { ParamSchema } from '../../engine/params.ts';
import type { Behaviour, NodeContext } from '../../engine/types.ts';
import { raftServer, type RaftTiming } from '../../../lessons/consensus/raft.ts';
import { entry } from '../entry.ts';

const nodeSettings = {
  electionMinMs: {
    kind: 'number',
    unit: 'ms',
    label: 'Election timeout from',
    description:
      'A follower that hears no leader for a random time between this and the next setting stands for election.',
    min: 10,
    max: 5000,
    step: 10,
    default: 150,
  },
  electionMaxMs: {
    kind: 'number',
    unit: 'ms',
    label: 'Election timeout to',
    description: 'The upper end of the random election timeout.',
    min: 10,
    max: 5000,
    step: 10,
    default: 300,
  },
  heartbeatMs: {
    kind: 'number',
    unit: 'ms',
    label: 'Heartbeat',
    description: 'How often a leader tells its followers it is still there (and sends them entries).',
    min: 10,
    max: 2000,
    step: 10,
    default: 50,
  },
} as const satisfies ParamSchema;

export const raftNode = entry({
  id: 'raft',
  label: 'Raft node',
  summary: 'Elects a leader with the Raft nodes it links to and commits writes on a majority.',
  settings: nodeSettings,
  peers: [{ role: 'cluster', label: 'other Raft nodes', accepts: ['raft'], many: true }],
  make(s, _peers, groups): Behaviour<unknown> {
    const cluster = groups.cluster ?? [];
    // Either order of the two ends works: the timeout is drawn between the smaller and the larger.
    const timing: RaftTiming = {
      electionMinMs: Math.min(s.electionMinMs, s.electionMaxMs),
      electionMaxMs: Math.max(s.electionMinMs, s.electionMaxMs),
      heartbeatMs: s.heartbeatMs,
    };
    return raftServer(() => [...cluster], timing) as Behaviour<unknown>;
  },
});

// ------------------------------------------------------------------ the client that writes to it

const clientSettings = {
  writes: {
    kind: 'number',
    unit: 'count',
    label: 'Writes',
    description: 'How many writes the client sends, one every pause.',
    min: 1,
    max: 200,
    step: 1,
    default: 20,
  },
  everyMs: {
    kind: 'number',
    unit: 'ms',
    label: 'Pause between writes',
    description: 'How long the client waits between one write and the next.',
    min: 10,
    max: 5000,
    step: 10,
    default: 200,
  },
  deadlineMs: {
    kind: 'number',
    unit: 'ms',
    label: 'Deadline',
    description: 'How long the client waits for "done" before it calls the write unknown.',
    min: 10,
    max: 10_000,
    step: 10,
    default: 500,
  },
} as const satisfies ParamSchema;

interface RaftClientState {
  sent: number;
  /** The node it believes leads. */
  leader: string;
}

/** A follower's refusal names the leader it knows: "not the leader; the leader is n3". */
const LEADER_IS = /the leader is (.+)$/;

export const raftClient = entry({
  id: 'raft-client',
  label: 'Raft client',
  summary: 'Writes to a Raft cluster, following a follower to the leader.',
  settings: clientSettings,
  peers: [{ role: 'cluster', label: 'a Raft node to write to', accepts: ['raft'], many: true }],
  make(s, _peers, groups): Behaviour<RaftClientState> {
    const cluster = groups.cluster ?? [];
    const nextAfter = (name: string) => cluster[(cluster.indexOf(name) + 1) % cluster.length]!;
    const write = (state: RaftClientState, ctx: NodeContext) => {
      state.sent += 1;
      ctx.call(state.leader, 'write', { n: state.sent }, { deadlineMs: s.deadlineMs });
      if (state.sent < s.writes) ctx.setTimer(s.everyMs, 'write');
    };
    return {
      kind: 'raft client',
      init(ctx) {
        ctx.setTimer(s.everyMs, 'write');
        return { sent: 0, leader: cluster[0]! };
      },
      onTimer(state, timer, ctx) {
        if (timer.tag === 'write') write(state, ctx);
        return state;
      },
      onOutcome(state, outcome, ctx) {
        if (outcome.op !== 'write' || outcome.result === 'success') return state;
        const named = LEADER_IS.exec(outcome.reason)?.[1];
        // Only a node it can reach: a name from elsewhere would be a send over a link never drawn.
        if (named !== undefined && cluster.includes(named) && named !== outcome.to) {
          state.leader = named;
          ctx.call(named, 'write', outcome.args, { deadlineMs: s.deadlineMs, request: outcome.request });
        } else if (outcome.to === state.leader) state.leader = nextAfter(state.leader);
        return state;
      },
      label: (state) => `asks ${state.leader} · ${state.sent} sent`,
    };
  },
});
