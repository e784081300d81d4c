import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  checkLinearizable,
  keyValueModel,
  registerModel,
  type KeyValueInput,
  type Operation,
  type RegisterInput,
} from './linearizability.ts';

type Op = Operation<RegisterInput<number>, number | null>;
const reg = registerModel<number>(0);
const w = (value: number, call: number, ret?: number, client = 'a'): Op => ({
  client,
  input: { kind: 'write', value },
  output: ret === undefined ? undefined : null,
  call,
  ret,
});
const r = (value: number | undefined, call: number, ret?: number, client = 'b'): Op => ({
  client,
  input: { kind: 'read' },
  output: value,
  call,
  ret,
});
const verdict = (ops: Op[]) => checkLinearizable(reg, ops).kind;

describe('linearizability of a register, on hand-made histories', () => {
  it('accepts the empty history and a sequential one', () => {
    expect(verdict([])).toBe('linearizable');
    expect(verdict([w(1, 0, 10), r(1, 20, 30), w(2, 40, 50), r(2, 60, 70)])).toBe('linearizable');
  });

  it('refuses a read of the old value after a write finished (a stale read)', () => {
    const v = checkLinearizable(reg, [w(1, 0, 10), r(0, 20, 30)]);
    expect(v.kind).toBe('not-linearizable');
    if (v.kind === 'not-linearizable') {
      expect(v.blocked.input.kind).toBe('read');
      expect(v.longest.map((o) => o.input.kind)).toEqual(['write']);
    }
  });

  it('accepts either value for a read that overlaps the write', () => {
    expect(verdict([w(1, 0, 10), r(0, 5, 15)])).toBe('linearizable');
    expect(verdict([w(1, 0, 10), r(1, 5, 15)])).toBe('linearizable');
    // Touching at one instant counts as overlapping.
    expect(verdict([w(1, 0, 10), r(0, 10, 15)])).toBe('linearizable');
  });

  it('refuses a value nobody wrote', () => {
    expect(verdict([w(1, 0, 10), r(7, 5, 15)])).toBe('not-linearizable');
  });

  it('refuses a new value seen, then the old one seen later (time went backwards)', () => {
    // The write is still running through both reads, but once a read has seen 1, a read that
    // starts after it ended cannot see 0 again.
    expect(verdict([w(1, 0, 100), r(1, 10, 20), r(0, 30, 40)])).toBe('not-linearizable');
    expect(verdict([w(1, 0, 100), r(0, 10, 20), r(1, 30, 40)])).toBe('linearizable');
  });

  it('finds the one order of two concurrent writes that explains the reads', () => {
    const ops = [w(1, 0, 50, 'a'), w(2, 0, 50, 'c'), r(1, 60, 70), r(1, 80, 90)];
    const v = checkLinearizable(reg, ops);
    expect(v.kind).toBe('linearizable');
    if (v.kind === 'linearizable') {
      expect(v.order.filter((o) => o.input.kind === 'write').map((o) => o.client)).toEqual(['c', 'a']);
    }
    expect(verdict([...ops.slice(0, 2), r(1, 60, 70), r(2, 80, 90)])).toBe('not-linearizable');
  });

  it('a write whose outcome is unknown may have happened, or not', () => {
    expect(verdict([w(1, 0), r(1, 20, 30)])).toBe('linearizable');
    expect(verdict([w(1, 0), r(0, 20, 30)])).toBe('linearizable');
    // ...but not both: once seen, it happened.
    expect(verdict([w(1, 0), r(1, 20, 30), r(0, 40, 50)])).toBe('not-linearizable');
    // A read whose answer never came back constrains nothing.
    expect(verdict([w(1, 0, 10), r(undefined, 20)])).toBe('linearizable');
  });

  it('says unknown rather than running without end', () => {
    const ops = Array.from({ length: 14 }, (_, i) => w(i + 1, 0, 100, `c${i}`));
    ops.push(r(99, 200, 210));
    const v = checkLinearizable(reg, ops, { maxSteps: 50 });
    expect(v.kind).toBe('unknown');
  });

  it('checks a key-value store key by key', () => {
    const kv = keyValueModel<number>(0);
    const op = (key: string, o: Op): Operation<KeyValueInput<number>, number | null> => ({
      ...o,
      input: { key, ...o.input },
    });
    const ok = [op('x', w(1, 0, 10)), op('y', r(0, 20, 30)), op('x', r(1, 20, 30))];
    expect(checkLinearizable(kv, ok).kind).toBe('linearizable');
    const stale = [...ok, op('x', r(0, 40, 50))];
    expect(checkLinearizable(kv, stale).kind).toBe('not-linearizable');
  });
});

