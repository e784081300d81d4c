import { describe, expect, it } from 'vitest';
import { summarise } from './summary.ts';

describe('summarise', () => {
  it('says what each node is doing, what is cut and what is in flight', () => {
    const text = summarise({
      nodes: [
        { name: 'client', kind: 'client', label: 'waiting', life: 'up', slowFactor: 1 },
        { name: 'server', kind: 'payment server', label: 'working', life: 'crashed', slowFactor: 4 },
      ],
      cuts: [['client', 'server']],
      inFlight: 3,
    });
    expect(text).toBe(
      'A network of 2 nodes: client: waiting; server (payment server): crashed, slowed ×4. Cut link: client → server. 3 messages in flight.',
    );
  });
  it('counts rather than lists in a big cluster', () => {
    const nodes = Array.from({ length: 20 }, (_, i) => ({
      name: `n${i}`,
      kind: 'peer',
      label: '',
      life: i < 2 ? ('crashed' as const) : ('up' as const),
      slowFactor: 1,
    }));
    expect(summarise({ nodes, cuts: [], inFlight: 0 })).toBe(
      'A network of 20 nodes. Crashed: n0, n1. No link is cut. No messages in flight.',
    );
  });
});
