/**
 * Lesson 13: partitions. What only the simulation needs: the two clients, the two replicas and the
 * scenario. The words, parameters, steps and trace readers are in guide.ts.
 *
 * a1 (site A) and b1 (site B) each hold the whole store, keys x and y. Every write is a version: its
 * value, a stamp from the writer's clock, and what the writer had seen (`seen`, per replica the
 * highest write count), so a replica can tell a later write from a conflicting one. Each replica sends
 * the other every write as it takes it, and every HEARTBEAT_MS all it holds.
 *
 * CP: a1 is the primary and takes every write; b1 passes its client's writes on to a1 and serves
 * reads while it holds a lease, which each of a1's heartbeats renews for LEASE_MS from when it was
 * sent. a1 renews it only while it hears from b1. Without a lease b1 refuses at once. With
 * synchronous replication a1 says "done" once b1 has the write, or once every lease it had granted
 * b1 before the write has run out (b1 can then no longer serve the old value), and holds back its
 * own reads of a key until the writes before them are copied.
 *
 * AP: each replica takes its own client's writes. A version that arrives from the other site either
 * follows what the replica holds (it replaces it), or conflicts with it: then, by the merge setting,
 * the later stamp wins and the other is thrown away, or both are kept as siblings until a write
 * replaces them.
 */
import { defineLesson, type LessonParams } from '../../src/engine/lesson.ts';
import type { Behaviour, NodeContext, Request } from '../../src/engine/types.ts';
import guide, {
  A1,
  AP_WAIT_MS,
  B1,
  CA,
  CB,
  CLIENT_DEADLINE_MS,
  dominates,
  HEARTBEAT_MS,
  INTER_JITTER_MS,
  KEYS,
  LEASE_MS,
  LOCAL_LATENCY_MS,
  OP_EVERY_MS,
  SUSPECT_MS,
  wins,
  versionName as nameOf,
  type Version,
} from './guide.ts';

type P = LessonParams<typeof guide>;
type Ctx = NodeContext<P>;

const peerOf = (replica: string) => (replica === A1 ? B1 : A1);
const homeOf = (client: string) => (client === CA ? A1 : B1);
const sameVersion = (a: Version, b: Version) => a.origin === b.origin && a.n === b.n;

// ---------------------------------------------------------------- the clients

/**
 * Each client's round of operations, one every OP_EVERY_MS or so. Both write y, now and then, so the
 * sites can conflict on it; only ca writes x, so cb's reads of x show plainly how far b1 lags a1.
 */
const W = (key: string) => ({ op: 'write', key }) as const;
const R = (key: string) => ({ op: 'read', key }) as const;
const ROUNDS: Record<string, readonly { op: 'write' | 'read'; key: string }[]> = {
  [CA]: [W('x'), R('y'), W('x'), R('x'), W('y'), R('x'), W('x'), R('y')],
  [CB]: [R('x'), W('y'), R('x'), R('y'), R('x'), R('y'), R('x'), R('y')],
};

interface ClientState {
  at: number;
  written: number;
}

const client: Behaviour<ClientState, P> = {
  kind: 'client',
  init(ctx) {
    ctx.setTimer(OP_EVERY_MS * (ctx.name === CA ? 1 : 1.5), 'op');
    return { at: 0, written: 0 };
  },
  onTimer(state, timer, ctx) {
    if (timer.tag !== 'op') return state;
    const round = ROUNDS[ctx.name] ?? ROUNDS[CA]!;
    const step = round[state.at % round.length]!;
    state.at += 1;
    const replica = homeOf(ctx.name);
    if (step.op === 'write') {
      state.written += 1;
      const value = `${ctx.name}${state.written}`;
      const { call } = ctx.call(
        replica,
        'write',
        { key: step.key, value },
        { deadlineMs: CLIENT_DEADLINE_MS },
      );
      ctx.emit('asked', { call, op: 'write', key: step.key, value, replica });
    } else {
      const { call } = ctx.call(replica, 'read', { key: step.key }, { deadlineMs: CLIENT_DEADLINE_MS });
      ctx.emit('asked', { call, op: 'read', key: step.key, replica });
    }
    // A little irregular, so reads fall at every distance from the writes.
    ctx.setTimer(OP_EVERY_MS * (0.7 + 0.6 * ctx.random()), 'op');
    return state;
  },
  onOutcome(state, outcome, ctx) {
    if (outcome.op !== 'read' || outcome.result !== 'success') return state;
    const { key } = outcome.args as { key: string };
    const { values } = outcome.value as { values: string[] };
    ctx.emit('got', { call: outcome.call, key, values, replica: outcome.to });
    return state;
  },
  label: (state) => `${state.at} operations`,
};

