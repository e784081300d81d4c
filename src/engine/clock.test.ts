import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Simulation, runTrace } from './simulation.ts';
import type { Trace } from './trace.ts';
import type { Behaviour, ClockSpec, Intervention, RunInput } from './types.ts';

/** A node that sets one timer at `setAtMs` of true time (via a first timer) for `delayMs` of its own time. */
function timerNode(delayMs: number, setAtMs = 0): Behaviour<null> {
  return {
    kind: 'timer',
    init(ctx) {
      if (setAtMs === 0) ctx.setTimer(delayMs, 'main');
      else ctx.setTimer(setAtMs, 'arm');
      return null;
    },
    onTimer(state, timer, ctx) {
      if (timer.tag === 'arm') ctx.setTimer(delayMs, 'main');
      return state;
    },
  };
}

function input(behaviour: Behaviour<null>, clock: ClockSpec, interventions: Intervention[] = []): RunInput {
  return {
    seed: 7,
    params: {},
    interventions,
    scenario: () => ({
      nodes: [{ name: 'n', behaviour, clock }],
      network: { latencyMs: 1, jitterMs: 0, loss: 0, duplicate: 0 },
    }),
  };
}

const mainTimer = (trace: Trace) => trace.ofType('timer').find((t) => t.tag === 'main')!;

