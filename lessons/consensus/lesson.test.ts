import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { initialTransition, transition, type SnapshotFrom } from 'xstate';
import {
  Simulation,
  defaultParams,
  stepStartOf,
  withParams,
  type Intervention,
} from '../../src/engine/index.ts';
import { checkProperty } from '../../src/engine/testing/property.ts';
import { itMeetsEachStepOnlyByItsSolution, runLesson } from '../../tests/support/lesson-runs.ts';
import lesson from './lesson.ts';
import { CLIENT, SERVERS, isolations, leaderships, writeCost, writes } from './guide.ts';
import {
  commitIndexOf,
  raftMachine,
  RAFTSCOPE_TIMING,
  roleOf,
  termAt,
  upToDate,
  type Entry,
  type RaftDurable,
  type RaftEvent,
  type RaftState,
} from './raft.ts';

const FILE = 'lessons/consensus/lesson.test.ts';

describe('consensus', () => {
  itMeetsEachStepOnlyByItsSolution(lesson);

  it('elects one leader within a few hundred ms, and each write commits on a majority before "done"', () => {
    const { trace } = runLesson(lesson);
    const first = leaderships(trace)[0]!;
    expect(first.t).toBeLessThan(400);
    const cost = writeCost(trace);
    expect(cost.committed).toBeGreaterThan(20);
    // 4 AppendEntries round trips and the client's own; 5 disk writes, 3 of them needed.
    expect(cost.roundTrips).toBe(5);
    expect(cost.disk).toBe(5);
    expect(cost.diskBefore).toBeGreaterThanOrEqual(3);
    expect(cost.clusterMs).toBeGreaterThan(cost.singleMs * 1.5);
    for (const w of writes(trace).filter((x) => x.commitSeq !== undefined))
      expect(w.diskBefore, `write ${w.n}`).toBeGreaterThanOrEqual(3);
  });

  it('a slow follower does not slow a commit: three of five are enough', () => {
    const fast = writeCost(runLesson(lesson).trace);
    const slow = writeCost(runLesson(lesson, { params: { slowFollowerMs: 80 } }).trace);
    expect(slow.committed).toBeGreaterThan(20);
    expect(Math.abs(slow.commitMs - fast.commitMs)).toBeLessThan(5);
  });

  it('step 2 says so when the minority was reconnected too soon, and step 3 when the heal came before a second leader', () => {
    const minority = lesson.steps[1]!;
    const early = runLesson(lesson, {
      interventions: [
        { at: 800, kind: 'isolate', node: 's4', with: 's5' },
        { at: 1200, kind: 'rejoin', node: 's4', with: 's5' },
      ],
    });
    expect(minority.challenge(early.trace, early.params).missing).toMatch(/reconnected s4 and s5.*Restart/);
    const two = lesson.steps[2]!;
    const start = stepStartOf(lesson, 2);
    const soon = runLesson(lesson, {
      ...start,
      interventions: [...start.interventions, { at: 1050, kind: 'rejoin', node: 's1', with: CLIENT }],
    });
    expect(two.challenge(soon.trace, soon.params).missing).toMatch(/before the other three elected.*restart/);
  });

  it('reads a cut-off group and its reconnect from the trace', () => {
    const { trace } = runLesson(lesson, stepStartOf(lesson, 2));
    const [iso] = isolations(trace);
    expect(iso).toMatchObject({ servers: ['s1'], nodes: ['s1', CLIENT], t: 1000, end: Infinity });
  });

  it('is deterministic: the same seed gives a byte-identical trace', () => {
    const a = runLesson(lesson, { interventions: [{ at: 900, kind: 'crash', node: 's1' }] }).events;
    const b = runLesson(lesson, { interventions: [{ at: 900, kind: 'crash', node: 's1' }] }).events;
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
  });
});

// ---------------------------------------------------------------- the statechart, driven directly

