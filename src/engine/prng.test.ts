import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Pcg32, deriveStream } from './prng.ts';

const draws = (rng: Pcg32, n: number): number[] => Array.from({ length: n }, () => rng.nextUint32());
const hex = (xs: number[]): string[] => xs.map((x) => '0x' + x.toString(16).padStart(8, '0'));

describe('Pcg32', () => {
  it('matches the pcg32-demo reference output (initstate 42, initseq 54)', () => {
    const rng = new Pcg32(0, 42, 0, 54);
    expect(hex(draws(rng, 6))).toEqual([
      '0xa15c02b7',
      '0x7b47f409',
      '0xba1d3330',
      '0x83d2f293',
      '0xbfa4784b',
      '0xcbed606e',
    ]);
  });

  it('gives floats in [0, 1) and integers in [0, n)', () => {
    const rng = new Pcg32(0, 7, 0, 1);
    for (let k = 0; k < 1000; k++) {
      const x = rng.next();
      expect(x >= 0 && x < 1).toBe(true);
      const i = rng.nextInt(6);
      expect(Number.isInteger(i) && i >= 0 && i < 6).toBe(true);
    }
  });

  it('resumes exactly where getState left it (the checkpoint round trip)', () => {
    fc.assert(
      fc.property(fc.nat(), fc.nat(), fc.nat({ max: 50 }), (seed, seq, skip) => {
        const rng = new Pcg32(0, seed, 0, seq);
        draws(rng, skip);
        const state = rng.getState();
        const ahead = draws(rng, 8);
        const other = new Pcg32(1, 2, 3, 4);
        other.setState(state);
        expect(draws(other, 8)).toEqual(ahead);
        rng.setState(state);
        expect(draws(rng, 8)).toEqual(ahead);
      }),
    );
  });
});

describe('deriveStream', () => {
  it('gives the same stream for the same seed and name', () => {
    fc.assert(
      fc.property(fc.nat(), fc.string(), (seed, name) => {
        expect(draws(deriveStream(seed, name), 4)).toEqual(draws(deriveStream(seed, name), 4));
      }),
    );
  });

  it('gives different streams for different names, and for different seeds', () => {
    fc.assert(
      fc.property(fc.nat(), fc.string(), fc.string(), (seed, a, b) => {
        fc.pre(a !== b);
        expect(draws(deriveStream(seed, a), 4)).not.toEqual(draws(deriveStream(seed, b), 4));
        expect(draws(deriveStream(seed, a), 4)).not.toEqual(draws(deriveStream(seed + 1, a), 4));
      }),
    );
  });

  it('keeps the two directions of a link and near names apart', () => {
    const names = ['link:a>b', 'link:b>a', 'node:a', 'node:b', 'clock:a', 'clock:b', 'node:a1', 'node:a2'];
    const firsts = names.map((name) => draws(deriveStream(1, name), 2).join(','));
    expect(new Set(firsts).size).toBe(names.length);
  });

  it('does not correlate neighbouring streams: their draws agree in sign bit about half the time', () => {
    const a = deriveStream(5, 'link:client>server');
    const b = deriveStream(5, 'link:server>client');
    let same = 0;
    for (let k = 0; k < 2000; k++) if (a.next() < 0.5 === b.next() < 0.5) same++;
    expect(same / 2000).toBeGreaterThan(0.45);
    expect(same / 2000).toBeLessThan(0.55);
  });
});
