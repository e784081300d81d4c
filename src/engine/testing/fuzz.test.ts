import { describe, expect, it } from 'vitest';
import { defineGuide, defineLesson } from '../lesson.ts';
import type { Behaviour } from '../types.ts';
import { fuzzCase, runFuzzCase, SETTLE_MS } from './fuzz.ts';

/** A two-node lesson whose server misbehaves the way `mode` says, to show the kit catches it. */
function toyLesson(mode: 'sound' | 'throws' | 'storm') {
  const guide = defineGuide({
    id: `toy-${mode}`,
    title: 'Toy',
    summary: 'A client calls a server.',
    principle: 'Test the fuzz kit',
    part: 1,
    order: 99,
    minutes: 1,
    params: {
      deadlineMs: {
        kind: 'number',
        unit: 'ms',
        label: 'Deadline',
        description: 'How long the client waits.',
        min: 50,
        max: 500,
        step: 50,
        default: 200,
      },
      fix: { kind: 'boolean', label: 'Fix', description: 'Nothing.', default: false },
    },
    nodeNames: () => ['client', 'server'],
    durationMs: 2000,
    defaultSeed: 1,
    interventions: [{ kind: 'crash', node: 'server', label: 'Crash', description: 'Crash the server.' }],
    steps: [],
  });
  const client: Behaviour<{ n: number }> = {
    kind: 'client',
    init(ctx) {
      ctx.setTimer(100, 'call');
      return { n: 0 };
    },
    onTimer(state, _timer, ctx) {
      state.n++;
      ctx.call('server', 'write', { n: state.n }, { deadlineMs: Number(ctx.params.deadlineMs) });
      if (state.n < 10) ctx.setTimer(150, 'call');
      return state;
    },
  };
  const server: Behaviour<null> = {
    kind: 'server',
    init(ctx) {
      if (mode === 'storm') ctx.setTimer(0, 'spin');
      return null;
    },
    onTimer(state, _timer, ctx) {
      ctx.setTimer(0, 'spin'); // never lets time move on
      return state;
    },
    onRequest(state, request, ctx) {
      if (mode === 'throws' && (request.args as { n: number }).n === 3) throw new Error('the third write');
      ctx.reply(request, { ok: true });
      return state;
    },
  };
  return defineLesson(guide, () => ({
    nodes: [
      { name: 'client', behaviour: client, position: { x: 0, y: 0 } },
      { name: 'server', behaviour: server, position: { x: 1, y: 0 } },
    ],
    network: { latencyMs: 5, jitterMs: 5, loss: 0, duplicate: 0 },
  }));
}

describe('the fuzz kit', () => {
  it('names each case by its lesson and case seed alone', () => {
    const lesson = toyLesson('sound');
    expect(fuzzCase(lesson, 42)).toEqual(fuzzCase(lesson, 42));
    expect(fuzzCase(lesson, 42)).not.toEqual(fuzzCase(lesson, 43));
  });

  it('tries the extremes: parameters at their bounds, actions at 0 and at the very end, then repairs', () => {
    const lesson = toyLesson('sound');
    const cases = Array.from({ length: 200 }, (_, i) => fuzzCase(lesson, i));
    const deadlines = new Set(cases.map((c) => c.params.deadlineMs));
    expect(deadlines.has(50) && deadlines.has(500)).toBe(true);
    const times = cases.flatMap((c) =>
      c.interventions.filter((iv) => iv.at < c.settleFromMs || iv.kind === 'crash'),
    );
    expect(times.some((iv) => iv.at === 0)).toBe(true);
    expect(
      cases.some((c) => c.interventions.some((iv) => iv.kind === 'crash' && iv.at === c.settleFromMs)),
    ).toBe(true);
    for (const c of cases) {
      expect(c.endMs).toBe(c.settleFromMs + SETTLE_MS);
      // The settling period starts with every node recovered.
      const recovered = c.interventions.flatMap((iv) =>
        iv.kind === 'recover' && iv.at === c.settleFromMs ? [iv.node] : [],
      );
      expect(new Set(recovered)).toEqual(new Set(['client', 'server']));
    }
  });

  it('passes a sound lesson, determinism included', () => {
    const lesson = toyLesson('sound');
    for (let i = 0; i < 30; i++) {
      const result = runFuzzCase(lesson, fuzzCase(lesson, i), { checkDeterminism: true });
      expect(result.problems).toEqual([]);
      expect(result.events).toBeGreaterThan(0);
    }
  });

  it('reports a behaviour that throws, with where', () => {
    const lesson = toyLesson('throws');
    const failed = Array.from({ length: 20 }, (_, i) => runFuzzCase(lesson, fuzzCase(lesson, i))).filter(
      (r) => r.problems.length > 0,
    );
    expect(failed.length).toBeGreaterThan(0);
    expect(failed[0]!.problems[0]).toMatch(/threw: .*the third write/);
  });

  it('stops a run that never lets time pass at the event cap, and says so', () => {
    const lesson = toyLesson('storm');
    const result = runFuzzCase(lesson, fuzzCase(lesson, 1), { eventCap: 5000 });
    expect(result.problems[0]).toMatch(/did not reach .* within 5000 events/);
  });
});
