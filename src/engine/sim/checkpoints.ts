/**
 * Checkpoints for time travel: what one holds, and the list of them (which to restore for a seek or
 * a branch, which to drop when the past changes, thinning on long runs). The Simulation takes and
 * restores them; each part (links, message table) snapshots its own state.
 */
import type { DataSnapshot } from '../clone.ts';
import type { EventHeap } from '../heap.ts';
import type { PrngState } from '../prng.ts';
import type { LinksSnapshot } from './links.ts';
import type { MessagesSnapshot } from './messages.ts';

/**
 * Events between checkpoints. Fewer checkpoints cost less while running; more make a seek replay
 * less. At 8192 a 100-node workload keeps >= 0.7x of its speed with history on and still seeks in
 * a few ms (docs/performance.md).
 */
export const DEFAULT_CHECKPOINT_EVERY = 8192;

export interface Checkpoint<Plain> {
  now: number;
  processed: number;
  traceLength: number;
  heap: ReturnType<EventHeap['snapshot']>;
  scalars: [seqCounter: number, ivIndex: number, nextTimer: number, nextCall: number, nextRequest: number];
  msgs: MessagesSnapshot;
  /** Params, timers, calls, payloads and node runtime fields, packed (see snapshotData). */
  plain: DataSnapshot<Plain>;
  /** Node streams; the link streams are in `links.rng`. */
  prng: PrngState[];
  links: LinksSnapshot;
}

interface Moment {
  now: number;
  processed: number;
}

export class CheckpointList<C extends Moment> {
  private list: C[] = [];

  constructor(private readonly max: number) {}

  get count(): number {
    return this.list.length;
  }

  /**
   * Whether a checkpoint is due at `processed`: replaying after a seek back passes states that already
   * have theirs (the list stays in order, and replay does not pay for checkpoints twice).
   */
  wants(processed: number): boolean {
    const last = this.list[this.list.length - 1];
    return !last || last.processed < processed;
  }

  add(cp: C): void {
    this.list.push(cp);
    if (this.list.length > this.max) this.thin();
  }

  /**
   * The newest checkpoint usable for time t. A branch at t needs one taken strictly before t (so no
   * event at t has run yet); the very first checkpoint qualifies for any t, as nothing ran before it.
   */
  latestAtOrBefore(t: number, strictly: boolean): C | undefined {
    let best: C | undefined;
    for (const cp of this.list) {
      if (cp.processed === 0 || (strictly ? cp.now < t : cp.now <= t)) best = cp;
    }
    return best;
  }

  /** After a branch from `cp`: the checkpoints after it belong to the old future. */
  dropAfter(cp: C): void {
    this.list = this.list.filter((c) => c.processed <= cp.processed);
  }

  /** Checkpoints ahead of the state (kept after a seek back) taken without an intervention at `at`. */
  dropFrom(at: number): void {
    this.list = this.list.filter((c) => c.processed === 0 || c.now < at);
  }

  /** Keeps memory bounded on long runs: old history gets sparser, recent history stays dense. */
  private thin(): void {
    const half = this.list.length >> 1;
    this.list = [...this.list.slice(0, half).filter((_, k) => k % 2 === 0), ...this.list.slice(half)];
  }
}