// ------------------------------------------------------------------ properties

/** Every order of the operations, checked one by one: the definition, for small histories. */
function bruteForce(ops: Op[]): boolean {
  const done = ops.filter((o) => o.ret !== undefined);
  const pending = ops.filter((o) => o.ret === undefined);
  // Each unknown-outcome operation either happened or did not.
  for (let mask = 0; mask < 1 << pending.length; mask++) {
    const chosen = [...done, ...pending.filter((_, i) => mask & (1 << i))];
    if (someLegalOrder(chosen, [], 0)) return true;
  }
  return false;
}

function someLegalOrder(left: Op[], order: Op[], state: number): boolean {
  if (left.length === 0) return true;
  return left.some((op, i) => {
    // op may go next only if no remaining op returned before op was called.
    if (left.some((o) => o !== op && (o.ret ?? Infinity) < op.call)) return false;
    if (op.input.kind === 'read' && op.output !== undefined && op.output !== state) return false;
    const next = op.input.kind === 'write' ? op.input.value : state;
    return someLegalOrder([...left.slice(0, i), ...left.slice(i + 1)], [...order, op], next);
  });
}

const smallHistory: fc.Arbitrary<Op[]> = fc
  .array(
    fc.record({
      write: fc.boolean(),
      value: fc.integer({ min: 0, max: 2 }),
      call: fc.integer({ min: 0, max: 40 }),
      length: fc.integer({ min: 0, max: 30 }),
      unknown: fc.boolean(),
    }),
    { maxLength: 6 },
  )
  .map((specs) =>
    specs.map((s, i) => {
      const ret = s.unknown && i % 2 === 0 ? undefined : s.call + s.length;
      return s.write
        ? w(s.value + 1, s.call, ret, `c${i}`)
        : r(ret === undefined ? undefined : s.value, s.call, ret, `c${i}`);
    }),
  );

describe('linearizability, against the definition', () => {
  it('agrees with trying every order, on small random histories', () => {
    fc.assert(
      fc.property(smallHistory, (ops) => {
        expect(verdict(ops) === 'linearizable').toBe(bruteForce(ops));
      }),
      { numRuns: 2000 },
    );
  });

  it('accepts every history made by a real register whose operations overlap at random', () => {
    // Each operation takes effect at one instant of its interval, on one register, in time order:
    // whatever the overlaps, such a history is linearizable by construction.
    const made = fc
      .array(
        fc.record({
          write: fc.boolean(),
          value: fc.integer({ min: 1, max: 3 }),
          before: fc.integer({ min: 0, max: 50 }),
          after: fc.integer({ min: 0, max: 50 }),
          gap: fc.integer({ min: 0, max: 20 }),
        }),
        { maxLength: 40 },
      )
      .map((specs) => {
        let t = 0;
        let value = 0;
        return specs.map((s, i) => {
          t += s.gap;
          const at = t + 100;
          if (s.write) value = s.value;
          return s.write
            ? w(s.value, at - s.before, at + s.after, `c${i}`)
            : r(value, at - s.before, at + s.after, `c${i}`);
        });
      });
    fc.assert(
      fc.property(made, (ops) => {
        expect(verdict(ops)).toBe('linearizable');
      }),
      { numRuns: 300 },
    );
  });
});
