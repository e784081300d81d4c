/**
 * The trace contract: the single source of truth for views, challenges, exports and tests.
 *
 * A trace is an append-only list of events. Every event has
 *   seq    its index in the trace (0, 1, 2, ...)
 *   t      true (simulated) time in ms
 *   type   one of the names below
 *   node   the name of the node where it happened
 *   local  that node's wall-clock reading at that moment, in ms (what the node believes the time is)
 * and the fields of its type:
 *
 *   send        msg, to, label, call?        a node put a message on a link
 *   deliver     msg, from, label, call?, sendSeq   the message reached a running node (never a crashed one)
 *   drop        msg, from, label, call?, reason    the message died; reason: loss | cut | crashed | dropped-by-you
 *   duplicate   msg, of, label, call?        the network made a second copy (msg) of message `of`
 *   timer       timer, tag                   a timer the node set (on its own clock) fired
 *   crash | recover | pause | resume         the node's process changed
 *   partition | heal   from, to              the one-way link from → to was cut or healed
 *   clock       reason (start|resync|skew), offsetMs, driftPpm, jumpMs, and the clock's parameters
 *               (baseTrue, baseMono, rate) so a view can compute local(t) between events
 *   state       label                        the node's behaviour entered a new state (e.g. "waiting")
 *   call        call, request, from, to, op, parent?  one attempt of a remote call; retries share
 *               `request`; `parent` is the call whose handling made it (a server calling on while it
 *               serves a request, in its handler, a timer it set there, or an outcome it got back)
 *   outcome     call, request, from, to, op, result (success|failure|unknown), reason
 *               exactly one per call: success = a reply in time; failure = an error reply or refused;
 *               unknown = the deadline passed (or the caller crashed) with no reply
 *   effect      call, request, op            the server really applied the operation (ground truth);
 *               two effects with the same request and op are a double application
 *   param       name, value                  a parameter changed during the run
 *   intervention  kind, ...                  the learner (or a script) intervened; echoes the input
 *   <custom>    ...                          an event a behaviour emitted (e.g. "suspect", "write")
 *
 * Storage is one fixed-size row per event in typed-array chunks (plus a sparse side table of details)
 * so a million-event run stays compact; `get(seq)` builds the JSON-shaped object on demand.
 */

export const EV = {
  send: 0,
  deliver: 1,
  drop: 2,
  duplicate: 3,
  timer: 4,
  crash: 5,
  recover: 6,
  pause: 7,
  resume: 8,
  partition: 9,
  heal: 10,
  clock: 11,
  state: 12,
  call: 13,
  outcome: 14,
  effect: 15,
  param: 16,
  intervention: 17,
  custom: 18,
} as const;
export type EventCode = (typeof EV)[keyof typeof EV];
export const EVENT_NAMES = Object.keys(EV) as (keyof typeof EV)[];

export type OutcomeResult = 'success' | 'failure' | 'unknown';
export const OUTCOME_RESULTS: readonly OutcomeResult[] = ['success', 'failure', 'unknown'];
export type DropReason = 'loss' | 'cut' | 'crashed' | 'dropped-by-you';

interface Base {
  seq: number;
  t: number;
  node: string;
  local: number;
}
export type SendEvent = Base & { type: 'send'; msg: number; to: string; label: string; call?: number };
export type DeliverEvent = Base & {
  type: 'deliver';
  msg: number;
  from: string;
  label: string;
  call?: number;
  sendSeq: number;
};
export type DropEvent = Base & {
  type: 'drop';
  msg: number;
  from: string;
  label: string;
  call?: number;
  reason: DropReason;
};
export type DuplicateEvent = Base & {
  type: 'duplicate';
  msg: number;
  of: number;
  label: string;
  call?: number;
};
export type TimerEvent = Base & { type: 'timer'; timer: number; tag: string };
export type LifecycleEvent = Base & { type: 'crash' | 'recover' | 'pause' | 'resume' };
export type LinkEvent = Base & { type: 'partition' | 'heal'; from: string; to: string };
export type ClockEvent = Base & {
  type: 'clock';
  reason: 'start' | 'resync' | 'skew';
  offsetMs: number;
  driftPpm: number;
  jumpMs: number;
  baseTrue: number;
  baseMono: number;
  rate: number;
};
export type StateEvent = Base & { type: 'state'; label: string };
export type CallEvent = Base & {
  type: 'call';
  call: number;
  request: number;
  from: string;
  to: string;
  op: string;
  /** The call during whose handling this one was made, if any: the request path's tree. */
  parent?: number;
};
export type OutcomeEvent = Base & {
  type: 'outcome';
  call: number;
  request: number;
  from: string;
  to: string;
  op: string;
  result: OutcomeResult;
  reason: string;
};
export type EffectEvent = Base & { type: 'effect'; call: number; request: number; op: string } & Record<
    string,
    unknown
  >;
