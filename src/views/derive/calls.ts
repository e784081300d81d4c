/**
 * Calls, as the client saw them and as the server lived them: every `call` event with its `outcome`
 * (the client's view) and its `effect`s (the server's ground truth), grouped into requests (retries
 * share a request), read "as of" a cursor. An effect may come after the outcome (a slow server that
 * finished past the deadline): the truth as of the cursor can still change after the client gave up.
 */
import { useMemo } from 'react';
import type { EffectEvent, OutcomeEvent, OutcomeResult, TraceEvent } from '../../engine/index.ts';
import { appStore, useApp } from '../../store/store.ts';
import { followTrace, type TraceIndex } from './follow.ts';

export interface CallRecord {
  call: number;
  request: number;
  from: string;
  to: string;
  op: string;
  seq: number;
  t: number;
  /** The call during whose handling this one was made (-1: none, a request's first hop). */
  parent: number;
  /** The outcome, wherever it is in the trace (read it through `callsAsOf` to respect a cursor). */
  outcome: OutcomeEvent | null;
  effects: EffectEvent[];
}

/** Every call in a trace window, kept in step with it incrementally (see follow.ts). */
export class CallsIndex implements TraceIndex {
  readonly calls: CallRecord[] = [];
  /** Seqs of every call, outcome and effect event, in order: "did anything change" is a search. */
  readonly seqs: number[] = [];
  private byCall = new Map<number, CallRecord>();
  /** Whether any call was made while handling another: requests fan out (the request path view). */
  fansOut = false;

  add(events: readonly TraceEvent[]): void {
    for (const e of events) {
      if (e.type === 'call') {
        const rec: CallRecord = {
          call: e.call,
          request: e.request,
          from: e.from,
          to: e.to,
          op: e.op,
          seq: e.seq,
          t: e.t,
          parent: e.parent ?? -1,
          outcome: null,
          effects: [],
        };
        this.calls.push(rec);
        this.byCall.set(e.call, rec);
        if (rec.parent >= 0) this.fansOut = true;
        this.seqs.push(e.seq);
      } else if (e.type === 'outcome') {
        const rec = this.byCall.get(e.call);
        if (rec) rec.outcome = e;
        this.seqs.push(e.seq);
      } else if (e.type === 'effect') {
        const rec = this.byCall.get(e.call);
        if (rec) rec.effects.push(e as EffectEvent);
        this.seqs.push(e.seq);
      }
    }
  }

  /** The call with this id, if it is in the window. */
  get(call: number): CallRecord | undefined {
    return this.byCall.get(call);
  }

  truncate(length: number): void {
    while (this.calls.length > 0 && this.calls[this.calls.length - 1]!.seq >= length) {
      this.byCall.delete(this.calls.pop()!.call);
    }
    for (const rec of this.calls) {
      if (rec.outcome && rec.outcome.seq >= length) rec.outcome = null;
      if (rec.effects.length && rec.effects[rec.effects.length - 1]!.seq >= length) {
        rec.effects = rec.effects.filter((e) => e.seq < length);
      }
    }
    while (this.seqs.length > 0 && this.seqs[this.seqs.length - 1]! >= length) this.seqs.pop();
    this.fansOut = this.calls.some((c) => c.parent >= 0);
  }

