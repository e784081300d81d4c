/**
 * Raft (Ongaro and Ousterhout, "In Search of an Understandable Consensus Algorithm"), one server as an
 * XState v5 statechart hosted on the server's own clock (src/engine/xstate-host.ts). Its three roles
 * are the chart's three states:
 *
 *   follower   answers RequestVote and AppendEntries; its election timer (a delayed event) restarts on
 *              every AppendEntries from the current leader and on every vote it grants; when it fires,
 *              the follower stands for election
 *   candidate  votes for itself in a new term and asks every peer; a majority of votes makes it leader,
 *              another timeout starts a new election, a leader of its term or later makes it a follower
 *   leader     appends a no-op of its term, then sends AppendEntries every heartbeat (and at once on a
 *              client write), backs nextIndex off by one on a refusal, and commits the highest index a
 *              majority holds, but only an entry of its own term (section 5.4.2 of the paper)
 *
 * A message with a later term makes any server adopt the term and become a follower. The term, the
 * vote and the log are durable (they survive a crash); commitIndex, the leader's nextIndex and
 * matchIndex, the votes and the waiting clients are lost. Election timeouts are random, drawn from a
 * generator seeded from the node's own stream of the run's PRNG, kept in the context so that a replay
 * draws the same ones.
 *
 * The transitions compute what to do as plain data (`out`: messages, replies, trace events) and one
 * host effect, `flush`, performs it: the chart stays pure and the same code runs in the lesson and in
 * the benchmark (bench/workloads.ts).
 */
import { assign, setup } from 'xstate';
import { machineBehaviour, type HostedMachineState } from '../../src/engine/xstate-host.ts';
import type { Behaviour, NodeContext, Params, Request } from '../../src/engine/types.ts';

/** One log entry: the term it was appended in, and the client's write (0: the leader's no-op). */
export interface Entry {
  term: number;
  cmd: number;
}

export type Role = 'follower' | 'candidate' | 'leader';

export interface RaftTiming {
  electionMinMs: number;
  electionMaxMs: number;
  heartbeatMs: number;
}

/** RaftScope's defaults: election timeout uniform in 100 to 200 ms, a heartbeat every 50 ms. */
export const RAFTSCOPE_TIMING: RaftTiming = { electionMinMs: 100, electionMaxMs: 200, heartbeatMs: 50 };

export interface VoteRequest {
  term: number;
  lastIndex: number;
  lastTerm: number;
}
export interface VoteReply {
  term: number;
  granted: boolean;
}
export interface AppendRequest {
  term: number;
  prevIndex: number;
  prevTerm: number;
  entries: Entry[];
  commit: number;
}
export interface AppendReply {
  term: number;
  /** On success the index up to which the follower's log matches the leader's; on a refusal its length. */
  match: number;
}

/** Something a transition decided to do, performed by the `flush` effect. */
export type Out =
  | { send: string; label: string; payload: unknown }
  | { reply: Request; ok: boolean; error?: string }
  | { emit: string; fields: Record<string, unknown> };

export interface RaftContext {
  self: string;
  peers: string[];
  timing: RaftTiming;
  // Durable.
  term: number;
  votedFor: string | null;
  log: Entry[];
  // Volatile.
  commit: number;
  leader: string | null;
  votes: string[];
  next: Record<string, number>;
  match: Record<string, number>;
  /** Heartbeats the leader has sent this term, and for each peer the one during which its AppendEntries went unanswered. */
  beats: number;
  busy: Record<string, number>;
  /** Client writes waiting for their entry to commit, by log index (the leader's only). */
  pending: Record<string, Request>;
  /** The election timeout's generator (xorshift32 state) and the timeout it drew last. */
  rng: number;
  timeoutMs: number;
  out: Out[];
}

/** What survives a crash. */
export interface RaftDurable {
  term: number;
  votedFor: string | null;
  log: Entry[];
}

export type RaftEvent =
  | { type: 'RequestVote'; from: string; payload: VoteRequest }
  | { type: 'RequestVote:ok' | 'RequestVote:refused'; from: string; payload: VoteReply }
  | { type: 'AppendEntries'; from: string; payload: AppendRequest }
  | { type: 'AppendEntries:ok' | 'AppendEntries:refused'; from: string; payload: AppendReply }
  | { type: 'request'; request: Request };

