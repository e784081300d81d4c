import { describe, expect, it } from 'vitest';
import { Simulation } from '../../engine/simulation.ts';
import type { Behaviour, Request, RunInput, TraceEvent } from '../../engine/index.ts';
import { CallsIndex } from './calls.ts';
import { callOfSelection, latestRoot, requestPath, rootOf } from './request-path.ts';

/**
 * One rule a test (see request-path.ts). The scenario: a client calls a gateway; the gateway calls
 * auth, then a database (which applies the write and replies as told), then tells analytics about it
 * with a one-way send, and replies to the client once the database answered.
 */

type DbMode = 'ok' | 'error' | 'silent';

interface Pending {
  request: Request;
  step: 'auth' | 'db';
}

function gateway(): Behaviour<Map<number, Pending>> {
  return {
    kind: 'gateway',
    init: () => new Map(),
    onRequest(state, request, ctx) {
      const { call } = ctx.call('auth', 'check', {}, { deadlineMs: 100 });
      state.set(call, { request, step: 'auth' });
      return state;
    },
    onOutcome(state, outcome, ctx) {
      const pending = state.get(outcome.call);
      if (!pending) return state;
      state.delete(outcome.call);
      if (pending.step === 'auth') {
        const { call } = ctx.call('db', 'write', {}, { deadlineMs: 100 });
        state.set(call, { request: pending.request, step: 'db' });
        ctx.send('analytics', 'track');
      } else if (outcome.result === 'success') ctx.reply(pending.request, { ok: true, value: 'done' });
      else ctx.reply(pending.request, { ok: false, error: 'db' });
      return state;
    },
  };
}

function db(mode: DbMode): Behaviour<null> {
  return {
    kind: 'db',
    init: () => null,
    onRequest(state, request, ctx) {
      ctx.effect(request);
      if (mode === 'ok') ctx.reply(request, { ok: true, value: 'stored' });
      if (mode === 'error') ctx.reply(request, { ok: false, error: 'disk full' });
      return state;
    },
  };
}

const leaf: Behaviour<null> = {
  kind: 'leaf',
  init: () => null,
  onRequest(state, request, ctx) {
    ctx.reply(request, { ok: true, value: 'ok' });
    return state;
  },
};

/** Calls the gateway `requests` times, 1 s apart; retries a failed or unknown call once if asked. */
function client(requests: number, retry: boolean): Behaviour<{ retried: Set<number> }> {
  return {
    kind: 'client',
    init(ctx) {
      for (let i = 0; i < requests; i++) ctx.setTimer(i * 1000, 'go');
      return { retried: new Set() };
    },
    onTimer(state, _timer, ctx) {
      ctx.call('gateway', 'page', {}, { deadlineMs: 500 });
      return state;
    },
    onOutcome(state, outcome, ctx) {
      if (retry && outcome.result !== 'success' && !state.retried.has(outcome.request)) {
        state.retried.add(outcome.request);
        ctx.call('gateway', 'page', {}, { deadlineMs: 500, request: outcome.request });
      }
      return state;
    },
  };
}

function run(mode: DbMode, { requests = 1, retry = false } = {}) {
  const input: RunInput = {
    seed: 7,
    params: {},
    interventions: [],
    scenario: () => ({
      nodes: [
        { name: 'client', behaviour: client(requests, retry) },
        { name: 'gateway', behaviour: gateway() },
        { name: 'auth', behaviour: leaf },
        { name: 'db', behaviour: db(mode) },
        { name: 'analytics', behaviour: leaf },
      ],
      network: { latencyMs: 10, jitterMs: 0, loss: 0, duplicate: 0 },
    }),
  };
  const sim = new Simulation(input, { checkpointEvery: 0 });
  sim.runUntil(5000);
  const events: TraceEvent[] = sim.trace.slice(0, sim.trace.length);
  const index = new CallsIndex();
  index.add(events);
  const end = events.length;
  const first = index.calls[0]!;
  return { events, index, end, path: requestPath(index, first, end) };
}