export type ParamEvent = Base & { type: 'param'; name: string; value: number | boolean | string };
export type InterventionEvent = Base & { type: 'intervention'; kind: string } & Record<string, unknown>;
export type CustomEvent = Base & { type: string } & Record<string, unknown>;

export type TraceEvent =
  | SendEvent
  | DeliverEvent
  | DropEvent
  | DuplicateEvent
  | TimerEvent
  | LifecycleEvent
  | LinkEvent
  | ClockEvent
  | StateEvent
  | CallEvent
  | OutcomeEvent
  | EffectEvent
  | ParamEvent
  | InterventionEvent;

/** Narrows a trace event by its type name. */
export type EventOf<T extends string> =
  Extract<TraceEvent, { type: T }> extends never ? CustomEvent : Extract<TraceEvent, { type: T }>;

const CHUNK_BITS = 14;
const CHUNK = 1 << CHUNK_BITS; // 16,384 events per chunk: little slack, no copying on growth
const MASK = CHUNK - 1;

// One row of ROW_WORDS int32s (ROW_WORDS / 2 doubles) per event, in a chunk's one buffer seen as
// both Float64Array and Int32Array: doubles t, local; then type | node << 8; then a, b, c, d, e.
// An append writes 40 adjacent bytes through two views, where nine columns took nine arrays and
// nine cache lines.
const ROW_WORDS = 10;
const ROW_DOUBLES = ROW_WORDS / 2;
const W_TYPE_NODE = 4;
const W_A = 5;
const W_B = 6;
const W_C = 7;
const W_D = 8;
const W_E = 9;

interface Chunk {
  f: Float64Array;
  w: Int32Array;
}

function newChunk(): Chunk {
  const buffer = new ArrayBuffer(CHUNK * ROW_WORDS * 4);
  return { f: new Float64Array(buffer), w: new Int32Array(buffer) };
}

const round3 = (x: number): number => Math.round(x * 1000) / 1000;

/**
 * The trace, one row per event. Field meaning by type (a, b, c, d, e; -1 = none):
 *   send: msg, to, call, label, -        deliver: msg, from, call, label, sendSeq
 *   drop: msg, from, call, label, reason duplicate: msg, of, call, label, -
 *   timer: timer, -, -, tag, -           partition/heal: -, to, -, -, -
 *   state: -, -, -, label, -             call/outcome: call, request, to, op, result
 *   effect: call, request, -, op, -      custom: -, -, -, name, -
 * Strings are interned; rarely used fields (clock, param, intervention, custom, effect extras,
 * outcome reason) live in a sparse details map keyed by seq.
 */
export class Trace {
  readonly nodeNames: readonly string[];
  private chunks: Chunk[] = [];
  private len = 0;
  private strings: string[] = [];
  private stringIds = new Map<string, number>();
  private details = new Map<number, Record<string, unknown>>();
  /** The keys of `details` in increasing order (events are appended in seq order), for truncate. */
  private detailSeqs: number[] = [];

  constructor(nodeNames: readonly string[]) {
    this.nodeNames = nodeNames;
  }

  get length(): number {
    return this.len;
  }

  intern(text: string): number {
    let id = this.stringIds.get(text);
    if (id === undefined) {
      id = this.strings.length;
      this.strings.push(text);
      this.stringIds.set(text, id);
    }
    return id;
  }

  string(id: number): string {
    return this.strings[id] ?? '';
  }

  /** Appends one event; returns its seq. Hot path: no allocation except a new chunk every 16k events. */
  push(
    type: EventCode,
    t: number,
    node: number,
    local: number,
    a = -1,
    b = -1,
    c = -1,
    d = -1,
    e = -1,
    detail?: Record<string, unknown>,
  ): number {
    const seq = this.append(type, t, node, local, a, b, c, d, e);
    if (detail) {
      this.details.set(seq, detail);
      this.detailSeqs.push(seq);
    }
    return seq;
  }