// ---------------------------------------------------------------- pure helpers

export const lastIndex = (log: readonly Entry[]): number => log.length;
export const termAt = (log: readonly Entry[], index: number): number =>
  index <= 0 ? 0 : (log[index - 1]?.term ?? 0);
const majority = (c: RaftContext): number => Math.floor((c.peers.length + 1) / 2) + 1;

function xorshift(x: number): number {
  x ^= x << 13;
  x ^= x >>> 17;
  x ^= x << 5;
  return x | 0;
}

/** The next election timeout, uniform in [electionMinMs, electionMaxMs). */
function drawTimeout(c: RaftContext): { rng: number; timeoutMs: number } {
  const rng = xorshift(c.rng);
  const { electionMinMs: lo, electionMaxMs: hi } = c.timing;
  return { rng, timeoutMs: lo + ((rng >>> 0) / 4294967296) * (hi - lo) };
}

/** Section 5.4.1: a candidate's log is at least as up-to-date as ours. */
export function upToDate(log: readonly Entry[], lastTermOf: number, lastIndexOf: number): boolean {
  const mine = termAt(log, lastIndex(log));
  return lastTermOf !== mine ? lastTermOf > mine : lastIndexOf >= lastIndex(log);
}

/**
 * The AppendEntries for `peer` from its nextIndex on; `busy` (the transition's own copy) notes that it
 * waits for the answer, so that a heartbeat or a write meanwhile does not send the same entries again.
 */
function appendFor(c: RaftContext, peer: string, out: Out[], busy: Record<string, number>): void {
  busy[peer] = c.beats;
  const next = c.next[peer] ?? lastIndex(c.log) + 1;
  const prevIndex = next - 1;
  const entries = c.log.slice(prevIndex);
  const payload: AppendRequest = {
    term: c.term,
    prevIndex,
    prevTerm: termAt(c.log, prevIndex),
    entries,
    commit: c.commit,
  };
  if (entries.length > 0)
    out.push({ emit: 'replicate', fields: { to: peer, first: next, last: prevIndex + entries.length } });
  out.push({ send: peer, label: 'AppendEntries', payload });
}

/**
 * The highest index above commit that a majority holds and whose entry is of the current term
 * (section 5.4.2: an entry of an earlier term is committed only by one of the current term after it).
 */
export function commitIndexOf(c: Pick<RaftContext, 'log' | 'term' | 'commit' | 'match' | 'peers'>): number {
  const need = Math.floor((c.peers.length + 1) / 2) + 1;
  for (let n = lastIndex(c.log); n > c.commit; n--) {
    if (termAt(c.log, n) !== c.term) break;
    let have = 1;
    for (const p of c.peers) if ((c.match[p] ?? 0) >= n) have++;
    if (have >= need) return n;
  }
  return c.commit;
}

/** A commit advanced to `to`: the trace hears of it, and the leader answers the writes it holds. */
function committed(c: RaftContext, to: number, out: Out[]): Record<string, Request> {
  out.push({ emit: 'commit', fields: { index: to, term: termAt(c.log, to), from: c.commit + 1 } });
  let pending = c.pending;
  for (let i = c.commit + 1; i <= to; i++) {
    const request = pending[i];
    if (!request) continue;
    out.push({ reply: request, ok: true });
    if (pending === c.pending) pending = { ...c.pending };
    delete pending[i];
  }
  return pending;
}

// ---------------------------------------------------------------- the statechart

const term = (e: RaftEvent): number => ('payload' in e ? e.payload.term : 0);

