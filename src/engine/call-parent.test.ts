import { describe, expect, it } from 'vitest';
import { Simulation } from './simulation.ts';
import type { Behaviour, Request, RunInput } from './types.ts';

/**
 * A call records the call whose handling made it (`parent`), whichever handler the server makes it
 * in: the request handler itself, a timer it set there, or the outcome of a call it made there. The
 * request path view builds its tree from this field alone.
 */

interface GatewayState {
  pending: Map<number, Request>;
}

/** On a request: calls auth at once and sets a timer that calls analytics; on auth's reply, calls db. */
const gateway: Behaviour<GatewayState> = {
  kind: 'gateway',
  init: () => ({ pending: new Map() }),
  onRequest(state, request, ctx) {
    const { call } = ctx.call('auth', 'check', {}, { deadlineMs: 500 });
    state.pending.set(call, request);
    ctx.setTimer(5, 'analytics', request);
    return state;
  },
  onTimer(state, _timer, ctx) {
    ctx.call('analytics', 'track', {}, { deadlineMs: 500 });
    return state;
  },
  onOutcome(state, outcome, ctx) {
    const request = state.pending.get(outcome.call);
    if (!request) return state;
    state.pending.delete(outcome.call);
    if (outcome.op === 'check') {
      const { call } = ctx.call('db', 'read', {}, { deadlineMs: 500 });
      state.pending.set(call, request);
    } else {
      ctx.reply(request, { ok: true, value: 'page' });
    }
    return state;
  },
};

const leaf: Behaviour<null> = {
  kind: 'leaf',
  init: () => null,
  onRequest(state, request, ctx) {
    ctx.reply(request, { ok: true, value: 'ok' });
    return state;
  },
};

/** Calls the gateway at start and again from a timer, and retries the first call once from its outcome. */
const client: Behaviour<{ retried: boolean }> = {
  kind: 'client',
  init(ctx) {
    ctx.call('gateway', 'page', {}, { deadlineMs: 1000 });
    ctx.setTimer(300, 'again');
    return { retried: false };
  },
  onTimer(state, _timer, ctx) {
    ctx.call('gateway', 'page', {}, { deadlineMs: 1000 });
    return state;
  },
  onOutcome(state, outcome, ctx) {
    if (state.retried) return state;
    ctx.call('gateway', 'page', {}, { deadlineMs: 1000, request: outcome.request });
    return { retried: true };
  },
};

function calls() {
  const input: RunInput = {
    seed: 1,
    params: {},
    interventions: [],
    scenario: () => ({
      nodes: [
        { name: 'client', behaviour: client },
        { name: 'gateway', behaviour: gateway },
        { name: 'auth', behaviour: leaf },
        { name: 'db', behaviour: leaf },
        { name: 'analytics', behaviour: leaf },
      ],
      network: { latencyMs: 10, jitterMs: 0, loss: 0, duplicate: 0 },
    }),
  };
  const sim = new Simulation(input, { checkpointEvery: 0 });
  sim.runUntil(2000);
  return sim.trace.ofType('call');
}

describe('a call records the call it was made for', () => {
  it('a client call made at start, from a timer or from an outcome has no parent', () => {
    const fromClient = calls().filter((c) => c.from === 'client');
    expect(fromClient).toHaveLength(3);
    for (const c of fromClient) expect(c.parent).toBeUndefined();
  });

  it('a server call made in its request handler, a timer set there, or an outcome has the request as parent', () => {
    const all = calls();
    const first = all.find((c) => c.from === 'client')!;
    const children = all.filter((c) => c.parent === first.call).map((c) => `${c.to}.${c.op}`);
    expect(children.sort()).toEqual(['analytics.track', 'auth.check', 'db.read']);
  });

  it('every gateway call has a parent that is a call to the gateway', () => {
    const all = calls();
    const byId = new Map(all.map((c) => [c.call, c]));
    const fromGateway = all.filter((c) => c.from === 'gateway');
    expect(fromGateway).toHaveLength(9);
    for (const c of fromGateway) expect(byId.get(c.parent!)?.to).toBe('gateway');
  });
});
