/**
 * A behaviour written by the user, in JavaScript, made into an engine behaviour. The code is a
 * script whose last word is `return { init(ctx) {…}, onMessage(state, delivery, ctx) {…}, … }`.
 *
 * Three guards, because the code is a stranger's (it may come in a shared link):
 * - every loop is given a step counter before the code runs (the source is parsed with acorn and a
 *   call inserted at the top of each loop body, on the same line, so line numbers still match); a
 *   handler that loops past the budget is stopped with a message naming it, so a `while (true)`
 *   ends the run with a sentence instead of freezing the worker;
 * - `import()` and `import.meta` are refused before the code is compiled (lockDown, in the worker,
 *   removes the network and storage objects; dynamic import is syntax, so it is refused here);
 * - the `ctx` a handler gets works only while that handler runs: kept and called later (from a
 *   promise, say), it throws, since an action outside a handler would not be in the trace.
 *
 * Runs in the simulation worker only, never on the page. Everything here is deterministic: the
 * step count is counted, not timed.
 */
import { parse, type Node } from 'acorn';
import type { Behaviour, NodeContext } from '../engine/types.ts';

/** Loop steps one handler call may take: far more than any honest handler, reached in well under a second. */
export const STEP_BUDGET = 1_000_000;

/**
 * Taken when this module loads: the worker's lockdown then removes `Function` (and every function
 * constructor) from the scope the user's code sees, so only this module can make code from a string.
 */
const CompileFunction = Function;

const HANDLERS = [
  'init',
  'onMessage',
  'onRequest',
  'onOutcome',
  'onTimer',
  'onSignal',
  'durable',
  'label',
] as const;
type Handler = (typeof HANDLERS)[number];
const KNOWN = new Set<string>([...HANDLERS, 'kind']);

export type UserCodeResult =
  { ok: true; make: (node: string) => Behaviour<unknown> } | { ok: false; error: string; line?: number };

/** What the user's code did wrong while it ran: the run stops with this message. */
export class UserCodeError extends Error {
  override name = 'UserCodeError';
}

class BudgetExceeded extends Error {}

const LOOPS = new Set([
  'WhileStatement',
  'DoWhileStatement',
  'ForStatement',
  'ForInStatement',
  'ForOfStatement',
]);

type AnyNode = Node & Record<string, unknown>;

/** Every node of the tree, parents before children. */
function* walk(node: AnyNode): Generator<AnyNode> {
  yield node;
  for (const value of Object.values(node)) {
    const children = Array.isArray(value) ? value : [value];
    for (const child of children)
      if (child && typeof child === 'object' && typeof (child as AnyNode).type === 'string')
        yield* walk(child as AnyNode);
  }
}

interface Insert {
  at: number;
  text: string;
}

/** The source with a step call at the top of every loop body, or why it cannot run. */
export function instrument(
  code: string,
): { ok: true; code: string } | { ok: false; error: string; line?: number } {
  let tree: AnyNode;
  try {
    tree = parse(code, {
      ecmaVersion: 'latest',
      sourceType: 'script',
      allowReturnOutsideFunction: true,
      locations: true,
    }) as unknown as AnyNode;
  } catch (error) {
    const loc = (error as { loc?: { line: number } }).loc;
    // acorn ends its message with "(line:column)"; the line is given on its own.
    const message = (error as Error).message.replace(/\s*\(\d+:\d+\)$/, '');
    return { ok: false, error: `Your code does not parse: ${message}`, line: loc?.line };
  }
  const inserts: Insert[] = [];
  for (const node of walk(tree)) {
    const line = node.loc?.start.line;
    if (node.type === 'ImportExpression' || node.type === 'MetaProperty')
      return { ok: false, error: 'Your code may not load other code (import is not allowed here).', line };
    if (!LOOPS.has(node.type)) continue;
    const body = node.body as AnyNode;
    if (body.type === 'BlockStatement') inserts.push({ at: body.start + 1, text: '__step();' });
    else {
      inserts.push({ at: body.start, text: '{__step();' });
      inserts.push({ at: body.end, text: '}' });
    }
  }
  // From the end, so each insert's offset in the original source is still right.
  inserts.sort((a, b) => b.at - a.at);
  let out = code;
  for (const { at, text } of inserts) out = out.slice(0, at) + text + out.slice(at);
  return { ok: true, code: out };
}

/** The line in the user's code an error was thrown from, read from the stack of a `new Function`. */
function lineOf(error: unknown): number | undefined {
  const stack = error instanceof Error ? (error.stack ?? '') : '';
  // V8 and Firefox both call the function's code "<anonymous>"; its body starts on the third line.
  const m = /<anonymous>:(\d+):\d+/.exec(stack) ?? /Function:(\d+):\d+/.exec(stack);
  return m ? Math.max(1, Number(m[1]) - 2) : undefined;
}

function describe(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}

/** A handler's result for the step counter's budget: the message names the node and the handler. */
function stopped(node: string, handler: Handler | 'the top level', error: unknown): UserCodeError {
  if (error instanceof BudgetExceeded)
    return new UserCodeError(
      `${node}: ${handler} ran ${STEP_BUDGET.toLocaleString('en-US')} loop steps without returning, so it was stopped. Look for a loop that never ends.`,
    );
  if (error instanceof UserCodeError) return error;
  const line = lineOf(error);
  return new UserCodeError(`${node}: ${handler} threw ${describe(error)}${line ? ` (line ${line})` : ''}`);
}

