/**
 * Hosts an XState v5 machine as a node behaviour, purely: the engine calls XState's
 * `initialTransition` / `transition`, which return the next snapshot and the actions without running
 * them. Delayed events (`after`) come back as `xstate.raise` actions with a delay; the engine turns them
 * into timers on the node's own clock, and `xstate.cancel` cancels them. So every timer lives in the
 * engine's queue, checkpoints hold plain data, and time travel stays exact.
 */
import {
  createActor,
  type AnyActorScope,
  type AnyMachineSnapshot,
  type AnyStateMachine,
  type ContextFrom,
  type EventObject,
  type InputFrom,
  type StateValue,
} from 'xstate';
import type { Behaviour, CallOutcome, NodeContext, Params, Request } from './types.ts';
import { BAIL, planner, type Planner } from './xstate-plan.ts';

/** What a node hosting a machine keeps: the snapshot in its persisted (plain) form and live timers. */
export interface HostedMachineState<C = Record<string, unknown>> {
  snapshot: { value: StateValue; context: C; status: string };
  /** XState delayed-event id → engine timer id. */
  timers: Record<string, number>;
}

export interface EffectArgs<M extends AnyStateMachine = AnyStateMachine> {
  params: unknown;
  context: ContextFrom<M>;
  event: EventObject;
}

export interface MachineBehaviourOptions<M extends AnyStateMachine, P extends Params = Params> {
  kind: string;
  /**
   * The host sends it every message, request, outcome, signal and timer as an event (HostEvent);
   * XState ignores one that no state handles, so a machine lists only the events it reacts to.
   */
  machine: M;
  /** The machine's input (its initial context), from the node's context and what survived a crash. */
  input?: (ctx: NodeContext<P>, durable: unknown) => InputFrom<M>;
  /** Engine effects for the machine's named actions: call, reply, effect, send, emit. */
  effects?: Record<string, (ctx: NodeContext<P>, args: EffectArgs<M>) => void>;
  /** What of the context survives a crash. */
  durable?: (context: ContextFrom<M>) => unknown;
}

/** Events the host sends into the machine. */
export type HostEvent =
  | { type: 'request'; request: Request }
  | { type: `outcome.${CallOutcome['result']}`; outcome: CallOutcome }
  | { type: `signal.${string}` }
  | { type: string; from: string; payload: unknown }
  | { type: 'timer'; tag: string; data: unknown };

const XSTATE_TIMER = 'xstate:';

/**
 * The live XState snapshot a persisted one was made from, under a symbol: checkpoints copy plain
 * data by its string keys, so a restored state has none and is resolved again from its value and
 * context. A state a lesson rebuilt by spreading keeps the symbol, so `send` checks that the live
 * snapshot still has the persisted value and context before trusting it.
 */
const LIVE = Symbol('xstate snapshot');
/**
 * What the persisted snapshot was made from: XState's snapshot (after XState's own step) or the
 * planner's active state node (after a planned step), each worked out from the other when needed.
 */
interface Live {
  value: StateValue;
  context: unknown;
  xs?: AnyMachineSnapshot;
  node?: ReturnType<Planner['nodeOf']>;
}
type PersistedSnapshot<C> = HostedMachineState<C>['snapshot'] & { [LIVE]?: Live };

/** An action XState hands the executor: a built-in (raise, cancel) or one of the machine's named ones. */
interface ActionLike {
  type: string;
  params?: unknown;
  info?: { context?: unknown; event?: unknown };
}

export function stateValueLabel(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object') {
    return Object.entries(value as Record<string, unknown>)
      .map(([k, v]) => {
        const inner = stateValueLabel(v);
        return inner ? `${k}.${inner}` : k;
      })
      .join(', ');
  }
  return '';
}

/** "xstate.after.backoff.client.waiting" → "xstate:after backoff"; other delayed events keep their type. */
function timerTag(id: string, event: EventObject): string {
  const m = /^xstate\.after\.([^.]+)\./.exec(id);
  return XSTATE_TIMER + (m ? `after ${m[1]}` : event.type);
}

/**
 * A node behaviour running `machine`. Typed from the machine: `input` returns its input, and the
 * effects and `durable` see its own context type.
 */
