/** The engine's public vocabulary: scenarios, behaviours, the context a behaviour acts through, interventions. */
import type { Trace } from './trace.ts';

export type ParamValue = number | boolean | string;
export type Params = Readonly<Record<string, ParamValue>>;

// ---------------------------------------------------------------- network and clocks

export interface LinkProps {
  /** Fixed part of the one-way delay. */
  latencyMs: number;
  /** Uniform extra delay in [0, jitterMs); messages overtake each other when this exceeds their spacing. */
  jitterMs: number;
  /** Probability that a message is lost. */
  loss: number;
  /** Probability that the network delivers a message twice. */
  duplicate: number;
}

export interface LinkSpec extends Partial<LinkProps> {
  from: string;
  to: string;
}

export interface ClockSpec {
  /** Where the node's wall clock starts relative to true time. */
  offsetMs?: number;
  /** How fast it runs wrong: +100 ppm gains 0.1 ms every second. */
  driftPpm?: number;
  /** NTP-like resynchronisation: every `everyMs` (true time) the clock steps to true time ± errorMs. */
  resync?: { everyMs: number; errorMs: number };
}

// ---------------------------------------------------------------- behaviours

/** A request as the server sees it (plain data: a behaviour may keep it in its state and reply later). */
export interface Request {
  call: number;
  request: number;
  from: string;
  op: string;
  args: unknown;
}

export type ReplyBody = { ok: true; value?: unknown } | { ok: false; error: string };

export interface CallOutcome {
  call: number;
  request: number;
  to: string;
  op: string;
  result: 'success' | 'failure' | 'unknown';
  reason: string;
  value?: unknown;
  args: unknown;
}

export interface Delivery {
  msg: number;
  from: string;
  label: string;
  payload: unknown;
}

export interface TimerFired {
  timer: number;
  tag: string;
  data: unknown;
}

export interface CallOptions {
  /** How long the caller waits, on its own clock, before it declares the outcome unknown. */
  deadlineMs: number;
  /** Reuse a logical request id (a retry); a fresh one is made when absent. */
  request?: number;
}

/** What a behaviour can do. Every effect goes through here, so the engine can trace and replay it. */
export interface NodeContext<P extends Params = Params> {
  readonly name: string;
  /** The lesson's parameters as they are now (typed from its schema: `Behaviour<State, LessonParams>`). */
  readonly params: P;
  readonly nodes: readonly string[];
  /** The node's own wall clock, in ms: drifts, jumps on resync and skew. Never true time. */
  now(): number;
  /** A draw in [0, 1) from this node's own stream. */
  random(): number;
  send(to: string, label: string, payload?: unknown): void;
  /** Fires after `delayMs` of this node's own (drifting) time. Stretched when the node runs slow. */
  setTimer(delayMs: number, tag: string, data?: unknown): number;
  cancelTimer(timer: number): void;
  call(to: string, op: string, args: unknown, options: CallOptions): { call: number; request: number };
  reply(request: Request, body: ReplyBody): void;
  /** Records what the server really did: the ground truth a client cannot see. */
  effect(request: Request, fields?: Record<string, unknown>): void;
  /** Records a behaviour-specific event in the trace ("suspect", "write", "gap"). */
  emit(type: string, fields?: Record<string, unknown>): void;
}

/**
 * A node's protocol. State must be plain data (JSON-like): checkpoints copy it, views may read it.
 * Handlers return the next state; mutating and returning the same object is allowed.
 */
export interface Behaviour<S = unknown, P extends Params = Params> {
  /** A short name for legends: "client", "payment server". */
  kind: string;
  init(ctx: NodeContext<P>, durable?: unknown): S;
  onMessage?(state: S, delivery: Delivery, ctx: NodeContext<P>): S;
  onRequest?(state: S, request: Request, ctx: NodeContext<P>): S;
  onOutcome?(state: S, outcome: CallOutcome, ctx: NodeContext<P>): S;
  onTimer?(state: S, timer: TimerFired, ctx: NodeContext<P>): S;
  /** A lesson-specific intervention aimed at this node ("reply with an error next"). */
  onSignal?(state: S, signal: string, ctx: NodeContext<P>): S;
  /** What survives a crash (disk); handed to init() on recovery. Volatile state is lost. */
  durable?(state: S): unknown;
  /** The state to show in views ("waiting", "open"); when it changes, a `state` event is traced. */
  label?(state: S): string;
}

export interface NodeSpec {
  name: string;
  behaviour: Behaviour<any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  clock?: ClockSpec;
  /** Layout hint for views, in [0, 1] × [0, 1]. */
  position?: { x: number; y: number };
}

export interface Scenario {
  nodes: NodeSpec[];
  /** Defaults for every link. */
  network: LinkProps;
  /**
   * The links that exist (both directions are separate links). Absent: every pair is linked.
   * Props given here override the network defaults for that direction.
   */
  links?: LinkSpec[];
}

// ---------------------------------------------------------------- interventions

export type Intervention =
  | { at: number; kind: 'crash' | 'recover' | 'pause' | 'resume'; node: string }
  | { at: number; kind: 'slow'; node: string; factor: number }
  | { at: number; kind: 'partition' | 'heal'; from: string; to: string; oneWay?: boolean }
  | { at: number; kind: 'drop-next'; from: string; to: string }
  /**
   * isolate: cut every link, both ways, between `node` (with `with`, when given) and every other node;
   * rejoin: heal every link to and from `node` (and `with`). A partition of a group in one action.
   */
  | { at: number; kind: 'isolate' | 'rejoin'; node: string; with?: string }
  | { at: number; kind: 'skew'; node: string; offsetMs?: number; driftPpm?: number }
  | { at: number; kind: 'set-param'; name: string; value: ParamValue }
  | { at: number; kind: 'signal'; node: string; signal: string };

export type InterventionKind = Intervention['kind'];

export interface RunInput {
  /** A lesson's scenario; the params it is given were parsed against that lesson's schema. */
  scenario(params: Params): Scenario;
  seed: number;
  params: Params;
  interventions: readonly Intervention[];
}

export interface NodeStatus {
  name: string;
  kind: string;
  label: string;
  crashed: boolean;
  paused: boolean;
  slowFactor: number;
  localMs: number;
}

export type { Trace };