// ---------------------------------------------------------------- the replicas

interface Pending {
  request: Request;
  key: string;
  version: Version;
  since: number;
}

interface Held {
  request: Request;
  key: string;
  /** Writes (by version name) still being copied when the read came. */
  after: string[];
}

interface ReplicaState {
  store: Record<string, Version[]>;
  /** Writes this replica has taken (its count in `seen`). */
  n: number;
  /** CP, on b1: it may serve until then (own clock). */
  leaseUntil: number;
  lapsed: boolean;
  /** CP, on a1: the latest lease granted to b1 runs until then. */
  granted: number;
  /** When it last heard from the other replica. */
  heard: number;
  /** Synchronous writes waiting for the other replica. */
  pending: Record<string, Pending>;
  /** CP, on a1: the newest copied version of each key, and reads held until copies are done. */
  copied: Record<string, Version>;
  held: Held[];
  /** CP, on b1: writes passed on to a1. */
  forwards: Record<string, Request>;
}

const valuesOf = (versions: readonly Version[] | undefined) => (versions ?? []).map((v) => v.value).sort();
const isPrimary = (ctx: Ctx) => ctx.params.mode === 'CP' && ctx.name === A1;

function allVersions(state: ReplicaState): Version[] {
  return KEYS.flatMap((k) => state.store[k] ?? []);
}

/** A write taken here: it replaces everything this replica holds for the key. */
function writeHere(state: ReplicaState, key: string, value: string, ctx: Ctx): Version {
  const replaced = new Set<string>();
  for (const v of state.store[key] ?? []) {
    for (const name of v.seen) replaced.add(name);
    replaced.add(nameOf(v));
  }
  const seen = [...replaced];
  state.n += 1;
  const version: Version = { key, value, origin: ctx.name, n: state.n, ts: ctx.now(), seen };
  state.store[key] = [version];
  ctx.emit('applied', { key, value, ts: version.ts, origin: ctx.name, n: version.n, seen });
  return version;
}

/** A version from the other site: newer, older, or in conflict with what this replica holds. */
function merge(state: ReplicaState, incoming: Version, from: string, ctx: Ctx): void {
  const key = incoming.key;
  const held = state.store[key] ?? [];
  if (held.some((h) => sameVersion(h, incoming) || dominates(h, incoming))) return;
  const rest = held.filter((h) => !dominates(incoming, h));
  if (rest.length === 0 || ctx.params.merge === 'keep both') {
    state.store[key] = [...rest, incoming];
    ctx.emit('replicated', { key, value: incoming.value, from, holds: valuesOf(state.store[key]) });
    return;
  }
  // Last writer wins: the latest stamp (ties to the replica's name) stays, the others go.
  const winner = [...rest, incoming].reduce((a, b) => (wins(b, a) ? b : a));
  state.store[key] = [winner];
  if (winner === incoming)
    ctx.emit('replicated', { key, value: incoming.value, from, holds: [incoming.value] });
  for (const lost of rest.filter((h) => h !== winner))
    ctx.emit('discarded', {
      key,
      value: lost.value,
      kept: winner.value,
      keptTs: winner.ts,
      lostTs: lost.ts,
    });
}

function answerRead(state: ReplicaState, request: Request, key: string, ctx: Ctx): void {
  const versions = isPrimary(ctx) && ctx.params.syncReplication ? latestCopied(state, key) : state.store[key];
  ctx.reply(request, { ok: true, value: { values: valuesOf(versions) } });
}

