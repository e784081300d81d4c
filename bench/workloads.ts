/**
 * The benchmark's workloads, shared by the benchmark (bench/engine.bench.ts) and the trace-hash check
 * (bench/hashes.ts), so the runs whose speed is measured are the runs whose traces are pinned.
 */
import { assign, setup } from 'xstate';
import type { Behaviour, Intervention, Params, RunInput, Scenario } from '../src/engine/types.ts';
import { machineBehaviour } from '../src/engine/xstate-host.ts';
import { RAFTSCOPE_TIMING, raftServer } from '../lessons/consensus/raft.ts';

// ------------------------------------------------------------------ the standard workload

export interface ForwardOptions {
  nodes: number;
  /** Messages each node starts with: nodes × this is the initial number in flight. */
  initialPerNode: number;
  /** Each node's periodic timer injects one fresh message, making up for the ones the network loses. */
  tickMs: number;
  latencyMs: number;
  jitterMs: number;
  loss: number;
  duplicate: number;
  /** NTP-like clock resync every this many ms (absent: none). */
  resyncEveryMs?: number;
}

/**
 * 100 nodes, 2,000 messages in flight: each delivery forwards the message to a random peer over a
 * lossy, jittery link; each node's timer injects a new one every tickMs. With a mean delay of
 * latency + jitter/2 = 15 ms and 1% loss, the network loses 2000/15 × 0.01 ≈ 1.33 messages per ms
 * and the timers inject 100/75 ≈ 1.33: the number in flight stays near 2,000. About 135 events per
 * simulated ms, so 8 s of simulated time is a little over a million events.
 */
export const STANDARD: ForwardOptions = {
  nodes: 100,
  initialPerNode: 20,
  tickMs: 75,
  latencyMs: 5,
  jitterMs: 20,
  loss: 0.01,
  duplicate: 0,
};
export const STANDARD_UNTIL_MS = 8000;

interface ForwarderState {
  self: number;
  forwarded: number;
  injected: number;
}
interface Hop {
  origin: number;
  hops: number;
}

function forwarder(o: ForwardOptions): Behaviour<ForwarderState> {
  const peer = (state: ForwarderState, random: number): number =>
    (state.self + 1 + Math.floor(random * (o.nodes - 1))) % o.nodes;
  return {
    kind: 'forwarder',
    init(ctx) {
      const state: ForwarderState = { self: ctx.nodes.indexOf(ctx.name), forwarded: 0, injected: 0 };
      for (let k = 0; k < o.initialPerNode; k++) {
        ctx.send(ctx.nodes[peer(state, ctx.random())]!, 'hop', { origin: state.self, hops: 0 } satisfies Hop);
      }
      ctx.setTimer(o.tickMs, 'tick');
      return state;
    },
    onMessage(state, delivery, ctx) {
      const hop = delivery.payload as Hop;
      ctx.send(ctx.nodes[peer(state, ctx.random())]!, delivery.label, {
        origin: hop.origin,
        hops: hop.hops + 1,
      } satisfies Hop);
      state.forwarded++;
      return state;
    },
    onTimer(state, _timer, ctx) {
      ctx.send(ctx.nodes[peer(state, ctx.random())]!, 'hop', { origin: state.self, hops: 0 } satisfies Hop);
      state.injected++;
      ctx.setTimer(o.tickMs, 'tick');
      return state;
    },
    label: () => 'forwarding',
  };
}

export function forwardScenario(o: ForwardOptions = STANDARD): (params: Params) => Scenario {
  const behaviour = forwarder(o);
  const nodes = Array.from({ length: o.nodes }, (_, i) => ({
    name: `n${i}`,
    behaviour,
    // A little drift, so local time and true time differ as they do in the lessons.
    clock: {
      driftPpm: ((i % 7) - 3) * 50,
      resync: o.resyncEveryMs ? { everyMs: o.resyncEveryMs + i, errorMs: 2 } : undefined,
    },
  }));
  return (params) => ({
    nodes,
    network: {
      latencyMs: o.latencyMs,
      jitterMs: o.jitterMs,
      loss: typeof params.loss === 'number' ? params.loss : o.loss,
      duplicate: o.duplicate,
    },
  });
}

