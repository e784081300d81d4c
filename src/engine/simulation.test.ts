import { describe, expect, it } from 'vitest';
import { Simulation, runTrace } from './simulation.ts';
import type { Behaviour, Intervention, RunInput } from './types.ts';

/** `a` sends one message to `b` at start; `b` counts what it hears. */
const sender: Behaviour<null> = {
  kind: 'sender',
  init(ctx) {
    ctx.send('b', 'm');
    return null;
  },
};
const counter: Behaviour<{ heard: number }> = {
  kind: 'counter',
  init: () => ({ heard: 0 }),
  onMessage(state) {
    state.heard++;
    return state;
  },
  label: (state) => `heard ${state.heard}`,
};

function input(interventions: Intervention[]): RunInput {
  return {
    seed: 5,
    params: {},
    interventions,
    scenario: () => ({
      nodes: [
        { name: 'a', behaviour: sender },
        { name: 'b', behaviour: counter },
      ],
      network: { latencyMs: 10, jitterMs: 0, loss: 0, duplicate: 0 },
    }),
  };
}

describe('Simulation', () => {
  it('runs to a time and reports what it processed; status and node state show where it is', () => {
    const sim = new Simulation(input([{ at: 4, kind: 'slow', node: 'b', factor: 3 }]));
    expect(sim.runUntil(5)).toBe(0);
    expect(sim.now).toBe(5);
    expect(sim.nextEventTime()).toBe(10);
    expect(sim.runUntil(50)).toBe(1);
    expect(sim.nodeState('b')).toEqual({ heard: 1 });
    expect(sim.status()).toEqual([
      { name: 'a', kind: 'sender', label: '', crashed: false, paused: false, slowFactor: 1, localMs: 50 },
      {
        name: 'b',
        kind: 'counter',
        label: 'heard 1',
        crashed: false,
        paused: false,
        slowFactor: 3,
        localMs: 50,
      },
    ]);
    expect(sim.nextEventTime()).toBe(Infinity);
    expect(sim.step()).toBe(false);
  });

  it('steps one event or intervention at a time', () => {
    const sim = new Simulation(input([{ at: 3, kind: 'pause', node: 'a' }]));
    const start = sim.trace.length;
    expect(sim.step()).toBe(true);
    expect(sim.trace.slice(start).map((e) => e.type)).toEqual(['intervention', 'pause']);
    expect(sim.step()).toBe(true);
    expect(sim.trace.slice(start + 2).map((e) => e.type)).toEqual(['deliver', 'state']);
    expect(sim.step()).toBe(false);
  });

  it('names what is wrong with a scenario or an intervention', () => {
    const twice: RunInput = {
      ...input([]),
      scenario: () => ({
        nodes: [
          { name: 'a', behaviour: counter },
          { name: 'a', behaviour: counter },
        ],
        network: { latencyMs: 1, jitterMs: 0, loss: 0, duplicate: 0 },
      }),
    };
    expect(() => new Simulation(twice)).toThrow(/unique/);
    const sim = new Simulation(input([{ at: 1, kind: 'crash', node: 'zed' }]));
    expect(() => sim.runUntil(2)).toThrow(/unknown node "zed"/);
    const noLink: RunInput = {
      ...input([]),
      scenario: () => ({
        nodes: [
          { name: 'a', behaviour: sender },
          { name: 'b', behaviour: counter },
        ],
        network: { latencyMs: 1, jitterMs: 0, loss: 0, duplicate: 0 },
        links: [{ from: 'b', to: 'a' }],
      }),
    };
    expect(() => new Simulation(noLink)).toThrow(/a has no link to b/);
  });

  it('applies an intervention before the events of the same instant', () => {
    // The message arrives at b at exactly 10, when the cut happens: the cut comes first.
    const cut = runTrace(input([{ at: 10, kind: 'partition', from: 'a', to: 'b' }]), 50);
    expect(cut.ofType('drop')).toMatchObject([{ reason: 'cut', t: 10 }]);
    const crash = runTrace(input([{ at: 10, kind: 'crash', node: 'b' }]), 50);
    expect(crash.ofType('drop')).toMatchObject([{ reason: 'crashed', t: 10 }]);
  });

  it('isolates a node (or two) from every other node over the links that exist, and rejoins it', () => {
    const idle: Behaviour<null> = { kind: 'idle', init: () => null };
    const three = (interventions: Intervention[]): RunInput => ({
      seed: 5,
      params: {},
      interventions,
      scenario: () => ({
        nodes: ['a', 'b', 'c', 'd'].map((name) => ({ name, behaviour: idle })),
        network: { latencyMs: 1, jitterMs: 0, loss: 0, duplicate: 0 },
        // No link between a and d.
        links: [
          ['a', 'b'],
          ['b', 'a'],
          ['a', 'c'],
          ['c', 'a'],
          ['b', 'c'],
          ['c', 'b'],
          ['b', 'd'],
          ['d', 'b'],
          ['c', 'd'],
          ['d', 'c'],
        ].map(([from, to]) => ({ from: from!, to: to! })),
      }),
    });
    const links = (t: ReturnType<typeof runTrace>, type: 'partition' | 'heal') =>
      t
        .ofType(type)
        .map((e) => `${e.node}>${e.to}`)
        .sort();
    const alone = runTrace(three([{ at: 1, kind: 'isolate', node: 'a' }]), 5);
    expect(links(alone, 'partition')).toEqual(['a>b', 'a>c', 'b>a', 'c>a']);
    const pair = runTrace(
      three([
        { at: 1, kind: 'isolate', node: 'a', with: 'b' },
        { at: 2, kind: 'rejoin', node: 'b', with: 'a' },
      ]),
      5,
    );
    // a and b stay linked to each other; d is cut from b only (it has no link to a).
    expect(links(pair, 'partition')).toEqual(['a>c', 'b>c', 'b>d', 'c>a', 'c>b', 'd>b']);
    expect(links(pair, 'heal')).toEqual(links(pair, 'partition'));
  });

  it('rejects a timer that would never be ordered in time (a NaN delay), naming it', () => {
    const broken: Behaviour<null> = {
      kind: 'broken',
      init(ctx) {
        ctx.setTimer(Number('soon'), 'retry');
        return null;
      },
    };
    const bad: RunInput = {
      ...input([]),
      scenario: () => ({
        nodes: [{ name: 'x', behaviour: broken }],
        network: { latencyMs: 1, jitterMs: 0, loss: 0, duplicate: 0 },
      }),
    };
    expect(() => runTrace(bad, 100)).toThrow(/x.*"retry".*NaN/);
  });

  // Regression: the trace kept the very objects a behaviour passed to emit() and effect(), so a
  // behaviour that went on changing its state rewrote events already in the trace.
  it('records emitted and effect fields as they were at that moment', () => {
    const ticker: Behaviour<{ seen: { n: number } }> = {
      kind: 'ticker',
      init(ctx) {
        ctx.setTimer(1, 'tick');
        return { seen: { n: 0 } };
      },
      onTimer(state, _timer, ctx) {
        state.seen.n++;
        ctx.emit('tick', state.seen);
        ctx.call('y', 'write', null, { deadlineMs: 50 });
        if (state.seen.n < 3) ctx.setTimer(1, 'tick');
        return state;
      },
    };
    const server: Behaviour<{ total: { n: number } }> = {
      kind: 'server',
      init: () => ({ total: { n: 0 } }),
      onRequest(state, request, ctx) {
        state.total.n++;
        ctx.effect(request, state.total);
        return state;
      },
    };
    const trace = runTrace(
      {
        ...input([]),
        scenario: () => ({
          nodes: [
            { name: 'x', behaviour: ticker },
            { name: 'y', behaviour: server },
          ],
          network: { latencyMs: 10, jitterMs: 0, loss: 0, duplicate: 0 },
        }),
      },
      100,
    );
    expect(trace.ofType('tick').map((e) => e.n)).toEqual([1, 2, 3]);
    expect(trace.ofType('effect').map((e) => e.n)).toEqual([1, 2, 3]);
  });

  it('refuses to go back in time without checkpoints', () => {
    const sim = new Simulation(input([]), { checkpointEvery: 0 });
    sim.runUntil(50);
    expect(() => sim.seek(5)).toThrow(/no checkpoint/);
  });

  // Regression: at `now`, an event may have run without tracing anything (a message reaching a
  // paused node waits silently). An intervention added at that same instant must still come first,
  // as it would have in a run that had it from the start.
  it('branches correctly at the present instant, even when the events there left no trace', () => {
    const pause: Intervention[] = [
      { at: 5, kind: 'pause', node: 'b' },
      { at: 20, kind: 'resume', node: 'b' },
    ];
    const cut: Intervention = { at: 10, kind: 'partition', from: 'a', to: 'b', oneWay: true };
    const straight = runTrace(input([...pause, cut]), 100);
    expect(straight.ofType('drop')).toMatchObject([{ reason: 'cut', t: 10 }]);

    const sim = new Simulation(input(pause), { checkpointEvery: 1 });
    sim.runUntil(10); // the message reached paused b at 10 and waits in its buffer
    sim.addIntervention(cut);
    sim.runUntil(100);
    expect(sim.trace.toJSONL()).toBe(straight.toJSONL());
  });
});