/** On the primary with synchronous replication: the newest write of the key already copied. */
function latestCopied(state: ReplicaState, key: string): Version[] {
  const v = state.copied[key];
  return v ? [v] : [];
}

function copied(state: ReplicaState, id: string, ctx: Ctx, because?: 'lease' | 'available'): void {
  const p = state.pending[id];
  if (!p) return;
  delete state.pending[id];
  const prev = state.copied[p.key];
  if (!prev || p.version.n > prev.n) state.copied[p.key] = p.version;
  if (because)
    ctx.emit('stopped-waiting', {
      key: p.key,
      value: p.version.value,
      peer: peerOf(ctx.name),
      waitedMs: ctx.now() - p.since,
      because,
    });
  ctx.reply(p.request, { ok: true });
  const still: Held[] = [];
  for (const h of state.held) {
    h.after = h.after.filter((a) => a !== id);
    if (h.after.length === 0) answerRead(state, h.request, h.key, ctx);
    else still.push(h);
  }
  state.held = still;
}

function takeWrite(state: ReplicaState, request: Request, key: string, value: string, ctx: Ctx): void {
  const version = writeHere(state, key, value, ctx);
  const peer = peerOf(ctx.name);
  ctx.send(peer, 'copy', { version });
  if (!ctx.params.syncReplication) {
    state.copied[key] = version;
    ctx.reply(request, { ok: true });
    return;
  }
  const id = nameOf(version);
  state.pending[id] = { request, key, version, since: ctx.now() };
  // CP: every lease b1 holds was granted before this write, so once they have run out b1 cannot
  // serve the old value; any later lease comes with this write. AP: wait a while, then say "done".
  const until = isPrimary(ctx) ? state.granted : ctx.now() + AP_WAIT_MS;
  ctx.setTimer(Math.max(1, until - ctx.now()), 'give-up', { id });
}

function refuse(state: ReplicaState, request: Request, ctx: Ctx): void {
  const { key, value } = request.args as { key: string; value?: string };
  const op = request.op === 'write' ? 'write' : 'read';
  ctx.emit('refused', {
    op,
    key,
    ...(value !== undefined ? { value } : {}),
    silentMs: ctx.now() - state.heard,
  });
  ctx.reply(request, { ok: false, error: `${ctx.name} is cut off from ${A1}: no lease` });
}

function noteLease(state: ReplicaState, ctx: Ctx): void {
  if (ctx.params.mode !== 'CP' || ctx.name !== B1) return;
  const lapsed = ctx.now() >= state.leaseUntil;
  if (lapsed && !state.lapsed) ctx.emit('lease-lapsed', { from: A1, silentMs: ctx.now() - state.heard });
  if (!lapsed && state.lapsed) ctx.emit('lease-renewed', { from: A1 });
  state.lapsed = lapsed;
}