export const raftMachine = setup({
  types: {
    context: {} as RaftContext,
    input: {} as {
      self: string;
      peers: string[];
      timing: RaftTiming;
      seed: number;
      durable: RaftDurable | undefined;
    },
    events: {} as RaftEvent,
  },
  actions: {
    /** Every transition that acts starts with an empty list of what to do. */
    begin: assign({ out: () => [] }),
    /** A later term: adopt it, forget the vote and the leader (a durable write of term and vote). */
    adoptTerm: assign(({ context: c, event }) => {
      const out = [...c.out, { emit: 'term', fields: { term: term(event), was: c.term } }];
      return { term: term(event), votedFor: null, leader: null, out };
    }),
    newTimeout: assign(({ context }) => drawTimeout(context)),
    // ---- votes
    answerVote: assign(({ context: c, event }) => {
      if (event.type !== 'RequestVote') return {};
      const p = event.payload;
      const grant =
        p.term === c.term &&
        (c.votedFor === null || c.votedFor === event.from) &&
        upToDate(c.log, p.lastTerm, p.lastIndex);
      const out = [...c.out];
      if (grant && c.votedFor === null) out.push({ emit: 'vote', fields: { term: c.term, for: event.from } });
      out.push({
        send: event.from,
        label: grant ? 'RequestVote:ok' : 'RequestVote:refused',
        payload: { term: c.term, granted: grant } satisfies VoteReply,
      });
      return { votedFor: grant ? event.from : c.votedFor, out };
    }),
    stand: assign(({ context: c }) => {
      const t = c.term + 1;
      const out: Out[] = [{ emit: 'election', fields: { term: t } }];
      const payload: VoteRequest = {
        term: t,
        lastIndex: lastIndex(c.log),
        lastTerm: termAt(c.log, lastIndex(c.log)),
      };
      for (const peer of c.peers) out.push({ send: peer, label: 'RequestVote', payload });
      return { term: t, votedFor: c.self, votes: [c.self], leader: null, out, ...drawTimeout(c) };
    }),
    countVote: assign(({ context: c, event }) => {
      if (event.type !== 'RequestVote:ok' || c.votes.includes(event.from)) return {};
      return { votes: [...c.votes, event.from] };
    }),
    // ---- the leader
    lead: assign(({ context: c }) => {
      const log = [...c.log, { term: c.term, cmd: 0 }];
      const next: Record<string, number> = {};
      const match: Record<string, number> = {};
      for (const p of c.peers) {
        next[p] = log.length;
        match[p] = 0;
      }
      const out: Out[] = [
        { emit: 'leader', fields: { term: c.term, votes: c.votes.length } },
        { emit: 'append', fields: { index: log.length, term: c.term, cmd: 0 } },
      ];
      const busy: Record<string, number> = {};
      const led = { ...c, log, next, match, leader: c.self, pending: {}, beats: 0, busy };
      for (const p of c.peers) appendFor(led, p, out, busy);
      // A cluster of one commits its no-op at once.
      const to = commitIndexOf(led);
      if (to > c.commit) committed(led, to, out);
      return { log, next, match, leader: c.self, pending: {}, commit: to, beats: 0, busy, out };
    }),
    /** Every peer hears from the leader, but one whose AppendEntries is out since this beat began waits for it. */
    heartbeat: assign(({ context: c }) => {
      const out: Out[] = [];
      const busy = { ...c.busy };
      const beat = { ...c, beats: c.beats + 1 };
      for (const p of c.peers) if (busy[p] !== c.beats) appendFor(beat, p, out, busy);
      return { out, busy, beats: beat.beats };
    }),
    clientWrite: assign(({ context: c, event }) => {
      if (event.type !== 'request') return {};
      const cmd = Number((event.request.args as { n?: unknown } | undefined)?.n ?? 0) || 0;
      const log = [...c.log, { term: c.term, cmd }];
      const index = log.length;
      const out: Out[] = [{ emit: 'append', fields: { index, term: c.term, cmd } }];
      const led = { ...c, log };
      const busy = { ...c.busy };
      for (const p of c.peers) if (busy[p] === undefined) appendFor(led, p, out, busy);
      let pending = { ...c.pending, [index]: event.request };
      const to = commitIndexOf(led);
      if (to > c.commit) pending = committed({ ...led, pending }, to, out);
      return { log, pending, busy, commit: Math.max(c.commit, to), out };
    }),
    acked: assign(({ context: c, event }) => {
      if (event.type !== 'AppendEntries:ok') return {};
      const m = Math.max(c.match[event.from] ?? 0, event.payload.match);
      const match = { ...c.match, [event.from]: m };
      const next = { ...c.next, [event.from]: m + 1 };
      const out: Out[] = [];
      const busy = { ...c.busy };
      delete busy[event.from];
      const to = commitIndexOf({ ...c, match });
      const pending = to > c.commit ? committed(c, to, out) : c.pending;
      // Entries appended while it waited go at once.
      if (m < lastIndex(c.log)) appendFor({ ...c, next, commit: to }, event.from, out, busy);
      return { match, next, pending, busy, commit: to, out };
    }),
    /** The follower's log does not hold the entry before nextIndex: back off by one and try again. */
    backOff: assign(({ context: c, event }) => {
      if (event.type !== 'AppendEntries:refused') return {};
      const was = c.next[event.from] ?? 1;
      // At most one past the follower's last entry (it said how long its log is), and never below 1.
      const n = Math.max(1, Math.min(was - 1, event.payload.match + 1));
      const next = { ...c.next, [event.from]: n };
      const out: Out[] = [{ emit: 'back-off', fields: { to: event.from, next: n } }];
      const busy = { ...c.busy };
      appendFor({ ...c, next }, event.from, out, busy);
      return { next, busy, out };
    }),
    redirect: assign(({ context: c, event }) => {
      if (event.type !== 'request') return {};
      const error = c.leader
        ? `not the leader; the leader is ${c.leader}`
        : 'not the leader; no leader known';
      return { out: [{ reply: event.request, ok: false, error }] };
    }),
    // ---- followers
    refuseAppend: assign(({ context: c, event }) => {
      if (event.type !== 'AppendEntries') return {};
      const payload: AppendReply = { term: c.term, match: lastIndex(c.log) };
      return { out: [...c.out, { send: event.from, label: 'AppendEntries:refused', payload }] };
    }),
    /** A current leader's AppendEntries: the consistency check, then the entries and its commit index. */
    acceptAppend: assign(({ context: c, event }) => {
      if (event.type !== 'AppendEntries') return {};
      const p = event.payload;
      const out = [...c.out];
      if (p.prevIndex > lastIndex(c.log) || termAt(c.log, p.prevIndex) !== p.prevTerm) {
        out.push({
          send: event.from,
          label: 'AppendEntries:refused',
          payload: { term: c.term, match: Math.min(lastIndex(c.log), p.prevIndex - 1) } satisfies AppendReply,
        });
        return { leader: event.from, out };
      }
      let log = c.log;
      let first = 0;
      let dropped = 0;
      for (let k = 0; k < p.entries.length; k++) {
        const index = p.prevIndex + 1 + k;
        const entry = p.entries[k]!;
        if (index <= log.length && log[index - 1]!.term === entry.term) continue;
        // A conflicting entry and all after it go (never a committed one: the leader holds those).
        if (index <= log.length) dropped = log.length - index + 1;
        log = [...log.slice(0, index - 1), ...p.entries.slice(k)];
        first = index;
        break;
      }
      if (first > 0)
        out.push({ emit: 'persist', fields: { first, last: log.length, term: p.term, dropped } });
      const last = p.prevIndex + p.entries.length;
      const commit = Math.max(c.commit, Math.min(p.commit, last));
      if (commit > c.commit)
        out.push({
          emit: 'commit',
          fields: { index: commit, term: termAt(log, commit), from: c.commit + 1 },
        });
      out.push({ send: event.from, label: 'AppendEntries:ok', payload: { term: c.term, match: last } });
      return { log, commit, leader: event.from, out };
    }),
    /** Performed by the host: the messages, replies and trace events the transition decided on. */
    flush: () => {},
  },
  guards: {
    newerTerm: ({ context, event }) => term(event) > context.term,
    staleTerm: ({ context, event }) => term(event) < context.term,
    currentTerm: ({ context, event }) => term(event) === context.term,
    wins: ({ context: c, event }) =>
      event.type === 'RequestVote:ok' &&
      event.payload.term === c.term &&
      !c.votes.includes(event.from) &&
      c.votes.length + 1 >= majority(c),
    grantsVote: ({ context: c, event }) =>
      event.type === 'RequestVote' &&
      event.payload.term === c.term &&
      (c.votedFor === null || c.votedFor === event.from) &&
      upToDate(c.log, event.payload.lastTerm, event.payload.lastIndex),
  },
  delays: {
    election: ({ context }) => context.timeoutMs,
    heartbeat: ({ context }) => context.timing.heartbeatMs,
  },
}).createMachine({
  id: 'raft',
  context: ({ input }) => ({
    self: input.self,
    peers: input.peers,
    timing: input.timing,
    term: input.durable?.term ?? 0,
    votedFor: input.durable?.votedFor ?? null,
    log: input.durable?.log ?? [],
    commit: 0,
    leader: null,
    votes: [],
    next: {},
    match: {},
    beats: 0,
    busy: {},
    pending: {},
    rng: input.seed | 1,
    timeoutMs: input.timing.electionMaxMs,
    out: [],
  }),
  initial: 'follower',
  // Any role: requests from peers, and a later term in any message.
  on: {
    RequestVote: [
      { guard: 'newerTerm', target: '.follower', actions: ['begin', 'adoptTerm', 'answerVote', 'flush'] },
      { guard: 'grantsVote', target: '.follower', actions: ['begin', 'answerVote', 'flush'] },
      { actions: ['begin', 'answerVote', 'flush'] },
    ],
    AppendEntries: [
      { guard: 'staleTerm', actions: ['begin', 'refuseAppend', 'flush'] },
      { guard: 'newerTerm', target: '.follower', actions: ['begin', 'adoptTerm', 'acceptAppend', 'flush'] },
      { target: '.follower', actions: ['begin', 'acceptAppend', 'flush'] },
    ],
    'RequestVote:ok': { guard: 'newerTerm', target: '.follower', actions: ['begin', 'adoptTerm', 'flush'] },
    'RequestVote:refused': {
      guard: 'newerTerm',
      target: '.follower',
      actions: ['begin', 'adoptTerm', 'flush'],
    },
    'AppendEntries:ok': { guard: 'newerTerm', target: '.follower', actions: ['begin', 'adoptTerm', 'flush'] },
    'AppendEntries:refused': {
      guard: 'newerTerm',
      target: '.follower',
      actions: ['begin', 'adoptTerm', 'flush'],
    },
    request: { actions: ['redirect', 'flush'] },
  },
  states: {
    follower: {
      entry: 'newTimeout',
      after: { election: 'candidate' },
    },
    candidate: {
      entry: ['stand', 'flush'],
      after: { election: { target: 'candidate', reenter: true } },
      on: {
        'RequestVote:ok': [
          { guard: 'wins', target: 'leader', actions: 'countVote' },
          { guard: 'currentTerm', actions: 'countVote' },
        ],
      },
    },
    leader: {
      entry: ['lead', 'flush'],
      initial: 'beating',
      states: {
        beating: {
          after: { heartbeat: { target: 'beating', reenter: true, actions: ['heartbeat', 'flush'] } },
        },
      },
      on: {
        request: { actions: ['clientWrite', 'flush'] },
        'AppendEntries:ok': { guard: 'currentTerm', actions: ['acked', 'flush'] },
        'AppendEntries:refused': { guard: 'currentTerm', actions: ['backOff', 'flush'] },
      },
    },
  },
});

