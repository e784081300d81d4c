/** Lamport and vector clocks, for behaviours that order events causally instead of by wall clock. */

/** A Lamport timestamp: on send, tick; on receive, max(mine, theirs) + 1. */
export const lamport = {
  tick: (mine: number): number => mine + 1,
  receive: (mine: number, theirs: number): number => Math.max(mine, theirs) + 1,
  /** Total order for ties: the smaller timestamp first, then the node name. */
  compare: (a: { time: number; node: string }, b: { time: number; node: string }): number =>
    a.time - b.time || (a.node < b.node ? -1 : a.node > b.node ? 1 : 0),
};

export type VectorClock = Readonly<Record<string, number>>;

export const vector = {
  tick: (v: VectorClock, node: string): VectorClock => ({ ...v, [node]: (v[node] ?? 0) + 1 }),
  merge: (a: VectorClock, b: VectorClock): VectorClock => {
    const out: Record<string, number> = { ...a };
    for (const [k, x] of Object.entries(b)) out[k] = Math.max(out[k] ?? 0, x);
    return out;
  },
  receive: (mine: VectorClock, theirs: VectorClock, node: string): VectorClock =>
    vector.tick(vector.merge(mine, theirs), node),
  /** 'before' if a happened-before b, 'after' if b happened-before a, 'equal', or 'concurrent'. */
  compare: (a: VectorClock, b: VectorClock): 'before' | 'after' | 'equal' | 'concurrent' => {
    let less = false;
    let more = false;
    for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) {
      const x = a[k] ?? 0;
      const y = b[k] ?? 0;
      if (x < y) less = true;
      if (x > y) more = true;
    }
    return less && more ? 'concurrent' : less ? 'before' : more ? 'after' : 'equal';
  },
};
