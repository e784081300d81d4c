/**
 * A faster `machine.transition` for the statecharts lessons write: one active atomic state (no
 * parallel, history or final states), no eventless (`always`) transitions, no invoked actors, no
 * wildcard events. For such a chart what a transition exits and enters, and the actions it runs in
 * which order, depend only on the active state and the transition XState selects, so they are worked
 * out once (a plan) with XState's own rules (its microstep, SCXML's exit and entry sets), and each
 * event then costs the guards, the assigns and the actions themselves. XState's macrostep builds a
 * new snapshot per assign and per step (the state value, a tag set, a copy of every field), which was
 * most of an XState-hosted node's time.
 *
 * Anything outside that subset returns BAIL before any effect (actions are only collected), and the
 * host falls back to XState for that event: an unknown action kind (sendTo, spawnChild, enqueueActions,
 * …), a raise without a delay, `spawn` inside an assign, a built-in guard (and, or, not, stateIn).
 * `tests` compare both paths event by event (src/engine/xstate-plan.test.ts).
 */
import type { AnyStateMachine, EventObject, StateValue } from 'xstate';

/** XState's state node, as far as the plan reads it (its internal fields, stable across v5). */
interface Node {
  key: string;
  id: string;
  type: string;
  order: number;
  parent?: Node;
  states: Record<string, Node>;
  entry: unknown[];
  exit: unknown[];
  invoke: unknown[];
  always?: unknown[];
  transitions: Map<string, Transition[]>;
  initial: { target: Node[]; actions: unknown[] };
}

interface Transition {
  source: Node;
  target?: Node[];
  reenter: boolean;
  guard?: unknown;
  actions: unknown[];
}

/** What a transition from one active state does: every action in order, and the state it ends in. */
interface Plan {
  actions: unknown[];
  next: Node;
}

/** The actions a step collected, in XState's executor form (what the host's `run` performs). */
export interface CollectedAction {
  type: string;
  params?: unknown;
  info?: { context?: unknown; event?: unknown };
}

export interface PlanStep {
  node: Node;
  value: StateValue;
  context: unknown;
  actions: CollectedAction[];
}

export const BAIL = Symbol('outside the planned subset');

/** `self` and `system` as XState hands them to actions: the host's inert actor. */
export interface PlanScope {
  self: unknown;
  system: unknown;
}

export interface Planner {
  /** The active atomic node of a state value. */
  nodeOf(value: StateValue): Node | undefined;
  /** The state value of an atomic node (one object per node, shared: never mutate it). */
  valueOf(node: Node): StateValue;
  /** One event: the next state and the collected actions, `undefined` when nothing handles it, or BAIL. */
  step(
    node: Node,
    context: unknown,
    event: EventObject,
    scope: PlanScope,
  ): PlanStep | undefined | typeof BAIL;
}

const isDescendant = (child: Node, parent: Node | undefined): boolean => {
  let marker = child;
  while (marker.parent && marker.parent !== parent) marker = marker.parent;
  return marker.parent === parent;
};

const properAncestors = (node: Node, to: Node | undefined): Node[] => {
  const out: Node[] = [];
  if (to === node) return out;
  for (let m = node.parent; m && m !== to; m = m.parent) out.push(m);
  return out;
};

const isWildcard = (descriptor: string): boolean => descriptor === '*' || descriptor.endsWith('.*');

function allNodes(root: Node): Node[] {
  const out: Node[] = [root];
  for (let k = 0; k < out.length; k++) out.push(...Object.values(out[k]!.states));
  return out;
}

/** A plan-able guard: a name or `{ type }` that resolves (maybe through other names) to a plain function. */
function plainGuard(machine: AnyStateMachine, guard: unknown, depth = 0): boolean {
  if (guard === undefined) return true;
  if (depth > 8) return false;
  if (typeof guard === 'function') return !('check' in guard);
  const name = typeof guard === 'string' ? guard : (guard as { type?: unknown }).type;
  if (typeof name !== 'string') return false;
  const resolved: unknown = machine.implementations.guards[name];
  if (resolved === undefined) return false;
  if (typeof resolved !== 'function') return plainGuard(machine, resolved, depth + 1);
  return !('check' in resolved);
}

