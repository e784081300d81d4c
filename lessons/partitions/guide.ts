/**
 * Lesson 13, the guide: CAP during a partition, PACELC the rest of the time. A key-value store (keys
 * x and y) has a replica at each of two sites, a1 at site A and b1 at site B, with a client at each,
 * ca and cb, that writes and reads all the time. Cut the link between the sites. In CP mode a1 is the
 * primary and b1 serves only while it holds a lease from a1: cut off, the lease lapses and b1 refuses
 * (its client sees a failure, at once). In AP mode both sides take writes, drift apart, and merge when
 * the link heals: last writer wins throws one side's acknowledged writes away, keeping both makes
 * siblings. With the link up, asynchronous replication says "done" at once and lets the other site
 * read an old value for as long as the copy takes; synchronous replication waits for the copy. The
 * history checker (src/engine/testing) reads every run: each read fresh or stale by how much, the
 * history linearizable or not, and which acknowledged writes were lost.
 *
 * This file is what the page loads; the behaviours and the scenario are in lesson.ts.
 */
import events from './events.ts';
import { defineGuide, type ChallengeResult } from '../../src/engine/lesson.ts';
import type { OutcomeResult, Trace } from '../../src/engine/trace.ts';
import { callsFrom } from '../../src/engine/calls-from.ts';
import {
  checkLinearizable,
  keyValueModel,
  type KeyValueInput,
  type Operation,
} from '../../src/engine/testing/linearizability.ts';
import { readStaleness } from '../../src/engine/testing/staleness.ts';
import { formatMs, plural } from '../../src/engine/words.ts';

export const CA = 'ca';
export const A1 = 'a1';
export const B1 = 'b1';
export const CB = 'cb';
export const CLIENTS = [CA, CB] as const;
export const REPLICAS = [A1, B1] as const;
export const KEYS = ['x', 'y'] as const;

/** Each client does a read or a write about this often. */
export const OP_EVERY_MS = 100;
/** A replica sends the other all it holds this often; a1's also renews b1's lease. */
export const HEARTBEAT_MS = 200;
/** A lease lets b1 serve this long after a1 sent it. */
export const LEASE_MS = 800;
/** a1 stops renewing b1's lease once it has not heard from b1 for this long. */
export const SUSPECT_MS = 450;
/** AP with synchronous replication: how long a replica waits for the copy before saying "done". */
export const AP_WAIT_MS = 800;
export const LOCAL_LATENCY_MS = 5;
/** Extra random delay on the link between the sites. */
export const INTER_JITTER_MS = 20;
export const CLIENT_DEADLINE_MS = 2000;

/** Step 5 asks for a replication delay at least this long, so the bound stands out. */
const LAG_STEP_DELAY_MS = 300;
/** and a run at least this long, with at least this many stale reads. */
const LAG_STEP_RUN_MS = 4000;
const LAG_STEP_STALE_READS = 5;

const SYNC_LABEL = 'Synchronous replication';
const DELAY_LABEL = 'Replication delay';
const LWW = 'last writer wins';
const BOTH = 'keep both';

// ---------------------------------------------------------------- versions

/**
 * One write as the replicas hold it: its value, its name (the replica that took it and that
 * replica's count of writes, "a1:3"), the writer's stamp (its own clock), and the names of every
 * earlier write of the key it replaces, directly or through those it replaced.
 */
export interface Version {
  key: string;
  value: string;
  origin: string;
  n: number;
  ts: number;
  seen: string[];
}

export const versionName = (v: Pick<Version, 'origin' | 'n'>) => `${v.origin}:${v.n}`;

/** `a` was written over `b`: a later write, not a conflict. */
export const dominates = (a: Pick<Version, 'seen'>, b: Pick<Version, 'origin' | 'n'>) =>
  a.seen.includes(versionName(b));

/** Last writer wins: the later stamp, and at a tie the replica's name. */
export const wins = (a: Version, b: Version) => a.ts > b.ts || (a.ts === b.ts && a.origin > b.origin);

// ---------------------------------------------------------------- reading the trace

