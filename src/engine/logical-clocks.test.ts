import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { lamport, vector, type VectorClock } from './logical-clocks.ts';

describe('Lamport clocks', () => {
  it('tick on send and take max + 1 on receive', () => {
    expect(lamport.tick(3)).toBe(4);
    expect(lamport.receive(3, 7)).toBe(8);
    expect(lamport.receive(9, 7)).toBe(10);
  });

  it('order by time, then by node name, and only equal stamps compare equal', () => {
    expect(lamport.compare({ time: 1, node: 'b' }, { time: 2, node: 'a' })).toBeLessThan(0);
    expect(lamport.compare({ time: 2, node: 'a' }, { time: 2, node: 'b' })).toBeLessThan(0);
    expect(lamport.compare({ time: 2, node: 'b' }, { time: 2, node: 'a' })).toBeGreaterThan(0);
    expect(lamport.compare({ time: 2, node: 'a' }, { time: 2, node: 'a' })).toBe(0);
  });

  it('is a total order (antisymmetric and transitive)', () => {
    const stamp = fc.record({ time: fc.nat({ max: 5 }), node: fc.constantFrom('a', 'b', 'c') });
    fc.assert(
      fc.property(stamp, stamp, stamp, (x, y, z) => {
        expect(Math.sign(lamport.compare(x, y)) + Math.sign(lamport.compare(y, x))).toBe(0);
        if (lamport.compare(x, y) <= 0 && lamport.compare(y, z) <= 0)
          expect(lamport.compare(x, z)).toBeLessThanOrEqual(0);
      }),
    );
  });
});

describe('vector clocks', () => {
  it('see a message’s send as before its receipt, and independent events as concurrent', () => {
    const a1 = vector.tick({}, 'a'); // a sends
    const b1 = vector.tick({}, 'b'); // b does something on its own
    const b2 = vector.receive(b1, a1, 'b'); // b receives a's message
    expect(b2).toEqual({ a: 1, b: 2 });
    expect(vector.compare(a1, b2)).toBe('before');
    expect(vector.compare(b2, a1)).toBe('after');
    expect(vector.compare(a1, b1)).toBe('concurrent');
    expect(vector.compare(b2, { ...b2 })).toBe('equal');
  });

  it('treat a missing entry as zero', () => {
    expect(vector.compare({ a: 1 }, { a: 1, b: 0 })).toBe('equal');
    expect(vector.compare({}, { c: 1 })).toBe('before');
  });

  it('merge to the least upper bound: both inputs are before or equal to it', () => {
    const clock = fc.dictionary(
      fc.constantFrom('a', 'b', 'c'),
      fc.nat({ max: 4 }),
    ) as fc.Arbitrary<VectorClock>;
    fc.assert(
      fc.property(clock, clock, (x, y) => {
        const m = vector.merge(x, y);
        expect(['before', 'equal']).toContain(vector.compare(x, m));
        expect(['before', 'equal']).toContain(vector.compare(y, m));
        const c = vector.compare(x, y);
        expect(vector.compare(y, x)).toBe(
          c === 'before' ? 'after' : c === 'after' ? 'before' : c, // compare is antisymmetric
        );
      }),
    );
  });
});