  /**
   * push() with every column given and no detail: the engine's hot paths (send, deliver, drop, timer).
   * Small on purpose: the optimiser inlines it into them only while their combined size stays within
   * its budget, and a call per event costs more than the stores.
   */
  append(
    type: EventCode,
    t: number,
    node: number,
    local: number,
    a: number,
    b: number,
    c: number,
    d: number,
    e: number,
  ): number {
    const seq = this.len;
    const chunk = this.chunks[seq >>> CHUNK_BITS] ?? this.addChunk();
    const r = (seq & MASK) * ROW_DOUBLES;
    const f = chunk.f;
    f[r] = t;
    f[r + 1] = local;
    const w = chunk.w;
    const k = r * 2;
    w[k + W_TYPE_NODE] = type | (node << 8);
    w[k + W_A] = a;
    w[k + W_B] = b;
    w[k + W_C] = c;
    w[k + W_D] = d;
    w[k + W_E] = e;
    this.len = seq + 1;
    return seq;
  }

  private addChunk(): Chunk {
    const chunk = newChunk();
    this.chunks.push(chunk);
    return chunk;
  }

  /** Drops every event from `length` on (time travel rewinds, then re-appends the same events). */
  truncate(length: number): void {
    if (length >= this.len) return;
    // Only the details past the cut, not every seq past it: a seek back over a million events is cheap.
    const seqs = this.detailSeqs;
    let k = seqs.length;
    while (k > 0 && seqs[k - 1]! >= length) this.details.delete(seqs[--k]!);
    seqs.length = k;
    this.len = length;
    this.chunks.length = Math.ceil(length / CHUNK);
  }

  private chunkOf(seq: number): Chunk {
    if (seq < 0 || seq >= this.len) throw new RangeError(`trace has no event ${seq} (length ${this.len})`);
    return this.chunks[seq >>> CHUNK_BITS]!;
  }

  typeCode(seq: number): EventCode {
    return (this.chunkOf(seq).w[(seq & MASK) * ROW_WORDS + W_TYPE_NODE]! & 0xff) as EventCode;
  }
  time(seq: number): number {
    return this.chunkOf(seq).f[(seq & MASK) * ROW_DOUBLES]!;
  }

  /** Index of the first event with t > time (binary search: traces are ordered by time). */
  upperBound(time: number): number {
    let lo = 0;
    let hi = this.len;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.time(mid) <= time) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** The type name of an event, custom names included. */
  typeName(seq: number): string {
    const code = this.typeCode(seq);
    return code === EV.custom
      ? this.string(this.chunkOf(seq).w[(seq & MASK) * ROW_WORDS + W_D]!)
      : EVENT_NAMES[code]!;
  }

  /** The event at `seq` as its JSON-shaped object (see the contract above), `type` first. */
  get(seq: number): TraceEvent {
    const ev = this.build(seq);
    return Object.assign({ type: ev.type }, ev);
  }

  private build(seq: number): TraceEvent {
    const ch = this.chunkOf(seq);
    const r = (seq & MASK) * ROW_DOUBLES;
    const k = r * 2;
    const w = ch.w;
    const code = (w[k + W_TYPE_NODE]! & 0xff) as EventCode;
    const a = w[k + W_A]!;
    const b = w[k + W_B]!;
    const c = w[k + W_C]!;
    const d = w[k + W_D]!;
    const e = w[k + W_E]!;
    const node = this.nodeNames[w[k + W_TYPE_NODE]! >> 8] ?? '';
    const base = { seq, t: round3(ch.f[r]!), node, local: round3(ch.f[r + 1]!) };
    const detail = this.details.get(seq);
    const call = c >= 0 ? { call: c } : {};
    const name = (n: number): string => this.nodeNames[n] ?? '';
    switch (code) {
      case EV.send:
        return { ...base, type: 'send', msg: a, to: name(b), label: this.string(d), ...call };
      case EV.deliver:
        return {
          ...base,
          type: 'deliver',
          msg: a,
          from: name(b),
          label: this.string(d),
          ...call,
          sendSeq: e,
        };
      case EV.drop:
        return {
          ...base,
          type: 'drop',
          msg: a,
          from: name(b),
          label: this.string(d),
          ...call,
          reason: this.string(e) as DropReason,
        };
      case EV.duplicate:
        return { ...base, type: 'duplicate', msg: a, of: b, label: this.string(d), ...call };
      case EV.timer:
        return { ...base, type: 'timer', timer: a, tag: this.string(d) };
      case EV.crash:
      case EV.recover:
      case EV.pause:
      case EV.resume:
        return { ...base, type: EVENT_NAMES[code] as LifecycleEvent['type'] };
      case EV.partition:
      case EV.heal:
        return { ...base, type: EVENT_NAMES[code] as LinkEvent['type'], from: node, to: name(b) };
      case EV.state:
        return { ...base, type: 'state', label: this.string(d) };
      case EV.call:
        return {
          ...base,
          type: 'call',
          call: a,
          request: b,
          from: node,
          to: name(c),
          op: this.string(d),
          ...(e >= 0 ? { parent: e } : {}),
        };
      case EV.outcome:
        return {
          ...base,
          type: 'outcome',
          call: a,
          request: b,
          from: node,
          to: name(c),
          op: this.string(d),
          result: OUTCOME_RESULTS[e]!,
          reason: String(detail?.reason ?? ''),
        };
      case EV.effect:
        return { ...base, type: 'effect', call: a, request: b, op: this.string(d), ...detail };
      case EV.custom:
        // The trace's own fields win over whatever a behaviour emitted (emit() refuses them anyway).
        return { ...detail, ...base, type: this.string(d) } as TraceEvent;
      default:
        return { ...base, type: EVENT_NAMES[code], ...detail } as TraceEvent;
    }
  }