export interface ClientOp {
  client: string;
  replica: string;
  call: number;
  /** The seq and time of the call, and of its outcome (absent while waiting). */
  seq: number;
  t: number;
  outcomeSeq: number | undefined;
  end: number | undefined;
  result: OutcomeResult | 'waiting';
  op: 'write' | 'read';
  key: string;
  /** What a write wrote. */
  value?: string;
  /** What a read got back: one value, none (never written), or siblings. */
  values?: string[];
}

/** Every operation of both clients, in the order they were made, with how it ended. */
export function clientOps(trace: Trace): ClientOp[] {
  const asked = new Map<string, Record<string, unknown>>();
  for (const e of trace.ofType('asked')) asked.set(`${e.node}:${String(e.call)}`, e);
  const got = new Map<string, string[]>();
  for (const e of trace.ofType('got')) got.set(`${e.node}:${String(e.call)}`, e.values as string[]);
  return CLIENTS.flatMap((client) =>
    callsFrom(trace, client).flatMap((c): ClientOp[] => {
      const a = asked.get(`${client}:${c.call}`);
      if (!a) return [];
      const values = got.get(`${client}:${c.call}`);
      return [
        {
          client,
          replica: String(a.replica),
          call: c.call,
          seq: c.seq,
          t: c.t,
          outcomeSeq: c.outcomeSeq,
          end: c.end,
          result: c.result,
          op: a.op === 'write' ? 'write' : 'read',
          key: String(a.key),
          ...(a.value !== undefined ? { value: String(a.value) } : {}),
          ...(values ? { values } : {}),
        },
      ];
    }),
  ).sort((a, b) => a.seq - b.seq);
}

export const ackedWrites = (ops: readonly ClientOp[]) =>
  ops.filter((o) => o.op === 'write' && o.result === 'success');

type Value = string | null;
export type HistoryOp = Operation<KeyValueInput<Value>, Value>;

/** What a read got, as one value for the checker: siblings read as a value nobody wrote. */
export const readValue = (values: readonly string[]): Value =>
  values.length === 0 ? null : values.length === 1 ? values[0]! : values.join(' | ');

/**
 * The history the checker reads: acknowledged writes, writes whose outcome the client never learned
 * (they may have happened), and answered reads. Refused writes never happened, and an unanswered
 * read changes nothing, so both are left out.
 */
export function history(ops: readonly ClientOp[]): { ops: HistoryOp[]; from: Map<HistoryOp, ClientOp> } {
  const from = new Map<HistoryOp, ClientOp>();
  const out: HistoryOp[] = [];
  for (const o of ops) {
    let h: HistoryOp | undefined;
    if (o.op === 'write' && o.result !== 'failure')
      h = {
        client: o.client,
        input: { key: o.key, kind: 'write', value: o.value! },
        output: o.result === 'success' ? null : undefined,
        call: o.t,
        ...(o.result === 'success' ? { ret: o.end! } : {}),
      };
    else if (o.op === 'read' && o.result === 'success' && o.values)
      h = {
        client: o.client,
        input: { key: o.key, kind: 'read' },
        output: readValue(o.values),
        call: o.t,
        ret: o.end!,
      };
    if (!h) continue;
    out.push(h);
    from.set(h, o);
  }
  return { ops: out, from };
}

export type Linearizable =
  | { kind: 'yes'; ops: number }
  | { kind: 'no'; ops: number; blocked: ClientOp }
  | { kind: 'too large'; ops: number };

/** Whether the whole history is linearizable, key by key, and if not the first operation that breaks it. */
export function linearizable(ops: readonly ClientOp[]): Linearizable {
  const h = history(ops);
  const verdict = checkLinearizable(keyValueModel<Value>(null), h.ops, { maxSteps: 200_000 });
  if (verdict.kind === 'linearizable') return { kind: 'yes', ops: h.ops.length };
  if (verdict.kind === 'unknown') return { kind: 'too large', ops: h.ops.length };
  return { kind: 'no', ops: h.ops.length, blocked: h.from.get(verdict.blocked)! };
}

