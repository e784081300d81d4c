/**
 * Hosts an XState v5 machine as a node behaviour, purely: the engine calls XState's
 * `initialTransition` / `transition`, which return the next snapshot and the actions without running
 * them. Delayed events (`after`) come back as `xstate.raise` actions with a delay; the engine turns them
 * into timers on the node's own clock, and `xstate.cancel` cancels them. So every timer lives in the
 * engine's queue, checkpoints hold plain data, and time travel stays exact.
 */
import { initialTransition, transition, type AnyStateMachine, type EventObject } from 'xstate';
import type { Behaviour, CallOutcome, NodeContext, Params } from './types.ts';

/** What a node hosting a machine keeps: the snapshot in its persisted (plain) form and live timers. */
export interface HostedMachineState {
  snapshot: { value: unknown; context: Record<string, unknown>; status: string };
  /** XState delayed-event id → engine timer id. */
  timers: Record<string, number>;
}

export interface EffectArgs {
  params: unknown;
  context: Record<string, unknown>;
  event: EventObject;
}

export interface MachineBehaviourOptions<P extends Params = Params> {
  kind: string;
  machine: AnyStateMachine;
  /** The machine's input (its initial context), from the node's context and what survived a crash. */
  input?: (ctx: NodeContext<P>, durable: unknown) => unknown;
  /** Engine effects for the machine's named actions: call, reply, effect, send, emit. */
  effects?: Record<string, (ctx: NodeContext<P>, args: EffectArgs) => void>;
  /** What of the context survives a crash. */
  durable?: (context: Record<string, unknown>) => unknown;
}

/** Events the host sends into the machine. */
export type HostEvent =
  | { type: 'request'; request: import('./types.ts').Request }
  | ({ type: `outcome.${CallOutcome['result']}` } & { outcome: CallOutcome })
  | { type: `signal.${string}` }
  | { type: string; from: string; payload: unknown }
  | { type: 'timer'; tag: string; data: unknown };

const XSTATE_TIMER = 'xstate:';

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

/** "xstate.after.backoff.client.waiting" → "after backoff"; other delayed events keep their type. */
function timerTag(id: string, event: EventObject): string {
  const m = /^xstate\.after\.([^.]+)\./.exec(id);
  return m ? `after ${m[1]}` : event.type;
}

export function machineBehaviour<P extends Params = Params>(
  options: MachineBehaviourOptions<P>,
): Behaviour<HostedMachineState, P> {
  const { machine, effects = {} } = options;

  function run(
    ctx: NodeContext<P>,
    state: HostedMachineState,
    actions: readonly { type: string; params?: unknown; info?: { context?: unknown; event?: unknown } }[],
  ): void {
    for (const action of actions) {
      if (action.type === 'xstate.raise') {
        const p = action.params as { event: EventObject; id?: string; delay?: number };
        if (p.delay === undefined) continue;
        const id = p.id ?? p.event.type;
        const prior = state.timers[id];
        if (prior !== undefined) ctx.cancelTimer(prior);
        state.timers[id] = ctx.setTimer(p.delay, `${XSTATE_TIMER}${timerTag(id, p.event)}`, {
          id,
          event: p.event,
        });
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
            context: (action.info?.context ?? {}) as Record<string, unknown>,
            event: (action.info?.event ?? { type: '' }) as EventObject,
          });
        }
      }
    }
  }

  function persist(snapshot: {
    value: unknown;
    context: unknown;
    status: string;
  }): HostedMachineState['snapshot'] {
    // Plain data only: structuredClone-able, JSON-able, about a hundred bytes for a small machine.
    return JSON.parse(
      JSON.stringify({ value: snapshot.value, context: snapshot.context, status: snapshot.status }),
    ) as HostedMachineState['snapshot'];
  }

  function send(state: HostedMachineState, event: EventObject, ctx: NodeContext<P>): HostedMachineState {
    if (state.snapshot.status !== 'active') return state;
    const current = machine.resolveState({
      value: state.snapshot.value,
      context: state.snapshot.context,
    } as never);
    const [next, actions] = transition(machine, current, event as never);
    const nextState: HostedMachineState = { snapshot: persist(next), timers: { ...state.timers } };
    run(ctx, nextState, actions as never);
    return nextState;
  }

  return {
    kind: options.kind,
    init(ctx, durable) {
      const input = options.input ? options.input(ctx, durable) : undefined;
      const [snapshot, actions] = initialTransition(machine, input as never);
      const state: HostedMachineState = { snapshot: persist(snapshot), timers: {} };
      run(ctx, state, actions as never);
      return state;
    },
    onMessage: (state, delivery, ctx) =>
      send(
        state,
        { type: delivery.label, from: delivery.from, payload: delivery.payload } as EventObject,
        ctx,
      ),
    onRequest: (state, request, ctx) => send(state, { type: 'request', request } as EventObject, ctx),
    onOutcome: (state, outcome, ctx) =>
      send(state, { type: `outcome.${outcome.result}`, outcome } as EventObject, ctx),
    onSignal: (state, signal, ctx) => send(state, { type: `signal.${signal}` }, ctx),
    onTimer(state, timer, ctx) {
      if (timer.tag.startsWith(XSTATE_TIMER)) {
        const { id, event } = timer.data as { id: string; event: EventObject };
        if (state.timers[id] !== timer.timer) return state;
        const rest = { ...state.timers };
        delete rest[id];
        return send({ ...state, timers: rest }, event, ctx);
      }
      return send(state, { type: 'timer', tag: timer.tag, data: timer.data } as EventObject, ctx);
    },
    durable: options.durable ? (state) => options.durable!(state.snapshot.context) : undefined,
    label: (state) => stateValueLabel(state.snapshot.value),
  };
}