export function machineBehaviour<M extends AnyStateMachine, P extends Params = Params>(
  options: MachineBehaviourOptions<M, P>,
): Behaviour<HostedMachineState<ContextFrom<M>>, P> {
  type State = HostedMachineState<ContextFrom<M>>;
  const { effects = {} } = options;
  // XState's snapshot and event types are conditional on the machine, so TypeScript cannot follow
  // them for a machine still generic here; inside, the host drives it as any machine (an upcast).
  const machine: AnyStateMachine = options.machine;
  // A machine has a handful of delayed events: their timer tags are worked out once.
  const tags = new Map<string, string>();

  function run(ctx: NodeContext<P>, state: State, actions: readonly ActionLike[]): void {
    for (const action of actions) {
      if (action.type === 'xstate.raise') {
        const p = action.params as { event: EventObject; id?: string; delay?: number };
        if (p.delay === undefined) continue;
        const id = p.id ?? p.event.type;
        const prior = state.timers[id];
        if (prior !== undefined) ctx.cancelTimer(prior);
        let tag = tags.get(id);
        if (tag === undefined) tags.set(id, (tag = timerTag(id, p.event)));
        state.timers[id] = ctx.setTimer(p.delay, tag, { id, event: p.event });
      } else if (action.type === 'xstate.cancel') {
        const id = (action.params as { sendId: string }).sendId;
        const timer = state.timers[id];
        if (timer !== undefined) ctx.cancelTimer(timer);
        delete state.timers[id];
      } else {
        const effect = effects[action.type];
        if (effect) {
          effect(ctx, {
            params: action.params,
            context: (action.info?.context ?? {}) as ContextFrom<M>,
            event: (action.info?.event ?? { type: '' }) as EventObject,
          });
        }
      }
    }
  }

  // XState's own `transition` builds a throwaway actor for every event (and with it the machine's
  // initial snapshot, whose context factory throws without input): 90% of the host's time. One inert
  // scope a behaviour does the same job: it only collects the actions, which `run` then performs.
  let collected: ActionLike[] = [];
  let scope: AnyActorScope | undefined;
  function inertScope(): AnyActorScope {
    if (scope) return scope;
    const self = createActor(machine);
    scope = {
      self,
      id: '',
      sessionId: '',
      system: self.system,
      logger: () => {},
      defer: () => {},
      emit: () => {},
      stopChild: () => {},
      actionExecutor: (action: ActionLike) => void collected.push(action),
    } as unknown as AnyActorScope;
    return scope;
  }
  function collect<T>(step: (scope: AnyActorScope) => T): [T, ActionLike[]] {
    collected = [];
    const result = step(inertScope());
    const actions = collected;
    collected = [];
    return [result, actions];
  }

  function persist(
    value: StateValue,
    context: unknown,
    status: string,
    live: Omit<Live, 'value' | 'context'>,
  ): State['snapshot'] {
    // Plain data already: XState's assign makes a fresh context object and never mutates the old one,
    // and the engine deep-copies a node's state into its checkpoints.
    const plain: PersistedSnapshot<ContextFrom<M>> = { value, context: context as ContextFrom<M>, status };
    plain[LIVE] = { value, context, ...live };
    return plain;
  }
  const persistXState = (snapshot: AnyMachineSnapshot): State['snapshot'] =>
    persist(snapshot.value, snapshot.context, snapshot.status, { xs: snapshot });

  // Charts in the planner's subset (xstate-plan.ts) step without XState's macrostep; the rest, and any
  // event the planner hands back, take XState's own path below.
  const plans = planner(machine);

  function send(state: State, event: HostEvent | EventObject, ctx: NodeContext<P>): State {
    const persisted: PersistedSnapshot<ContextFrom<M>> = state.snapshot;
    if (persisted.status !== 'active') return state;
    const cached = persisted[LIVE];
    const live =
      cached && cached.value === persisted.value && cached.context === persisted.context ? cached : undefined;
    if (plans) {
      const node =
        live?.node ??
        ((live?.xs
          ? (live.xs._nodes as unknown as { type: string }[]).find((n) => n.type === 'atomic')
          : plans.nodeOf(persisted.value)) as ReturnType<Planner['nodeOf']>);
      if (node) {
        const step = plans.step(node, persisted.context, event, inertScope());
        // Nothing handles the event: XState's step would return the same snapshot and no actions.
        if (step === undefined) return state;
        if (step !== BAIL) {
          state.snapshot = persist(step.value, step.context, 'active', { node: step.node });
          run(ctx, state, step.actions);
          return state;
        }
      }
    }
    const current = live?.xs ?? machine.resolveState({ value: persisted.value, context: persisted.context });
    const [next, actions] = collect((s) => machine.transition(current, event, s));
    // In place, as any behaviour may: the engine hands a node back the state its handler returned.
    state.snapshot = persistXState(next);
    run(ctx, state, actions);
    return state;
  }

  return {
    kind: options.kind,
    init(ctx, durable) {
      const input = options.input?.(ctx, durable);
      const [snapshot, actions] = collect((s) => machine.getInitialSnapshot(s, input));
      const state: State = { snapshot: persistXState(snapshot), timers: {} };
      run(ctx, state, actions);
      return state;
    },
    onMessage: (state, delivery, ctx) =>
      send(state, { type: delivery.label, from: delivery.from, payload: delivery.payload }, ctx),
    onRequest: (state, request, ctx) => send(state, { type: 'request', request }, ctx),
    onOutcome: (state, outcome, ctx) =>
      send(state, { type: `outcome.${outcome.result}` as const, outcome }, ctx),
    onSignal: (state, signal, ctx) => send(state, { type: `signal.${signal}` }, ctx),
    onTimer(state, timer, ctx) {
      if (timer.tag.startsWith(XSTATE_TIMER)) {
        const { id, event } = timer.data as { id: string; event: EventObject };
        if (state.timers[id] !== timer.timer) return state;
        delete state.timers[id];
        return send(state, event, ctx);
      }
      return send(state, { type: 'timer', tag: timer.tag, data: timer.data }, ctx);
    },
    durable: options.durable ? (state) => options.durable!(state.snapshot.context) : undefined,
    label: (state) => stateValueLabel(state.snapshot.value),
  };
}
