import { describe, expect, it } from 'vitest';
import { runTrace } from '../engine/simulation.ts';
import type { RunInput, Scenario } from '../engine/types.ts';
import { compileUserBehaviour, instrument, STEP_BUDGET, UserCodeError } from './user-code.ts';

const PINGER = `
// Sends a ping to every other node each 100 ms, and counts the pongs.
return {
  kind: 'pinger',
  init(ctx) {
    ctx.setTimer(100, 'ping');
    return { pongs: 0 };
  },
  onTimer(state, timer, ctx) {
    for (const n of ctx.nodes) if (n !== ctx.name) ctx.send(n, 'ping');
    ctx.setTimer(100, 'ping');
    return state;
  },
  onMessage(state, d, ctx) {
    if (d.label === 'ping') ctx.send(d.from, 'pong');
    else state.pongs += 1;
    return state;
  },
  label: (state) => state.pongs + ' pongs',
};
`;

/** Two nodes running the same user code. */
function input(code: string, untilNodes = ['a', 'b']): RunInput {
  const compiled = compileUserBehaviour(code);
  if (!compiled.ok) throw new Error(compiled.error);
  const scenario = (): Scenario => ({
    nodes: untilNodes.map((name) => ({ name, behaviour: compiled.make(name) })),
    network: { latencyMs: 10, jitterMs: 5, loss: 0, duplicate: 0 },
  });
  return { scenario, seed: 7, params: {}, interventions: [] };
}

/** The error a run of `code` stops with. */
function runError(code: string): string {
  try {
    runTrace(input(code), 2000);
  } catch (error) {
    expect(error).toBeInstanceOf(UserCodeError);
    return (error as Error).message;
  }
  throw new Error('the run did not stop');
}

describe("the user's own behaviour", () => {
  it('runs like a library behaviour: messages, timers and labels in the trace, the same twice', () => {
    const trace = runTrace(input(PINGER), 1000);
    const events = trace.slice();
    expect(events.filter((e) => e.type === 'deliver').length).toBeGreaterThan(30);
    expect(events.some((e) => e.type === 'state' && e.label === '9 pongs')).toBe(true);
    expect(runTrace(input(PINGER), 1000).hash()).toBe(trace.hash());
  });

  it('stops a handler that loops forever, naming the node and the handler', () => {
    const loop = PINGER.replace("if (d.label === 'ping')", 'while (true) {}\n    if (d.label === "ping")');
    expect(runError(loop)).toMatch(
      new RegExp(`^[ab]: onMessage ran ${STEP_BUDGET.toLocaleString('en-US')} loop steps without returning`),
    );
    // Every kind of loop, with or without braces, and a try that would swallow the stop.
    for (const body of [
      'for (;;);',
      'do {} while (true);',
      'let i = 0; while (i >= 0) i++;',
      'for (const x of (function* () { for (;;) yield 1; })()) {}',
      'for (;;) { try { for (;;) {} } catch (e) {} }',
    ])
      expect(runError(`return { init() { ${body} return 0; } };`)).toMatch(/init ran .* loop steps/);
    expect(runError('for (;;) {} return {};')).toMatch(/the top level ran/);
  });

  it('refuses code that would load other code, and code that does not parse, with the line', () => {
    expect(compileUserBehaviour('\nimport("https://example.com/x.js");\nreturn {};')).toMatchObject({
      ok: false,
      error: expect.stringMatching(/may not load other code/),
      line: 2,
    });
    expect(compileUserBehaviour('return { init() { return import.meta; } };')).toMatchObject({ ok: false });
    expect(compileUserBehaviour('return {\n  init( {\n};')).toMatchObject({
      ok: false,
      error: 'Your code does not parse: Unexpected token',
      line: 3,
    });
  });

  it('says what is wrong with the object it returns', () => {
    expect(runError('return 1;')).toMatch(/must end with return \{ init/);
    expect(runError('return { onmessage() {}, init: () => 0 };')).toMatch(
      /"onmessage".*did you mean "onMessage"/,
    );
    expect(runError('return { onTimer() {} };')).toMatch(/needs an init\(ctx\) handler/);
  });

  it("names the handler and the line of the user's own error", () => {
    const message = runError('return {\n  init(ctx) {\n    return ctx.nope.x;\n  },\n};');
    expect(message).toMatch(/^[ab]: init threw TypeError/);
    expect(message).toMatch(/line 3/);
  });

  it('a ctx kept past its handler refuses to act', () => {
    const code = `
      let kept;
      return {
        init(ctx) { kept = ctx; ctx.setTimer(10, 't'); return 0; },
        onTimer(state) { kept.send('b', 'late'); return state; },
      };`;
    expect(runError(code)).toMatch(/ctx\.send was called after its handler returned/);
  });

  it('keeps line numbers when it adds its step calls', () => {
    const code = 'let n = 0;\nwhile (n < 3)\n  n++;\nfor (;;) break;\nreturn n;';
    const out = instrument(code);
    expect(out.ok && out.code.split('\n').length).toBe(code.split('\n').length);
    expect(out.ok && new Function('__step', out.code)(() => {})).toBe(3);
  });
});