export type ReadCheck =
  | { read: ClientOp; kind: 'fresh' }
  | { read: ClientOp; kind: 'stale'; byMs: number; overwrittenBy: ClientOp }
  | { read: ClientOp; kind: 'siblings' };

/** Every answered read, in time order: fresh, stale (by how many ms), or siblings. */
export function readChecks(ops: readonly ClientOp[]): ReadCheck[] {
  const h = history(ops);
  const out: ReadCheck[] = [];
  for (const key of KEYS) {
    const ofKey = h.ops.filter((o) => o.input.key === key);
    for (const v of readStaleness(ofKey, null)) {
      const read = h.from.get(v.read as HistoryOp)!;
      if (v.kind === 'fresh') out.push({ read, kind: 'fresh' });
      else if (v.kind === 'stale')
        out.push({
          read,
          kind: 'stale',
          byMs: v.byMs,
          overwrittenBy: h.from.get(v.overwrittenBy as HistoryOp)!,
        });
      else out.push({ read, kind: 'siblings' });
    }
  }
  return out.sort((a, b) => a.read.seq - b.read.seq);
}

export const staleReads = (checks: readonly ReadCheck[]) =>
  checks.filter((c): c is Extract<ReadCheck, { kind: 'stale' }> => c.kind === 'stale');

export const maxStaleness = (checks: readonly ReadCheck[]) =>
  staleReads(checks).reduce<Extract<ReadCheck, { kind: 'stale' }> | undefined>(
    (m, c) => (!m || c.byMs > m.byMs ? c : m),
    undefined,
  );

export interface LostWrite {
  write: ClientOp;
  /** The replica's event that threw it away, and the write that was kept. */
  seq: number;
  t: number;
  node: string;
  kept: string;
}

/** The readout's list: acknowledged writes a replica threw away on merge, as the replicas told it. */
export function lostOnMerge(trace: Trace, ops: readonly ClientOp[] = clientOps(trace)): LostWrite[] {
  const acked = new Map(ackedWrites(ops).map((w) => [w.value!, w]));
  const seen = new Set<string>();
  const out: LostWrite[] = [];
  for (const e of trace.ofType('discarded')) {
    const write = acked.get(String(e.value));
    if (!write || seen.has(write.value!)) continue;
    seen.add(write.value!);
    out.push({ write, seq: e.seq, t: e.t, node: e.node, kept: String(e.kept) });
  }
  return out;
}

/**
 * The checker's list, found another way: an acknowledged write is lost when no replica holds it at
 * the end and no write anywhere was made over it (no version saw it). A write overwritten by a later
 * one is not lost; one that simply vanished is.
 */
export function lostByVersions(trace: Trace, ops: readonly ClientOp[] = clientOps(trace)): ClientOp[] {
  const versions = trace.ofType('applied').map((e) => ({
    key: String(e.key),
    value: String(e.value),
    origin: e.node,
    n: Number(e.n),
    seen: e.seen as string[],
  }));
  const byValue = new Map(versions.map((v) => [v.value, v]));
  const holds = new Map<string, string[]>();
  const changes = [...trace.ofType('applied'), ...trace.ofType('replicated'), ...trace.ofType('discarded')];
  for (const e of changes.sort((a, b) => a.seq - b.seq)) {
    const where = `${e.node}:${String(e.key)}`;
    if (e.type === 'applied') holds.set(where, [String(e.value)]);
    else if (e.type === 'replicated') holds.set(where, e.holds as string[]);
    else holds.set(where, [String(e.kept)]);
  }
  const held = new Set([...holds.values()].flat());
  return ackedWrites(ops).filter((w) => {
    const v = byValue.get(w.value!);
    if (!v || held.has(w.value!)) return false;
    return !versions.some((other) => other !== v && other.key === v.key && dominates(other, v));
  });
}