/** The planner for `machine`, or undefined when the chart is outside the subset. */
export function planner(machine: AnyStateMachine): Planner | undefined {
  const root = machine.root as unknown as Node;
  const nodes = allNodes(root);
  for (const n of nodes) {
    if (n.type !== 'atomic' && n.type !== 'compound') return undefined;
    if (n.always?.length || n.invoke.length) return undefined;
    for (const [descriptor, ts] of n.transitions) {
      if (isWildcard(descriptor)) return undefined;
      for (const t of ts) {
        if (t.target && t.target.length > 1) return undefined;
        if (!plainGuard(machine, t.guard)) return undefined;
      }
    }
  }
  if ((machine.root as { output?: unknown }).output !== undefined) return undefined;

  // Each atomic node's state value, built as XState's getStateValue does for a chart without parallels.
  const values = new Map<Node, StateValue>();
  const byValue = new Map<string, Node>();
  for (const n of nodes) {
    if (n.type !== 'atomic') continue;
    let value: StateValue = n.key;
    for (let m = n.parent; m && m !== root; m = m.parent) value = { [m.key]: value };
    values.set(n, Object.freeze(value) as StateValue);
    byValue.set(JSON.stringify(value), n);
  }

  const plans = new Map<Transition, Map<Node, Plan>>();
  const actionsImpl = machine.implementations.actions as Record<string, unknown>;
  const guardsImpl = machine.implementations.guards as Record<string, unknown>;

  function domainOf(t: Transition): Node | undefined {
    const targets = t.target!;
    if (!t.reenter && targets.every((x) => x === t.source || isDescendant(x, t.source))) return t.source;
    // findLeastCommonAncestor(targets ++ [source]): the first proper ancestor of the first target that
    // holds all the others.
    const [head, ...tail] = [...targets, t.source];
    for (const anc of properAncestors(head!, undefined))
      if (tail.every((s) => isDescendant(s, anc))) return anc;
    return t.reenter ? undefined : root;
  }

  /** XState's microstep for one transition out of `active`, as a list of actions and the state it ends in. */
  function plan(t: Transition, atomic: Node): Plan {
    const active = [atomic, ...properAncestors(atomic, undefined)];
    if (!t.target?.length) return { actions: [...t.actions], next: atomic };
    const domain = domainOf(t);
    const exitSet = new Set<Node>();
    if (t.reenter && t.source === domain) exitSet.add(domain);
    for (const n of active) if (isDescendant(n, domain)) exitSet.add(n);
    const exits = [...exitSet].sort((a, b) => b.order - a.order);

    const enter = new Set<Node>();
    const defaultEntry = new Set<Node>();
    const addDescendants = (s: Node): void => {
      if (s.type !== 'compound') return;
      const initial = s.initial.target[0]!;
      enter.add(initial);
      defaultEntry.add(initial);
      addDescendants(initial);
      for (const anc of properAncestors(initial, s)) enter.add(anc);
    };
    for (const s of t.target) {
      if (t.source !== s || t.source !== domain || t.reenter) {
        enter.add(s);
        defaultEntry.add(s);
      }
      addDescendants(s);
    }
    const reentrancy = !t.source.parent && t.reenter ? undefined : domain;
    for (const s of t.target)
      for (const anc of properAncestors(s, domain))
        if (!reentrancy || isDescendant(anc, reentrancy)) enter.add(anc);
    const entries = [...enter].sort((a, b) => a.order - b.order);

    const after = new Set(active.filter((n) => !exitSet.has(n)));
    for (const n of entries) after.add(n);
    const atomics = [...after].filter((n) => n.type === 'atomic');
    if (atomics.length !== 1)
      throw new Error('xstate-plan: a chart without parallel states has one atomic state');
    const actions: unknown[] = [];
    for (const n of exits) actions.push(...n.exit);
    actions.push(...t.actions);
    for (const n of entries) {
      actions.push(...n.entry);
      if (defaultEntry.has(n)) actions.push(...n.initial.actions);
    }
    return { actions, next: atomics[0]! };
  }

  function planFor(t: Transition, atomic: Node): Plan {
    let byNode = plans.get(t);
    if (!byNode) plans.set(t, (byNode = new Map()));
    let p = byNode.get(atomic);
    if (!p) byNode.set(atomic, (p = plan(t, atomic)));
    return p;
  }

  /** XState's evaluateGuard for plain guards: a name or `{ type, params }`, maybe naming another. */
  function passes(guard: unknown, context: unknown, event: EventObject): unknown {
    const inline = typeof guard === 'function';
    const resolved: unknown = inline
      ? guard
      : guardsImpl[typeof guard === 'string' ? guard : (guard as { type: string }).type];
    if (typeof resolved !== 'function') return passes(resolved, context, event);
    let params: unknown;
    if (!inline && typeof guard === 'object' && guard !== null && 'params' in guard) {
      const gp = (guard as { params: unknown }).params;
      params = typeof gp === 'function' ? (gp as (a: unknown) => unknown)({ context, event }) : gp;
    }
    return (resolved as (args: unknown, params: unknown) => unknown)({ context, event }, params);
  }

  function select(atomic: Node, context: unknown, event: EventObject): Transition | undefined {
    for (let s: Node | undefined = atomic; s; s = s.parent) {
      const candidates = s.transitions.get(event.type);
      if (!candidates) continue;
      for (const t of candidates) {
        let ok: unknown;
        try {
          ok = t.guard === undefined || passes(t.guard, context, event);
        } catch (err) {
          const g = t.guard;
          const type =
            typeof g === 'string' ? g : typeof g === 'object' ? (g as { type: string }).type : undefined;
          throw new Error(
            `Unable to evaluate guard ${type ? `'${type}' ` : ''}in transition for event '${event.type}' in state node '${s.id}':\n${(err as Error).message}`,
            { cause: err },
          );
        }
        if (ok) return t;
      }
    }
    return undefined;
  }

  const bailSpawn = (): never => {
    throw BAIL;
  };

  function step(
    atomic: Node,
    context: unknown,
    event: EventObject,
    scope: PlanScope,
  ): PlanStep | undefined | typeof BAIL {
    // XState's own events (init, stop, errors of actors) take its own path.
    if (event.type.startsWith('xstate.') && !event.type.startsWith('xstate.after.')) return BAIL;
    const t = select(atomic, context, event);
    if (!t) return undefined;
    const p = planFor(t, atomic);
    const collected: CollectedAction[] = [];
    let c = context;
    try {
      for (const action of p.actions) {
        const inline = typeof action === 'function';
        const resolved: unknown = inline
          ? action
          : actionsImpl[typeof action === 'string' ? action : (action as { type: string }).type];
        const args = { context: c, event, self: scope.self, system: scope.system };
        let params: unknown;
        if (!inline && typeof action === 'object' && action !== null && 'params' in action) {
          const ap = (action as { params: unknown }).params;
          params = typeof ap === 'function' ? (ap as (a: unknown) => unknown)({ context: c, event }) : ap;
        }
        if (!resolved || typeof resolved !== 'function' || !('resolve' in resolved)) {
          const type =
            typeof action === 'string'
              ? action
              : typeof action === 'object'
                ? (action as { type: string }).type
                : (action as { name?: string }).name || '(anonymous)';
          collected.push({ type, info: args, params });
          continue;
        }
        const builtin = resolved as unknown as {
          type: string;
          assignment?: unknown;
          resolve: (...a: unknown[]) => [unknown, unknown, unknown];
        };
        if (builtin.type === 'xstate.assign') {
          const assignment = builtin.assignment;
          const assignArgs = { context: c, event, spawn: bailSpawn, self: scope.self, system: scope.system };
          let update: Record<string, unknown> = {};
          if (typeof assignment === 'function') update = assignment(assignArgs, params);
          else {
            for (const key of Object.keys(assignment as object)) {
              const v = (assignment as Record<string, unknown>)[key];
              update[key] =
                typeof v === 'function' ? (v as (a: unknown, p: unknown) => unknown)(assignArgs, params) : v;
            }
          }
          c = Object.assign({}, c, update);
        } else if (builtin.type === 'xstate.raise' || builtin.type === 'xstate.cancel') {
          const queue: unknown[] = [];
          const [, resolvedParams] = builtin.resolve(scope, { machine, context: c }, args, params, builtin, {
            internalQueue: queue,
          });
          if (queue.length) return BAIL; // a raise without a delay: another microstep, XState's job
          collected.push({ type: builtin.type, info: args, params: resolvedParams });
        } else return BAIL;
      }
    } catch (err) {
      if (err === BAIL) return BAIL;
      throw err;
    }
    return { node: p.next, value: values.get(p.next)!, context: c, actions: collected };
  }

  return {
    nodeOf: (value) => byValue.get(JSON.stringify(value)),
    valueOf: (node) => values.get(node)!,
    step,
  };
}
