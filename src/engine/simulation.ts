/**
 * The discrete-event simulator: nodes running behaviours, a faulty network, drifting clocks, remote
 * calls with deadlines, scheduled interventions, and checkpoints for time travel.
 *
 * `(scenario, seed, params, interventions) → trace` is a function: everything random comes from
 * PCG32 streams derived from the seed, one per link and per node, and all time is simulated.
 */
import { deriveStream, pcg32NextAt, type Pcg32, type PrngState } from './prng.ts';
import { EventHeap } from './heap.ts';
import { cloneData, restoreData, snapshotData, type DataSnapshot } from './clone.ts';
import { EV, Trace } from './trace.ts';
import { makeClock, monoAt, setDrift, stepWallTo, trueTimeOfMono, wallAt, type NodeClock } from './clock.ts';
import type {
  Behaviour,
  CallOptions,
  Intervention,
  LinkProps,
  NodeContext,
  NodeStatus,
  ParamValue,
  Params,
  ReplyBody,
  Request,
  RunInput,
  Scenario,
} from './types.ts';

// Heap refs pack (slot << 2) | kind.
const K_DELIVER = 0;
const K_TIMER = 1;
const K_RESYNC = 2;

// What a message carries, for dispatch on delivery.
const M_PLAIN = 0;
const M_REQUEST = 1;
const M_REPLY = 2;

// A message in flight is one row of MSG_STRIDE int32s (two rows per cache line): its fields by offset.
const MSG_STRIDE = 8;
const MSG_ID = 0;
const MSG_FROM = 1;
const MSG_TO = 2;
const MSG_KIND = 3;
const MSG_FATE = 4;
const MSG_CALL = 5;
const MSG_LABEL = 6;
const MSG_SEND_SEQ = 7;

// A message's fate, decided when it is sent or when it reaches a paused node.
const F_OK = 0;
const F_LOST = 1;
const F_DROPPED_BY_YOU = 2;
const F_CUT = 3;
const F_ARRIVED = 4; // reached a paused node: waiting for it to resume, no more network checks

/**
 * Events between checkpoints. Fewer checkpoints cost less while running; more make a seek replay
 * less. At 8192 a 100-node workload keeps >= 0.7x of its speed with history on and still seeks in
 * a few ms (docs/performance.md).
 */
export const DEFAULT_CHECKPOINT_EVERY = 8192;
const DEADLINE_TAG = 'deadline';
/** A signal that reached a paused node waits as this pseudo-timer (never traced as a timer). */
const SIGNAL_TAG = '\u0000signal';
/** Fields every trace event has; a behaviour's emitted fields may not shadow them. */
const RESERVED_FIELDS = ['seq', 't', 'node', 'local', 'type'] as const;
const EVENT_CODES = new Set<string>(Object.keys(EV));
const OUTCOME_CODE = { success: 0, failure: 1, unknown: 2 } as const;

interface TimerRecord {
  node: number;
  tag: string;
  data: unknown;
  /** Target on the node's monotonic clock. */
  mono: number;
  /** True time of the heap entry that is current; older entries for this timer are stale. */
  fireAt: number;
}

interface CallRecord {
  from: number;
  to: number;
  op: string;
  request: number;
  args: unknown;
  timer: number;
}

interface NodeRuntime {
  name: string;
  behaviour: Behaviour<unknown>;
  state: unknown;
  durable: unknown;
  crashed: boolean;
  paused: boolean;
  slowFactor: number;
  /** Heap refs that reached this node while it was paused, in arrival order. */
  deferred: number[];
  clock: NodeClock;
  resync: { everyMs: number; errorMs: number } | undefined;
  rng: Pcg32;
  clockRng: Pcg32;
  label: string;
  ctx: NodeContext;
}

export interface SimulationOptions {
  /** Take a checkpoint every this many processed events (0: no history). */
  checkpointEvery?: number;
  /** Thin old checkpoints (keep every other one among the older half) beyond this many. */
  maxCheckpoints?: number;
}

interface PlainState {
  params: Record<string, ParamValue>;
  timers: [number, TimerRecord][];
  calls: [number, CallRecord][];
  nodes: Pick<
    NodeRuntime,
    'state' | 'durable' | 'crashed' | 'paused' | 'slowFactor' | 'deferred' | 'clock' | 'label'
  >[];
  payloads: unknown[];
}

interface Checkpoint {
  now: number;
  processed: number;
  traceLength: number;
  heap: ReturnType<EventHeap['snapshot']>;
  scalars: [
    seqCounter: number,
    ivIndex: number,
    nextMsg: number,
    nextTimer: number,
    nextCall: number,
    nextRequest: number,
  ];
  msgs: {
    rows: Int32Array;
    free: number[];
    high: number;
  };
  /** Params, timers, calls, payloads and node runtime fields, packed (see snapshotData). */
  plain: DataSnapshot<PlainState>;
  /** Node streams; the link streams are in `links.rng`. */
  prng: PrngState[];
  /** profile and net are replaced, never written, when params change, so a checkpoint shares them. */
  /** cut and dropNext are undefined when all zero (nearly always); rng holds each stream's stateHi, stateLo. */
  links: {
    profile: Int32Array;
    net: Float64Array;
    cut: Uint8Array | undefined;
    dropNext: Int32Array | undefined;
    rng: Int32Array;
  };
}