describe('the Raft statechart', () => {
  const input = (durable?: { term: number; votedFor: string | null; log: Entry[] }) => ({
    self: 's1',
    peers: ['s2', 's3', 's4', 's5'],
    timing: RAFTSCOPE_TIMING,
    seed: 7,
    durable,
  });

  it('starts a follower, keeps what was durable and forgets the rest', () => {
    const log = [{ term: 2, cmd: 0 }];
    const [s] = initialTransition(raftMachine, input({ term: 3, votedFor: 's2', log }));
    expect(s.value).toBe('follower');
    expect(s.context).toMatchObject({ term: 3, votedFor: 's2', log, commit: 0, leader: null });
  });

  it('refuses a vote to a candidate whose log is behind, and grants one a term to the first that asks', () => {
    const [s] = initialTransition(
      raftMachine,
      input({ term: 1, votedFor: null, log: [{ term: 1, cmd: 0 }] }),
    );
    const ask = (from: string, lastTerm: number, lastIndex: number) => ({
      type: 'RequestVote' as const,
      from,
      payload: { term: 2, lastIndex, lastTerm },
    });
    const [behind] = transition(raftMachine, s, ask('s2', 0, 0));
    expect(behind.context.votedFor).toBeNull();
    const [granted] = transition(raftMachine, s, ask('s3', 1, 1));
    expect(granted.context.votedFor).toBe('s3');
    const [again] = transition(raftMachine, granted, ask('s4', 1, 5));
    expect(again.context.votedFor).toBe('s3');
  });

  it('compares logs by last term, then by length', () => {
    const log = [
      { term: 1, cmd: 1 },
      { term: 2, cmd: 2 },
    ];
    expect(upToDate(log, 3, 1)).toBe(true);
    expect(upToDate(log, 2, 2)).toBe(true);
    expect(upToDate(log, 2, 1)).toBe(false);
    expect(upToDate(log, 1, 9)).toBe(false);
  });

  it('commits only an entry of its own term held by a majority', () => {
    const log = [
      { term: 1, cmd: 1 },
      { term: 1, cmd: 2 },
      { term: 3, cmd: 3 },
    ];
    const peers = ['s2', 's3', 's4', 's5'];
    // Entries 1 and 2 (term 1) are on a majority, entry 3 on the leader alone: nothing commits.
    expect(commitIndexOf({ log, term: 3, commit: 0, peers, match: { s2: 2, s3: 2 } })).toBe(0);
    // Entry 3 of term 3 reaches a majority: it commits, and the earlier ones with it.
    expect(commitIndexOf({ log, term: 3, commit: 0, peers, match: { s2: 3, s3: 3 } })).toBe(3);
  });

  it("a follower replaces conflicting entries with the leader's and refuses a gap", () => {
    const [s] = initialTransition(
      raftMachine,
      input({
        term: 2,
        votedFor: null,
        log: [
          { term: 1, cmd: 1 },
          { term: 2, cmd: 9 },
        ],
      }),
    );
    const append = (prevIndex: number, prevTerm: number, entries: Entry[]) => ({
      type: 'AppendEntries' as const,
      from: 's2',
      payload: { term: 3, prevIndex, prevTerm, entries, commit: 1 },
    });
    const [gap, gapOut] = transition(raftMachine, s, append(4, 3, []));
    expect(gap.context.log).toHaveLength(2);
    expect(gapOut.some((a) => a.type === 'flush')).toBe(true);
    expect(gap.context.out.at(-1)).toMatchObject({ label: 'AppendEntries:refused' });
    const [fixed] = transition(raftMachine, s, append(1, 1, [{ term: 3, cmd: 0 }]));
    expect(fixed.context.log).toEqual([
      { term: 1, cmd: 1 },
      { term: 3, cmd: 0 },
    ]);
    expect(fixed.context).toMatchObject({ term: 3, commit: 1, leader: 's2' });
  });
});

// ---------------------------------------------------------------- Figure 8 of the paper, by hand

type Snapshot = SnapshotFrom<typeof raftMachine>;
interface Message {
  from: string;
  to: string;
  type: string;
  payload: unknown;
}

/**
 * Five statecharts and the messages between them, delivered only when the test says so: a schedule
 * built by hand, message by message. After every transition it checks two rules of Figure 2: a
 * leader moves its commit index only onto an entry of its own term, and no server ever commits a
 * different entry at an index another has committed (state-machine safety, remembered across crashes).
 */
