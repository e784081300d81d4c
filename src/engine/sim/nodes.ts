/** A node as the simulation runs it: its behaviour and state, its faults, its clock and streams. */
import { makeClock, type NodeClock } from '../clock.ts';
import { deriveStream, type Pcg32 } from '../prng.ts';
import type { Behaviour, NodeContext, NodeSpec } from '../types.ts';
import { makeContext, type ContextHost } from './node-context.ts';

export interface NodeRuntime {
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

/** Node i of the scenario, before its behaviour's init: its streams come from the run's seed. */
export function createNode(spec: NodeSpec, i: number, seed: number, host: ContextHost): NodeRuntime {
  const rng = deriveStream(seed, `node:${spec.name}`);
  return {
    name: spec.name,
    behaviour: spec.behaviour as Behaviour<unknown>,
    state: undefined,
    durable: undefined,
    crashed: false,
    paused: false,
    slowFactor: 1,
    deferred: [],
    clock: makeClock(spec.clock?.offsetMs ?? 0, spec.clock?.driftPpm ?? 0),
    resync: spec.clock?.resync,
    rng,
    clockRng: deriveStream(seed, `clock:${spec.name}`),
    label: '',
    ctx: makeContext(host, i, spec.name, rng),
  };
}