export class Simulation {
  readonly trace: Trace;
  readonly seed: number;
  /** True time of the state: every event at or before it has been processed. */
  now = 0;
  /** Events processed since the start (not counting interventions). */
  processed = 0;

  private readonly scenarioOf: (params: Params) => Scenario;
  private params: Record<string, ParamValue>;
  private interventions: Intervention[];
  private ivIndex = 0;
  private readonly heap = new EventHeap(4096);
  private seqCounter = 0;

  private readonly nodes: NodeRuntime[];
  private readonly nodeIndex = new Map<string, number>();
  // Links (k = from × n + to) as struct-of-arrays: with 100 nodes there are 10,000 links, and a send
  // that chased three scattered objects (link, props, stream) missed the cache on each of them.
  /**
   * Per link: 0 when there is no link, else 1 + the index of its properties in `linkNet`. Links share
   * properties (usually all of them share the scenario's network), so a send reads them from a table
   * of a few entries that stays in cache, where a per-link copy (32 bytes × 10,000) did not.
   */
  private linkProfile: Int32Array = new Int32Array(0);
  /** Per distinct link properties: latencyMs, jitterMs, loss, duplicate. */
  private linkNet: Float64Array = new Float64Array(0);
  private readonly linkCut: Uint8Array;
  private readonly linkDropNext: Int32Array;
  /** How many links are cut and how many drop-next drops are pending: a checkpoint skips all-zero arrays. */
  private linksCut = 0;
  private dropsPending = 0;
  /** Per link: its PCG32 stream's state (see pcg32NextAt). */
  private readonly linkRng: Int32Array;
  /** A send's four link draws. */
  private readonly draws = new Float64Array(4);
  private readonly n: number;

  // Messages in flight: one row of MSG_STRIDE int32s per slot (one cache line for a delivery to read,
  // where eight parallel arrays were eight), with a free list.
  private msg = new Int32Array(1024 * MSG_STRIDE);
  private msgPayload: unknown[] = [];
  private msgFree: number[] = [];
  private msgHigh = 0;
  private nextMsg = 0;

  private timers = new Map<number, TimerRecord>();
  private nextTimer = 0;
  private calls = new Map<number, CallRecord>();
  private nextCall = 1;
  private nextRequest = 1;

  private readonly reasonIds: Record<number, number>;
  private readonly checkpointEvery: number;
  private readonly maxCheckpoints: number;
  private checkpoints: Checkpoint[] = [];
  private sinceCheckpoint = 0;
  /** When the last event was taken off the queue: some leave no trace (a message reaching a paused node). */
  private lastEventAt = -Infinity;

  constructor(input: RunInput, options: SimulationOptions = {}) {
    this.seed = input.seed >>> 0;
    this.scenarioOf = input.scenario;
    this.params = { ...input.params };
    this.interventions = sortInterventions(input.interventions);
    this.checkpointEvery = options.checkpointEvery ?? DEFAULT_CHECKPOINT_EVERY;
    this.maxCheckpoints = options.maxCheckpoints ?? 512;

    const scenario = input.scenario(this.params);
    const names = scenario.nodes.map((n) => n.name);
    if (new Set(names).size !== names.length)
      throw new Error(`node names must be unique: ${names.join(', ')}`);
    this.n = names.length;
    names.forEach((name, i) => this.nodeIndex.set(name, i));
    this.trace = new Trace(names);
    this.reasonIds = {
      [F_LOST]: this.trace.intern('loss'),
      [F_DROPPED_BY_YOU]: this.trace.intern('dropped-by-you'),
      [F_CUT]: this.trace.intern('cut'),
      [F_ARRIVED]: this.trace.intern('crashed'),
    };

    this.linkCut = new Uint8Array(this.n * this.n);
    this.linkDropNext = new Int32Array(this.n * this.n);
    this.linkRng = new Int32Array(4 * this.n * this.n);
    for (let i = 0; i < this.n; i++) {
      for (let j = 0; j < this.n; j++) {
        this.linkRng.set(
          deriveStream(this.seed, `link:${names[i]}>${names[j]}`).getState(),
          4 * (i * this.n + j),
        );
      }
    }
    this.applyLinkProps(scenario);

    this.nodes = scenario.nodes.map((spec, i) => {
      const clock = makeClock(spec.clock?.offsetMs ?? 0, spec.clock?.driftPpm ?? 0);
      const node: NodeRuntime = {
        name: spec.name,
        behaviour: spec.behaviour as Behaviour<unknown>,
        state: undefined,
        durable: undefined,
        crashed: false,
        paused: false,
        slowFactor: 1,
        deferred: [],
        clock,
        resync: spec.clock?.resync,
        rng: deriveStream(this.seed, `node:${spec.name}`),
        clockRng: deriveStream(this.seed, `clock:${spec.name}`),
        label: '',
        ctx: undefined as unknown as NodeContext,
      };
      node.ctx = this.makeContext(i, node);
      return node;
    });

    for (let i = 0; i < this.n; i++) this.traceClock(i, 'start', 0);
    for (let i = 0; i < this.n; i++) {
      const node = this.nodes[i]!;
      node.state = node.behaviour.init(node.ctx, undefined);
      this.noteLabel(i);
      if (node.resync) this.schedule(node.resync.everyMs, (i << 2) | K_RESYNC);
    }
    // The first checkpoint: any branch can restart from the very beginning.
    if (this.checkpointEvery > 0) this.takeCheckpoint();
  }

  // ------------------------------------------------------------------ public API