  /** How many call, outcome and effect events have happened before `cursorSeq`. */
  countBefore(cursorSeq: number): number {
    let lo = 0;
    let hi = this.seqs.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.seqs[mid]! < cursorSeq) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

export interface CallRow {
  call: number;
  request: number;
  from: string;
  to: string;
  op: string;
  seq: number;
  t: number;
  /** 1 for the first attempt of its request, 2 for the first retry, ... */
  attempt: number;
  /** What the client learnt, or null while it is still waiting at the cursor. */
  outcome: { result: OutcomeResult; reason: string; seq: number; t: number } | null;
  /** Whether the server had applied this call by the cursor (ground truth). */
  applied: boolean;
  /** The first effect of this call (seq and time), when applied. */
  appliedSeq: number;
  appliedT: number;
  /** The server applied it only after the client already had its outcome. */
  appliedLater: boolean;
  /** This call applied an operation its request had already had applied: a double application. */
  doubleApplied: boolean;
}

export interface RequestGroup {
  request: number;
  op: string;
  from: string;
  to: string;
  /** Attempts in order: the first call, then its retries. */
  rows: CallRow[];
  /** How many times the server applied this request's operation by the cursor. */
  applications: number;
}

export type TruthCounts = { applied: number; notApplied: number };

export interface Tally {
  /** Calls with an outcome by the cursor, by outcome and by the server's truth as of the cursor. */
  counts: Record<OutcomeResult, TruthCounts>;
  /** Calls still waiting for their outcome at the cursor. */
  waiting: number;
  /** Requests whose operation the server applied more than once. */
  doubleRequests: number;
}

export interface CallsView {
  rows: CallRow[];
  groups: RequestGroup[];
  tally: Tally;
}

/** The calls of an index as they stood once every event with seq < uptoSeq had happened. */
export function callsAsOf(index: CallsIndex, uptoSeq: number): CallsView {
  const rows: CallRow[] = [];
  const groups: RequestGroup[] = [];
  const groupOf = new Map<number, RequestGroup>();
  const appliedOps = new Map<string, number>(); // request + op → effects so far
  const tally: Tally = {
    counts: {
      success: { applied: 0, notApplied: 0 },
      failure: { applied: 0, notApplied: 0 },
      unknown: { applied: 0, notApplied: 0 },
    },
    waiting: 0,
    doubleRequests: 0,
  };
  // Effects in trace order across calls, so "the second application" is decided by time.
  const effects: { effect: EffectEvent; row: CallRow }[] = [];

  for (const rec of index.calls) {
    if (rec.seq >= uptoSeq) break;
    let group = groupOf.get(rec.request);
    if (!group) {
      group = { request: rec.request, op: rec.op, from: rec.from, to: rec.to, rows: [], applications: 0 };
      groupOf.set(rec.request, group);
      groups.push(group);
    }
    const outcome =
      rec.outcome && rec.outcome.seq < uptoSeq
        ? { result: rec.outcome.result, reason: rec.outcome.reason, seq: rec.outcome.seq, t: rec.outcome.t }
        : null;
    const first = rec.effects.find((e) => e.seq < uptoSeq);
    const row: CallRow = {
      call: rec.call,
      request: rec.request,
      from: rec.from,
      to: rec.to,
      op: rec.op,
      seq: rec.seq,
      t: rec.t,
      attempt: group.rows.length + 1,
      outcome,
      applied: first !== undefined,
      appliedSeq: first?.seq ?? -1,
      appliedT: first?.t ?? NaN,
      appliedLater: first !== undefined && outcome !== null && first.seq > outcome.seq,
      doubleApplied: false,
    };
    for (const effect of rec.effects) if (effect.seq < uptoSeq) effects.push({ effect, row });
    group.rows.push(row);
    rows.push(row);
    if (outcome) tally.counts[outcome.result][row.applied ? 'applied' : 'notApplied'] += 1;
    else tally.waiting += 1;
  }

  effects.sort((a, b) => a.effect.seq - b.effect.seq);
  for (const { effect, row } of effects) {
    const key = `${effect.request}\u0000${effect.op}`;
    const before = appliedOps.get(key) ?? 0;
    appliedOps.set(key, before + 1);
    if (before >= 1) row.doubleApplied = true;
    const group = groupOf.get(effect.request);
    if (group && group.op === effect.op) group.applications += 1;
  }
  for (const group of groups) if (group.applications > 1) tally.doubleRequests += 1;
  return { rows, groups, tally };
}

/** The calls in `events` as of `uptoSeq` (every event with seq < uptoSeq has happened). */
export function deriveCalls(events: readonly TraceEvent[], uptoSeq: number): CallsView {
  const index = new CallsIndex();
  index.add(events);
  return callsAsOf(index, uptoSeq);
}

const sync = followTrace(() => new CallsIndex());

/** The calls index of the store's trace; a fresh identity per trace version (read-only view). */
export function useCallsIndex(): CallsIndex {
  const version = useApp((s) => s.traceVersion);
  return useMemo(() => {
    void version; // the trace changed: read the current window
    const { events, baseSeq } = appStore.getState();
    return Object.create(sync(events, baseSeq)) as CallsIndex;
  }, [version]);
}
