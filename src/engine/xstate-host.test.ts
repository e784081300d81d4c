import { describe, expect, it } from 'vitest';
import { assign, setup } from 'xstate';
import { Simulation, runTrace } from './simulation.ts';
import { machineBehaviour } from './xstate-host.ts';
import type { Behaviour, Intervention, RunInput } from './types.ts';

// A light that turns off 500 ms (of its own clock) after it is switched on, unless switched off first.
const light = setup({ actions: { announce: () => {} } }).createMachine({
  id: 'light',
  initial: 'off',
  context: { switches: 0 },
  states: {
    off: { on: { on: 'on' } },
    on: {
      after: { 500: 'timedOut' },
      on: { off: 'off' },
    },
    timedOut: { entry: 'announce', on: { on: 'on' } },
  },
});

/** Sends the labels of `script` ([true ms, label]) to the light. */
function driver(script: [number, string][]): Behaviour<null> {
  return {
    kind: 'switch',
    init(ctx) {
      for (const [at, label] of script) ctx.setTimer(at, label);
      return null;
    },
    onTimer(state, timer, ctx) {
      ctx.send('light', timer.tag);
      return state;
    },
  };
}

function input(script: [number, string][], interventions: Intervention[] = []): RunInput {
  return {
    seed: 11,
    params: {},
    interventions,
    scenario: () => ({
      nodes: [
        { name: 'switch', behaviour: driver(script) },
        {
          name: 'light',
          behaviour: machineBehaviour({
            kind: 'light',
            machine: light,
            effects: { announce: (ctx) => ctx.emit('timed-out', { at: ctx.now() }) },
          }),
          clock: { driftPpm: 1000 },
        },
      ],
      network: { latencyMs: 10, jitterMs: 0, loss: 0, duplicate: 0 },
    }),
  };
}

const labels = (trace: ReturnType<typeof runTrace>) =>
  trace
    .ofType('state')
    .filter((s) => s.node === 'light')
    .map((s) => [s.label, s.t]);