  get nodeNames(): readonly string[] {
    return this.trace.nodeNames;
  }

  get currentParams(): Params {
    return { ...this.params };
  }

  get scheduledInterventions(): readonly Intervention[] {
    return this.interventions;
  }

  /** The earliest time anything is still scheduled (Infinity when the run has gone quiet). */
  nextEventTime(): number {
    const iv = this.interventions[this.ivIndex];
    return Math.min(this.heap.peekTime(), iv ? iv.at : Infinity);
  }

  /**
   * Processes every event and intervention at or before `until` (true ms), at most `maxEvents`
   * events; returns how many it processed. `now` becomes `until` when it got there.
   */
  runUntil(until: number, maxEvents = Infinity): number {
    let done = 0;
    for (;;) {
      const iv = this.interventions[this.ivIndex];
      const ivAt = iv ? iv.at : Infinity;
      const evAt = this.heap.peekTime();
      if (ivAt <= evAt) {
        if (ivAt > until) break;
        this.now = ivAt;
        this.ivIndex++;
        this.applyIntervention(iv!);
        continue;
      }
      if (evAt > until || done >= maxEvents) break;
      if (this.checkpointEvery > 0 && this.sinceCheckpoint >= this.checkpointEvery) this.takeCheckpoint();
      this.now = this.lastEventAt = evAt;
      this.process(this.heap.pop());
      this.processed++;
      this.sinceCheckpoint++;
      done++;
    }
    if (done < maxEvents && until !== Infinity && until > this.now) this.now = until;
    return done;
  }

  /** Processes exactly one event or intervention; false when nothing is left. */
  step(): boolean {
    const next = this.nextEventTime();
    if (next === Infinity) return false;
    const before = this.trace.length;
    while (this.trace.length === before && this.nextEventTime() !== Infinity)
      this.runUntil(this.nextEventTime(), 1);
    return true;
  }

  /** Restores the simulation to true time `t` (before or after now) from the nearest checkpoint. */
  seek(t: number): void {
    if (t >= this.now) {
      this.runUntil(t);
      return;
    }
    const cp = this.latestCheckpointAtOrBefore(t, false);
    this.restoreCheckpoint(cp);
    this.runUntil(t);
  }

  /**
   * Adds an intervention. If it lies in the past of the state, the run branches: it rewinds to the
   * last checkpoint strictly before it and the future after that is recomputed.
   */
  addIntervention(iv: Intervention): void {
    if (iv.at < this.now || (iv.at === this.now && this.hasProcessedEventsAt(iv.at))) {
      const cp = this.latestCheckpointAtOrBefore(iv.at, true);
      this.restoreCheckpoint(cp);
      this.checkpoints = this.checkpoints.filter((c) => c.processed <= cp!.processed);
    } else {
      // Checkpoints ahead of the state (kept after a seek back) were taken without this intervention.
      this.checkpoints = this.checkpoints.filter((c) => c.processed === 0 || c.now < iv.at);
    }
    let i = this.interventions.length;
    while (i > this.ivIndex && this.interventions[i - 1]!.at > iv.at) i--;
    this.interventions.splice(i, 0, iv);
  }

  /** What each node looks like now: for views and the narration. */
  status(): NodeStatus[] {
    return this.nodes.map((node) => ({
      name: node.name,
      kind: node.behaviour.kind,
      label: node.label,
      crashed: node.crashed,
      paused: node.paused,
      slowFactor: node.slowFactor,
      localMs: wallAt(node.clock, this.now),
    }));
  }

  /** The behaviour state of a node (read-only: for tests and inspectors). */
  nodeState(name: string): unknown {
    const i = this.nodeIndex.get(name);
    return i === undefined ? undefined : this.nodes[i]!.state;
  }

  checkpointCount(): number {
    return this.checkpoints.length;
  }

  // ------------------------------------------------------------------ scheduling

  private schedule(time: number, ref: number): void {
    this.heap.push(time, this.seqCounter++, ref);
  }

  private process(ref: number): void {
    const kind = ref & 3;
    const slot = ref >>> 2;
    if (kind === K_DELIVER) this.processDelivery(slot, ref);
    else if (kind === K_TIMER) this.processTimer(slot, ref);
    else if (kind === K_RESYNC) this.processResync(slot);
  }

  private local(i: number): number {
    return wallAt(this.nodes[i]!.clock, this.now);
  }

  private noteLabel(i: number): void {
    const node = this.nodes[i]!;
    const label = node.behaviour.label ? node.behaviour.label(node.state) : '';
    if (label !== node.label) {
      node.label = label;
      this.trace.push(EV.state, this.now, i, this.local(i), -1, -1, -1, this.trace.intern(label));
    }
  }

  private traceClock(i: number, reason: 'start' | 'resync' | 'skew', jumpMs: number): void {
    const c = this.nodes[i]!.clock;
    this.trace.push(EV.clock, this.now, i, this.local(i), -1, -1, -1, -1, -1, {
      reason,
      offsetMs: wallAt(c, this.now) - this.now,
      driftPpm: c.driftPpm,
      jumpMs,
      baseTrue: c.baseTrue,
      baseMono: c.baseMono + c.offset,
      rate: c.rate,
    });
  }

  // ------------------------------------------------------------------ messages

  private allocMsg(): number {
    const free = this.msgFree.pop();
    if (free !== undefined) return free;
    const slot = this.msgHigh++;
    if (slot * MSG_STRIDE >= this.msg.length) this.growMsgs();
    return slot;
  }

