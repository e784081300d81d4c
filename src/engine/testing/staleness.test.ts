import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkLinearizable, registerModel, type Operation, type RegisterInput } from './linearizability.ts';
import { readStaleness } from './staleness.ts';

type Op = Operation<RegisterInput<number>, number | null>;
const w = (value: number, call: number, ret?: number): Op => ({
  client: `w${value}`,
  input: { kind: 'write', value },
  output: ret === undefined ? undefined : null,
  call,
  ret,
});
const r = (value: number, call: number, ret: number): Op => ({
  client: 'reader',
  input: { kind: 'read' },
  output: value,
  call,
  ret,
});

describe('read staleness', () => {
  it('a read of the latest value is fresh; one overlapping a write may see either value', () => {
    const v = readStaleness([w(1, 0, 10), r(1, 20, 30), w(2, 40, 60), r(1, 50, 55), r(2, 50, 55)], 0);
    expect(v.map((x) => x.kind)).toEqual(['fresh', 'fresh', 'fresh']);
  });

  it('a read of an overwritten value is stale, by the time since the overwrite ended', () => {
    const [v] = readStaleness([w(1, 0, 10), w(2, 20, 30), r(1, 100, 110)], 0);
    expect(v).toMatchObject({ kind: 'stale', byMs: 70, overwrittenBy: { client: 'w2' } });
  });

  it('the initial value, read after the first write ended, is stale', () => {
    const [v] = readStaleness([w(1, 0, 10), r(0, 50, 60)], 0);
    expect(v).toMatchObject({ kind: 'stale', byMs: 40 });
  });

  it('takes the most favourable write of a value written twice', () => {
    const [v] = readStaleness([w(1, 0, 10), w(2, 20, 30), w(1, 40, 50), w(3, 60, 70), r(1, 100, 110)], 0);
    expect(v).toMatchObject({ kind: 'stale', byMs: 30, overwrittenBy: { client: 'w3' } });
  });

  it('a write whose outcome is unknown can be the source, but never overwrites for sure', () => {
    expect(readStaleness([w(1, 0), r(1, 50, 60)], 0)[0]!.kind).toBe('fresh');
    expect(readStaleness([w(1, 0, 10), w(2, 20), r(1, 50, 60)], 0)[0]!.kind).toBe('fresh');
  });

  it('names a value nobody wrote', () => {
    expect(readStaleness([w(1, 0, 10), r(5, 50, 60)], 0)[0]!.kind).toBe('never-written');
  });

  it('never calls a read stale in a linearizable history', () => {
    const history = fc
      .array(
        fc.record({
          write: fc.boolean(),
          value: fc.integer({ min: 0, max: 3 }),
          call: fc.integer({ min: 0, max: 60 }),
          length: fc.integer({ min: 0, max: 30 }),
        }),
        { maxLength: 7 },
      )
      .map((specs) =>
        specs.map((s) =>
          s.write ? w(s.value + 1, s.call, s.call + s.length) : r(s.value, s.call, s.call + s.length),
        ),
      );
    fc.assert(
      fc.property(history, (ops) => {
        const stale = readStaleness(ops, 0).some((v) => v.kind !== 'fresh');
        if (stale) expect(checkLinearizable(registerModel(0), ops).kind).toBe('not-linearizable');
      }),
      { numRuns: 1000 },
    );
  });
});