export function forwardInput(
  seed: number,
  o: ForwardOptions = STANDARD,
  interventions: Intervention[] = [],
): RunInput {
  return { scenario: forwardScenario(o), seed, params: {}, interventions };
}

// ------------------------------------------------------------------ the XState workload

interface ClientContext {
  base: number;
  count: number;
  attempt: number;
}

/** A client that thinks, calls the server, and on an unknown or failed outcome backs off and retries. */
const clientMachine = setup({
  types: { context: {} as ClientContext, input: {} as { base: number } },
  actions: {
    call: () => {},
    nextRequest: assign({ count: ({ context }) => context.count + 1, attempt: 0 }),
    countAttempt: assign({ attempt: ({ context }) => context.attempt + 1 }),
  },
  delays: {
    think: 10,
    backoff: ({ context }) => Math.min(80, 10 * 2 ** context.attempt),
  },
}).createMachine({
  id: 'client',
  initial: 'thinking',
  context: ({ input }) => ({ base: input.base, count: 0, attempt: 0 }),
  states: {
    thinking: { after: { think: { target: 'calling', actions: 'nextRequest' } } },
    calling: {
      entry: 'call',
      on: {
        'outcome.success': 'thinking',
        'outcome.failure': { target: 'backoff', actions: 'countAttempt' },
        'outcome.unknown': { target: 'backoff', actions: 'countAttempt' },
      },
    },
    backoff: { after: { backoff: 'calling' } },
  },
});

interface ServerState {
  applied: Record<number, number>;
}

const server: Behaviour<ServerState> = {
  kind: 'server',
  init: () => ({ applied: {} }),
  onRequest(state, request, ctx) {
    // Idempotent by request id: a retry of a request already applied is answered, not applied again.
    if (state.applied[request.request] === undefined) {
      state.applied[request.request] = request.call;
      ctx.effect(request);
    }
    ctx.reply(request, { ok: true, value: state.applied[request.request] });
    return state;
  },
  label: () => 'up',
};

export function xstateScenario(clients: number): () => Scenario {
  const client = machineBehaviour({
    kind: 'client',
    machine: clientMachine,
    input: (ctx) => ({ base: (ctx.nodes.indexOf(ctx.name) + 1) * 1_000_000 }),
    effects: {
      call: (ctx, { context: c }) => {
        ctx.call('server', 'pay', { n: c.count }, { deadlineMs: 40, request: c.base + c.count });
      },
    },
  });
  const nodes = [
    { name: 'server', behaviour: server },
    ...Array.from({ length: clients }, (_, i) => ({ name: `c${i}`, behaviour: client })),
  ];
  const links = nodes.slice(1).flatMap((c) => [
    { from: c.name, to: 'server' },
    { from: 'server', to: c.name },
  ]);
  return () => ({ nodes, network: { latencyMs: 4, jitterMs: 12, loss: 0.05, duplicate: 0.01 }, links });
}

export function xstateInput(seed: number, clients: number, interventions: Intervention[] = []): RunInput {
  return { scenario: xstateScenario(clients), seed, params: {}, interventions };
}

// The same client written as a plain behaviour, the yardstick for the XState host's cost. It makes the
// engine calls the hosted machine makes, in the same order and with the same timer tags and data, so
// its trace is byte-identical to the XState workload's (bench/hashes.ts pins both): any gap in speed
// between the two is the host's and XState's.
type PlainClientState = ClientContext & { value: 'thinking' | 'calling' | 'backoff'; timer: number };

const THINK_ID = 'xstate.after.think.client.thinking';
const BACKOFF_ID = 'xstate.after.backoff.client.backoff';

