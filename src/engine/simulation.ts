/**
 * The discrete-event simulator: nodes running behaviours, a faulty network, drifting clocks, remote
 * calls with deadlines, scheduled interventions, and checkpoints for time travel.
 *
 * `(scenario, seed, params, interventions) → trace` is a function: everything random comes from
 * PCG32 streams derived from the seed, one per link and per node, and all time is simulated.
 */
import { EventHeap } from './heap.ts';
import { restoreData, snapshotData } from './clone.ts';
import { EV, Trace } from './trace.ts';
import { monoAt, setDrift, stepWallTo, trueTimeOfMono, wallAt } from './clock.ts';
import type {
  CallOptions,
  Intervention,
  NodeStatus,
  ParamValue,
  Params,
  ReplyBody,
  Request,
  RunInput,
  Scenario,
} from './types.ts';
import { CheckpointList, DEFAULT_CHECKPOINT_EVERY, type Checkpoint } from './sim/checkpoints.ts';
import { COPIED, Links } from './sim/links.ts';
import type { ContextHost } from './sim/node-context.ts';
import { createNode, type NodeRuntime } from './sim/nodes.ts';
import {
  F_ARRIVED,
  F_CUT,
  F_DROPPED_BY_YOU,
  F_LOST,
  F_OK,
  MSG_CALL,
  MSG_FATE,
  MSG_FROM,
  MSG_ID,
  MSG_KIND,
  MSG_LABEL,
  MSG_SEND_SEQ,
  MSG_STRIDE,
  MSG_TO,
  M_REPLY,
  M_REQUEST,
  MessageTable,
} from './sim/messages.ts';

// Heap refs pack (slot << 2) | kind.
const K_DELIVER = 0;
const K_TIMER = 1;
const K_RESYNC = 2;

const DEADLINE_TAG = 'deadline';
/** A signal that reached a paused node waits as this pseudo-timer (never traced as a timer). */
const SIGNAL_TAG = '\u0000signal';
const OUTCOME_CODE = { success: 0, failure: 1, unknown: 2 } as const;

interface TimerRecord {
  node: number;
  tag: string;
  data: unknown;
  /** Target on the node's monotonic clock. */
  mono: number;
  /** True time of the heap entry that is current; older entries for this timer are stale. */
  fireAt: number;
  /** The call whose handling set it (-1: none); a call made when it fires is that call's child. */
  cause: number;
}

interface CallRecord {
  from: number;
  to: number;
  op: string;
  request: number;
  args: unknown;
  timer: number;
  /** The call during whose handling this one was made (-1: none): the request path's tree. */
  parent: number;
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

export { DEFAULT_CHECKPOINT_EVERY };

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
  private readonly links: Links;
  private readonly msgs = new MessageTable();
  private readonly n: number;

  private timers = new Map<number, TimerRecord>();
  private nextTimer = 0;
  private calls = new Map<number, CallRecord>();
  private nextCall = 1;
  /** The call whose handling is running now (-1: none); calls made meanwhile are its children. */
  private cause = -1;
  private nextRequest = 1;

  private readonly reasonIds: Record<number, number>;
  private readonly checkpointEvery: number;
  private readonly checkpoints: CheckpointList<Checkpoint<PlainState>>;
  private sinceCheckpoint = 0;
  /** When the last event was taken off the queue: some leave no trace (a message reaching a paused node). */
  private lastEventAt = -Infinity;