/** The link between the sites, direction by direction: cut and healed, in order. */
export function cuts(trace: Trace): { seq: number; t: number; from: string; to: string; cut: boolean }[] {
  return [...trace.ofType('partition'), ...trace.ofType('heal')]
    .sort((a, b) => a.seq - b.seq)
    .map((e) => ({ seq: e.seq, t: e.t, from: e.node, to: String(e.to), cut: e.type === 'partition' }));
}

/** Whether the link is up both ways at the end of the trace. */
export function linkUp(trace: Trace): boolean {
  const cut = new Set<string>();
  for (const c of cuts(trace)) {
    if (c.cut) cut.add(`${c.from}>${c.to}`);
    else cut.delete(`${c.from}>${c.to}`);
  }
  return cut.size === 0;
}

/** How long the writes of one client took to be acknowledged: mean and longest, in ms. */
export function writeLatency(
  ops: readonly ClientOp[],
  client: string,
): { mean: number; max: number; n: number } {
  const took = ackedWrites(ops)
    .filter((w) => w.client === client)
    .map((w) => w.end! - w.t);
  if (took.length === 0) return { mean: 0, max: 0, n: 0 };
  return { mean: took.reduce((s, x) => s + x, 0) / took.length, max: Math.max(...took), n: took.length };
}

const lastT = (trace: Trace) => (trace.length > 0 ? trace.time(trace.length - 1) : 0);

// ---------------------------------------------------------------- the challenges

type Params = {
  readonly mode: 'CP' | 'AP';
  readonly syncReplication: boolean;
  readonly interSiteMs: number;
  readonly merge: typeof LWW | typeof BOTH;
};

function refuse(trace: Trace, params: Params): ChallengeResult {
  if (params.mode !== 'CP') return { met: false, missing: 'the store is in AP mode: set "Mode" back to CP' };
  const cut = cuts(trace).find((c) => c.cut);
  if (!cut) return { met: false, missing: 'the link is up: press "Cut the link" and let it run' };
  const ops = clientOps(trace);
  const refused = ops.find(
    (o) => o.client === CB && o.op === 'write' && o.result === 'failure' && o.seq > cut.seq,
  );
  if (!refused) {
    const healed = cuts(trace).find((c) => !c.cut && c.seq > cut.seq);
    return healed
      ? {
          met: false,
          evidence: [healed.seq],
          missing: `the link came back before b1's lease ran out (${formatMs(LEASE_MS)}): restart the step and leave it cut for a second`,
        }
      : {
          met: false,
          evidence: [cut.seq],
          missing: `the link is cut; b1's lease from a1 runs out ${formatMs(LEASE_MS)} after a1 last renewed it: let it run`,
        };
  }
  const lapsed = trace.ofType('lease-lapsed').find((e) => e.node === B1 && e.seq > cut.seq);
  const unknown = ops.filter(
    (o) =>
      o.client === CB && o.op === 'write' && o.result === 'unknown' && o.seq > cut.seq && o.seq < refused.seq,
  );
  const served = ackedWrites(ops).filter((w) => w.client === CA && w.seq > cut.seq);
  return {
    met: true,
    evidence: [cut.seq, ...(lapsed ? [lapsed.seq] : []), refused.outcomeSeq!],
    detail:
      `cb's write ${refused.key} = ${refused.value} failed ${formatMs(refused.end! - refused.t)} after it asked: b1 had no lease. ` +
      (unknown.length > 0
        ? `Before the lease ran out, ${plural(unknown.length, 'write')} from cb went to a1 and got no answer. `
        : '') +
      `Site A went on: a1 acknowledged ${plural(served.length, 'write')} from ca after the cut`,
  };
}

