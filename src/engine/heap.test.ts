import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { EventHeap } from './heap.ts';

/** Drains a heap into [time, ref] pairs. */
function drain(heap: EventHeap): [number, number][] {
  const out: [number, number][] = [];
  while (heap.size > 0) {
    const t = heap.peekTime();
    out.push([t, heap.pop()]);
  }
  return out;
}

// Few distinct times, so many entries tie and the insertion order must break the ties.
const time = fc.oneof(fc.integer({ min: 0, max: 5 }), fc.double({ min: 0, max: 10, noNaN: true }));

describe('EventHeap', () => {
  it('pops in (time, insertion seq) order, ties in insertion order', () => {
    fc.assert(
      fc.property(fc.array(time, { maxLength: 300 }), (times) => {
        const heap = new EventHeap(4); // small, so it grows
        times.forEach((t, k) => heap.push(t, k, k));
        const expected = times
          .map((t, k) => [t, k] as [number, number])
          .sort((x, y) => x[0] - y[0] || x[1] - y[1]);
        expect(drain(heap)).toEqual(expected);
        expect(heap.peekTime()).toBe(Infinity);
      }),
    );
  });

  it('keeps the order when pushes and pops interleave', () => {
    const op = fc.oneof(fc.record({ push: time }), fc.constant({ pop: true as const }));
    fc.assert(
      fc.property(fc.array(op, { maxLength: 300 }), (ops) => {
        const heap = new EventHeap(2);
        const reference: [number, number][] = [];
        let seq = 0;
        for (const o of ops) {
          if ('push' in o) {
            heap.push(o.push, seq, seq);
            reference.push([o.push, seq]);
            seq++;
          } else if (reference.length > 0) {
            reference.sort((x, y) => x[0] - y[0] || x[1] - y[1]);
            const [t, ref] = reference.shift()!;
            expect(heap.peekTime()).toBe(t);
            expect(heap.pop()).toBe(ref);
          }
        }
        reference.sort((x, y) => x[0] - y[0] || x[1] - y[1]);
        expect(drain(heap)).toEqual(reference);
      }),
    );
  });

  it('restores a snapshot: the same entries pop afterwards, however the heap changed since', () => {
    fc.assert(
      fc.property(
        fc.array(time, { maxLength: 100 }),
        fc.array(time, { maxLength: 3000 }),
        (before, after) => {
          const heap = new EventHeap(4);
          before.forEach((t, k) => heap.push(t, k, k));
          const snap = heap.snapshot();
          const copy = new EventHeap(4);
          before.forEach((t, k) => copy.push(t, k, k));
          const expected = drain(copy);
          after.forEach((t, k) => heap.push(t, 1000 + k, 1000 + k)); // may grow past the snapshot's size
          heap.pop();
          heap.restore(snap);
          expect(drain(heap)).toEqual(expected);
        },
      ),
      { numRuns: 50 },
    );
  });
});