function plainClient(): Behaviour<PlainClientState> {
  const after = (
    state: PlainClientState,
    ctx: Parameters<Behaviour['init']>[0],
    delay: number,
    name: string,
    id: string,
  ) => {
    state.timer = ctx.setTimer(delay, `xstate:after ${name}`, { id, event: { type: id } });
  };
  const call = (state: PlainClientState, ctx: Parameters<Behaviour['init']>[0]) => {
    state.value = 'calling';
    ctx.call('server', 'pay', { n: state.count }, { deadlineMs: 40, request: state.base + state.count });
  };
  return {
    kind: 'client',
    init(ctx) {
      const base = (ctx.nodes.indexOf(ctx.name) + 1) * 1_000_000;
      const state: PlainClientState = { base, count: 0, attempt: 0, value: 'thinking', timer: -1 };
      after(state, ctx, 10, 'think', THINK_ID);
      return state;
    },
    onTimer(state, timer, ctx) {
      if (timer.timer !== state.timer) return state;
      if (state.value === 'thinking') {
        state.count += 1;
        state.attempt = 0;
        call(state, ctx);
      } else if (state.value === 'backoff') call(state, ctx);
      return state;
    },
    onOutcome(state, outcome, ctx) {
      if (state.value !== 'calling') return state;
      if (outcome.result === 'success') {
        state.value = 'thinking';
        after(state, ctx, 10, 'think', THINK_ID);
      } else {
        state.attempt += 1;
        state.value = 'backoff';
        after(state, ctx, Math.min(80, 10 * 2 ** state.attempt), 'backoff', BACKOFF_ID);
      }
      return state;
    },
    label: (state) => state.value,
  };
}

/** The XState workload with every client a plain behaviour: same trace, no statechart. */
export function plainClientInput(seed: number, clients: number): RunInput {
  const nodes = xstateScenario(clients)().nodes.map((n) =>
    n.behaviour.kind === 'client' ? { ...n, behaviour: plainClient() } : n,
  );
  const base = xstateScenario(clients);
  return { scenario: () => ({ ...base(), nodes }), seed, params: {}, interventions: [] };
}

// ------------------------------------------------------------------ the Raft workload

/**
 * Five Raft servers (the consensus lesson's statechart, lessons/consensus/raft.ts) with RaftScope's
 * defaults: every link 10 to 15 ms (uniform), no loss, election timeout 100 to 200 ms, a heartbeat
 * every 50 ms; and, when `writeEveryMs` is given, a client that writes to the leader that often
 * (following a follower's redirect). The figure other Raft simulators report: simulated ms per second.
 */
export const RAFT_SERVERS = ['s1', 's2', 's3', 's4', 's5'];

interface WriterState {
  sent: number;
  leader: string;
}

function raftWriter(everyMs: number): Behaviour<WriterState> {
  return {
    kind: 'client',
    init(ctx) {
      ctx.setTimer(everyMs, 'write');
      return { sent: 0, leader: RAFT_SERVERS[0]! };
    },
    onTimer(state, _timer, ctx) {
      state.sent++;
      ctx.call(state.leader, 'write', { n: state.sent }, { deadlineMs: 400 });
      ctx.setTimer(everyMs, 'write');
      return state;
    },
    onOutcome(state, outcome, ctx) {
      if (outcome.result === 'success') return state;
      const named = /the leader is (s\d)/.exec(outcome.reason)?.[1];
      if (named) {
        state.leader = named;
        ctx.call(named, 'write', outcome.args, { deadlineMs: 400, request: outcome.request });
      } else {
        state.leader = RAFT_SERVERS[(RAFT_SERVERS.indexOf(state.leader) + 1) % RAFT_SERVERS.length]!;
      }
      return state;
    },
    label: (state) => `${state.sent} writes`,
  };
}

