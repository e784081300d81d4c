/**
 * Lesson 14, the guide: what Raft costs. Five servers elect a leader and replicate a log; a client's
 * write commits once a majority has it on disk. A single node beside them does the same write to its
 * own disk, so the readout can set the round trips, durable writes and latency of one committed
 * entry against one node's. The steps: a new leader after the leader crashes; a minority cut off
 * cannot commit; two leaders in different terms while the old one is cut off, and the old one
 * stepping down on the heal, its uncommitted entries replaced.
 *
 * This file is what the page loads; the Raft statechart is in raft.ts and the scenario in lesson.ts.
 */
import events from './events.ts';
import { defineGuide, type ChallengeResult } from '../../src/engine/lesson.ts';
import type { Trace } from '../../src/engine/trace.ts';
import { callsFrom } from '../../src/engine/calls-from.ts';
import { formatMs, plural } from '../../src/engine/words.ts';

export const SERVERS = ['s1', 's2', 's3', 's4', 's5'] as const;
export const CLIENT = 'client';
export const SINGLE = 'single';
export const MAJORITY = 3;
/** The client waits this long for the cluster (and the single node) to say "done". */
export const WRITE_DEADLINE_MS = 400;
/** The one-way delay of every link: 10 ms plus up to 5 ms (RaftScope's). */
export const LATENCY_MS = 10;
export const JITTER_MS = 5;
/** Step 2 wants the minority cut off this long, with this many entries committed meanwhile. */
const MINORITY_FOR_MS = 1000;
const MAJORITY_COMMITS = 3;

/** Any event, custom fields and all, as the readers below take it. */
type Loose = { type: string; node: string; seq: number; t: number } & Record<string, unknown>;
/** The events of these types, in order (built one by one: a whole-trace slice costs every event). */
function eventsOf(trace: Trace, types: ReadonlySet<string>): Loose[] {
  const out: Loose[] = [];
  for (let seq = 0; seq < trace.length; seq++)
    if (types.has(trace.typeName(seq))) out.push(trace.get(seq) as unknown as Loose);
  return out;
}
const LEADERSHIP = new Set(['leader', 'crash', 'term']);
const WRITES = new Set(['append', 'persist', 'replicate', 'commit']);

const isServer = (node: string): boolean => (SERVERS as readonly string[]).includes(node);

// ---------------------------------------------------------------- reading the trace

export interface Leadership {
  node: string;
  term: number;
  seq: number;
  t: number;
  /** When it stopped leading (crashed, or heard of a later term); Infinity while it leads. */
  end: number;
  endSeq: number | undefined;
  how: 'crashed' | 'stepped down' | undefined;
}

/** Every term's leader, in order, with when and how its leadership ended. */
export function leaderships(trace: Trace): Leadership[] {
  const out: Leadership[] = [];
  const open = new Map<string, Leadership>();
  for (const e of eventsOf(trace, LEADERSHIP)) {
    if (e.type === 'leader') {
      const l: Leadership = {
        node: e.node,
        term: Number(e.term),
        seq: e.seq,
        t: e.t,
        end: Infinity,
        endSeq: undefined,
        how: undefined,
      };
      out.push(l);
      open.set(e.node, l);
    } else if ((e.type === 'crash' || e.type === 'term') && open.has(e.node)) {
      const l = open.get(e.node)!;
      l.end = e.t;
      l.endSeq = e.seq;
      l.how = e.type === 'crash' ? 'crashed' : 'stepped down';
      open.delete(e.node);
    }
  }
  return out;
}

export interface Isolation {
  /** The servers cut off (the client too, when it was cut off with one). */
  servers: string[];
  nodes: string[];
  seq: number;
  t: number;
  end: number;
  endSeq: number | undefined;
}

/** Each "cut off" (isolate) and the reconnect (rejoin) of any of its nodes that ended it. */
export function isolations(trace: Trace): Isolation[] {
  const out: Isolation[] = [];
  for (const e of trace.ofType('intervention')) {
    const nodes = [e.node, ...(typeof e.with === 'string' ? [e.with] : [])];
    if (e.kind === 'isolate')
      out.push({
        servers: nodes.filter(isServer),
        nodes,
        seq: e.seq,
        t: e.t,
        end: Infinity,
        endSeq: undefined,
      });
    else if (e.kind === 'rejoin') {
      for (const iso of out)
        if (iso.endSeq === undefined && iso.nodes.some((n) => nodes.includes(n))) {
          iso.end = e.t;
          iso.endSeq = e.seq;
        }
    }
  }
  return out;
}

