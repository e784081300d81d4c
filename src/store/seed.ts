/**
 * Seeds the learner asks for ("new seed"). The UI is not the engine: drawing a fresh seed from the
 * browser's crypto source is fine here, and the seed then makes the run reproducible.
 */
export function randomSeed(): number {
  const buf = new Uint32Array(1);
  globalThis.crypto.getRandomValues(buf);
  return buf[0]! % 1_000_000;
}