export function raftScenario(writeEveryMs?: number): () => Scenario {
  const server = raftServer((self) => RAFT_SERVERS.filter((s) => s !== self), RAFTSCOPE_TIMING);
  const nodes = [
    ...RAFT_SERVERS.map((name) => ({ name, behaviour: server })),
    ...(writeEveryMs ? [{ name: 'client', behaviour: raftWriter(writeEveryMs) }] : []),
  ];
  return () => ({ nodes, network: { latencyMs: 10, jitterMs: 5, loss: 0, duplicate: 0 } });
}

export function raftInput(seed: number, writeEveryMs?: number, interventions: Intervention[] = []): RunInput {
  return { scenario: raftScenario(writeEveryMs), seed, params: {}, interventions };
}

// ------------------------------------------------------------------ the limit: a bare heap

/**
 * A bare typed-array binary min-heap ordered by (time, seq): the same push and pop as the engine's
 * EventHeap (the bottom-up, branch-free pop), written out here so that a change to the engine's heap
 * has to be copied here by hand to move the limit. Each step pops the earliest entry and pushes one back at
 * the popped time plus a delay drawn like the workload's link delays: the queue work of the standard
 * workload (one pop and about one push per event, about 2,100 entries queued) and nothing else.
 */
export class BareHeap {
  private readonly times: Float64Array;
  private readonly seqs: Float64Array;
  private readonly refs: Int32Array;
  private n = 0;
  private seq = 0;
  private x: number;
  checksum = 0;

  constructor(
    size: number,
    private readonly latencyMs: number,
    private readonly jitterMs: number,
    seed: number,
  ) {
    let cap = 1;
    while (cap < size + 1) cap *= 2;
    this.times = new Float64Array(cap);
    this.seqs = new Float64Array(cap);
    this.refs = new Int32Array(cap);
    this.x = seed | 1;
    for (let k = 0; k < size; k++) this.push(latencyMs + this.rand() * jitterMs, k);
  }

  /** xorshift32: cheaper than the engine's PCG32, so the limit stays a limit. */
  private rand(): number {
    let x = this.x;
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    this.x = x;
    return (x >>> 0) / 4294967296;
  }

  private push(time: number, ref: number): void {
    const { times, seqs, refs } = this;
    const s = this.seq++;
    let i = this.n++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const pt = times[parent]!;
      if (pt < time || (pt === time && seqs[parent]! < s)) break;
      times[i] = pt;
      seqs[i] = seqs[parent]!;
      refs[i] = refs[parent]!;
      i = parent;
    }
    times[i] = time;
    seqs[i] = s;
    refs[i] = ref;
  }

  private pop(): number {
    const { times, seqs, refs } = this;
    const top = refs[0]!;
    const last = --this.n;
    if (last === 0) return top;
    const t = times[last]!;
    const s = seqs[last]!;
    const r = refs[last]!;
    let i = 0;
    let child = 1;
    while (child < last) {
      const right = child + 1;
      if (right < last) {
        const ct = times[child]!;
        const rt = times[right]!;
        child += +(rt < ct) | (+(rt === ct) & +(seqs[right]! < seqs[child]!));
      }
      times[i] = times[child]!;
      seqs[i] = seqs[child]!;
      refs[i] = refs[child]!;
      i = child;
      child = 2 * i + 1;
    }
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const pt = times[parent]!;
      if (pt < t || (pt === t && seqs[parent]! < s)) break;
      times[i] = pt;
      seqs[i] = seqs[parent]!;
      refs[i] = refs[parent]!;
      i = parent;
    }
    times[i] = t;
    seqs[i] = s;
    refs[i] = r;
    return top;
  }

  /** `events` pops, each followed by one push. */
  run(events: number): void {
    let checksum = this.checksum;
    for (let k = 0; k < events; k++) {
      const now = this.times[0]!;
      const ref = this.pop();
      checksum = (checksum + ref) | 0;
      this.push(now + this.latencyMs + this.rand() * this.jitterMs, ref);
    }
    this.checksum = checksum;
  }
}