  constructor(input: RunInput, options: SimulationOptions = {}) {
    this.seed = input.seed >>> 0;
    this.scenarioOf = input.scenario;
    this.params = { ...input.params };
    this.interventions = sortInterventions(input.interventions);
    this.checkpointEvery = options.checkpointEvery ?? DEFAULT_CHECKPOINT_EVERY;
    this.checkpoints = new CheckpointList(options.maxCheckpoints ?? 512);

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

    this.links = new Links(this.seed, names);
    this.links.setProps(scenario);

    // Bound methods, not arrows: a call through the context then costs the optimiser one hop, not two.
    const host: ContextHost = {
      trace: this.trace,
      params: () => this.params,
      now: () => this.now,
      local: this.local.bind(this),
      nodeIndex: this.nodeIndex,
      indexOf: this.indexOf.bind(this),
      send: this.sendMessage.bind(this),
      setTimer: this.setTimer.bind(this),
      cancelTimer: (i, timer) => {
        const rec = this.timers.get(timer);
        if (rec && rec.node === i) this.timers.delete(timer);
      },
      startCall: this.startCall.bind(this),
    };
    this.nodes = scenario.nodes.map((spec, i) => createNode(spec, i, this.seed, host));

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
    const cp = this.checkpoints.latestAtOrBefore(t, false);
    this.restoreCheckpoint(cp);
    this.runUntil(t);
  }

  /**
   * Adds an intervention. If it lies in the past of the state, the run branches: it rewinds to the
   * last checkpoint strictly before it and the future after that is recomputed.
   */
  addIntervention(iv: Intervention): void {
    if (iv.at < this.now || (iv.at === this.now && this.hasProcessedEventsAt(iv.at))) {
      const cp = this.checkpoints.latestAtOrBefore(iv.at, true);
      this.restoreCheckpoint(cp);
      this.checkpoints.dropAfter(cp!);
    } else {
      // Checkpoints ahead of the state (kept after a seek back) were taken without this intervention.
      this.checkpoints.dropFrom(iv.at);
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
    return this.checkpoints.count;
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
    const links = this.links;
    if (links.profile[k] === 0)
      throw new Error(`${this.nodes[from]!.name} has no link to ${this.nodes[to]!.name}`);
    const msgs = this.msgs;
    const id = msgs.nextId++;
    const sendSeq = this.trace.append(EV.send, this.now, from, this.local(from), id, to, call, labelId, -1);
    const routed = links.route(k);
    const fate = routed & ~COPIED;
    const slot = msgs.add(id, from, to, kind, fate, call, labelId, sendSeq, payload);
    this.schedule(this.now + links.delaysMs[0]!, (slot << 2) | K_DELIVER);
    if (routed !== fate) {
      const copy = msgs.nextId++;
      this.trace.push(EV.duplicate, this.now, from, this.local(from), copy, id, call, labelId);
      const copySlot = msgs.add(copy, from, to, kind, F_OK, call, labelId, sendSeq, payload);
      this.schedule(this.now + links.delaysMs[1]!, (copySlot << 2) | K_DELIVER);
    }
  }

  private dropMsg(slot: number, reasonId: number): void {
    const m = this.msgs.rows;
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
    const m = this.msgs.rows;
    const row = slot * MSG_STRIDE;
    const from = m[row + MSG_FROM]!;
    const to = m[row + MSG_TO]!;
    const fate = m[row + MSG_FATE]!;
    const node = this.nodes[to]!;
    if (fate !== F_OK && fate !== F_ARRIVED) {
      this.dropMsg(slot, this.reasonIds[fate]!);
      this.msgs.release(slot);
      return;
    }
    if (fate === F_OK && this.links.isCut(from * this.n + to)) {
      this.dropMsg(slot, this.reasonIds[F_CUT]!);
      this.msgs.release(slot);
      return;
    }
    if (node.crashed) {
      this.dropMsg(slot, this.reasonIds[F_ARRIVED]!);
      this.refuseIfRequest(slot);
      this.msgs.release(slot);
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
    const payload = this.msgs.payloads[slot];
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
    this.msgs.release(slot);
    if (kind === M_REQUEST) {
      const p = payload as { op: string; args: unknown; request: number };
      const req: Request = { call, request: p.request, from: this.nodes[from]!.name, op: p.op, args: p.args };
      if (node.behaviour.onRequest) {
        this.cause = call;
        node.state = node.behaviour.onRequest(node.state, req, node.ctx);
        this.cause = -1;
      }
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
    const m = this.msgs.rows;
    const row = slot * MSG_STRIDE;
    if (m[row + MSG_KIND] !== M_REQUEST) return;
    const call = m[row + MSG_CALL]!;
    const rec = this.calls.get(call);
    if (!rec) return;
    const body: ReplyBody = { ok: false, error: 'refused' };
    this.sendMessage(
      m[row + MSG_TO]!,
      m[row + MSG_FROM]!,
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
    this.timers.set(id, { node: i, tag, data, mono, fireAt, cause: this.cause });
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
      this.cause = rec.cause;
      node.state = node.behaviour.onTimer(node.state, { timer: id, tag: rec.tag, data: rec.data }, node.ctx);
      this.cause = -1;
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
    const parent = this.cause;
    this.trace.push(EV.call, this.now, i, this.local(i), call, request, j, opId, parent);
    const timer = this.setTimer(i, options.deadlineMs, DEADLINE_TAG, call);
    this.calls.set(call, { from: i, to: j, op, request, args, timer, parent });
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
    // The caller goes on handling the request this call was made for.
    this.cause = rec.parent;
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
    this.cause = -1;
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
        this.links.dropNextOn(anchor * this.n + this.indexOf(iv.to));
        return;
      }
      case 'isolate':
      case 'rejoin': {
        const group = iv.with === undefined ? [anchor] : [anchor, this.indexOf(iv.with)];
        for (const a of group) {
          for (let b = 0; b < this.n; b++) {
            if (b === a || (iv.kind === 'isolate' && group.includes(b))) continue;
            // Only links the scenario has: a cut of a link that does not exist would be drawn.
            if (this.links.profile[a * this.n + b] !== 0) this.setCut(a, b, iv.kind === 'isolate');
            if (this.links.profile[b * this.n + a] !== 0) this.setCut(b, a, iv.kind === 'isolate');
          }
        }
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
        this.links.setProps(this.scenarioOf(this.params));
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
          cause: -1,
        });
        node.deferred.push((id << 2) | K_TIMER);
        return;
      }
    }
  }