  /** Events from `start` (inclusive) to `end` (exclusive) as objects. */
  slice(start = 0, end = this.len): TraceEvent[] {
    const out: TraceEvent[] = [];
    for (let s = Math.max(0, start); s < Math.min(end, this.len); s++) out.push(this.get(s));
    return out;
  }

  /** Every event of one type name, as objects (challenges and tests use this). */
  ofType<T extends string>(type: T): EventOf<T>[] {
    const out: EventOf<T>[] = [];
    // Own keys only: a custom event may be named "constructor".
    const code = Object.hasOwn(EV, type) ? (EV as Record<string, number>)[type] : undefined;
    for (let s = 0; s < this.len; s++) {
      const w = this.chunks[s >>> CHUNK_BITS]!.w;
      const k = (s & MASK) * ROW_WORDS;
      const c = w[k + W_TYPE_NODE]! & 0xff;
      if (code !== undefined ? c === code : c === EV.custom && this.string(w[k + W_D]!) === type) {
        out.push(this.get(s) as EventOf<T>);
      }
    }
    return out;
  }

  /** The trace as JSON Lines: the export format, byte-identical for identical runs. */
  toJSONL(start = 0, end = this.len): string {
    let out = '';
    for (let s = start; s < Math.min(end, this.len); s++) out += JSON.stringify(this.get(s)) + '\n';
    return out;
  }

  /** A 32-bit FNV-1a hash over every column and detail: equal traces, equal hashes. */
  hash(): string {
    let h = 0x811c9dc5;
    const mix = (x: number): void => {
      h ^= x | 0;
      h = Math.imul(h, 0x01000193);
    };
    const f = new Float64Array(1);
    const fi = new Int32Array(f.buffer);
    for (let s = 0; s < this.len; s++) {
      const ch = this.chunks[s >>> CHUNK_BITS]!;
      const r = (s & MASK) * ROW_DOUBLES;
      const w = ch.w;
      const k = r * 2;
      const type = w[k + W_TYPE_NODE]! & 0xff;
      const d = w[k + W_D]!;
      f[0] = ch.f[r]!;
      mix(fi[0]!);
      mix(fi[1]!);
      f[0] = ch.f[r + 1]!;
      mix(fi[0]!);
      mix(fi[1]!);
      mix(type);
      mix(w[k + W_TYPE_NODE]! >> 8);
      mix(w[k + W_A]!);
      mix(w[k + W_B]!);
      mix(w[k + W_C]!);
      mix(d >= 0 ? hashText(this.string(d)) : -1);
      // A drop's reason is a string id: hash its text, so the hash does not depend on interning order.
      mix(type === EV.drop ? hashText(this.string(w[k + W_E]!)) : w[k + W_E]!);
      const detail = this.details.get(s);
      if (detail) mix(hashText(JSON.stringify(detail)));
    }
    return (h >>> 0).toString(16).padStart(8, '0');
  }

  /** Bytes held by this trace: columns, string table and details (an estimate for the latter two). */
  retainedBytes(): number {
    let bytes = this.chunks.length * CHUNK * ROW_WORDS * 4;
    for (const s of this.strings) bytes += 16 + s.length * 2;
    for (const d of this.details.values()) bytes += 48 + JSON.stringify(d).length * 2;
    return bytes;
  }
}

function hashText(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h;
}
