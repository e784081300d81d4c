import { describe, expect, it } from 'vitest';
import { Simulation } from './simulation.ts';
import type { Behaviour, Scenario } from './types.ts';
import { callsFrom } from './calls-from.ts';

const client: Behaviour<null> = {
  kind: 'client',
  init(ctx) {
    ctx.call('server', 'a', {}, { deadlineMs: 100 });
    ctx.call('server', 'b', {}, { deadlineMs: 100 });
    ctx.call('server', 'c', {}, { deadlineMs: 5000 });
    return null;
  },
};
// Answers "a", fails "b", keeps "c" waiting past the end of the run.
const server: Behaviour<null> = {
  kind: 'server',
  init: () => null,
  onRequest(state, request, ctx) {
    if (request.op === 'a') ctx.reply(request, { ok: true });
    if (request.op === 'b') ctx.reply(request, { ok: false, error: 'no' });
    return state;
  },
};
const scenario = (): Scenario => ({
  nodes: [
    { name: 'client', behaviour: client },
    { name: 'server', behaviour: server },
  ],
  network: { latencyMs: 10, jitterMs: 0, loss: 0, duplicate: 0 },
});

describe('callsFrom', () => {
  it("pairs each of a node's calls with its outcome, in call order, and marks one still waiting", () => {
    const sim = new Simulation({ scenario, seed: 1, params: {}, interventions: [] });
    sim.runUntil(1000);
    const calls = callsFrom(sim.trace, 'client');
    expect(calls.map((c) => c.result)).toEqual(['success', 'failure', 'waiting']);
    expect(calls[0]!.end).toBe(20);
    expect(sim.trace.get(calls[1]!.outcomeSeq!).type).toBe('outcome');
    expect(calls[2]!.outcomeSeq).toBeUndefined();
    expect(callsFrom(sim.trace, 'server')).toEqual([]);
  });
});