export type RaftState = HostedMachineState<RaftContext>;

export const roleOf = (state: RaftState): Role => {
  const v = state.snapshot.value;
  return (typeof v === 'string' ? v : Object.keys(v)[0]) as Role;
};

/** "leader · term 3": short enough for a node card on a phone (the log is in the readout's table). */
export function raftLabel(state: RaftState): string {
  return `${roleOf(state)} · term ${state.snapshot.context.term}`;
}

/** A Raft server hosted on its node's clock; `peers` are the other servers. */
export function raftServer<P extends Params = Params>(
  peers: (self: string) => string[],
  timing: RaftTiming = RAFTSCOPE_TIMING,
): Behaviour<RaftState, P> {
  const host = machineBehaviour<typeof raftMachine, P>({
    kind: 'Raft server',
    machine: raftMachine,
    input: (ctx: NodeContext<P>, durable) => ({
      self: ctx.name,
      peers: peers(ctx.name),
      timing,
      seed: Math.floor(ctx.random() * 4294967296),
      durable: durable as RaftDurable | undefined,
    }),
    effects: {
      flush(ctx, { context }) {
        for (const o of context.out) {
          if ('send' in o) ctx.send(o.send, o.label, o.payload);
          else if ('reply' in o)
            ctx.reply(o.reply, o.ok ? { ok: true } : { ok: false, error: o.error ?? 'refused' });
          else ctx.emit(o.emit, o.fields);
        }
      },
    },
    durable: (c): RaftDurable => ({ term: c.term, votedFor: c.votedFor, log: c.log }),
  });
  return { ...host, label: raftLabel };
}
