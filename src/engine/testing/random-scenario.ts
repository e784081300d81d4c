/**
 * Random scenarios for property tests, as plain data: a failing case prints as JSON and rebuilds the
 * same run. Every node runs one "peer" behaviour whose knobs the spec sets: it gossips rumours to
 * random neighbours on a timer and passes them on when it hears them, calls random neighbours with a
 * deadline (retrying some unknowns under the same request id), and serves calls, sometimes with an
 * error, late, or not at all. All its randomness comes from the node's own stream (`ctx.random`).
 */
import type {
  Behaviour,
  ClockSpec,
  Intervention,
  LinkProps,
  LinkSpec,
  NodeContext,
  Request,
  RunInput,
  Scenario,
} from '../types.ts';

export interface PeerSpec {
  name: string;
  clock: ClockSpec;
  /** Mean period of the rumour timer (0: it never starts a rumour). */
  gossipEveryMs: number;
  /** Probability that it passes on a rumour it hears. */
  forward: number;
  /** A rumour travels at most this many hops. */
  maxHops: number;
  /** Mean period between its calls (0: it never calls). */
  callEveryMs: number;
  deadlineMs: number;
  /** Probability of retrying an unknown outcome (at most twice per call). */
  retry: number;
  /** How it serves a request: probabilities of an error reply, of silence, of a late reply. */
  serve: { error: number; silent: number; late: number; lateMsMax: number };
}

export interface RandomScenario {
  peers: PeerSpec[];
  network: LinkProps;
  /** Directed links with their overrides; absent: every pair is linked with the network defaults. */
  links?: LinkSpec[];
}

/** The parameters a random run may change with `set-param`; the scenario reads them over its network. */
export const RANDOM_PARAMS = ['loss', 'latencyMs'] as const;

interface PeerState {
  pending: number;
  calls: number;
  heard: number;
  applied: number;
}

function pick<T>(ctx: NodeContext, items: readonly T[]): T {
  return items[Math.floor(ctx.random() * items.length)]!;
}

/** Out-neighbours get rumours; calls go only where a reply can come back. */
export function neighbours(spec: RandomScenario, name: string): { out: string[]; callable: string[] } {
  const names = spec.peers.map((p) => p.name);
  const linked = (from: string, to: string): boolean =>
    from !== to && (spec.links === undefined || spec.links.some((l) => l.from === from && l.to === to));
  const out = names.filter((to) => linked(name, to));
  return { out, callable: out.filter((to) => linked(to, name)) };
}

export function peerBehaviour(
  peer: PeerSpec,
  out: readonly string[],
  callable: readonly string[],
): Behaviour<PeerState> {
  const call = (
    ctx: NodeContext,
    state: PeerState,
    to: string,
    args: { n: number; attempt: number },
    request?: number,
  ) => {
    ctx.call(to, 'write', args, {
      deadlineMs: peer.deadlineMs,
      ...(request !== undefined ? { request } : {}),
    });
    state.pending++;
  };
  return {
    kind: 'peer',
    init(ctx, durable) {
      if (peer.gossipEveryMs > 0 && out.length > 0) ctx.setTimer(ctx.random() * peer.gossipEveryMs, 'gossip');
      if (peer.callEveryMs > 0 && callable.length > 0) ctx.setTimer(ctx.random() * peer.callEveryMs, 'call');
      return {
        pending: 0,
        calls: 0,
        heard: 0,
        applied: (durable as { applied?: number } | undefined)?.applied ?? 0,
      };
    },
    onTimer(state, timer, ctx) {
      if (timer.tag === 'gossip') {
        ctx.send(pick(ctx, out), 'rumour', { hops: 0, origin: ctx.name });
        ctx.setTimer(peer.gossipEveryMs * (0.5 + ctx.random()), 'gossip');
      } else if (timer.tag === 'call') {
        call(ctx, state, pick(ctx, callable), { n: state.calls++, attempt: 0 });
        ctx.setTimer(peer.callEveryMs * (0.5 + ctx.random()), 'call');
      } else if (timer.tag === 'reply') {
        const request = timer.data as Request;
        ctx.reply(request, { ok: true, value: request.request });
      }
      return state;
    },
    onMessage(state, delivery, ctx) {
      state.heard++;
      const { hops } = delivery.payload as { hops: number };
      if (ctx.random() < 0.2) ctx.emit('heard', { hops, from: delivery.from });
      if (hops < peer.maxHops && out.length > 0 && ctx.random() < peer.forward) {
        ctx.send(pick(ctx, out), 'rumour', { hops: hops + 1, origin: ctx.name });
      }
      return state;
    },
    onRequest(state, request, ctx) {
      const r = ctx.random();
      const { error, silent, late, lateMsMax } = peer.serve;
      if (r < error) {
        ctx.reply(request, { ok: false, error: 'busy' });
        return state;
      }
      state.applied++;
      ctx.effect(request, { applied: state.applied });
      if (r < error + silent) return state;
      if (r < error + silent + late) ctx.setTimer(ctx.random() * lateMsMax, 'reply', request);
      else ctx.reply(request, { ok: true, value: request.request });
      return state;
    },
    onOutcome(state, outcome, ctx) {
      state.pending--;
      const args = outcome.args as { n: number; attempt: number };
      if (outcome.result === 'unknown' && args.attempt < 2 && ctx.random() < peer.retry) {
        call(ctx, state, outcome.to, { n: args.n, attempt: args.attempt + 1 }, outcome.request);
      }
      return state;
    },
    durable: (state) => ({ applied: state.applied }),
    label: (state) => (state.pending > 0 ? 'waiting' : 'idle'),
  };
}

export function buildScenario(spec: RandomScenario): (params: Readonly<Record<string, unknown>>) => Scenario {
  const nodes = spec.peers.map((peer) => {
    const { out, callable } = neighbours(spec, peer.name);
    return { name: peer.name, behaviour: peerBehaviour(peer, out, callable), clock: peer.clock };
  });
  return (params) => {
    const network = { ...spec.network };
    if (typeof params.loss === 'number') network.loss = params.loss;
    if (typeof params.latencyMs === 'number') network.latencyMs = params.latencyMs;
    return { nodes, network, ...(spec.links ? { links: spec.links } : {}) };
  };
}

export function randomInput(
  spec: RandomScenario,
  seed: number,
  interventions: readonly Intervention[],
): RunInput {
  return { scenario: buildScenario(spec), seed, params: {}, interventions };
}

/** The longest a message can be in flight in this scenario, whatever `set-param` does to latency. */
export function maxDelayMs(spec: RandomScenario, interventions: readonly Intervention[]): number {
  const latencies = [
    spec.network.latencyMs,
    ...interventions.flatMap((iv) =>
      iv.kind === 'set-param' && iv.name === 'latencyMs' ? [Number(iv.value)] : [],
    ),
  ];
  const base = Math.max(...latencies) + spec.network.jitterMs;
  const links = (spec.links ?? []).map(
    (l) => (l.latencyMs ?? Math.max(...latencies)) + (l.jitterMs ?? spec.network.jitterMs),
  );
  return Math.max(base, ...links);
}