describe('the XState host', () => {
  it('runs `after` delays as timers on the node’s own drifting clock', () => {
    const trace = runTrace(input([[0, 'on']]), 2000);
    expect(labels(trace)).toEqual([
      ['off', 0],
      ['on', 10],
      ['timedOut', 10 + 499.5],
    ]);
    const timers = trace.ofType('timer').filter((t) => t.node === 'light');
    expect(timers).toMatchObject([{ tag: 'xstate:after 500', t: 509.5 }]);
    const entered = trace.ofType('deliver').find((d) => d.node === 'light')!;
    expect(timers[0]!.local - entered.local).toBeCloseTo(500, 2);
    expect(trace.ofType('timed-out')).toMatchObject([{ node: 'light', t: 509.5 }]);
  });

  it('cancels the delay when the state is left, and a fresh entry starts a fresh delay', () => {
    const off = runTrace(
      input([
        [0, 'off'],
        [1, 'on'],
        [200, 'off'],
      ]),
      2000,
    );
    expect(labels(off)).toEqual([
      ['off', 0],
      ['on', 11],
      ['off', 210],
    ]);
    expect(off.ofType('timer').filter((t) => t.node === 'light')).toEqual([]);

    const again = runTrace(
      input([
        [0, 'on'],
        [200, 'off'],
        [300, 'on'],
      ]),
      2000,
    );
    expect(again.ofType('timer').filter((t) => t.node === 'light')).toMatchObject([{ t: 310 + 499.5 }]);
    expect(labels(again).at(-1)).toEqual(['timedOut', 809.5]);
  });

  it('keeps its pending delay across a pause: it fires on resume', () => {
    const trace = runTrace(
      input(
        [[0, 'on']],
        [
          { at: 300, kind: 'pause', node: 'light' },
          { at: 900, kind: 'resume', node: 'light' },
        ],
      ),
      2000,
    );
    expect(labels(trace).at(-1)).toEqual(['timedOut', 900]);
  });

  it('loses its delay in a crash and starts again from its initial state on recovery', () => {
    const trace = runTrace(
      input(
        [
          [0, 'on'],
          [700, 'on'],
        ],
        [
          { at: 300, kind: 'crash', node: 'light' },
          { at: 400, kind: 'recover', node: 'light' },
        ],
      ),
      2000,
    );
    expect(labels(trace)).toEqual([
      ['off', 0],
      ['on', 10],
      ['off', 400],
      ['on', 710],
      ['timedOut', 710 + 499.5],
    ]);
  });

  it('survives checkpoints: seeking back and running forward gives the same trace', () => {
    const script: [number, string][] = [
      [0, 'on'],
      [100, 'off'],
      [150, 'on'],
      [900, 'on'],
      [1000, 'off'],
      [1010, 'on'],
    ];
    const straight = runTrace(input(script), 3000);
    const sim = new Simulation(input(script), { checkpointEvery: 1 });
    sim.runUntil(3000);
    expect(sim.trace.hash()).toBe(straight.hash());
    for (const t of [1200, 400, 0, 660.3, 2999, 155]) {
      sim.seek(t);
      expect(sim.trace.toJSONL()).toBe(straight.toJSONL(0, straight.upperBound(t)));
      sim.runUntil(3000);
      expect(sim.trace.toJSONL()).toBe(straight.toJSONL());
    }
  });

  it('branches: a pause added in the past equals a run that had it from the start', () => {
    const script: [number, string][] = [
      [0, 'on'],
      [700, 'on'],
    ];
    const pause: Intervention[] = [
      { at: 200, kind: 'pause', node: 'light' },
      { at: 800, kind: 'resume', node: 'light' },
    ];
    const straight = runTrace(input(script, pause), 2000);
    const sim = new Simulation(input(script), { checkpointEvery: 2 });
    sim.runUntil(2000);
    for (const iv of pause) sim.addIntervention(iv);
    sim.runUntil(2000);
    expect(sim.trace.toJSONL()).toBe(straight.toJSONL());
  });

  it("is typed from its machine: input, effects and durable see the machine's own context", () => {
    const counter = setup({
      types: { context: {} as { count: number }, input: {} as { start: number } },
      actions: { report: () => {} },
    }).createMachine({
      context: ({ input }) => ({ count: input.start }),
      initial: 'counting',
      states: { counting: { entry: 'report' } },
    });
    const reported: number[] = [];
    const behaviour = machineBehaviour({
      kind: 'counter',
      machine: counter,
      input: () => ({ start: 41 }),
      // No cast: `context.count` is a number here, and a field the machine lacks would not compile.
      effects: { report: (_ctx, { context }) => reported.push(context.count + 1) },
      durable: (context) => context.count,
    });
    // @ts-expect-error the machine's input is { start: number }
    machineBehaviour({ kind: 'wrong', machine: counter, input: () => ({ begin: 1 }) });
    const run: RunInput = {
      seed: 1,
      params: {},
      interventions: [],
      scenario: () => ({
        nodes: [{ name: 'c', behaviour }],
        network: { latencyMs: 1, jitterMs: 0, loss: 0, duplicate: 0 },
      }),
    };
    runTrace(run, 10);
    expect(reported).toEqual([42]);
  });

  it('runs a state a wrapper rebuilt with a new context from that context, not from the one it copied', () => {
    // The idempotency lesson rewrites the hosted context by spreading the state, which also copies
    // the host's cached live snapshot: the host must notice that it no longer matches.
    const tally = setup({
      types: { context: {} as { count: number } },
      actions: { bump: assign({ count: ({ context }) => context.count + 1 }), report: () => {} },
    }).createMachine({
      context: { count: 0 },
      initial: 'idle',
      states: { idle: { on: { tick: { actions: ['bump', 'report'] } } } },
    });
    const reported: number[] = [];
    const hosted = machineBehaviour({
      kind: 'tally',
      machine: tally,
      effects: { report: (_ctx, { context }) => reported.push(context.count) },
    });
    const wrapped: typeof hosted = {
      ...hosted,
      onMessage(state, delivery, ctx) {
        const next = hosted.onMessage!(state, delivery, ctx);
        // After the second tick, reset the count to 100 the way a lesson would: by spreading.
        return next.snapshot.context.count === 2
          ? { ...next, snapshot: { ...next.snapshot, context: { count: 100 } } }
          : next;
      },
    };
    const run: RunInput = {
      seed: 1,
      params: {},
      interventions: [],
      scenario: () => ({
        nodes: [
          {
            name: 'switch',
            behaviour: driver([
              [1, 'tick'],
              [2, 'tick'],
              [3, 'tick'],
              [4, 'tick'],
            ]),
          },
          { name: 'light', behaviour: wrapped },
        ],
        network: { latencyMs: 1, jitterMs: 0, loss: 0, duplicate: 0 },
      }),
    };
    runTrace(run, 50);
    expect(reported).toEqual([1, 2, 101, 102]);
  });
});
