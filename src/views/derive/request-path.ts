/**
 * The path of one logical request: the tree of calls it caused across nodes, read from the trace as
 * of a cursor. A request's first hop is a call made by no other call (its `parent` is -1); every call
 * made while handling a call of the tree is its child, so a gateway's calls to auth and to the user
 * service hang under the client's call to the gateway. Retries of the first hop share its request and
 * are more attempts at the top of the same tree.
 *
 * The rules, one test each (request-path.test.ts):
 *  - a call and its outcome are one round trip, whatever the outcome (an unknown still cost the wait);
 *  - a call still waiting at the cursor is in flight, not yet a round trip;
 *  - a one-way send is no round trip (it is not a call, so it is not in the tree);
 *  - a retry is a round trip of its own;
 *  - the request's latency runs from its first attempt to the outcome of its last, as the client paid it;
 *  - a hop failed when its outcome was a failure or an unknown;
 *  - the nodes that applied an effect for a hop of the tree hold its truth.
 */
import type { OutcomeResult, TraceEvent } from '../../engine/index.ts';
import type { Selection } from '../../store/types.ts';
import type { CallRecord, CallsIndex } from './calls.ts';

export interface PathHop {
  call: number;
  request: number;
  from: string;
  to: string;
  op: string;
  seq: number;
  /** When the caller made the call. */
  t: number;
  /** How deep in the tree: 0 for the client's own call. */
  depth: number;
  /** 1 for the first attempt among its siblings of the same request, 2 for a retry, ... */
  attempt: number;
  /** What the caller learnt, or null while it still waits at the cursor. */
  outcome: { result: OutcomeResult; reason: string; t: number; seq: number } | null;
  /** From the call to its outcome (null while in flight). */
  latencyMs: number | null;
  /** The callee applied an effect for this call by the cursor (it holds the truth). */
  applied: boolean;
  children: PathHop[];
}

export interface RequestPath {
  request: number;
  /** The node that made the first call: the one that waits, and pays the whole latency. */
  client: string;
  /** The attempts of the first hop, in order, each with its tree. */
  roots: PathHop[];
  /** Every hop, depth first in the order the calls were made (the order the view lists them in). */
  hops: PathHop[];
  startT: number;
  /** The outcome time of the last attempt, or null while it is still in flight. */
  endT: number | null;
  latencyMs: number | null;
  /** Calls of the tree that have their outcome by the cursor. */
  roundTrips: number;
  /** Calls of the tree still waiting at the cursor. */
  inFlight: number;
  /** What the client finally learnt (the last attempt's outcome), or null while it waits. */
  result: OutcomeResult | null;
  /** Hops whose outcome was a failure or an unknown. */
  failed: PathHop[];
  /** Nodes that applied an effect for a hop of this request: where its truth lives. */
  truth: string[];
}

/** The first hop of the request that `call` belongs to (itself, if it was made by no other call). */
export function rootOf(index: CallsIndex, call: number): CallRecord | undefined {
  let rec = index.get(call);
  for (let guard = 0; rec && rec.parent >= 0 && guard < 10_000; guard++) {
    const up = index.get(rec.parent);
    if (!up) break; // the parent left the trace window: the oldest call still known is the root
    rec = up;
  }
  return rec;
}

/** The latest first hop made before `uptoSeq`, preferring one that has its outcome. */
export function latestRoot(index: CallsIndex, uptoSeq: number): CallRecord | undefined {
  let started: CallRecord | undefined;
  for (let i = index.calls.length - 1; i >= 0; i--) {
    const rec = index.calls[i]!;
    if (rec.seq >= uptoSeq || rec.parent >= 0) continue;
    if (rec.outcome && rec.outcome.seq < uptoSeq) return rec;
    started ??= rec;
  }
  return started;
}

/** The request path of the request whose first hop is `root`, as of `uptoSeq`. */
export function requestPath(index: CallsIndex, root: CallRecord, uptoSeq: number): RequestPath {
  const children = new Map<number, CallRecord[]>();
  const rootAttempts: CallRecord[] = [];
  for (const rec of index.calls) {
    if (rec.seq < root.seq) continue;
    if (rec.seq >= uptoSeq) break;
    if (rec.parent === root.parent && rec.request === root.request && rec.from === root.from)
      rootAttempts.push(rec);
    else if (rec.parent >= 0) {
      const list = children.get(rec.parent);
      if (list) list.push(rec);
      else children.set(rec.parent, [rec]);
    }
  }

  const hops: PathHop[] = [];
  const truth = new Set<string>();
  const build = (recs: readonly CallRecord[], depth: number): PathHop[] => {
    const attempts = new Map<string, number>();
    return recs.map((rec) => {
      const key = `${rec.to}\u0000${rec.request}`;
      const attempt = (attempts.get(key) ?? 0) + 1;
      attempts.set(key, attempt);
      const done = rec.outcome && rec.outcome.seq < uptoSeq ? rec.outcome : null;
      const applied = rec.effects.some((e) => e.seq < uptoSeq);
      if (applied) truth.add(rec.to);
      const hop: PathHop = {
        call: rec.call,
        request: rec.request,
        from: rec.from,
        to: rec.to,
        op: rec.op,
        seq: rec.seq,
        t: rec.t,
        depth,
        attempt,
        outcome: done ? { result: done.result, reason: done.reason, t: done.t, seq: done.seq } : null,
        latencyMs: done ? done.t - rec.t : null,
        applied,
        children: [],
      };
      hops.push(hop);
      hop.children = build(children.get(rec.call) ?? [], depth + 1);
      return hop;
    });
  };
  const roots = build(rootAttempts, 0);

  const last = roots[roots.length - 1];
  const endT = last?.outcome ? last.outcome.t : null;
  return {
    request: root.request,
    client: root.from,
    roots,
    hops,
    startT: root.t,
    endT,
    latencyMs: endT === null ? null : endT - root.t,
    roundTrips: hops.filter((h) => h.outcome).length,
    inFlight: hops.filter((h) => !h.outcome).length,
    result: last?.outcome?.result ?? null,
    failed: hops.filter((h) => h.outcome && h.outcome.result !== 'success'),
    truth: [...truth],
  };
}

/**
 * The call a selection points at: the call itself, the call a message carried, or the call of an
 * event that belongs to one (a call, outcome, effect, or a send or delivery of its messages).
 */
export function callOfSelection(
  selection: Selection | null,
  events: readonly TraceEvent[],
  baseSeq: number,
): number | null {
  if (!selection) return null;
  if (selection.kind === 'call') return selection.call;
  if (selection.kind === 'event') {
    const e = events[selection.seq - baseSeq] as { call?: number } | undefined;
    return typeof e?.call === 'number' && e.call >= 0 ? e.call : null;
  }
  if (selection.kind === 'message') {
    for (const e of events) {
      if (e.type === 'send' && e.msg === selection.msg) return typeof e.call === 'number' ? e.call : null;
    }
  }
  return null;
}
