/**
 * PCG32 (XSH-RR, 64-bit state, 32-bit output) after Melissa O'Neill's pcg-c-basic, in 32-bit halves
 * so it needs neither BigInt nor floats. Chosen for published reference values (pcg32-demo: seed 42,
 * sequence 54) and small, copyable state: a checkpoint is four numbers per stream.
 */
const MULT_HI = 0x5851f42d;
const MULT_LO = 0x4c957f2d;

/** High 32 bits of the 64-bit product of two uint32s, exact in doubles via 16-bit limbs. */
function mulHi32(a: number, b: number): number {
  const a0 = a & 0xffff;
  const a1 = a >>> 16;
  const b0 = b & 0xffff;
  const b1 = b >>> 16;
  const t0 = a0 * b0;
  const t1 = a1 * b0 + (t0 >>> 16);
  const t2 = a0 * b1 + (t1 & 0xffff);
  return (a1 * b1 + Math.floor(t1 / 65536) + Math.floor(t2 / 65536)) >>> 0;
}

export type PrngState = readonly [stateHi: number, stateLo: number, incHi: number, incLo: number];

export class Pcg32 {
  private hi = 0;
  private lo = 0;
  private incHi = 0;
  private incLo = 1;

  /** Seeds like pcg32_srandom_r(initstate, initseq), each given as 64 bits in two uint32 halves. */
  constructor(stateHi = 0, stateLo = 0, seqHi = 0, seqLo = 0) {
    this.seed(stateHi, stateLo, seqHi, seqLo);
  }

  seed(stateHi: number, stateLo: number, seqHi: number, seqLo: number): void {
    // inc = (initseq << 1) | 1
    this.incHi = ((seqHi << 1) | (seqLo >>> 31)) >>> 0;
    this.incLo = ((seqLo << 1) | 1) >>> 0;
    this.hi = 0;
    this.lo = 0;
    this.nextUint32();
    const lo = this.lo + (stateLo >>> 0);
    this.lo = lo >>> 0;
    this.hi = (this.hi + (stateHi >>> 0) + (lo > 0xffffffff ? 1 : 0)) >>> 0;
    this.nextUint32();
  }

  nextUint32(): number {
    const oldHi = this.hi;
    const oldLo = this.lo;
    // state = old * MULT + inc (mod 2^64)
    const prodLo = Math.imul(oldLo, MULT_LO) >>> 0;
    const prodHi = (mulHi32(oldLo, MULT_LO) + Math.imul(oldLo, MULT_HI) + Math.imul(oldHi, MULT_LO)) >>> 0;
    const sumLo = prodLo + this.incLo;
    this.lo = sumLo >>> 0;
    this.hi = (prodHi + this.incHi + (sumLo > 0xffffffff ? 1 : 0)) >>> 0;
    // output = rotr32(((old >> 18) ^ old) >> 27, old >> 59)
    const xHi = (oldHi ^ (oldHi >>> 18)) >>> 0;
    const xLo = (oldLo ^ ((oldLo >>> 18) | (oldHi << 14))) >>> 0;
    const xorshifted = ((xLo >>> 27) | (xHi << 5)) >>> 0;
    const rot = oldHi >>> 27;
    return ((xorshifted >>> rot) | (xorshifted << ((32 - rot) & 31))) >>> 0;
  }

  /** A float in [0, 1) with 32 bits of randomness. */
  next(): number {
    return this.nextUint32() / 4294967296;
  }

  /** An integer in [0, n). Multiply-shift: a negligible bias for the small n a simulation needs. */
  nextInt(n: number): number {
    return Math.floor(this.next() * n);
  }

  getState(): PrngState {
    return [this.hi, this.lo, this.incHi, this.incLo];
  }

  setState(state: PrngState): void {
    [this.hi, this.lo, this.incHi, this.incLo] = state;
  }
}

/**
 * One step of a PCG32 stream kept in `s` at `at` as [stateHi, stateLo, incHi, incLo] (getState()'s
 * bit patterns): the same output as Pcg32.nextUint32, in integer arithmetic only. The engine packs its
 * thousands of link streams this way so a draw reads 16 adjacent bytes instead of chasing an object.
 */
export function pcg32NextAt(s: Int32Array, at: number): number {
  // Written tersely: its bytecode size decides whether the optimiser inlines it into a send.
  const oldHi = s[at]!;
  const oldLo = s[at + 1]!;
  const lo16 = oldLo & 0xffff;
  const hi16 = oldLo >>> 16;
  // High 32 bits of oldLo × MULT_LO from 16-bit limbs: every partial sum stays below 2^32.
  const t1 = hi16 * MULT_LO_0 + ((lo16 * MULT_LO_0) >>> 16);
  const mulHi = hi16 * MULT_LO_1 + (t1 >>> 16) + ((lo16 * MULT_LO_1 + (t1 & 0xffff)) >>> 16);
  const prodLo = Math.imul(oldLo, MULT_LO);
  const sumLo = (prodLo + s[at + 3]!) | 0;
  s[at + 1] = sumLo;
  s[at] =
    mulHi +
    Math.imul(oldLo, MULT_HI) +
    Math.imul(oldHi, MULT_LO) +
    s[at + 2]! +
    +(sumLo >>> 0 < prodLo >>> 0);
  const x = ((oldLo ^ ((oldLo >>> 18) | (oldHi << 14))) >>> 27) | ((oldHi ^ (oldHi >>> 18)) << 5);
  const rot = oldHi >>> 27;
  return ((x >>> rot) | (x << (32 - rot))) >>> 0;
}
const MULT_LO_0 = MULT_LO & 0xffff;
const MULT_LO_1 = MULT_LO >>> 16;

/** FNV-1a over a string's UTF-16 code units, then a murmur3 finaliser so near names spread apart. */
export function hashString(text: string, salt = 0): number {
  let h = (0x811c9dc5 ^ salt) >>> 0;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/**
 * An independent stream for one named part of the simulation ("link:client>server", "node:server"),
 * derived from the root seed and the name alone, so adding a node or turning a fix on never reshuffles
 * the draws of unrelated links and nodes (TigerBeetle's per-subsystem seeds).
 */
export function deriveStream(rootSeed: number, name: string): Pcg32 {
  const seed = rootSeed >>> 0;
  return new Pcg32(seed, hashString(name, 0x9e3779b9), hashString(name, seed), hashString(name, 0x2545f491));
}
