import { describe, expect, it } from 'vitest';
import { Simulation } from './simulation.ts';
import { doubleApplications, outcomesWithTruth } from './lesson.ts';
import type {
  Behaviour,
  CallOutcome,
  ClockSpec,
  Intervention,
  LinkProps,
  Request,
  RunInput,
} from './types.ts';

type ServerMode = 'ok' | 'error' | 'silent' | 'late';

interface ClientState {
  outcomes: Pick<CallOutcome, 'call' | 'request' | 'result' | 'reason' | 'value'>[];
}

/** Calls the server once at `callAtMs` (deadline 100 ms of its own time); retries an unknown once if asked. */
function client(retry: boolean, callAtMs: number): Behaviour<ClientState> {
  return {
    kind: 'client',
    init(ctx) {
      if (callAtMs === 0) ctx.call('s', 'charge', { amount: 5 }, { deadlineMs: 100 });
      else ctx.setTimer(callAtMs, 'call');
      return { outcomes: [] };
    },
    onTimer(state, _timer, ctx) {
      ctx.call('s', 'charge', { amount: 5 }, { deadlineMs: 100 });
      return state;
    },
    onOutcome(state, outcome, ctx) {
      const { call, request, result, reason, value } = outcome;
      state.outcomes.push({ call, request, result, reason, value });
      if (retry && result === 'unknown' && state.outcomes.length === 1) {
        ctx.call('s', 'charge', outcome.args, { deadlineMs: 100, request: outcome.request });
      }
      return state;
    },
    label: (state) => (state.outcomes.length > 0 ? 'done' : 'waiting'),
  };
}

/** Applies the charge (records the effect) and replies as the mode says. */
function server(mode: ServerMode): Behaviour<{ applied: number }> {
  return {
    kind: 'server',
    init: () => ({ applied: 0 }),
    onRequest(state, request, ctx) {
      if (mode === 'error') {
        ctx.reply(request, { ok: false, error: 'insufficient funds' });
        return state;
      }
      state.applied++;
      ctx.effect(request, { amount: (request.args as { amount: number }).amount });
      if (mode === 'ok') ctx.reply(request, { ok: true, value: `receipt-${request.request}` });
      if (mode === 'late') ctx.setTimer(200, 'reply', request);
      return state;
    },
    onTimer(state, timer, ctx) {
      ctx.reply(timer.data as Request, { ok: true, value: 'late receipt' });
      return state;
    },
  };
}

function run(
  mode: ServerMode,
  opts: {
    interventions?: Intervention[];
    retry?: boolean;
    network?: Partial<LinkProps>;
    clock?: ClockSpec;
    callAtMs?: number;
  } = {},
) {
  const input: RunInput = {
    seed: 3,
    params: {},
    interventions: opts.interventions ?? [],
    scenario: () => ({
      nodes: [
        { name: 'c', behaviour: client(opts.retry ?? false, opts.callAtMs ?? 0), clock: opts.clock },
        { name: 's', behaviour: server(mode) },
      ],
      network: { latencyMs: 10, jitterMs: 0, loss: 0, duplicate: 0, ...opts.network },
    }),
  };
  const sim = new Simulation(input, { checkpointEvery: 0 });
  sim.runUntil(1000);
  const trace = sim.trace;
  const outcomes = trace.ofType('outcome');
  return {
    trace,
    outcomes,
    effects: trace.ofType('effect'),
    seen: (sim.nodeState('c') as ClientState | undefined)?.outcomes,
  };
}

