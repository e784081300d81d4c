import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { cloneData, restoreData, snapshotData } from './clone.ts';

/** Plain data as behaviours keep it: nested objects and arrays, every kind of primitive. */
const plain = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.constantFrom(undefined, null, true, false, 0, -0, NaN, Infinity, -Infinity, 2 ** 31, -(2 ** 31) - 1),
    fc.integer(),
    fc.double(),
    fc.string(),
    fc.bigInt(),
    fc.array(tie('value'), { maxLength: 5 }),
    fc.dictionary(fc.string({ maxLength: 4 }), tie('value'), { maxKeys: 5 }),
  ),
})).value;

/** Both copies, with every way a copy can differ from structuredClone's. */
function copies(value: unknown): unknown[] {
  return [cloneData(value), restoreData(snapshotData(value))];
}

describe('cloneData and packed snapshots', () => {
  it('give what structuredClone gives, for any plain data', () => {
    fc.assert(
      fc.property(plain, (value) => {
        const expected = structuredClone(value);
        for (const copy of copies(value)) {
          expect(copy).toStrictEqual(expected);
          if (typeof value === 'object' && value !== null) expect(copy).not.toBe(value);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('keep shared references and cycles', () => {
    const shared = { n: 1 };
    const cyclic: Record<string, unknown> = { list: [shared, shared, { inner: shared }] };
    cyclic.self = cyclic;
    for (const copy of copies(cyclic) as (typeof cyclic)[]) {
      const list = copy.list as { inner?: unknown }[];
      expect(copy.self).toBe(copy);
      expect(list[0]).toBe(list[1]);
      expect(list[2]!.inner).toBe(list[0]);
      expect(list[0]).not.toBe(shared);
    }
  });

  it('hand anything that is not plain data to structuredClone', () => {
    const values = [
      { when: new Date(5), m: new Map([[1, { a: 1 }]]) },
      [1, , 3], // eslint-disable-line no-sparse-arrays
      { bytes: new Uint8Array([1, 2]) },
      JSON.parse('{"__proto__": {"a": 1}}') as unknown,
      { big: 10n },
    ];
    for (const value of values) {
      for (const copy of copies(value)) expect(copy).toStrictEqual(structuredClone(value));
    }
    expect(() => cloneData({ f: () => 1 })).toThrow();
    expect(() => snapshotData({ f: () => 1 })).toThrow();
  });

  it('restore a snapshot as often as asked, each time a fresh copy of the data as it was', () => {
    const state = { count: 1, items: [{ id: 'a' }] };
    const snapshot = snapshotData(state);
    state.count = 2;
    state.items[0]!.id = 'b';
    const first = restoreData(snapshot);
    first.items[0]!.id = 'c';
    expect(restoreData(snapshot)).toStrictEqual({ count: 1, items: [{ id: 'a' }] });
  });
});
