/**
 * The context a behaviour acts through (NodeContext): everything a node may do, as plain functions
 * (behaviours call them without `this`), each a thin door into the simulation that hosts it.
 */
import { cloneData } from '../clone.ts';
import type { Pcg32 } from '../prng.ts';
import { EV, type Trace } from '../trace.ts';
import type { CallOptions, NodeContext, Params } from '../types.ts';
import { M_PLAIN, M_REPLY } from './messages.ts';

/** Fields every trace event has; a behaviour's emitted fields may not shadow them. */
const RESERVED_FIELDS = ['seq', 't', 'node', 'local', 'type'] as const;
const EVENT_CODES = new Set<string>(Object.keys(EV));

/** What a node's context needs from the simulation (node i is the node acting). */
export interface ContextHost {
  readonly trace: Trace;
  /** The parameters in force now. */
  params(): Params;
  /** True time now. */
  now(): number;
  /** Node i's wall clock now. */
  local(i: number): number;
  /** Node names to indices, read directly on every send (no call through the host). */
  readonly nodeIndex: ReadonlyMap<string, number>;
  /** Throws, naming the nodes, when `name` is unknown. */
  indexOf(name: string): number;
  send(from: number, to: number, kind: number, labelId: number, call: number, payload: unknown): void;
  setTimer(i: number, delayMs: number, tag: string, data: unknown): number;
  /** Cancels the timer if node i owns it. */
  cancelTimer(i: number, timer: number): void;
  startCall(
    i: number,
    to: string,
    op: string,
    args: unknown,
    options: CallOptions,
  ): { call: number; request: number };
}

export function makeContext(host: ContextHost, i: number, name: string, rng: Pcg32): NodeContext {
  const trace = host.trace;
  const nodeIndex = host.nodeIndex;
  const indexOf = (to: string): number => nodeIndex.get(to) ?? host.indexOf(to);
  // A node nearly always sends under the label it sent last (a forwarder passes on what it got):
  // one string comparison instead of a lookup in the trace's table. Strings are never un-interned
  // (a seek keeps the table), so a cached id stays valid, and a new label is interned when first
  // sent, as before: ids come out in the same order.
  let lastLabel: string | undefined;
  let lastLabelId = -1;
  const labelId = (label: string): number => {
    if (label !== lastLabel) {
      lastLabelId = trace.intern(label);
      lastLabel = label;
    }
    return lastLabelId;
  };
  // Reply labels (`<op>:ok`, `<op>:error`) by op, built and interned once each (at first use, so in
  // the same order as before) instead of a string built and looked up per reply.
  const replyLabels = new Map<string, [ok: number, error: number]>();
  const replyLabelId = (op: string, ok: boolean): number => {
    let ids = replyLabels.get(op);
    if (ids === undefined) {
      ids = [-1, -1];
      replyLabels.set(op, ids);
    }
    const k = ok ? 0 : 1;
    if (ids[k] === -1) ids[k] = trace.intern(`${op}:${ok ? 'ok' : 'error'}`);
    return ids[k];
  };
  return {
    name,
    get params() {
      return host.params();
    },
    nodes: trace.nodeNames,
    now: () => host.local(i),
    random: () => rng.next(),
    send: (to, label, payload) => host.send(i, indexOf(to), M_PLAIN, labelId(label), -1, payload),
    setTimer: (delayMs, tag, data) => host.setTimer(i, delayMs, tag, data),
    cancelTimer: (timer) => host.cancelTimer(i, timer),
    call: (to, op, args, options) => host.startCall(i, to, op, args, options),
    reply: (req, body) =>
      host.send(i, indexOf(req.from), M_REPLY, replyLabelId(req.op, body.ok), req.call, body),
    // Fields are copied: the trace is a record, and a behaviour may go on changing what it passed.
    effect: (req, fields) =>
      trace.push(
        EV.effect,
        host.now(),
        i,
        host.local(i),
        req.call,
        req.request,
        -1,
        trace.intern(req.op),
        -1,
        fields && cloneData(fields),
      ),
    emit: (type, fields) => {
      for (const key of RESERVED_FIELDS) {
        if (fields && key in fields)
          throw new Error(`emit("${type}"): "${key}" is a trace field; name it otherwise`);
      }
      if (EVENT_CODES.has(type)) throw new Error(`emit("${type}"): "${type}" is a built-in event type`);
      trace.push(
        EV.custom,
        host.now(),
        i,
        host.local(i),
        -1,
        -1,
        -1,
        trace.intern(type),
        -1,
        cloneData(fields ?? {}),
      );
    },
  };
}