  private growMsgs(): void {
    const rows = new Int32Array(this.msg.length * 2);
    rows.set(this.msg);
    this.msg = rows;
  }

  private freeMsg(slot: number): void {
    this.msgPayload[slot] = undefined;
    this.msgFree.push(slot);
  }

  /** Puts a message on the link from → to; the link's own stream decides its fate and delay. */
  private sendMessage(
    from: number,
    to: number,
    kind: number,
    labelId: number,
    call: number,
    payload: unknown,
  ): void {
    const k = from * this.n + to;
    const profile = this.linkProfile[k]!;
    if (profile === 0) throw new Error(`${this.nodes[from]!.name} has no link to ${this.nodes[to]!.name}`);
    const id = this.nextMsg++;
    const sendSeq = this.trace.append(EV.send, this.now, from, this.local(from), id, to, call, labelId, -1);
    const rng = this.linkRng;
    const r = 4 * k;
    const net = this.linkNet;
    const q = 4 * (profile - 1);
    // Always four draws per send, so one message's fate never shifts the draws of the next. One call
    // site in a loop: the optimiser inlines the generator once instead of running out of budget.
    const draws = this.draws;
    for (let d = 0; d < 4; d++) draws[d] = pcg32NextAt(rng, r) / 4294967296;
    const lossDraw = draws[0]!;
    const dupDraw = draws[1]!;
    const delay = net[q]! + draws[2]! * net[q + 1]!;
    const dupDelay = net[q]! + draws[3]! * net[q + 1]!;
    let fate = F_OK;
    // The counters first: nearly always zero, and then the per-link arrays stay untouched.
    if (this.linksCut !== 0 && this.linkCut[k] !== 0) fate = F_CUT;
    else if (this.dropsPending !== 0 && this.linkDropNext[k]! > 0) {
      this.linkDropNext[k] = this.linkDropNext[k]! - 1;
      this.dropsPending--;
      fate = F_DROPPED_BY_YOU;
    } else if (lossDraw < net[q + 2]!) fate = F_LOST;
    this.enqueueMsg(id, from, to, kind, fate, call, labelId, sendSeq, payload, delay);
    if (fate === F_OK && dupDraw < net[q + 3]!) {
      const copy = this.nextMsg++;
      this.trace.push(EV.duplicate, this.now, from, this.local(from), copy, id, call, labelId);
      this.enqueueMsg(copy, from, to, kind, F_OK, call, labelId, sendSeq, payload, dupDelay);
    }
  }

  private enqueueMsg(
    id: number,
    from: number,
    to: number,
    kind: number,
    fate: number,
    call: number,
    labelId: number,
    sendSeq: number,
    payload: unknown,
    delay: number,
  ): void {
    const slot = this.allocMsg();
    const m = this.msg;
    const row = slot * MSG_STRIDE;
    m[row + MSG_ID] = id;
    m[row + MSG_FROM] = from;
    m[row + MSG_TO] = to;
    m[row + MSG_KIND] = kind;
    m[row + MSG_FATE] = fate;
    m[row + MSG_CALL] = call;
    m[row + MSG_LABEL] = labelId;
    m[row + MSG_SEND_SEQ] = sendSeq;
    this.msgPayload[slot] = payload;
    this.schedule(this.now + delay, (slot << 2) | K_DELIVER);
  }

  private dropMsg(slot: number, reasonId: number): void {
    const m = this.msg;
    const row = slot * MSG_STRIDE;
    const to = m[row + MSG_TO]!;
    this.trace.append(
      EV.drop,
      this.now,
      to,
      this.local(to),
      m[row + MSG_ID]!,
      m[row + MSG_FROM]!,
      m[row + MSG_CALL]!,
      m[row + MSG_LABEL]!,
      reasonId,
    );
  }

  private processDelivery(slot: number, ref: number): void {
    const m = this.msg;
    const row = slot * MSG_STRIDE;
    const from = m[row + MSG_FROM]!;
    const to = m[row + MSG_TO]!;
    const fate = m[row + MSG_FATE]!;
    const node = this.nodes[to]!;
    if (fate !== F_OK && fate !== F_ARRIVED) {
      this.dropMsg(slot, this.reasonIds[fate]!);
      this.freeMsg(slot);
      return;
    }
    if (fate === F_OK && this.linksCut !== 0 && this.linkCut[from * this.n + to] !== 0) {
      this.dropMsg(slot, this.reasonIds[F_CUT]!);
      this.freeMsg(slot);
      return;
    }
    if (node.crashed) {
      this.dropMsg(slot, this.reasonIds[F_ARRIVED]!);
      this.refuseIfRequest(slot);
      this.freeMsg(slot);
      return;
    }
    if (node.paused) {
      m[row + MSG_FATE] = F_ARRIVED;
      node.deferred.push(ref);
      return;
    }
    const kind = m[row + MSG_KIND]!;
    const call = m[row + MSG_CALL]!;
    const labelId = m[row + MSG_LABEL]!;
    const msg = m[row + MSG_ID]!;
    const payload = this.msgPayload[slot];
    this.trace.append(
      EV.deliver,
      this.now,
      to,
      this.local(to),
      msg,
      from,
      call,
      labelId,
      m[row + MSG_SEND_SEQ]!,
    );
    this.freeMsg(slot);
    if (kind === M_REQUEST) {
      const p = payload as { op: string; args: unknown; request: number };
      const req: Request = { call, request: p.request, from: this.nodes[from]!.name, op: p.op, args: p.args };
      if (node.behaviour.onRequest) node.state = node.behaviour.onRequest(node.state, req, node.ctx);
    } else if (kind === M_REPLY) {
      this.settleCall(call, payload as ReplyBody);
      return;
    } else if (node.behaviour.onMessage) {
      node.state = node.behaviour.onMessage(
        node.state,
        { msg, from: this.nodes[from]!.name, label: this.trace.string(labelId), payload },
        node.ctx,
      );
    }
    this.noteLabel(to);
  }

