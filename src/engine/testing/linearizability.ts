/**
 * A linearizability checker for a history of operations, after Porcupine (Athalye) and Knossos
 * (Kingsbury), both built on Wing & Gong's search with Lowe's memoisation:
 *
 * Each operation is an invocation and a response, at true times. The history is linearizable when
 * every operation can be given one instant between its call and its return such that, taken in that
 * order, the operations are a legal sequential run of the model. The search walks the calls and
 * returns in time order, tries to place ("linearize") each pending call as early as possible, and
 * backtracks when it meets the return of an operation it has not placed. A cache of (operations
 * placed, model state) pairs already explored keeps it from exploring the same choice twice.
 *
 * Operations whose outcome the client never learned (a timeout: the unknown outcome) have no return:
 * they may have taken effect at any moment after their call, or never. They are given a return at
 * +Infinity and no output, and the model must accept any output for them.
 *
 * Pure and deterministic: a lesson uses it on its own trace, the tests on hand-made histories.
 */

export interface Operation<I, O> {
  /** Who invoked it: a client's name. Only for messages; the check does not need it. */
  client: string;
  input: I;
  /** What the client saw come back; undefined when it never learned the outcome. */
  output: O | undefined;
  /** True time of the invocation. */
  call: number;
  /** True time of the response; Infinity (or absent) when the outcome is unknown. */
  ret?: number;
}

export interface Model<S, I, O> {
  init(): S;
  /**
   * Applies `input` to `state`. `ok` says whether `output` is what a sequential run would answer
   * (undefined output: unknown to the client, so any answer is fine).
   */
  step(state: S, input: I, output: O | undefined): { ok: boolean; state: S };
  /** A string that is equal for equal states (for the memo). Default: JSON.stringify. */
  key?(state: S): string;
  /** Splits the history into parts checked alone (P-compositionality: per key, for a store). */
  partition?(history: readonly Operation<I, O>[]): Operation<I, O>[][];
}

export type Verdict<I, O> =
  | {
      kind: 'linearizable';
      /** One witness: the operations in the order they took effect (completed ones and the pending ones placed). */
      order: Operation<I, O>[];
    }
  | {
      kind: 'not-linearizable';
      /** The longest prefix of a legal order the search found, in the part that failed. */
      longest: Operation<I, O>[];
      /** An operation that returned before it could be placed after that prefix. */
      blocked: Operation<I, O>;
    }
  | {
      /** The search used its whole step budget: the history is too large or too concurrent. */
      kind: 'unknown';
      steps: number;
    };

export interface CheckOptions {
  /** How many placements the search may try before it gives up (deterministic, not a timeout). */
  maxSteps?: number;
}

const DEFAULT_MAX_STEPS = 1_000_000;

interface Entry {
  /** Index of the operation in the part. */
  op: number;
  isCall: boolean;
  time: number;
  /** The return entry of a call entry. */
  match?: Entry;
  prev?: Entry;
  next?: Entry;
}

export function checkLinearizable<S, I, O>(
  model: Model<S, I, O>,
  history: readonly Operation<I, O>[],
  options: CheckOptions = {},
): Verdict<I, O> {
  const parts = model.partition ? model.partition(history) : [[...history]];
  const order: Operation<I, O>[] = [];
  let budget = options.maxSteps ?? DEFAULT_MAX_STEPS;
  for (const part of parts) {
    const result = checkPart(model, part, budget);
    if (result.kind !== 'linearizable') return result;
    budget -= result.steps;
    order.push(...result.order);
  }
  return { kind: 'linearizable', order };
}

/** A history's calls and returns as a doubly linked list in time order (calls first at a tie). */
function entriesOf<I, O>(ops: readonly Operation<I, O>[]): Entry {
  const entries: Entry[] = [];
  ops.forEach((o, i) => {
    const ret: Entry = { op: i, isCall: false, time: o.ret ?? Infinity };
    entries.push({ op: i, isCall: true, time: o.call, match: ret }, ret);
  });
  // At the same instant a call goes before a return, so touching operations count as concurrent.
  entries.sort((a, b) => a.time - b.time || Number(b.isCall) - Number(a.isCall) || a.op - b.op);
  const head: Entry = { op: -1, isCall: false, time: -Infinity };
  let last = head;
  for (const e of entries) {
    last.next = e;
    e.prev = last;
    last = e;
  }
  return head;
}