export interface Write {
  /** The client's write number. */
  n: number;
  /** The leader that appended it, its log index and term. */
  node: string;
  index: number;
  term: number;
  seq: number;
  t: number;
  /** When that leader marked it committed (Infinity: not yet). */
  committedAt: number;
  commitSeq: number | undefined;
  /** Durable writes of this entry before it committed: the leader's, and each follower's. */
  diskBefore: number;
  disk: number;
  /** AppendEntries round trips that carried it, from its leader, before it committed. */
  roundTrips: number;
}

/** Every client write a leader appended, with what committing it took. */
export function writes(trace: Trace): Write[] {
  const list: Write[] = [];
  const byEntry = new Map<string, Write>();
  const key = (index: number, term: number) => `${index}@${term}`;
  for (const e of eventsOf(trace, WRITES)) {
    const f = e as unknown as Record<string, number>;
    if (e.type === 'append') {
      if (f.cmd! > 0) {
        const w: Write = {
          n: f.cmd!,
          node: e.node,
          index: f.index!,
          term: f.term!,
          seq: e.seq,
          t: e.t,
          committedAt: Infinity,
          commitSeq: undefined,
          diskBefore: 1,
          disk: 1,
          roundTrips: 0,
        };
        list.push(w);
        byEntry.set(key(w.index, w.term), w);
      }
    } else if (e.type === 'persist') {
      for (let i = f.first!; i <= f.last!; i++) {
        const w = byEntry.get(key(i, f.term!));
        if (!w) continue;
        w.disk++;
        if (w.commitSeq === undefined) w.diskBefore++;
      }
    } else if (e.type === 'replicate') {
      for (let i = f.first!; i <= f.last!; i++)
        for (const w of byEntry.values())
          if (w.index === i && w.node === e.node && w.commitSeq === undefined) w.roundTrips++;
    } else if (e.type === 'commit') {
      for (let i = f.from!; i <= f.index!; i++)
        for (const w of byEntry.values())
          if (w.index === i && w.node === e.node && w.commitSeq === undefined) {
            w.committedAt = e.t;
            w.commitSeq = e.seq;
          }
    }
  }
  return list;
}

export interface WriteCost {
  /** Committed client writes. */
  committed: number;
  /** Medians per committed write. */
  roundTrips: number;
  diskBefore: number;
  disk: number;
  commitMs: number;
  /** The client's median wait for "done" from the cluster and from the single node. */
  clusterMs: number;
  singleMs: number;
  singleDone: number;
}

