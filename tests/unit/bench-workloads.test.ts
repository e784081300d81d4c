import { describe, expect, it } from 'vitest';
import { plainClientInput, xstateInput } from '../../bench/workloads.ts';
import { runTrace } from '../../src/engine/simulation.ts';

describe("the benchmark's XState workload", () => {
  it('makes the same trace as its plain-behaviour twin, so their speed ratio is the host’s cost', () => {
    for (const seed of [1, 2, 3]) {
      const hosted = runTrace(xstateInput(seed, 20), 1500);
      const plain = runTrace(plainClientInput(seed, 20), 1500);
      expect(hosted.length).toBeGreaterThan(1000);
      expect(plain.hash()).toBe(hosted.hash());
    }
  });
});