  private setCut(from: number, to: number, cut: boolean): void {
    if (!this.links.setCut(from * this.n + to, cut)) return;
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
        this.msgs.release(slot);
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

  // ------------------------------------------------------------------ checkpoints

  private hasProcessedEventsAt(t: number): boolean {
    return this.lastEventAt >= t;
  }

  private takeCheckpoint(): void {
    this.sinceCheckpoint = 0;
    if (!this.checkpoints.wants(this.processed)) return;
    this.checkpoints.add({
      now: this.now,
      processed: this.processed,
      traceLength: this.trace.length,
      heap: this.heap.snapshot(),
      scalars: [this.seqCounter, this.ivIndex, this.nextTimer, this.nextCall, this.nextRequest],
      msgs: this.msgs.snapshot(),
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
        payloads: this.msgs.payloadsInUse(),
      }),
      prng: this.nodes.flatMap((n) => [n.rng.getState(), n.clockRng.getState()]),
      links: this.links.snapshot(),
    });
  }

  private restoreCheckpoint(cp: Checkpoint<PlainState> | undefined): void {
    if (!cp) throw new Error('no checkpoint to restore: the simulation was created without history');
    this.now = cp.now;
    this.lastEventAt = cp.now; // at most: an extra rewind is safe, a missing one is not
    this.processed = cp.processed;
    this.sinceCheckpoint = 0;
    this.trace.truncate(cp.traceLength);
    this.heap.restore(cp.heap);
    [this.seqCounter, this.ivIndex, this.nextTimer, this.nextCall, this.nextRequest] = cp.scalars;
    const plain = restoreData(cp.plain);
    this.msgs.restore(cp.msgs, plain.payloads);
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
    this.links.restore(cp.links);
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