  /** A request that reaches a crashed process is refused by its host: the caller learns it was not done. */
  private refuseIfRequest(slot: number): void {
    const row = slot * MSG_STRIDE;
    if (this.msg[row + MSG_KIND] !== M_REQUEST) return;
    const call = this.msg[row + MSG_CALL]!;
    const rec = this.calls.get(call);
    if (!rec) return;
    const body: ReplyBody = { ok: false, error: 'refused' };
    this.sendMessage(
      this.msg[row + MSG_TO]!,
      this.msg[row + MSG_FROM]!,
      M_REPLY,
      this.trace.intern(`${rec.op}:refused`),
      call,
      body,
    );
  }

  // ------------------------------------------------------------------ timers

  private setTimer(i: number, delayMs: number, tag: string, data: unknown): number {
    const node = this.nodes[i]!;
    // NaN would sit in the queue out of time order and vanish; say which timer instead.
    if (Number.isNaN(delayMs)) throw new Error(`${node.name} set timer "${tag}" for NaN ms`);
    const id = this.nextTimer++;
    const mono = monoAt(node.clock, this.now) + Math.max(0, delayMs) * node.slowFactor;
    const fireAt = Math.max(this.now, trueTimeOfMono(node.clock, mono));
    this.timers.set(id, { node: i, tag, data, mono, fireAt });
    this.schedule(fireAt, (id << 2) | K_TIMER);
    return id;
  }

  private processTimer(id: number, ref: number): void {
    const rec = this.timers.get(id);
    if (!rec || rec.fireAt !== this.now) return; // cancelled, or a stale entry after a drift change
    const node = this.nodes[rec.node]!;
    if (node.paused) {
      rec.fireAt = -1; // now owned by the deferred list
      node.deferred.push(ref);
      return;
    }
    this.fireTimer(id, rec);
  }

  private fireTimer(id: number, rec: TimerRecord): void {
    const i = rec.node;
    const node = this.nodes[i]!;
    this.timers.delete(id);
    if (rec.tag === SIGNAL_TAG) {
      this.deliverSignal(i, rec.data as string);
      return;
    }
    this.trace.append(EV.timer, this.now, i, this.local(i), id, -1, -1, this.trace.intern(rec.tag), -1);
    if (rec.tag === DEADLINE_TAG && this.calls.get(rec.data as number)?.timer === id) {
      this.closeCall(rec.data as number, 'unknown', 'deadline passed', undefined);
      return;
    }
    if (node.behaviour.onTimer) {
      node.state = node.behaviour.onTimer(node.state, { timer: id, tag: rec.tag, data: rec.data }, node.ctx);
      this.noteLabel(i);
    }
  }

  private deliverSignal(i: number, signal: string): void {
    const node = this.nodes[i]!;
    if (node.crashed || !node.behaviour.onSignal) return;
    node.state = node.behaviour.onSignal(node.state, signal, node.ctx);
    this.noteLabel(i);
  }

  /** After a drift change the same monotonic target falls at another true time. */
  private rescheduleTimers(i: number): void {
    const clock = this.nodes[i]!.clock;
    for (const [id, rec] of this.timers) {
      if (rec.node !== i || rec.fireAt < 0) continue;
      rec.fireAt = Math.max(this.now, trueTimeOfMono(clock, rec.mono));
      this.schedule(rec.fireAt, (id << 2) | K_TIMER);
    }
  }

  private processResync(i: number): void {
    const node = this.nodes[i]!;
    const sync = node.resync!;
    const error = (node.clockRng.next() * 2 - 1) * sync.errorMs;
    const jump = stepWallTo(node.clock, this.now, this.now + error);
    this.traceClock(i, 'resync', jump);
    this.schedule(this.now + sync.everyMs, (i << 2) | K_RESYNC);
  }

  // ------------------------------------------------------------------ calls

  private startCall(i: number, to: string, op: string, args: unknown, options: CallOptions) {
    const j = this.indexOf(to);
    const call = this.nextCall++;
    const request = options.request ?? this.nextRequest++;
    if (request >= this.nextRequest) this.nextRequest = request + 1;
    const opId = this.trace.intern(op);
    this.trace.push(EV.call, this.now, i, this.local(i), call, request, j, opId);
    const timer = this.setTimer(i, options.deadlineMs, DEADLINE_TAG, call);
    this.calls.set(call, { from: i, to: j, op, request, args, timer });
    this.sendMessage(i, j, M_REQUEST, opId, call, { op, args, request });
    return { call, request };
  }

  private settleCall(call: number, body: ReplyBody): void {
    const rec = this.calls.get(call);
    if (!rec) return; // a late reply: the caller already gave up (its deliver event shows it arrived)
    this.timers.delete(rec.timer);
    if (body.ok) this.closeCall(call, 'success', 'reply arrived in time', body.value);
    else
      this.closeCall(
        call,
        'failure',
        body.error === 'refused' ? 'refused: server down' : `error: ${body.error}`,
        undefined,
      );
  }