describe('signals to a paused node', () => {
  const pinger: Behaviour<{ pings: number }> = {
    kind: 'pinger',
    init: () => ({ pings: 0 }),
    onSignal: (s, signal, ctx) => {
      ctx.send('other', signal);
      return { pings: s.pings + 1 };
    },
  };
  const quiet: Behaviour<null> = { kind: 'quiet', init: () => null };
  const input = (interventions: Intervention[]): RunInput => ({
    seed: 1,
    params: {},
    interventions,
    scenario: () => ({
      nodes: [
        { name: 'pinger', behaviour: pinger },
        { name: 'other', behaviour: quiet },
      ],
      network: { latencyMs: 10, jitterMs: 0, loss: 0, duplicate: 0 },
    }),
  });

  it('waits until the node resumes, then runs in order, and replays exactly', () => {
    const run = input([
      { at: 100, kind: 'pause', node: 'pinger' },
      { at: 150, kind: 'signal', node: 'pinger', signal: 'first' },
      { at: 160, kind: 'signal', node: 'pinger', signal: 'second' },
      { at: 400, kind: 'resume', node: 'pinger' },
    ]);
    const trace = runTrace(run, 1000);
    const sends = trace.ofType('send');
    expect(sends.map((e) => [e.label, e.t])).toEqual([
      ['first', 400],
      ['second', 400],
    ]);
    expect(trace.ofType('timer')).toEqual([]);

    const sim = new Simulation(run, { checkpointEvery: 1 });
    sim.runUntil(1000);
    sim.seek(155);
    sim.runUntil(1000);
    expect(sim.trace.hash()).toBe(trace.hash());
  });

  it('is forgotten if the node crashes before it resumes', () => {
    const trace = runTrace(
      input([
        { at: 100, kind: 'pause', node: 'pinger' },
        { at: 150, kind: 'signal', node: 'pinger', signal: 'lost' },
        { at: 200, kind: 'crash', node: 'pinger' },
        { at: 300, kind: 'recover', node: 'pinger' },
      ]),
      1000,
    );
    expect(trace.ofType('send')).toEqual([]);
  });
});