class HandCluster {
  readonly nodes = new Map<string, Snapshot | undefined>();
  readonly durable = new Map<string, RaftDurable>();
  inFlight: Message[] = [];
  readonly committed: Entry[] = [];
  readonly broken: string[] = [];

  constructor(start: RaftDurable) {
    for (const name of SERVERS) this.recover(name, start);
  }

  private input(name: string, durable: RaftDurable) {
    const seed = SERVERS.indexOf(name as (typeof SERVERS)[number]) + 1;
    const peers = SERVERS.filter((s) => s !== name);
    return { self: name, peers, timing: RAFTSCOPE_TIMING, seed, durable: structuredClone(durable) };
  }

  of(name: string): Snapshot['context'] {
    return this.nodes.get(name)!.context;
  }
  role(name: string): string {
    const v = this.nodes.get(name)!.value;
    return typeof v === 'string' ? v : Object.keys(v)[0]!;
  }

  private step(name: string, event: RaftEvent | { type: string }): void {
    const before = this.nodes.get(name);
    if (!before) return;
    const [after, actions] = transition(raftMachine, before, event as RaftEvent);
    this.nodes.set(name, after);
    if (actions.some((a) => a.type === 'flush'))
      for (const o of after.context.out)
        if ('send' in o) this.inFlight.push({ from: name, to: o.send, type: o.label, payload: o.payload });
    this.check(name, before.context);
  }

  private check(name: string, was: Snapshot['context']): void {
    const c = this.of(name);
    if (this.role(name) === 'leader' && c.commit > was.commit && termAt(c.log, c.commit) !== c.term)
      this.broken.push(
        `${name}, leader of term ${c.term}, moved its commit to entry ${c.commit} of term ${termAt(c.log, c.commit)}`,
      );
    for (let i = 1; i <= Math.min(c.commit, c.log.length); i++) {
      const e = c.log[i - 1]!;
      const known = this.committed[i - 1];
      if (!known) this.committed[i - 1] = e;
      else if (known.term !== e.term || known.cmd !== e.cmd)
        this.broken.push(
          `${name} committed entry ${i} of term ${e.term}, but entry ${i} of term ${known.term} was committed before`,
        );
    }
  }

  /** The election timer of a follower or a candidate fires. */
  timeout(name: string): void {
    this.step(name, { type: `xstate.after.election.raft.${this.role(name)}` });
  }
  write(name: string, n: number): void {
    const request = { call: n, request: n, from: CLIENT, op: 'write', args: { n } };
    this.step(name, { type: 'request', request });
  }
  /** Delivers the messages in flight that `pass` lets through, and those they cause, until none is left. */
  exchange(pass: (m: Message) => boolean): void {
    for (;;) {
      const now = this.inFlight.filter(pass);
      if (now.length === 0) return;
      this.inFlight = this.inFlight.filter((m) => !pass(m));
      for (const m of now) this.step(m.to, { type: m.type, from: m.from, payload: m.payload } as RaftEvent);
    }
  }
  /** Every message still in flight is lost. */
  drop(): void {
    this.inFlight = [];
  }
  crash(name: string): void {
    const c = this.of(name);
    this.durable.set(name, { term: c.term, votedFor: c.votedFor, log: c.log });
    this.nodes.set(name, undefined);
    this.inFlight = this.inFlight.filter((m) => m.to !== name);
  }
  recover(name: string, start?: RaftDurable): void {
    const [s] = initialTransition(raftMachine, this.input(name, start ?? this.durable.get(name)!));
    this.nodes.set(name, s);
  }
  /** Stands `name` for election until it leads (at most `tries` times), hearing only from `voters`. */
  elect(name: string, voters: string[], tries = 3): void {
    for (let i = 0; i < tries && this.role(name) !== 'leader'; i++) {
      this.timeout(name);
      this.exchange((m) => m.type.startsWith('RequestVote') && among(m, [name, ...voters]));
    }
  }
}

const among = (m: Message, names: string[]): boolean => names.includes(m.from) && names.includes(m.to);