function lostWrite(trace: Trace, params: Params): ChallengeResult {
  if (params.mode !== 'AP') return { met: false, missing: 'the store is in CP mode: set "Mode" to AP' };
  if (params.merge !== LWW)
    return { met: false, missing: `siblings keep both writes: set "On merge" to "${LWW}"` };
  const all = cuts(trace);
  const cut = all.find((c) => c.cut);
  if (!cut)
    return {
      met: false,
      missing: 'the link is up: press "Cut the link", let both sides write, then heal it',
    };
  const healed = all.find((c) => !c.cut && c.seq > cut.seq);
  const ops = clientOps(trace);
  if (!healed) {
    const both = CLIENTS.map((c) => ackedWrites(ops).filter((w) => w.client === c && w.seq > cut.seq).length);
    return {
      met: false,
      evidence: [cut.seq],
      missing: `the sites are cut off; ca has had ${plural(both[0]!, 'write')} acknowledged since and cb ${both[1]}: press "Heal the link" to merge them`,
    };
  }
  // Writes that conflict with the link up are lost too; this step is about those taken while cut off.
  const lost = lostOnMerge(trace, ops).filter((l) => l.write.t > cut.t && l.write.t < healed.t);
  if (lost.length === 0)
    return {
      met: false,
      evidence: [healed.seq],
      missing:
        lastT(trace) - healed.t < 500
          ? 'the link is back and the sites are merging: let it run'
          : 'no acknowledged write was thrown away: restart the step and leave the link cut for a second, so both sides write the same keys',
    };
  const first = lost[0]!;
  return {
    met: true,
    evidence: [cut.seq, first.write.outcomeSeq!, healed.seq, first.seq],
    detail: `${first.write.client} heard "done" for ${first.write.key} = ${first.write.value} during the cut; on the merge ${first.node} threw it away for ${first.kept}, which had the later stamp: ${plural(lost.length, 'acknowledged write')} from the cut lost`,
  };
}

function keepBoth(trace: Trace, params: Params): ChallengeResult {
  if (params.mode !== 'AP') return { met: false, missing: 'the store is in CP mode: set "Mode" to AP' };
  if (params.merge !== BOTH) return { met: false, missing: `set "On merge" to "${BOTH}" and play` };
  const healed = cuts(trace).find((c) => !c.cut);
  if (!healed) return { met: false, missing: 'the link heals at 2.5 s: let it run' };
  const ops = clientOps(trace);
  const lost = lostOnMerge(trace, ops);
  if (lost.length > 0)
    return {
      met: false,
      evidence: [lost[0]!.seq],
      missing: `${plural(lost.length, 'acknowledged write')} thrown away before "${BOTH}" was on: restart the step with it on`,
    };
  const siblings = trace.ofType('got').find((e) => e.seq > healed.seq && (e.values as string[]).length > 1);
  if (!siblings)
    return {
      met: false,
      evidence: [healed.seq],
      missing: 'the link is back; no read has seen both writes of a key yet: let it run',
    };
  return {
    met: true,
    evidence: [healed.seq, siblings.seq],
    detail: `${siblings.node} read ${String(siblings.key)} and got both writes, ${(siblings.values as string[]).join(' and ')}: no acknowledged write was lost, and the next write of ${String(siblings.key)} replaces both`,
  };
}

function staleRead(trace: Trace, params: Params): ChallengeResult {
  if (cuts(trace).length > 0)
    return { met: false, missing: 'this step is about the link up: restart it and leave the link alone' };
  const ops = clientOps(trace);
  if (params.syncReplication) {
    const lat = writeLatency(ops, CA);
    return {
      met: false,
      missing: `writes wait for the other site (ca's took ${formatMs(lat.mean)} on average): turn off "${SYNC_LABEL}"`,
    };
  }
  const checks = readChecks(ops);
  const s = maxStaleness(checks);
  if (!s) return { met: false, missing: 'no read has missed a write yet: let it run' };
  const lat = writeLatency(ops, CA);
  return {
    met: true,
    evidence: [s.overwrittenBy.outcomeSeq!, s.read.outcomeSeq!],
    detail: `${s.read.client} read ${s.read.key} = ${s.read.values!.join(' | ') || 'nothing'} at ${formatMs(s.read.t)}, ${formatMs(s.byMs)} after ${s.overwrittenBy.key} = ${s.overwrittenBy.value} was acknowledged; writes at site A now take ${formatMs(lat.mean)}`,
  };
}