/** A ctx that works only while `isLive()`: one kept past its handler says so instead of acting. */
function liveCtx(ctx: NodeContext, isLive: () => boolean): NodeContext {
  const guard =
    <A extends unknown[], R>(name: string, fn: (...a: A) => R) =>
    (...args: A): R => {
      if (!isLive())
        throw new UserCodeError(
          `ctx.${name} was called after its handler returned: do everything inside a handler, or set a timer`,
        );
      return fn(...args);
    };
  return {
    get name() {
      return ctx.name;
    },
    get params() {
      return ctx.params;
    },
    get nodes() {
      return ctx.nodes;
    },
    now: guard('now', () => ctx.now()),
    random: guard('random', () => ctx.random()),
    send: guard('send', (to: string, label: string, payload?: unknown) => ctx.send(to, label, payload)),
    setTimer: guard('setTimer', (delayMs: number, tag: string, data?: unknown) =>
      ctx.setTimer(delayMs, tag, data),
    ),
    cancelTimer: guard('cancelTimer', (timer: number) => ctx.cancelTimer(timer)),
    call: guard(
      'call',
      (to: string, op: string, args: unknown, options: Parameters<NodeContext['call']>[3]) =>
        ctx.call(to, op, args, options),
    ),
    reply: guard(
      'reply',
      (request: Parameters<NodeContext['reply']>[0], body: Parameters<NodeContext['reply']>[1]) =>
        ctx.reply(request, body),
    ),
    effect: guard(
      'effect',
      (request: Parameters<NodeContext['effect']>[0], fields?: Record<string, unknown>) =>
        ctx.effect(request, fields),
    ),
    emit: guard('emit', (type: string, fields?: Record<string, unknown>) => ctx.emit(type, fields)),
  };
}

/** A close name for a misspelt handler: "onmessage" → "onMessage". */
function closest(key: string): string | undefined {
  return [...KNOWN].find((k) => k.toLowerCase() === key.toLowerCase());
}

/**
 * Compiles the user's code once; `make` evaluates it afresh for each node, so nothing the code
 * keeps outside `state` is shared between nodes.
 */
export function compileUserBehaviour(code: string): UserCodeResult {
  const prepared = instrument(code);
  if (!prepared.ok) return prepared;
  let factory: (step: () => void) => unknown;
  try {
    // Strict, on the first line, so line numbers stay the user's.
    factory = new CompileFunction('__step', `"use strict";${prepared.code}`) as typeof factory;
  } catch (error) {
    return { ok: false, error: `Your code does not compile: ${describe(error)}` };
  }

  function make(node: string): Behaviour<unknown> {
    let steps = 0;
    let live: Handler | null = null;
    const step = () => {
      if (++steps > STEP_BUDGET) throw new BudgetExceeded();
    };
    let value: unknown;
    try {
      value = factory(step);
    } catch (error) {
      throw stopped(node, 'the top level', error);
    }
    if (!value || typeof value !== 'object')
      throw new UserCodeError(`${node}: your code must end with return { init(ctx) { … }, … }`);
    const spec = value as Record<string, unknown>;
    for (const key of Object.keys(spec)) {
      if (KNOWN.has(key)) continue;
      const near = closest(key);
      throw new UserCodeError(
        `${node}: your behaviour has "${key}", which the engine never calls${near ? `: did you mean "${near}"?` : ''}`,
      );
    }
    for (const h of HANDLERS)
      if (spec[h] !== undefined && typeof spec[h] !== 'function')
        throw new UserCodeError(`${node}: ${h} must be a function`);
    if (typeof spec.init !== 'function')
      throw new UserCodeError(`${node}: your behaviour needs an init(ctx) handler`);

    /** Calls one of the user's handlers with a live ctx, a fresh step budget and a clear error. */
    const run = (h: Handler, args: unknown[], ctxAt: number): unknown => {
      steps = 0;
      live = h;
      try {
        if (ctxAt >= 0) args[ctxAt] = liveCtx(args[ctxAt] as NodeContext, () => live === h);
        return (spec[h] as (...a: unknown[]) => unknown)(...args);
      } catch (error) {
        throw stopped(node, h, error);
      } finally {
        live = null;
      }
    };
    const has = (h: Handler) => typeof spec[h] === 'function';
    const b: Behaviour<unknown> = {
      kind: typeof spec.kind === 'string' && spec.kind ? spec.kind.slice(0, 40) : 'your code',
      init: (ctx, durable) => run('init', [ctx, durable], 0),
    };
    if (has('onMessage')) b.onMessage = (s, d, ctx) => run('onMessage', [s, d, ctx], 2);
    if (has('onRequest')) b.onRequest = (s, r, ctx) => run('onRequest', [s, r, ctx], 2);
    if (has('onOutcome')) b.onOutcome = (s, o, ctx) => run('onOutcome', [s, o, ctx], 2);
    if (has('onTimer')) b.onTimer = (s, t, ctx) => run('onTimer', [s, t, ctx], 2);
    if (has('onSignal')) b.onSignal = (s, sig, ctx) => run('onSignal', [s, sig, ctx], 2);
    if (has('durable')) b.durable = (s) => run('durable', [s], -1);
    if (has('label')) b.label = (s) => String(run('label', [s], -1)).slice(0, 60);
    return b;
  }
  return { ok: true, make };
}