  private closeCall(
    call: number,
    result: 'success' | 'failure' | 'unknown',
    reason: string,
    value: unknown,
  ): void {
    const rec = this.calls.get(call)!;
    this.calls.delete(call);
    this.timers.delete(rec.timer);
    const i = rec.from;
    this.trace.push(
      EV.outcome,
      this.now,
      i,
      this.local(i),
      call,
      rec.request,
      rec.to,
      this.trace.intern(rec.op),
      OUTCOME_CODE[result],
      {
        reason,
      },
    );
    const node = this.nodes[i]!;
    if (node.crashed || !node.behaviour.onOutcome) return;
    node.state = node.behaviour.onOutcome(
      node.state,
      {
        call,
        request: rec.request,
        to: this.nodes[rec.to]!.name,
        op: rec.op,
        result,
        reason,
        value,
        args: rec.args,
      },
      node.ctx,
    );
    this.noteLabel(i);
  }

  // ------------------------------------------------------------------ interventions

  private indexOf(name: string): number {
    const i = this.nodeIndex.get(name);
    if (i === undefined)
      throw new Error(`unknown node "${name}" (nodes: ${this.trace.nodeNames.join(', ')})`);
    return i;
  }

  private applyIntervention(iv: Intervention): void {
    const { at: _at, ...rest } = iv;
    const anchor = 'node' in iv ? this.indexOf(iv.node) : 'from' in iv ? this.indexOf(iv.from) : 0;
    this.trace.push(EV.intervention, this.now, anchor, this.local(anchor), -1, -1, -1, -1, -1, rest);
    switch (iv.kind) {
      case 'crash':
        return this.crash(anchor);
      case 'recover':
        return this.recover(anchor);
      case 'pause':
        return this.pause(anchor);
      case 'resume':
        return this.resume(anchor);
      case 'slow':
        this.nodes[anchor]!.slowFactor = Math.max(0.01, iv.factor);
        return;
      case 'partition':
      case 'heal': {
        const to = this.indexOf(iv.to);
        this.setCut(anchor, to, iv.kind === 'partition');
        if (!iv.oneWay) this.setCut(to, anchor, iv.kind === 'partition');
        return;
      }
      case 'drop-next': {
        const k = anchor * this.n + this.indexOf(iv.to);
        this.linkDropNext[k] = this.linkDropNext[k]! + 1;
        this.dropsPending++;
        return;
      }
      case 'skew': {
        const clock = this.nodes[anchor]!.clock;
        let jump = 0;
        if (iv.offsetMs !== undefined)
          jump = stepWallTo(clock, this.now, wallAt(clock, this.now) + iv.offsetMs);
        if (iv.driftPpm !== undefined) {
          setDrift(clock, this.now, iv.driftPpm);
          this.rescheduleTimers(anchor);
        }
        this.traceClock(anchor, 'skew', jump);
        return;
      }
      case 'set-param': {
        this.params[iv.name] = iv.value;
        this.trace.push(EV.param, this.now, 0, this.local(0), -1, -1, -1, -1, -1, {
          name: iv.name,
          value: iv.value,
        });
        this.applyLinkProps(this.scenarioOf(this.params));
        return;
      }
      case 'signal': {
        const node = this.nodes[anchor]!;
        if (!node.paused) return this.deliverSignal(anchor, iv.signal);
        // A paused process handles the signal when it resumes, in order with everything else that
        // waited: parked as an untraced pseudo-timer, so checkpoints and crashes treat it alike.
        const id = this.nextTimer++;
        this.timers.set(id, {
          node: anchor,
          tag: SIGNAL_TAG,
          data: iv.signal,
          mono: monoAt(node.clock, this.now),
          fireAt: -1,
        });
        node.deferred.push((id << 2) | K_TIMER);
        return;
      }
    }
  }

  private applyLinkProps(scenario: Scenario): void {
    const n = this.n;
    const index = new Map(scenario.nodes.map((node, i) => [node.name, i]));
    // New arrays, never written in place: checkpoints hold on to the old ones.
    const profile = new Int32Array(n * n);
    const values: number[] = [];
    const ids = new Map<string, number>();
    const bits = new Float64Array(4);
    const bitWords = new Uint32Array(bits.buffer);
    // 1 + the index of these properties in the table, added when new (keyed by their exact bits).
    const profileOf = (props: LinkProps): number => {
      bits[0] = props.latencyMs;
      bits[1] = props.jitterMs;
      bits[2] = props.loss;
      bits[3] = props.duplicate;
      const key = bitWords.join(',');
      let id = ids.get(key);
      if (id === undefined) {
        id = ids.size + 1;
        ids.set(key, id);
        values.push(props.latencyMs, props.jitterMs, props.loss, props.duplicate);
      }
      return id;
    };
    const shared = profileOf(scenario.network);
    if (scenario.links === undefined)
      for (let k = 0; k < n * n; k++) profile[k] = Math.floor(k / n) !== k % n ? shared : 0;
    for (const spec of scenario.links ?? []) {
      const i = index.get(spec.from);
      const j = index.get(spec.to);
      if (i === undefined || j === undefined)
        throw new Error(`link ${spec.from} → ${spec.to} names an unknown node`);
      const { from: _f, to: _t, ...props } = spec;
      profile[i * n + j] = profileOf({ ...scenario.network, ...definedOnly(props) });
    }
    this.linkProfile = profile;
    this.linkNet = Float64Array.from(values);
  }