/**
 * The schedule of Figure 8: s1 leads term 2 and gets a client's write 7 to s2 alone; s5 leads term 3
 * (votes of s3 and s4) and appends a write 8 nobody else gets; s1 comes back, leads term 4 and gets
 * its entries of term 2 to s3, so that three of five servers hold write 7; then s1 crashes and s5
 * stands again, asking s2, s3 and s4. Returns the cluster, and s1 as it was once its entries reached s3.
 */
function figure8(): { c: HandCluster; inTerm4: Snapshot['context'] } {
  // Every server holds the no-op of term 1, s1's term as leader.
  const c = new HandCluster({ term: 1, votedFor: 's1', log: [{ term: 1, cmd: 0 }] });

  // (a)
  c.elect('s1', ['s2', 's3']);
  expect([c.role('s1'), c.of('s1').term]).toEqual(['leader', 2]);
  c.exchange((m) => among(m, ['s1', 's2']));
  c.write('s1', 7);
  c.exchange((m) => among(m, ['s1', 's2']));
  expect(c.of('s2').log).toEqual(c.of('s1').log);
  expect(c.of('s1').log.at(-1)).toEqual({ term: 2, cmd: 7 });
  // Two of five hold it: s1 commits nothing (its commit index is volatile, so it started at 0).
  expect(c.of('s1').commit).toBe(0);
  c.drop();

  // (b)
  c.crash('s1');
  c.elect('s5', ['s3', 's4']);
  expect([c.role('s5'), c.of('s5').term]).toEqual(['leader', 3]);
  c.write('s5', 8);
  c.drop();
  c.crash('s5');

  // (c) s3 voted for s5 in term 3, so s1 needs a second try: term 4.
  c.recover('s1');
  c.elect('s1', ['s2', 's3']);
  expect([c.role('s1'), c.of('s1').term]).toEqual(['leader', 4]);
  c.exchange((m) => among(m, ['s1', 's2', 's3']));
  const seven = c.of('s1').log.findIndex((e) => e.term === 2 && e.cmd === 7) + 1;
  expect(c.of('s3').log.slice(0, seven)).toEqual(c.of('s1').log.slice(0, seven));
  const inTerm4 = structuredClone(c.of('s1'));
  c.drop();

  // (d)
  c.crash('s1');
  c.recover('s5');
  c.elect('s5', ['s2', 's3', 's4']);
  expect(c.of('s5').term).toBeGreaterThanOrEqual(5);
  c.exchange((m) => among(m, ['s2', 's3', 's4', 's5']));
  return { c, inTerm4 };
}

describe('Figure 8 of the Raft paper, by hand', () => {
  it('a leader does not count an entry of an earlier term as committed because a majority holds it', () => {
    // Had s1 committed write 7 in term 4 by counting the servers holding it, s5 (whose last entry, of
    // term 3, is more up to date than write 7 of term 2) could win term 5 and overwrite it.
    const { c } = figure8();
    expect(c.broken).toEqual([]);
  });

  it("here the term-4 leader's no-op goes with the entries of term 2 and commits them, so s5 cannot win", () => {
    const { c, inTerm4 } = figure8();
    expect(inTerm4.log.at(-1)).toEqual({ term: 4, cmd: 0 });
    expect(inTerm4.commit).toBe(inTerm4.log.length);
    expect(c.committed).toContainEqual({ term: 2, cmd: 7 });
    expect(c.role('s5')).toBe('candidate');
    for (const name of ['s2', 's3'])
      expect(c.of(name).log.slice(0, c.committed.length), name).toEqual(c.committed);
  });
});

// ---------------------------------------------------------------- properties over random fault schedules

/** Faults before HEAL_AT; at HEAL_AT every fault is repaired; by HEAL_AT + LIVE_WITHIN_MS a leader leads all. */
const HEAL_AT = 1500;
const LIVE_WITHIN_MS = 1500;
const SAMPLE_MS = 20;
const RUNS = 250;