function lagBound(trace: Trace, params: Params): ChallengeResult {
  if (cuts(trace).length > 0)
    return {
      met: false,
      missing: 'a cut link makes the lag as long as the cut: restart the step and leave the link alone',
    };
  if (params.syncReplication)
    return { met: false, missing: `turn off "${SYNC_LABEL}": synchronous reads are never stale` };
  if (params.interSiteMs < LAG_STEP_DELAY_MS)
    return {
      met: false,
      missing: `the replication delay is ${formatMs(params.interSiteMs)}: raise "${DELAY_LABEL}" to ${formatMs(LAG_STEP_DELAY_MS)} or more`,
    };
  const checks = readChecks(clientOps(trace));
  const stale = staleReads(checks);
  const end = lastT(trace);
  if (end < LAG_STEP_RUN_MS || stale.length < LAG_STEP_STALE_READS)
    return {
      met: false,
      missing: `${plural(stale.length, 'stale read')} by ${formatMs(end)}: let it run to ${formatMs(LAG_STEP_RUN_MS)} for a fair maximum`,
    };
  const worst = maxStaleness(checks)!;
  return {
    met: true,
    evidence: [worst.overwrittenBy.outcomeSeq!, worst.read.outcomeSeq!],
    detail: `${plural(stale.length, 'stale read')} of ${checks.length}; the stalest was ${formatMs(worst.byMs)} behind, with a ${formatMs(params.interSiteMs)} delay (plus up to ${INTER_JITTER_MS} ms of jitter): while the link is up, the lag is bounded by the time a copy takes`,
  };
}

function consistent(trace: Trace, params: Params): ChallengeResult {
  if (params.mode !== 'CP') return { met: false, missing: 'set "Mode" back to CP' };
  if (!params.syncReplication)
    return {
      met: false,
      missing: `b1 serves old values while copies are on their way: turn on "${SYNC_LABEL}"`,
    };
  const all = cuts(trace);
  const cut = all.find((c) => c.cut);
  const healed = all.find((c) => !c.cut && cut && c.seq > cut.seq);
  if (!cut || !healed || !linkUp(trace))
    return { met: false, missing: 'the link is cut from 1 s to 3 s: let it run until it is back' };
  const ops = clientOps(trace);
  const verdict = linearizable(ops);
  if (verdict.kind === 'no')
    return {
      met: false,
      evidence: [verdict.blocked.seq],
      missing: `the history is not linearizable (${verdict.blocked.client}'s ${verdict.blocked.op} of ${verdict.blocked.key} at ${formatMs(verdict.blocked.t)}): restart the step with "${SYNC_LABEL}" on from the start`,
    };
  const renewed = trace.ofType('lease-renewed').find((e) => e.seq > healed.seq);
  if (!renewed || verdict.kind !== 'yes')
    return { met: false, evidence: [healed.seq], missing: 'the link is back; b1 is catching up: let it run' };
  const refused = ops.filter((o) => o.client === CB && o.result === 'failure');
  const waited = trace.ofType('stopped-waiting');
  const longest = Math.max(0, ...waited.map((e) => Number(e.waitedMs)));
  const lost = lostByVersions(trace, ops);
  return {
    met: true,
    evidence: [cut.seq, ...(refused[0] ? [refused[0].outcomeSeq!] : []), healed.seq, renewed.seq],
    detail: `all ${verdict.ops} operations are linearizable and ${lost.length === 0 ? 'no acknowledged write was lost' : `${lost.length} acknowledged writes were lost`}; b1 refused ${plural(refused.length, 'operation')} while cut off, and a1 waited up to ${formatMs(longest)} for b1's lease to run out`,
  };
}

// ---------------------------------------------------------------- the guide

const cutBoth = { at: 1000, kind: 'partition', from: A1, to: B1 } as const;
const healAt = (at: number) => ({ at, kind: 'heal', from: A1, to: B1 }) as const;