  private setCut(from: number, to: number, cut: boolean): void {
    const k = from * this.n + to;
    if ((this.linkCut[k] !== 0) === cut) return;
    this.linkCut[k] = cut ? 1 : 0;
    this.linksCut += cut ? 1 : -1;
    this.trace.push(cut ? EV.partition : EV.heal, this.now, from, this.local(from), -1, to);
  }

  private crash(i: number): void {
    const node = this.nodes[i]!;
    if (node.crashed) return;
    node.durable = node.behaviour.durable ? clonePlain(node.behaviour.durable(node.state)) : undefined;
    node.crashed = true;
    node.paused = false;
    this.trace.push(EV.crash, this.now, i, this.local(i));
    for (const [id, rec] of this.timers) if (rec.node === i) this.timers.delete(id);
    for (const ref of node.deferred) {
      if ((ref & 3) === K_DELIVER) {
        const slot = ref >>> 2;
        this.dropMsg(slot, this.reasonIds[F_ARRIVED]!);
        this.refuseIfRequest(slot);
        this.freeMsg(slot);
      }
    }
    node.deferred = [];
    for (const [call, rec] of this.calls)
      if (rec.from === i) this.closeCall(call, 'unknown', 'caller crashed', undefined);
    node.state = undefined;
  }

  private recover(i: number): void {
    const node = this.nodes[i]!;
    if (!node.crashed) return;
    node.crashed = false;
    this.trace.push(EV.recover, this.now, i, this.local(i));
    node.state = node.behaviour.init(node.ctx, clonePlain(node.durable));
    this.noteLabel(i);
  }

  private pause(i: number): void {
    const node = this.nodes[i]!;
    if (node.crashed || node.paused) return;
    node.paused = true;
    this.trace.push(EV.pause, this.now, i, this.local(i));
  }

  private resume(i: number): void {
    const node = this.nodes[i]!;
    if (!node.paused) return;
    node.paused = false;
    this.trace.push(EV.resume, this.now, i, this.local(i));
    // Everything that waited fires now, in the order it arrived.
    for (const ref of node.deferred) {
      if ((ref & 3) === K_TIMER) {
        const rec = this.timers.get(ref >>> 2);
        if (!rec) continue;
        rec.fireAt = this.now;
      }
      this.schedule(this.now, ref);
    }
    node.deferred = [];
  }

  // ------------------------------------------------------------------ the context behaviours act through

  private makeContext(i: number, node: NodeRuntime): NodeContext {
    // The context's methods are called by behaviours as plain functions, so they close over the
    // simulation rather than relying on `this`.
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    const sim = this;
    return {
      name: node.name,
      get params() {
        return sim.params;
      },
      nodes: this.trace.nodeNames,
      now: () => sim.local(i),
      random: () => node.rng.next(),
      send: (to, label, payload) =>
        sim.sendMessage(i, sim.indexOf(to), M_PLAIN, sim.trace.intern(label), -1, payload),
      setTimer: (delayMs, tag, data) => sim.setTimer(i, delayMs, tag, data),
      cancelTimer: (timer) => {
        const rec = sim.timers.get(timer);
        if (rec && rec.node === i) sim.timers.delete(timer);
      },
      call: (to, op, args, options) => sim.startCall(i, to, op, args, options),
      reply: (req, body) => {
        const label = `${req.op}:${body.ok ? 'ok' : 'error'}`;
        sim.sendMessage(i, sim.indexOf(req.from), M_REPLY, sim.trace.intern(label), req.call, body);
      },
      // Fields are copied: the trace is a record, and a behaviour may go on changing what it passed.
      effect: (req, fields) =>
        sim.trace.push(
          EV.effect,
          sim.now,
          i,
          sim.local(i),
          req.call,
          req.request,
          -1,
          sim.trace.intern(req.op),
          -1,
          fields && cloneData(fields),
        ),
      emit: (type, fields) => {
        for (const key of RESERVED_FIELDS) {
          if (fields && key in fields)
            throw new Error(`emit("${type}"): "${key}" is a trace field; name it otherwise`);
        }
        if (EVENT_CODES.has(type)) throw new Error(`emit("${type}"): "${type}" is a built-in event type`);
        sim.trace.push(
          EV.custom,
          sim.now,
          i,
          sim.local(i),
          -1,
          -1,
          -1,
          sim.trace.intern(type),
          -1,
          cloneData(fields ?? {}),
        );
      },
    };
  }

  // ------------------------------------------------------------------ checkpoints

  private hasProcessedEventsAt(t: number): boolean {
    return this.lastEventAt >= t;
  }