const median = (xs: number[]): number => {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

/** What one committed write cost the cluster, against the single node (medians). */
export function writeCost(trace: Trace): WriteCost {
  const done = writes(trace).filter((w) => w.commitSeq !== undefined);
  const ends = new Map(callsFrom(trace, CLIENT).map((c) => [c.call, c]));
  const calls = trace
    .ofType('call')
    .filter((c) => c.from === CLIENT)
    .map((c) => ({ to: c.to, t: c.t, end: ends.get(c.call)! }))
    .filter((c) => c.end.result === 'success');
  const wait = (to: (n: string) => boolean) =>
    median(calls.filter((c) => to(c.to)).map((c) => c.end.end! - c.t));
  return {
    committed: done.length,
    // Plus the client's own round trip to the leader.
    roundTrips: median(done.map((w) => w.roundTrips)) + 1,
    diskBefore: median(done.map((w) => w.diskBefore)),
    disk: median(done.map((w) => w.disk)),
    commitMs: median(done.map((w) => w.committedAt - w.t)),
    clusterMs: wait(isServer),
    singleMs: wait((n) => n === SINGLE),
    singleDone: calls.filter((c) => c.to === SINGLE).length,
  };
}

export interface ServerLog {
  node: string;
  /** Entries in its log, and how many of them it knows are committed (volatile: 0 after a crash). */
  length: number;
  committed: number;
}

const LOGS = new Set(['append', 'persist', 'commit', 'crash']);

/** Each server's log length and commit index, as the trace says they are now. */
export function serverLogs(trace: Trace): ServerLog[] {
  const by = new Map(SERVERS.map((node) => [node as string, { node, length: 0, committed: 0 }]));
  for (const e of eventsOf(trace, LOGS)) {
    const s = by.get(e.node);
    if (!s) continue;
    const f = e as unknown as Record<string, number>;
    if (e.type === 'append') s.length = f.index!;
    else if (e.type === 'persist') s.length = f.last!;
    else if (e.type === 'commit') s.committed = f.index!;
    else s.committed = 0;
  }
  return [...by.values()];
}

/** Elections over time: each one a server started, and whether it won. */
export function elections(
  trace: Trace,
): { node: string; term: number; seq: number; t: number; won: boolean }[] {
  const won = new Set(leaderships(trace).map((l) => `${l.node}@${l.term}`));
  return trace.ofType('election').map((e) => ({
    node: e.node,
    term: Number(e.term),
    seq: e.seq,
    t: e.t,
    won: won.has(`${e.node}@${String(e.term)}`),
  }));
}

const names = (nodes: readonly string[]): string =>
  nodes.length <= 1 ? (nodes[0] ?? '') : `${nodes.slice(0, -1).join(', ')} and ${nodes.at(-1)}`;

// ---------------------------------------------------------------- the challenges

function newLeader(trace: Trace): ChallengeResult {
  const ls = leaderships(trace);
  if (ls.length === 0)
    return { met: false, missing: 'no leader yet: press Play and watch the servers vote for one' };
  const crashed = ls.find((l) => l.how === 'crashed');
  if (!crashed) {
    const now = ls.at(-1)!;
    const followers = trace
      .ofType('crash')
      .filter((c) => isServer(c.node) && c.node !== now.node)
      .map((c) => c.node);
    return {
      met: false,
      evidence: [now.seq],
      missing:
        followers.length > 0
          ? `you crashed ${names([...new Set(followers)])}, a follower: the leader is ${now.node}. Click it and choose "Crash"`
          : `${now.node} leads term ${now.term}: click it and choose "Crash"`,
    };
  }
  const next = ls.find((l) => l.seq > crashed.endSeq! && l.term > crashed.term);
  if (!next)
    return {
      met: false,
      evidence: [crashed.seq, crashed.endSeq!],
      missing: `${crashed.node} crashed; the other servers have not elected a new leader yet: let it run`,
    };
  return {
    met: true,
    evidence: [crashed.seq, crashed.endSeq!, next.seq],
    detail: `${crashed.node} crashed as leader of term ${crashed.term}; ${formatMs(next.t - crashed.end)} later ${next.node} was elected leader of term ${next.term}`,
  };
}

function minority(trace: Trace): ChallengeResult {
  const cut = isolations(trace).filter((i) => i.servers.length > 0 && i.servers.length < MAJORITY);
  if (cut.length === 0) return { met: false, missing: 'no server is cut off yet: press "Cut off s4 and s5"' };
  const endT = trace.length > 0 ? trace.time(trace.length - 1) : 0;
  const terms = leaderships(trace);
  const leadingAt = (node: string, seq: number) =>
    terms.some((l) => l.node === node && l.seq < seq && (l.endSeq === undefined || l.endSeq > seq));
  let best: { iso: Isolation; theirs: Loose[]; ours: Loose[]; tries: Loose[] } | undefined;
  for (const iso of cut) {
    const during = (e: { seq: number }) =>
      e.seq > iso.seq && (iso.endSeq === undefined || e.seq < iso.endSeq);
    const commits = trace.ofType('commit').filter(during);
    const theirs = commits.filter((e) => iso.servers.includes(e.node));
    const ours = trace
      .ofType('commit')
      .filter(
        (e) => during(e) && isServer(e.node) && !iso.servers.includes(e.node) && leadingAt(e.node, e.seq),
      );
    const tries = trace.ofType('election').filter((e) => during(e) && iso.servers.includes(e.node));
    if (!best || ours.length > best.ours.length) best = { iso, theirs, ours, tries };
    const long = Math.min(iso.end, endT) - iso.t >= MINORITY_FOR_MS;
    const committed = ours.reduce((n, e) => n + Number(e.index) - Number(e.from) + 1, 0);
    if (theirs.length === 0 && long && committed >= MAJORITY_COMMITS)
      return {
        met: true,
        evidence: [iso.seq, ...ours.slice(0, 2).map((e) => e.seq), ...tries.slice(0, 2).map((e) => e.seq)],
        detail: `in ${formatMs(Math.min(iso.end, endT) - iso.t)} cut off, the other three committed ${plural(committed, 'entry', 'entries')}; ${names(iso.servers)} committed none and lost ${plural(tries.length, 'election')}`,
      };
  }
  const { iso, theirs } = best!;
  if (theirs.length > 0)
    return {
      met: false,
      evidence: [iso.seq, theirs[0]!.seq],
      missing: `${names(iso.servers)} committed an entry while cut off: that should not happen`,
    };
  if (iso.endSeq !== undefined)
    return {
      met: false,
      evidence: [iso.seq, iso.endSeq],
      missing: `you reconnected ${names(iso.servers)} after ${formatMs(iso.end - iso.t)}: give it a whole second. Restart the step`,
    };
  return {
    met: false,
    evidence: [iso.seq],
    missing: `${names(iso.servers)} ${iso.servers.length === 1 ? 'is' : 'are'} cut off: let it run a second while the others commit`,
  };
}

function twoLeaders(trace: Trace): ChallengeResult {
  const iso = isolations(trace).find((i) => i.servers.length === 1);
  if (!iso)
    return {
      met: false,
      missing: 'at 1 s the leader, s1, and the client are cut off from the other three: press Play',
    };
  const terms = leaderships(trace);
  const old = terms.find((l) => l.node === iso.servers[0] && l.seq < iso.seq && l.end > iso.t);
  if (!old)
    return {
      met: false,
      evidence: [iso.seq],
      missing: `${iso.servers[0]} was not the leader when it was cut off: restart the step`,
    };
  const rival = terms.find(
    (l) => l.node !== old.node && l.term > old.term && l.seq > iso.seq && l.t < old.end,
  );
  if (!rival) {
    if (iso.endSeq !== undefined)
      return {
        met: false,
        evidence: [iso.seq, iso.endSeq],
        missing: `you reconnected ${old.node} before the other three elected a leader of their own: restart the step`,
      };
    return {
      met: false,
      evidence: [old.seq, iso.seq],
      missing: `${old.node} is cut off; the other three have not elected their own leader yet: let it run`,
    };
  }
  if (iso.endSeq === undefined)
    return {
      met: false,
      evidence: [old.seq, rival.seq],
      missing: `two leaders: ${old.node} still leads term ${old.term}, ${rival.node} leads term ${rival.term}. Press "Reconnect s1 and the client"`,
    };
  if (old.how !== 'stepped down' || old.endSeq === undefined)
    return {
      met: false,
      evidence: [old.seq, rival.seq, iso.endSeq],
      missing: `${old.node} is reconnected and has not heard of term ${rival.term} yet: let it run`,
    };
  const replaced = trace
    .ofType('persist')
    .find((e) => e.node === old.node && e.seq > old.endSeq! && Number(e.dropped) > 0);
  if (!replaced) {
    const sentIt = trace.ofType('append').some((e) => e.node === old.node && e.seq > iso.seq);
    return {
      met: false,
      evidence: [old.seq, rival.seq, old.endSeq],
      missing: sentIt
        ? `${old.node} stepped down; waiting for ${rival.node} to replace its uncommitted entries: let it run`
        : `${old.node} stepped down but had no uncommitted entries: press "Send a client write" while it is cut off. Restart the step`,
    };
  }
  return {
    met: true,
    evidence: [old.seq, iso.seq, rival.seq, iso.endSeq, old.endSeq, replaced.seq],
    detail: `${old.node} led term ${old.term} while ${rival.node} led term ${rival.term}; on the heal ${old.node} stepped down and ${rival.node}'s log replaced its ${plural(Number(replaced.dropped), 'uncommitted entry', 'uncommitted entries')}`,
  };
}

// ---------------------------------------------------------------- the guide

export default defineGuide({
  events,
  id: 'consensus',
  title: 'What Raft costs',
  summary: 'Elect a leader, replicate a log, and count the round trips behind one committed write.',
  principle:
    'Consensus buys agreement that survives crashes and partitions, and every write pays for it in round trips and disk writes on a majority',
  keyStep: 'minority',
  part: 4,
  order: 14,
  minutes: 10,
  durationMs: 6000,
  defaultSeed: 1,
  playbackSpeed: 150,
  params: {
    writeEveryMs: {
      kind: 'number',
      label: 'Client writes every',
      description:
        'How often the client writes, to the leader and to the single node at once. 0: only when you press "Send a client write".',
      unit: 'ms',
      min: 0,
      max: 1000,
      step: 50,
      default: 200,
    },
    slowFollowerMs: {
      kind: 'number',
      label: "s5's extra delay",
      description:
        'Extra delay on every message to and from s5, on top of the usual 10 to 15 ms. Past 100 ms, s5 hears the leader too late and keeps calling elections.',
      unit: 'ms',
      min: 0,
      max: 1000,
      step: 50,
      default: 0,
    },
  },
  nodeNames: () => [CLIENT, ...SERVERS, SINGLE],
  interventions: [
    {
      kind: 'signal',
      node: CLIENT,
      signal: 'client-write',
      label: 'Send a client write',
      did: 'sent one client write',
      description:
        'The client sends one write to the server it thinks leads, and the same write to the single node.',
      startsWork: true,
    },
    {
      kind: 'isolate',
      node: 's4',
      with: 's5',
      label: 'Cut off s4 and s5',
      did: 'cut s4 and s5 off from the others',
      description: 'A partition: s4 and s5 can reach each other and nobody else. Two of five are a minority.',
    },
    {
      kind: 'rejoin',
      node: 's4',
      with: 's5',
      label: 'Reconnect s4 and s5',
      did: 'reconnected s4 and s5',
      description: 'Heals every link to and from s4 and s5.',
    },
    {
      kind: 'rejoin',
      node: 's1',
      with: CLIENT,
      label: 'Reconnect s1 and the client',
      did: 'reconnected s1 and the client',
      description: 'Heals every link to and from s1 and the client.',
    },
    {
      kind: 'set-param',
      name: 'slowFollowerMs',
      value: 80,
      label: 'Slow follower s5',
      did: "slowed s5's links by 80 ms",
      description:
        'Every message to and from s5 takes 80 ms longer. Commits wait for the three fastest of five, so they do not slow down.',
    },
  ],
  steps: [
    {
      id: 'new-leader',
      title: 'The leader crashes',
      text:
        "Five servers keep one log. One of them leads: it takes the client's writes and sends them to the others, " +
        'and a write counts once three of five have it on disk. Wait for a leader, then crash it and watch the ' +
        'others elect a new one.',
      hint: 'Play until one server says "leader", then click it and choose "Crash".',
      notes:
        'Followers expect the leader to speak every 50 ms. Each waits a random 100 to 200 ms; the first to run out asks for votes in a new term. The random wait is what stops two of them standing at the same moment, most of the time.',
      challenge: newLeader,
      solution: { interventions: [{ at: 1000, kind: 'crash', node: 's1' }] },
    },
    {
      id: 'minority',
      title: 'A minority cannot commit',
      text:
        'Cut off two of the five servers. The three left are a majority: they keep a leader and go on ' +
        'committing writes. The two cut off cannot get three votes, so they never elect a leader and never ' +
        'commit anything. Watch their terms climb.',
      hint: 'Press "Cut off s4 and s5" and let it run for a second.',
      notes:
        'Three of five is the quorum: any two majorities share a server, and that server knows every committed entry. So the cluster survives two failures, and a side with only two can do nothing useful. On the heal, their high terms make the leader step down once: Raft without its "pre-vote" extension pays an extra election here.',
      challenge: minority,
      solution: { interventions: [{ at: 800, kind: 'isolate', node: 's4', with: 's5' }] },
    },
    {
      id: 'two-leaders',
      title: 'Two leaders, two terms',
      text:
        'At 1 s the leader, s1, and the client are cut off from the other three. s1 still thinks it leads and ' +
        "takes the client's writes, but it cannot commit them. The other three elect a leader in a later term. " +
        'Reconnect them and watch s1 step down and lose its uncommitted entries.',
      hint: 'Wait until one of s2 to s5 says "leader", then press "Reconnect s1 and the client".',
      notes:
        'Two leaders at once, in different terms, is allowed: only one can reach a majority. The client never heard "done" for the writes s1 loses, so nothing promised is lost. Election safety is about one leader per term, not one leader at a time.',
      start: { interventions: [{ at: 1000, kind: 'isolate', node: 's1', with: CLIENT }] },
      predictions: [
        {
          id: 'cut-off-write',
          askAtMs: 1000,
          question:
            's1, the leader, and the client have just been cut off from the other three. The client writes to s1 again. Does it hear "done"?',
          answers: ['Yes: s1 still leads and takes the write', 'No: s1 cannot get it onto a majority'],
          right: 1,
          reveal: (trace) => {
            const call = trace.ofType('call').find((c) => c.from === CLIENT && c.to === 's1' && c.t > 1000);
            const end = call && trace.ofType('outcome').find((o) => o.call === call.call);
            if (!end) return null;
            const done = end.result === 'success';
            return {
              answer: done ? 0 : 1,
              seq: end.seq,
              why: done
                ? 's1 had the write on a majority and answered "done"'
                : `s1 appended the write, but no follower could receive it, so it never reached a majority and never committed: the client gave up after ${formatMs(end.t - call.t)} without an answer`,
            };
          },
        },
      ],
      challenge: twoLeaders,
      solution: {
        interventions: [
          { at: 1000, kind: 'isolate', node: 's1', with: CLIENT },
          { at: 2500, kind: 'rejoin', node: 's1', with: CLIENT },
        ],
      },
    },
  ],
});