describe('the request path: round trips', () => {
  it('a call and its outcome are one round trip, a success as much as a failure', () => {
    const { path } = run('error');
    expect(path.hops.map((h) => `${h.from}→${h.to}`)).toEqual([
      'client→gateway',
      'gateway→auth',
      'gateway→db',
    ]);
    expect(path.roundTrips).toBe(3);
    expect(path.hops.map((h) => h.outcome?.result)).toEqual(['failure', 'success', 'failure']);
  });

  it('an unknown outcome is a round trip too: the caller waited it out', () => {
    const { path } = run('silent');
    expect(path.roundTrips).toBe(3);
    expect(path.hops.find((h) => h.to === 'db')?.outcome?.result).toBe('unknown');
  });

  it('a call still waiting at the cursor is in flight, not yet a round trip', () => {
    const { index, events } = run('ok');
    const dbCall = events.find((e) => e.type === 'call' && e.to === 'db')!;
    const path = requestPath(index, index.calls[0]!, dbCall.seq + 1);
    expect(path.roundTrips).toBe(1); // gateway → auth came back
    expect(path.inFlight).toBe(2); // the client's call and the db write
    expect(path.result).toBeNull();
    expect(path.latencyMs).toBeNull();
  });

  it('a one-way send is no round trip', () => {
    const { path, events } = run('ok');
    expect(events.some((e) => e.type === 'send' && e.to === 'analytics')).toBe(true);
    expect(path.hops.some((h) => h.to === 'analytics')).toBe(false);
    expect(path.roundTrips).toBe(3);
  });

  it('a retry is a round trip of its own, and its calls hang under it', () => {
    const { path } = run('error', { retry: true });
    expect(path.roots).toHaveLength(2);
    expect(path.roots.map((r) => r.attempt)).toEqual([1, 2]);
    expect(path.roots[1]!.children.map((h) => h.to)).toEqual(['auth', 'db']);
    expect(path.roundTrips).toBe(6);
  });

  it('calls of another request are not in this one', () => {
    const { index, end } = run('ok', { requests: 2 });
    const second = index.calls.filter((c) => c.from === 'client')[1]!;
    const path = requestPath(index, second, end);
    expect(path.request).toBe(second.request);
    expect(path.roundTrips).toBe(3);
    expect(path.hops.every((h) => h.t >= second.t)).toBe(true);
  });
});

describe('the request path: latency, failure and truth', () => {
  it('the latency runs from the first attempt to the last outcome, as the client paid it', () => {
    const { path } = run('ok');
    // client→gateway 10, gateway→auth and back 20, gateway→db and back 20, gateway→client 10
    expect(path.latencyMs).toBe(60);
    expect(path.hops.map((h) => h.latencyMs)).toEqual([60, 20, 20]);
    expect(path.client).toBe('client');
  });

  it('after a retry the latency counts both attempts', () => {
    const { path } = run('error', { retry: true });
    expect(path.latencyMs).toBe(path.roots[1]!.outcome!.t - path.roots[0]!.t);
    expect(path.latencyMs!).toBeGreaterThan(path.roots[1]!.latencyMs!);
  });

  it('a hop failed when its outcome was a failure or an unknown', () => {
    expect(run('ok').path.failed).toEqual([]);
    expect(run('error').path.failed.map((h) => h.to)).toEqual(['gateway', 'db']);
    // The silent database leaves the gateway unknowing; it tells the client it failed.
    expect(run('silent').path.failed.map((h) => `${h.to}:${h.outcome?.result}`)).toEqual([
      'gateway:failure',
      'db:unknown',
    ]);
  });

  it('the node that applied the effect holds the truth', () => {
    expect(run('ok').path.truth).toEqual(['db']);
  });
});

describe('finding the request of a selection', () => {
  it('walks up from any call of the tree to its first hop', () => {
    const { index } = run('ok');
    const dbCall = index.calls.find((c) => c.to === 'db')!;
    expect(rootOf(index, dbCall.call)?.from).toBe('client');
  });

  it('reads the call of a selected call, message or event', () => {
    const { events } = run('ok');
    const send = events.find((e) => e.type === 'send' && e.to === 'db') as TraceEvent & {
      msg: number;
      call: number;
    };
    expect(callOfSelection({ kind: 'message', msg: send.msg }, events, 0)).toBe(send.call);
    expect(callOfSelection({ kind: 'event', seq: send.seq }, events, 0)).toBe(send.call);
    expect(callOfSelection({ kind: 'call', call: 3 }, events, 0)).toBe(3);
    expect(callOfSelection({ kind: 'node', name: 'db' }, events, 0)).toBeNull();
  });

  it('without a selection, the latest request that has come back', () => {
    const { index, end } = run('ok', { requests: 2 });
    const clientCalls = index.calls.filter((c) => c.from === 'client');
    expect(latestRoot(index, end)?.call).toBe(clientCalls[1]!.call);
    const beforeSecondBack = clientCalls[1]!.seq + 1;
    expect(latestRoot(index, beforeSecondBack)?.call).toBe(clientCalls[0]!.call);
  });
});