describe('node clocks', () => {
  it('fires a +1000 ppm node’s 500 ms timer at 499.5 true ms, when its own clock reads 500', () => {
    const sim = new Simulation(input(timerNode(500), { driftPpm: 1000 }), { checkpointEvery: 0 });
    sim.runUntil(499.4);
    expect(sim.trace.ofType('timer')).toEqual([]);
    sim.runUntil(1000);
    expect(mainTimer(sim.trace)).toMatchObject({ t: 499.5, local: 500 });
  });

  it('fires a −1000 ppm node’s timer late, and an offset shifts only the reading', () => {
    expect(mainTimer(runTrace(input(timerNode(500), { driftPpm: -1000 }), 1000))).toMatchObject({
      t: 500.501,
      local: 500,
    });
    expect(mainTimer(runTrace(input(timerNode(500), { offsetMs: 1000 }), 1000))).toMatchObject({
      t: 500,
      local: 1500,
    });
  });

  it('fires a timer when the node’s own clock has advanced by the delay, whatever the drift', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -2000, max: 2000 }),
        fc.double({ min: -1e4, max: 1e4, noNaN: true }),
        fc.double({ min: 1, max: 1000, noNaN: true }),
        fc.double({ min: 0.5, max: 2000, noNaN: true }),
        (driftPpm, offsetMs, setAtMs, delayMs) => {
          const trace = runTrace(input(timerNode(delayMs, setAtMs), { driftPpm, offsetMs }), 5000);
          const arm = trace.ofType('timer').find((t) => t.tag === 'arm')!;
          const main = mainTimer(trace);
          expect(main.local - arm.local).toBeCloseTo(delayMs, 2);
          expect(main.t - arm.t).toBeCloseTo(delayMs / (1 + driftPpm / 1e6), 2);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('resyncs in steps: the reading jumps back towards true time, timers keep their true time', () => {
    const trace = runTrace(
      input(timerNode(500), { driftPpm: 1000, resync: { everyMs: 100, errorMs: 0 } }),
      1000,
    );
    const resyncs = trace.ofType('clock').filter((c) => c.reason === 'resync');
    expect(resyncs.map((c) => c.t)).toEqual([100, 200, 300, 400, 500, 600, 700, 800, 900, 1000]);
    for (const c of resyncs) {
      expect(c.jumpMs).toBeCloseTo(-0.1, 6); // 100 ms at +1000 ppm gained 0.1 ms
      expect(c.offsetMs).toBeCloseTo(0, 9);
      expect(c.local).toBeCloseTo(c.t, 2);
    }
    // The timer runs on the monotonic clock, which never jumps.
    expect(mainTimer(trace)).toMatchObject({ t: 499.5 });
  });

  it('resyncs to within errorMs, with errors drawn from the seed', () => {
    const run = (seed: number) =>
      runTrace(
        { ...input(timerNode(500), { driftPpm: 300, resync: { everyMs: 50, errorMs: 5 } }), seed },
        2000,
      )
        .ofType('clock')
        .filter((c) => c.reason === 'resync')
        .map((c) => c.offsetMs);
    const offsets = run(1);
    expect(offsets).toHaveLength(40);
    for (const o of offsets) expect(Math.abs(o)).toBeLessThanOrEqual(5);
    expect(new Set(offsets.map((o) => o.toFixed(6))).size).toBeGreaterThan(30);
    expect(run(1)).toEqual(offsets);
    expect(run(2)).not.toEqual(offsets);
  });

  it('skews: an offset jumps the reading but not the timers; a drift change moves pending timers', () => {
    const stepped = runTrace(
      input(timerNode(500), {}, [{ at: 100, kind: 'skew', node: 'n', offsetMs: 50 }]),
      1000,
    );
    expect(stepped.ofType('clock').filter((c) => c.reason === 'skew')).toMatchObject([
      { t: 100, local: 150, jumpMs: 50, offsetMs: 50, driftPpm: 0 },
    ]);
    expect(mainTimer(stepped)).toMatchObject({ t: 500, local: 550 });

    const drifted = runTrace(
      input(timerNode(500), {}, [{ at: 250, kind: 'skew', node: 'n', driftPpm: 1000 }]),
      1000,
    );
    // 250 ms of the node's time were left, now at 1.001 local ms per true ms.
    expect(mainTimer(drifted).t).toBeCloseTo(250 + 250 / 1.001, 3);
    expect(mainTimer(drifted).local).toBeCloseTo(500, 3);
  });

  it('stretches timers set while the node runs slow', () => {
    const trace = runTrace(
      input(timerNode(500, 10), {}, [{ at: 0, kind: 'slow', node: 'n', factor: 2 }]),
      2000,
    );
    expect(mainTimer(trace)).toMatchObject({ t: 1010 });
  });

  it('fires a timer that fell due during a pause when the node resumes', () => {
    const iv: Intervention[] = [
      { at: 400, kind: 'pause', node: 'n' },
      { at: 700, kind: 'resume', node: 'n' },
    ];
    expect(mainTimer(runTrace(input(timerNode(500), {}, iv), 1000))).toMatchObject({ t: 700 });
    const early: Intervention[] = [
      { at: 100, kind: 'pause', node: 'n' },
      { at: 200, kind: 'resume', node: 'n' },
    ];
    expect(mainTimer(runTrace(input(timerNode(500), {}, early), 1000))).toMatchObject({ t: 500 });
  });

  it('gives views what they need to compute local(t): every reading follows from the last clock event', () => {
    const iv: Intervention[] = [
      { at: 130, kind: 'skew', node: 'n', offsetMs: -20 },
      { at: 260, kind: 'skew', node: 'n', driftPpm: -700 },
      { at: 390, kind: 'skew', node: 'n', offsetMs: 7, driftPpm: 2000 },
    ];
    const ticker: Behaviour<null> = {
      kind: 'ticker',
      init(ctx) {
        ctx.setTimer(7, 'tick');
        return null;
      },
      onTimer(state, _timer, ctx) {
        ctx.setTimer(7, 'tick');
        return state;
      },
    };
    const trace = runTrace(
      input(ticker, { offsetMs: 3, driftPpm: 500, resync: { everyMs: 90, errorMs: 4 } }, iv),
      600,
    );
    let clock = trace.ofType('clock')[0]!;
    for (const ev of trace.slice()) {
      if (ev.type === 'clock') clock = ev;
      expect(ev.local, JSON.stringify(ev)).toBeCloseTo(
        clock.baseMono + (ev.t - clock.baseTrue) * clock.rate,
        2,
      );
    }
  });
});