/** Takes a call entry and its return out of the list (they stay linked to their old neighbours). */
function lift(call: Entry): void {
  call.prev!.next = call.next;
  if (call.next) call.next.prev = call.prev;
  const ret = call.match!;
  ret.prev!.next = ret.next;
  if (ret.next) ret.next.prev = ret.prev;
}

/** Puts back what lift took out, in the reverse order. */
function unlift(call: Entry): void {
  const ret = call.match!;
  ret.prev!.next = ret;
  if (ret.next) ret.next.prev = ret;
  call.prev!.next = call;
  if (call.next) call.next.prev = call;
}

type PartResult<I, O> =
  | { kind: 'linearizable'; order: Operation<I, O>[]; steps: number }
  | Exclude<Verdict<I, O>, { kind: 'linearizable' }>;

function checkPart<S, I, O>(
  model: Model<S, I, O>,
  ops: readonly Operation<I, O>[],
  budget: number,
): PartResult<I, O> {
  const keyOf = model.key ?? ((s: S) => JSON.stringify(s));
  const head = entriesOf(ops);
  const placed = new Uint8Array(ops.length);
  const seen = new Set<string>();
  const stack: { call: Entry; before: S }[] = [];
  let longest: Entry[] = [];
  let state = model.init();
  let entry = head.next;
  let steps = 0;
  while (head.next) {
    if (++steps > budget) return { kind: 'unknown', steps };
    // Reaching a return at +Infinity means every operation still unplaced is one whose outcome is
    // unknown (a completed one's return would have come first): those may never have happened.
    if (!entry || (!entry.isCall && entry.time === Infinity)) break;
    if (entry.isCall) {
      const op = ops[entry.op]!;
      const next = model.step(state, op.input, op.output);
      let tried = false;
      if (next.ok) {
        placed[entry.op] = 1;
        const memo = `${placed.join('')}|${keyOf(next.state)}`;
        if (!seen.has(memo)) {
          seen.add(memo);
          stack.push({ call: entry, before: state });
          state = next.state;
          lift(entry);
          entry = head.next;
          tried = true;
          if (stack.length > longest.length) longest = stack.map((s) => s.call);
        } else placed[entry.op] = 0;
      }
      if (!tried) entry = entry.next;
    } else {
      // The return of an operation not yet placed: whatever was placed before must change.
      const top = stack.pop();
      if (!top) {
        const blocked = ops[longestBlocked(longest, head, entry)]!;
        return { kind: 'not-linearizable', longest: longest.map((e) => ops[e.op]!), blocked };
      }
      placed[top.call.op] = 0;
      state = top.before;
      unlift(top.call);
      entry = top.call.next;
    }
  }
  return { kind: 'linearizable', order: stack.map((s) => ops[s.call.op]!), steps };
}

/**
 * After the longest legal prefix, the first operation in time order that returned without being
 * placed: the one a reader of the verdict should look at.
 */
function longestBlocked(longest: Entry[], head: Entry, fallback: Entry): number {
  const inPrefix = new Set(longest.map((e) => e.op));
  for (let e = head.next; e; e = e.next) if (!e.isCall && !inPrefix.has(e.op)) return e.op;
  return fallback.op;
}

// ------------------------------------------------------------------ models

export type RegisterInput<V> = { kind: 'write'; value: V } | { kind: 'read' };

/**
 * A single register holding one value, `initial` at the start: a write answers nothing (its output
 * is ignored), a read answers the value.
 */
export function registerModel<V>(initial: V): Model<V, RegisterInput<V>, V | null> {
  return {
    init: () => initial,
    step(state, input, output) {
      if (input.kind === 'write') return { ok: true, state: input.value };
      return { ok: output === undefined || Object.is(output, state), state };
    },
  };
}

export type KeyValueInput<V> = { key: string } & RegisterInput<V>;

/** A store of independent registers by key, each `initial` until written; checked key by key. */
export function keyValueModel<V>(initial: V): Model<V, KeyValueInput<V>, V | null> {
  const register = registerModel(initial);
  return {
    init: register.init,
    step: register.step,
    partition(history) {
      const byKey = new Map<string, Operation<KeyValueInput<V>, V | null>[]>();
      for (const op of history) {
        const list = byKey.get(op.input.key);
        if (list) list.push(op);
        else byKey.set(op.input.key, [op]);
      }
      return [...byKey.values()];
    },
  };
}