  private takeCheckpoint(): void {
    this.sinceCheckpoint = 0;
    // Replaying after a seek back passes states that already have their checkpoint: keep those (the
    // list stays in order, and replay does not pay for checkpoints twice).
    const last = this.checkpoints[this.checkpoints.length - 1];
    if (last && last.processed >= this.processed) return;
    const high = this.msgHigh;
    this.checkpoints.push({
      now: this.now,
      processed: this.processed,
      traceLength: this.trace.length,
      heap: this.heap.snapshot(),
      scalars: [this.seqCounter, this.ivIndex, this.nextMsg, this.nextTimer, this.nextCall, this.nextRequest],
      msgs: {
        rows: this.msg.slice(0, high * MSG_STRIDE),
        free: this.msgFree.slice(),
        high,
      },
      plain: snapshotData<PlainState>({
        params: this.params,
        timers: [...this.timers],
        calls: [...this.calls],
        nodes: this.nodes.map((n) => ({
          state: n.state,
          durable: n.durable,
          crashed: n.crashed,
          paused: n.paused,
          slowFactor: n.slowFactor,
          deferred: n.deferred,
          clock: n.clock,
          label: n.label,
        })),
        payloads: this.msgPayload.slice(0, high),
      }),
      prng: this.nodes.flatMap((n) => [n.rng.getState(), n.clockRng.getState()]),
      links: {
        profile: this.linkProfile,
        net: this.linkNet,
        cut: this.linksCut === 0 ? undefined : this.linkCut.slice(),
        dropNext: this.dropsPending === 0 ? undefined : this.linkDropNext.slice(),
        rng: this.linkRngState(),
      },
    });
    if (this.checkpoints.length > this.maxCheckpoints) this.thinCheckpoints();
  }

  /** The link streams' moving halves (their increments never change): half the bytes of a copy. */
  private linkRngState(): Int32Array {
    const rng = this.linkRng;
    const out = new Int32Array(rng.length >> 1);
    for (let k = 0, r = 0; k < out.length; k += 2, r += 4) {
      out[k] = rng[r]!;
      out[k + 1] = rng[r + 1]!;
    }
    return out;
  }

  /** Keeps memory bounded on long runs: old history gets sparser, recent history stays dense. */
  private thinCheckpoints(): void {
    const half = this.checkpoints.length >> 1;
    this.checkpoints = [
      ...this.checkpoints.slice(0, half).filter((_, k) => k % 2 === 0),
      ...this.checkpoints.slice(half),
    ];
  }

  /**
   * The newest checkpoint usable for time t. A branch at t needs one taken strictly before t (so no
   * event at t has run yet); the very first checkpoint qualifies for any t, as nothing ran before it.
   */
  private latestCheckpointAtOrBefore(t: number, strictly: boolean): Checkpoint | undefined {
    let best: Checkpoint | undefined;
    for (const cp of this.checkpoints) {
      if (cp.processed === 0 || (strictly ? cp.now < t : cp.now <= t)) best = cp;
    }
    return best;
  }

  private restoreCheckpoint(cp: Checkpoint | undefined): void {
    if (!cp) throw new Error('no checkpoint to restore: the simulation was created without history');
    this.now = cp.now;
    this.lastEventAt = cp.now; // at most: an extra rewind is safe, a missing one is not
    this.processed = cp.processed;
    this.sinceCheckpoint = 0;
    this.trace.truncate(cp.traceLength);
    this.heap.restore(cp.heap);
    [this.seqCounter, this.ivIndex, this.nextMsg, this.nextTimer, this.nextCall, this.nextRequest] =
      cp.scalars;
    const m = cp.msgs;
    while (this.msg.length < m.rows.length) this.growMsgs();
    this.msg.set(m.rows);
    this.msgFree = m.free.slice();
    this.msgHigh = m.high;
    const plain = restoreData(cp.plain);
    this.msgPayload = plain.payloads;
    this.params = plain.params;
    this.timers = new Map(plain.timers);
    this.calls = new Map(plain.calls);
    plain.nodes.forEach((saved, i) => {
      const node = this.nodes[i]!;
      node.state = saved.state;
      node.durable = saved.durable;
      node.crashed = saved.crashed;
      node.paused = saved.paused;
      node.slowFactor = saved.slowFactor;
      node.deferred = saved.deferred;
      node.clock = saved.clock;
      node.label = saved.label;
    });
    this.linkProfile = cp.links.profile;
    this.linkNet = cp.links.net;
    if (cp.links.cut) this.linkCut.set(cp.links.cut);
    else this.linkCut.fill(0);
    if (cp.links.dropNext) this.linkDropNext.set(cp.links.dropNext);
    else this.linkDropNext.fill(0);
    this.linksCut = sum(this.linkCut);
    this.dropsPending = sum(this.linkDropNext);
    const rng = this.linkRng;
    const saved = cp.links.rng;
    for (let k = 0, r = 0; k < saved.length; k += 2, r += 4) {
      rng[r] = saved[k]!;
      rng[r + 1] = saved[k + 1]!;
    }
    let p = 0;
    for (const node of this.nodes) {
      node.rng.setState(cp.prng[p++]!);
      node.clockRng.setState(cp.prng[p++]!);
    }
  }
}

function sortInterventions(list: readonly Intervention[]): Intervention[] {
  // A stable sort: interventions at the same moment apply in the order they were given.
  return list
    .map((iv, k) => [iv, k] as const)
    .sort((x, y) => x[0].at - y[0].at || x[1] - y[1])
    .map(([iv]) => iv);
}

function sum(a: Uint8Array | Int32Array): number {
  let total = 0;
  for (let i = 0; i < a.length; i++) total += a[i]!;
  return total;
}

function definedOnly<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

function clonePlain<T>(value: T): T {
  return value === undefined ? value : structuredClone(value);
}

/** Runs a scenario from the start to `untilMs` and returns its trace: the engine as a function. */
export function runTrace(
  input: RunInput,
  untilMs: number,
  options: SimulationOptions = { checkpointEvery: 0 },
): Trace {
  const sim = new Simulation(input, options);
  sim.runUntil(untilMs);
  return sim.trace;
}