const server = fc.constantFrom(...SERVERS);
const at = fc.integer({ min: 0, max: HEAL_AT - 1 });
const fault: fc.Arbitrary<Intervention> = fc.oneof(
  fc.record({
    at,
    kind: fc.constantFrom('crash' as const, 'recover' as const, 'pause' as const, 'resume' as const),
    node: server,
  }),
  fc
    .record({
      at,
      kind: fc.constant('isolate' as const),
      node: server,
      with: fc.constantFrom(...SERVERS, CLIENT),
    })
    .filter((iv) => iv.node !== iv.with),
  fc.record({ at, kind: fc.constant('rejoin' as const), node: server }),
  fc
    .record({ at, kind: fc.constant('partition' as const), from: server, to: server, oneWay: fc.boolean() })
    .filter((iv) => iv.from !== iv.to),
  fc.record({ at, kind: fc.constant('slow' as const), node: server, factor: fc.constantFrom(2, 4, 8) }),
  fc.record({
    at,
    kind: fc.constant('set-param' as const),
    name: fc.constant('slowFollowerMs'),
    value: fc.constantFrom(0, 100, 400),
  }),
);
const schedule = fc.record({
  seed: fc.integer({ min: 1, max: 1_000_000 }),
  writeEveryMs: fc.constantFrom(50, 100, 200, 400),
  faults: fc.array(fault, { maxLength: 10 }),
});
type Schedule = typeof schedule extends fc.Arbitrary<infer T> ? T : never;

const repairs: Intervention[] = SERVERS.flatMap((node) => [
  { at: HEAL_AT, kind: 'recover' as const, node },
  { at: HEAL_AT, kind: 'resume' as const, node },
  { at: HEAL_AT, kind: 'rejoin' as const, node },
  { at: HEAL_AT, kind: 'slow' as const, node, factor: 1 },
]);

interface Report {
  electionSafety?: string;
  logMatching?: string;
  leaderCompleteness?: string;
  stateMachineSafety?: string;
  commitRule?: string;
  liveness?: string;
}

function logsMatch(a: readonly Entry[], b: readonly Entry[]): string | undefined {
  for (let i = Math.min(a.length, b.length) - 1; i >= 0; i--) {
    if (a[i]!.term !== b[i]!.term) continue;
    for (let j = 0; j <= i; j++)
      if (a[j]!.term !== b[j]!.term || a[j]!.cmd !== b[j]!.cmd)
        return `entry ${i + 1} has term ${a[i]!.term} in both, but entry ${j + 1} differs`;
    return undefined;
  }
  return undefined;
}