describe('remote calls: exactly one outcome each', () => {
  it('success: a reply in time; the value reaches the caller, the effect is recorded', () => {
    const { trace, outcomes, effects } = run('ok');
    expect(trace.ofType('call')).toMatchObject([
      { call: 1, request: 1, from: 'c', to: 's', op: 'charge', t: 0 },
    ]);
    expect(outcomes).toMatchObject([
      {
        call: 1,
        request: 1,
        from: 'c',
        to: 's',
        op: 'charge',
        result: 'success',
        reason: 'reply arrived in time',
        t: 20,
      },
    ]);
    expect(effects).toMatchObject([{ node: 's', call: 1, request: 1, op: 'charge', amount: 5, t: 10 }]);
    const state = trace.ofType('state').filter((s) => s.node === 'c');
    expect(state.map((s) => [s.label, s.t])).toEqual([
      ['waiting', 0],
      ['done', 20],
    ]);
  });

  it('failure: an error reply', () => {
    const { outcomes, effects } = run('error');
    expect(outcomes).toMatchObject([{ result: 'failure', reason: 'error: insufficient funds', t: 20 }]);
    expect(effects).toEqual([]);
  });

  it('failure: refused, when the request reaches a crashed server', () => {
    const { trace, outcomes, effects } = run('ok', { interventions: [{ at: 5, kind: 'crash', node: 's' }] });
    expect(trace.ofType('drop')).toMatchObject([
      { node: 's', from: 'c', label: 'charge', call: 1, reason: 'crashed', t: 10 },
    ]);
    expect(trace.ofType('deliver')).toMatchObject([
      { node: 'c', from: 's', label: 'charge:refused', call: 1, t: 20 },
    ]);
    expect(outcomes).toMatchObject([{ result: 'failure', reason: 'refused: server down', t: 20 }]);
    expect(effects).toEqual([]);
  });

  it('unknown: the deadline passes with no reply', () => {
    const { outcomes, effects } = run('silent');
    expect(outcomes).toMatchObject([{ result: 'unknown', reason: 'deadline passed', t: 100 }]);
    expect(effects).toHaveLength(1); // it was done: the caller cannot tell
    expect(outcomesWithTruth(run('silent').trace)).toMatchObject([
      { call: 1, result: 'unknown', applied: true },
    ]);
  });

  it('unknown: the response is lost, though the server applied it', () => {
    const { trace, outcomes, effects } = run('ok', {
      interventions: [{ at: 0, kind: 'drop-next', from: 's', to: 'c' }],
    });
    expect(trace.ofType('drop')).toMatchObject([
      { node: 'c', from: 's', label: 'charge:ok', reason: 'dropped-by-you' },
    ]);
    expect(outcomes).toMatchObject([{ result: 'unknown', reason: 'deadline passed', t: 100 }]);
    expect(effects).toMatchObject([{ call: 1, amount: 5 }]);
  });

  it('unknown: the caller crashes; the reply that arrives afterwards is dropped', () => {
    const { trace, outcomes } = run('ok', { interventions: [{ at: 15, kind: 'crash', node: 'c' }] });
    expect(outcomes).toMatchObject([{ node: 'c', result: 'unknown', reason: 'caller crashed', t: 15 }]);
    expect(trace.ofType('drop')).toMatchObject([{ node: 'c', label: 'charge:ok', reason: 'crashed', t: 20 }]);
    expect(trace.ofType('timer')).toEqual([]); // the deadline timer died with the process
  });

  it('a late reply after unknown is delivered but makes no second outcome', () => {
    const { trace, outcomes } = run('late');
    expect(outcomes).toMatchObject([{ result: 'unknown', t: 100 }]);
    expect(trace.ofType('deliver').filter((d) => d.node === 'c')).toMatchObject([
      { label: 'charge:ok', call: 1, t: 220 },
    ]);
  });

  it('a duplicated reply makes one outcome, and the caller hears of it once', () => {
    const { trace, outcomes } = run('ok', { network: { duplicate: 1 } });
    // The request is duplicated too: the server applies it twice, under one request id.
    expect(trace.ofType('deliver').filter((d) => d.node === 'c')).toHaveLength(4);
    expect(outcomes).toHaveLength(1);
    expect(doubleApplications(trace)).toMatchObject([{ request: 1, op: 'charge' }]);
  });

  it('hands the caller each outcome once, with the reply’s value', () => {
    expect(run('ok', { network: { duplicate: 1 } }).seen).toEqual([
      { call: 1, request: 1, result: 'success', reason: 'reply arrived in time', value: 'receipt-1' },
    ]);
    expect(run('late').seen).toEqual([
      { call: 1, request: 1, result: 'unknown', reason: 'deadline passed', value: undefined },
    ]);
    expect(run('ok', { interventions: [{ at: 15, kind: 'crash', node: 'c' }] }).seen).toBeUndefined(); // no process to tell
  });

  it('a retry shares the logical request id; the server applying both is a double application', () => {
    const { trace, outcomes } = run('silent', { retry: true });
    expect(trace.ofType('call').map((c) => [c.call, c.request, c.t])).toEqual([
      [1, 1, 0],
      [2, 1, 100],
    ]);
    expect(outcomes.map((o) => [o.call, o.request, o.result, o.t])).toEqual([
      [1, 1, 'unknown', 100],
      [2, 1, 'unknown', 200],
    ]);
    expect(doubleApplications(trace)).toEqual([
      { request: 1, op: 'charge', seqs: trace.ofType('effect').map((e) => e.seq) },
    ]);
  });

  it('measures the deadline on the caller’s clock: drift, slowness and pauses move it', () => {
    expect(run('silent', { clock: { driftPpm: 1000 } }).outcomes[0]!.t).toBeCloseTo(100 / 1.001, 3);
    const slow: Intervention[] = [{ at: 0, kind: 'slow', node: 'c', factor: 2 }];
    expect(run('silent', { interventions: slow, callAtMs: 10 }).outcomes).toMatchObject([{ t: 210 }]);
    const paused = run('silent', {
      interventions: [
        { at: 50, kind: 'pause', node: 'c' },
        { at: 150, kind: 'resume', node: 'c' },
      ],
    });
    expect(paused.outcomes).toMatchObject([{ result: 'unknown', t: 150 }]);
  });

  it('counts a reply that reached a paused caller before its deadline as in time', () => {
    const { outcomes } = run('ok', {
      interventions: [
        { at: 15, kind: 'pause', node: 'c' },
        { at: 150, kind: 'resume', node: 'c' },
      ],
    });
    expect(outcomes).toMatchObject([{ result: 'success', t: 150 }]);
  });
});