const replica: Behaviour<ReplicaState, P> = {
  kind: 'replica',
  init(ctx, durable) {
    ctx.setTimer(HEARTBEAT_MS, 'heartbeat');
    const disk = durable as { store: Record<string, Version[]>; n: number } | undefined;
    const store: Record<string, Version[]> = disk ? structuredClone(disk.store) : {};
    const copiedNow: Record<string, Version> = {};
    for (const k of KEYS) if (store[k]?.[0]) copiedNow[k] = store[k][0];
    return {
      store,
      n: disk?.n ?? 0,
      // Both start as if a1 had just granted a lease, with nothing written yet.
      leaseUntil: disk ? 0 : LEASE_MS,
      lapsed: false,
      granted: ctx.now() + LEASE_MS,
      heard: ctx.now(),
      pending: {},
      copied: copiedNow,
      held: [],
      forwards: {},
    };
  },
  onRequest(state, request, ctx) {
    if (request.op !== 'write' && request.op !== 'read') return state;
    const { key, value } = request.args as { key: string; value?: string };
    if (ctx.params.mode === 'CP' && ctx.name === B1) {
      noteLease(state, ctx);
      if (state.lapsed) refuse(state, request, ctx);
      else if (request.op === 'read') answerRead(state, request, key, ctx);
      else {
        const { call } = ctx.call(A1, 'write', request.args, { deadlineMs: CLIENT_DEADLINE_MS });
        state.forwards[String(call)] = request;
      }
      return state;
    }
    if (request.op === 'write') takeWrite(state, request, key, value!, ctx);
    else {
      const after = Object.values(state.pending)
        .filter((p) => p.key === key)
        .map((p) => nameOf(p.version));
      if (isPrimary(ctx) && ctx.params.syncReplication && after.length > 0)
        state.held.push({ request, key, after });
      else answerRead(state, request, key, ctx);
    }
    return state;
  },
  onOutcome(state, outcome, ctx) {
    const request = state.forwards[String(outcome.call)];
    if (!request) return state;
    delete state.forwards[String(outcome.call)];
    // No answer in time: nor has the client, whose own deadline runs as long. It finds out so.
    if (outcome.result === 'success') ctx.reply(request, { ok: true });
    else if (outcome.result === 'failure')
      ctx.reply(request, { ok: false, error: outcome.reason.replace(/^error: /, '') });
    return state;
  },
  onMessage(state, delivery, ctx) {
    const from = delivery.from;
    if (delivery.label === 'copy') {
      const { version } = delivery.payload as { version: Version };
      merge(state, version, from, ctx);
      // Only a synchronous writer waits for the word that its copy has landed.
      if (ctx.params.syncReplication) ctx.send(from, 'copied', { id: nameOf(version) });
    } else if (delivery.label === 'copied') {
      const { id } = delivery.payload as { id: string };
      copied(state, id, ctx);
    } else if (delivery.label === 'heartbeat') {
      const { versions, sentAt, lease } = delivery.payload as {
        versions: Version[];
        sentAt: number;
        lease: boolean;
      };
      state.heard = ctx.now();
      for (const v of versions) merge(state, v, from, ctx);
      if (lease) state.leaseUntil = Math.max(state.leaseUntil, sentAt + LEASE_MS);
      noteLease(state, ctx);
    }
    return state;
  },
  onTimer(state, timer, ctx) {
    if (timer.tag === 'give-up') {
      const { id } = timer.data as { id: string };
      copied(state, id, ctx, isPrimary(ctx) ? 'lease' : 'available');
      return state;
    }
    if (timer.tag !== 'heartbeat') return state;
    ctx.setTimer(HEARTBEAT_MS, 'heartbeat');
    const now = ctx.now();
    // The primary renews b1's lease only while it hears from b1.
    const lease = isPrimary(ctx) && now - state.heard <= SUSPECT_MS;
    if (lease) state.granted = now + LEASE_MS;
    ctx.send(peerOf(ctx.name), 'heartbeat', { versions: allVersions(state), sentAt: now, lease });
    noteLease(state, ctx);
    return state;
  },
  durable: (state) => ({ store: state.store, n: state.n }),
  label: (state) => {
    const held = KEYS.map((k) => `${k}=${valuesOf(state.store[k]).join('|') || '–'}`).join(' ');
    return state.lapsed ? `no lease · ${held}` : held;
  },
};

// ---------------------------------------------------------------- the lesson

export default defineLesson(guide, (params) => {
  const local = { latencyMs: LOCAL_LATENCY_MS, jitterMs: 2 };
  const between = { latencyMs: params.interSiteMs, jitterMs: INTER_JITTER_MS };
  return {
    nodes: [
      { name: CA, behaviour: client, position: { x: 0.08, y: 0.5 } },
      { name: A1, behaviour: replica, position: { x: 0.35, y: 0.5 } },
      { name: B1, behaviour: replica, position: { x: 0.65, y: 0.5 } },
      { name: CB, behaviour: client, position: { x: 0.92, y: 0.5 } },
    ],
    network: { latencyMs: LOCAL_LATENCY_MS, jitterMs: 2, loss: 0, duplicate: 0 },
    links: [
      { from: CA, to: A1, ...local },
      { from: A1, to: CA, ...local },
      { from: CB, to: B1, ...local },
      { from: B1, to: CB, ...local },
      { from: A1, to: B1, ...between },
      { from: B1, to: A1, ...between },
    ],
  };
});