/** One run of the lesson under a fault schedule, checked every SAMPLE_MS against Raft's properties. */
function check(s: Schedule): Report {
  const sim = new Simulation(
    {
      scenario: lesson.scenario,
      seed: s.seed,
      params: withParams(defaultParams(lesson.params), { writeEveryMs: s.writeEveryMs }),
      interventions: [
        ...s.faults,
        ...repairs,
        { at: HEAL_AT, kind: 'set-param', name: 'slowFollowerMs', value: 0 },
      ],
    },
    { checkpointEvery: 0 },
  );
  const report: Report = {};
  const applied: number[] = [];
  // What the trace has said so far, read incrementally: the leaders still leading, every commit, and
  // each term's leader.
  const trace = sim.trace;
  const leading = new Map<string, { term: number }>();
  const commits: { node: string; index: number; term: number; in: number }[] = [];
  const byTerm = new Map<number, string>();
  let seen = 0;
  for (let t = SAMPLE_MS; t <= HEAL_AT + LIVE_WITHIN_MS; t += SAMPLE_MS) {
    sim.runUntil(t);
    for (; seen < trace.length; seen++) {
      const type = trace.typeName(seen);
      if (type !== 'leader' && type !== 'term' && type !== 'crash' && type !== 'commit') continue;
      const e = trace.get(seen) as unknown as { node: string; term: number; index: number };
      if (type === 'leader') {
        const other = byTerm.get(e.term);
        if (other !== undefined && other !== e.node)
          report.electionSafety ??= `${other} and ${e.node} both led term ${e.term}`;
        byTerm.set(e.term, e.node);
        leading.set(e.node, { term: e.term });
      } else if (type === 'commit') {
        // A leader's commit, with the term it led: the term the entry was committed in.
        const by = leading.get(e.node);
        if (by) {
          commits.push({ node: e.node, index: e.index, term: e.term, in: by.term });
          // Figure 2: a leader moves its commit index only onto an entry of its own term.
          if (e.term !== by.term)
            report.commitRule ??= `${e.node}, leader of term ${by.term}, committed up to entry ${e.index} of term ${e.term}`;
        }
      } else leading.delete(e.node);
    }
    const live = sim
      .status()
      .filter((n) => !n.crashed && (SERVERS as readonly string[]).includes(n.name))
      .map((n) => ({ name: n.name, state: sim.nodeState(n.name) as RaftState }));
    for (let a = 0; a < live.length; a++) {
      const ca = live[a]!.state.snapshot.context;
      // State-machine safety: no two servers apply different entries at one index.
      if (ca.commit > ca.log.length)
        report.stateMachineSafety ??= `at ${t} ms ${live[a]!.name} lost committed entries: commit ${ca.commit}, log ${ca.log.length}`;
      for (let i = 1; i <= Math.min(ca.commit, ca.log.length); i++) {
        const entry = ca.log[i - 1]!.term * 1e6 + ca.log[i - 1]!.cmd;
        if (applied[i] === undefined) applied[i] = entry;
        else if (applied[i] !== entry)
          report.stateMachineSafety ??= `at ${t} ms ${live[a]!.name} applied a different entry ${i}`;
      }
      for (let b = a + 1; b < live.length; b++) {
        const why = logsMatch(ca.log, live[b]!.state.snapshot.context.log);
        if (why) report.logMatching ??= `at ${t} ms ${live[a]!.name} and ${live[b]!.name}: ${why}`;
      }
    }
    // Leader completeness: the leader of a term holds every entry committed in an earlier term.
    for (const [node, l] of leading) {
      const state = live.find((n) => n.name === node)?.state;
      if (!state || roleOf(state) !== 'leader') continue;
      for (const c of commits) {
        if (c.in >= l.term) continue;
        if (state.snapshot.context.log[c.index - 1]?.term !== c.term)
          report.leaderCompleteness ??= `at ${t} ms ${node}, leader of term ${l.term}, lacks entry ${c.index} of term ${c.term} that ${c.node} committed in term ${c.in}`;
      }
    }
  }
  const states = SERVERS.map((n) => sim.nodeState(n) as RaftState);
  const leaders = states.filter((st) => roleOf(st) === 'leader');
  const top = Math.max(...states.map((st) => st.snapshot.context.term));
  const leader = leaders.find((st) => st.snapshot.context.term === top);
  if (
    !leader ||
    !states.every(
      (st) =>
        st.snapshot.context.term === top &&
        (st === leader || st.snapshot.context.leader === leader.snapshot.context.self),
    )
  )
    report.liveness = `${LIVE_WITHIN_MS} ms after every fault was repaired, no leader led all five: ${states
      .map((st) => `${st.snapshot.context.self} ${roleOf(st)} term ${st.snapshot.context.term}`)
      .join(', ')}`;
  return report;
}

// fast-check gives each property the same cases from the same seed: each schedule runs once.
const reports = new Map<string, Report>();
const reportOf = (s: Schedule): Report => {
  const key = JSON.stringify(s);
  let r = reports.get(key);
  if (!r) {
    r = check(s);
    reports.set(key, r);
  }
  return r;
};

describe('Raft under random faults', () => {
  const properties: [keyof Report, string][] = [
    ['electionSafety', 'election safety: at most one leader per term'],
    ['logMatching', 'log matching: two logs with an entry of the same index and term agree up to it'],
    ['leaderCompleteness', 'leader completeness: a leader holds every entry committed in an earlier term'],
    ['stateMachineSafety', 'state-machine safety: no two servers apply different entries at one index'],
    ['commitRule', 'a leader commits only up to an entry of its own term (an earlier one only beneath it)'],
    ['liveness', 'liveness: a leader leads all five within 1.5 s once every fault is repaired'],
  ];
  for (const [name, title] of properties) {
    it(title, { timeout: 120_000 }, () => {
      checkProperty(
        fc.property(schedule, (s) => {
          const problem = reportOf(s)[name];
          expect(problem, problem).toBeUndefined();
        }),
        { file: FILE, test: title },
        { numRuns: RUNS, seed: 14 },
      );
    });
  }
});