export default defineGuide({
  events,
  id: 'partitions',
  title: 'CAP during a partition, PACELC the rest of the time',
  summary:
    'Cut the link between two sites: refuse writes or let them diverge, then measure how stale reads get.',
  keyStep: 'lose-a-write',
  principle:
    'A partition forces a choice between refusing and diverging; the rest of the time the choice is between waiting for the copy and reading an old value',
  part: 4,
  order: 13,
  minutes: 10,
  durationMs: 6000,
  defaultSeed: 1,
  params: {
    mode: {
      kind: 'choice',
      label: 'Mode',
      description:
        '"CP": a1 is the primary and takes every write; b1 serves only while it holds a lease from a1, and refuses when cut off. "AP": each site takes its own writes and they merge later.',
      options: ['CP', 'AP'],
      default: 'CP',
    },
    syncReplication: {
      kind: 'boolean',
      label: SYNC_LABEL,
      description:
        'A write is "done" only once the other site has it (or, in CP, once b1\'s lease has run out). Off: "done" at once, and the copy follows.',
      default: false,
    },
    interSiteMs: {
      kind: 'number',
      label: DELAY_LABEL,
      description: 'How long a message takes between the sites, one way (plus up to 20 ms of jitter).',
      unit: 'ms',
      min: 20,
      max: 400,
      step: 10,
      default: 100,
    },
    merge: {
      kind: 'choice',
      label: 'On merge',
      description: `AP mode, when two writes of a key conflict: "${LWW}" keeps the one with the later stamp and throws the other away; "${BOTH}" keeps both as siblings until the next write.`,
      options: [LWW, BOTH],
      default: LWW,
    },
  },
  nodeNames: () => [CA, A1, B1, CB],
  interventions: [
    {
      kind: 'partition',
      from: A1,
      to: B1,
      label: 'Cut the link',
      description: 'Nothing gets between the sites, either way, until the link is healed.',
      did: 'cut the link between the sites',
    },
    {
      kind: 'partition',
      from: A1,
      to: B1,
      oneWay: true,
      label: 'Cut A→B only',
      description: 'Messages from a1 to b1 are lost; b1 to a1 still gets through.',
      did: 'cut the link from A to B',
    },
    {
      kind: 'partition',
      from: B1,
      to: A1,
      oneWay: true,
      label: 'Cut B→A only',
      description: 'Messages from b1 to a1 are lost; a1 to b1 still gets through.',
      did: 'cut the link from B to A',
    },
    {
      kind: 'heal',
      from: A1,
      to: B1,
      label: 'Heal the link',
      description: 'Messages flow both ways again.',
      did: 'healed the link',
    },
  ],
  fix: {
    param: 'syncReplication',
    label: SYNC_LABEL,
    description:
      'Every write waits until the other site has it, or in CP until b1 has surely stopped serving: slower writes, and no read ever misses an acknowledged write.',
  },
  steps: [
    {
      id: 'refuse',
      title: 'Cut off, and it knows it',
      text:
        "Two sites, each with a copy of the store and a client. In CP mode a1 is the primary: cb's writes go through b1 to a1, " +
        'and b1 serves only while a1 keeps renewing its lease. Cut the link and watch what cb hears.',
      hint: 'Press "Cut the link" and let it run.',
      notes:
        'The first writes after the cut get no answer at all: b1 passed them to a1 and nothing came back. Once the lease has lapsed, b1 knows it is cut off and says no at once: a clear failure, which the client can act on. Site A carries on. That is the C in CP: the minority side gives up availability.',
      challenge: refuse,
      solution: { interventions: [cutBoth] },
    },
    {
      id: 'lose-a-write',
      title: 'Both sides say yes',
      text:
        "Now AP mode: each site takes its own client's writes, so a cut stops nothing. Cut the link, let both sides write for a second, " +
        'then heal it. When the copies meet, the later stamp wins.',
      hint: 'Press "Cut the link", wait a second, then press "Heal the link".',
      notes:
        'Both clients were told "done" for writes of the same key that never saw each other. Last writer wins keeps one and drops the other without telling anyone: the readout lists the acknowledged writes that did not survive and which write beat each.',
      start: { params: { mode: 'AP' } },
      challenge: lostWrite,
      solution: { params: { mode: 'AP' }, interventions: [cutBoth, healAt(2500)] },
    },
    {
      id: 'keep-both',
      title: 'Keep both',
      text:
        'Same cut, from 1 s to 2.5 s. Set "On merge" to keep both: a conflict is kept as two siblings, ' +
        'and a read shows both until the next write of that key replaces them.',
      hint: 'Set "On merge" to "keep both" and play.',
      notes:
        'Siblings lose nothing, but they hand the conflict to whoever reads: a shopping cart can take the union, a bank balance cannot. Point at a read with two values in the log.',
      start: {
        params: { mode: 'AP' },
        interventions: [cutBoth, healAt(2500)],
      },
      predictions: [
        {
          id: 'which-survives',
          askAtMs: 2300,
          question:
            'The link heals at 2.5 s. Both sites have said "done" for writes of y the other never saw. What happens to them when the sites meet?',
          answers: ["One side's write is thrown away", 'Both are kept'],
          right: 0,
          reveal: (trace) => {
            const healed = cuts(trace).find((c) => !c.cut);
            if (!healed) return null;
            const lost = lostOnMerge(trace).find((l) => l.seq > healed.seq);
            if (lost)
              return {
                answer: 0,
                seq: lost.seq,
                why: `${lost.node} threw away ${lost.write.key} = ${lost.write.value}, which ${lost.write.client} had been told was done: ${lost.kept} had the later stamp, and last writer wins keeps only one.`,
              };
            const both = trace
              .ofType('replicated')
              .find((e) => e.seq > healed.seq && (e.holds as string[]).length > 1);
            return both
              ? {
                  answer: 1,
                  seq: both.seq,
                  why: `${both.node} kept both writes of ${String(both.key)} as siblings (${(both.holds as string[]).join(' and ')}): nothing acknowledged was thrown away.`,
                }
              : null;
          },
        },
      ],
      challenge: keepBoth,
      solution: { params: { mode: 'AP', merge: BOTH }, interventions: [cutBoth, healAt(2500)] },
    },
    {
      id: 'stale-read',
      title: 'No partition: latency or staleness',
      text:
        'The link is up. With synchronous replication each write waits for the other site, so a write takes two trips between the sites. ' +
        'Turn it off: writes return at once, and for a moment the other site still serves the old value.',
      hint: 'Turn off "Synchronous replication" and play.',
      notes:
        'This is the everyday choice (the E in PACELC): no partition in sight, and still you pick latency or consistency. Compare the write times in the detail line with the step before it.',
      start: { params: { syncReplication: true } },
      challenge: staleRead,
      solution: { params: { syncReplication: false }, interventions: [] },
    },
    {
      id: 'lag-bound',
      title: 'Eventually, bounded by what?',
      text:
        'Asynchronous replication is eventually consistent. How eventually? Raise the replication delay to 300 ms and run past 4 s. ' +
        'The readout plots how stale each read was and marks the worst.',
      hint: 'Set "Replication delay" to 300 ms and play.',
      notes:
        'With the link up the worst staleness sits just under the one-way delay plus its jitter: the copy left when the write was acknowledged. During a cut there is no bound at all: it grows with the cut. Try it after the step is done.',
      challenge: lagBound,
      solution: { params: { interSiteMs: LAG_STEP_DELAY_MS }, interventions: [] },
    },
    {
      id: 'consistent',
      title: 'Consistent through the cut',
      text:
        'CP mode, asynchronous replication, and the link cut from 1 s to 3 s: b1 reads old values even before the cut. ' +
        'Turn on synchronous replication. a1 now waits for b1\'s copy, or for b1\'s lease to run out, before it says "done".',
      hint: 'Turn on "Synchronous replication" and play.',
      notes:
        'The checker finds one order of all the operations that respects real time: every read sees the latest acknowledged write. The price shows twice: writes take longer all the time, and right after the cut a1 waits out the lease before it answers.',
      start: { interventions: [cutBoth, healAt(3000)] },
      challenge: consistent,
      solution: { params: { syncReplication: true }, interventions: [cutBoth, healAt(3000)] },
    },
  ],
});
