/**
 * The network's links (k = from × n + to) as struct-of-arrays: with 100 nodes there are 10,000 links,
 * and a send that chased three scattered objects (link, props, stream) missed the cache on each of
 * them. Each link has its own PCG32 stream, so one link's traffic never shifts another's draws.
 */
import { deriveStream, pcg32NextAt } from '../prng.ts';
import type { LinkProps, Scenario } from '../types.ts';
import { F_CUT, F_DROPPED_BY_YOU, F_LOST, F_OK } from './messages.ts';

/** What a checkpoint keeps of the links. */
export interface LinksSnapshot {
  /** profile and net are replaced, never written, when params change, so a checkpoint shares them. */
  profile: Int32Array;
  net: Float64Array;
  /** Undefined when all zero (nearly always). */
  cut: Uint8Array | undefined;
  dropNext: Int32Array | undefined;
  /** Each stream's stateHi, stateLo (the increments never change). */
  rng: Int32Array;
}

/** Added to route()'s fate (always F_OK then) when the network duplicates the message. */
export const COPIED = 8;

export class Links {
  readonly n: number;
  /**
   * Per link: 0 when there is no link, else 1 + the index of its properties in `net`. Links share
   * properties (usually all of them share the scenario's network), so a send reads them from a table
   * of a few entries that stays in cache, where a per-link copy (32 bytes × 10,000) did not.
   */
  profile: Int32Array = new Int32Array(0);
  /** Per distinct link properties: latencyMs, jitterMs, loss, duplicate. */
  net: Float64Array = new Float64Array(0);
  private readonly cut: Uint8Array;
  private readonly dropNext: Int32Array;
  /** How many links are cut and how many drop-next drops are pending: a checkpoint skips all-zero arrays. */
  private cutCount = 0;
  private dropsPending = 0;
  /** Per link: its PCG32 stream's state (see pcg32NextAt). */
  private readonly rng: Int32Array;
  /** A send's four link draws. */
  private readonly draws = new Float64Array(4);
  /** Set by route(): the message's delay and its copy's, in ms (a typed array: no number boxed per send). */
  readonly delaysMs = new Float64Array(2);

  constructor(seed: number, names: readonly string[]) {
    const n = names.length;
    this.n = n;
    this.cut = new Uint8Array(n * n);
    this.dropNext = new Int32Array(n * n);
    this.rng = new Int32Array(4 * n * n);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        this.rng.set(deriveStream(seed, `link:${names[i]}>${names[j]}`).getState(), 4 * (i * n + j));
      }
    }
  }

  /**
   * Decides one send on link k, which must exist (profile[k] !== 0): returns its fate, plus COPIED
   * when the network also delivers a copy; sets delaysMs.
   */
  route(k: number): number {
    const net = this.net;
    const q = 4 * (this.profile[k]! - 1);
    // Always four draws per send, so one message's fate never shifts the draws of the next. One call
    // site in a loop: the optimiser inlines the generator once instead of running out of budget.
    const draws = this.draws;
    const rng = this.rng;
    const r = 4 * k;
    for (let d = 0; d < 4; d++) draws[d] = pcg32NextAt(rng, r) / 4294967296;
    const delays = this.delaysMs;
    delays[0] = net[q]! + draws[2]! * net[q + 1]!;
    delays[1] = net[q]! + draws[3]! * net[q + 1]!;
    // The counters first: nearly always zero, and then the per-link arrays stay untouched.
    const fate =
      this.cutCount === 0 && this.dropsPending === 0
        ? draws[0]! < net[q + 2]!
          ? F_LOST
          : F_OK
        : this.faultFate(k, draws[0]! < net[q + 2]!);
    return fate === F_OK && draws[1]! < net[q + 3]! ? COPIED : fate;
  }

  /** The fate of a send on link k while some link is cut or a drop is pending (rare: kept apart, out of the hot path). */
  private faultFate(k: number, lost: boolean): number {
    if (this.cutCount !== 0 && this.cut[k] !== 0) return F_CUT;
    if (this.dropsPending !== 0 && this.dropNext[k]! > 0) {
      this.dropNext[k] = this.dropNext[k]! - 1;
      this.dropsPending--;
      return F_DROPPED_BY_YOU;
    }
    return lost ? F_LOST : F_OK;
  }

  isCut(k: number): boolean {
    return this.cutCount !== 0 && this.cut[k] !== 0;
  }

  /** Cuts or heals link k; false when it already was so. */
  setCut(k: number, cut: boolean): boolean {
    if ((this.cut[k] !== 0) === cut) return false;
    this.cut[k] = cut ? 1 : 0;
    this.cutCount += cut ? 1 : -1;
    return true;
  }

  /** The next message sent on link k is dropped (one more, if some are already pending). */
  dropNextOn(k: number): void {
    this.dropNext[k] = this.dropNext[k]! + 1;
    this.dropsPending++;
  }

  /** Sets every link's properties from the scenario (made with the params now in force). */
  setProps(scenario: Scenario): void {
    const n = this.n;
    const index = new Map(scenario.nodes.map((node, i) => [node.name, i]));
    // New arrays, never written in place: checkpoints hold on to the old ones.
    const profile = new Int32Array(n * n);
    const values: number[] = [];
    const ids = new Map<string, number>();
    const bits = new Float64Array(4);
    const bitWords = new Uint32Array(bits.buffer);
    // 1 + the index of these properties in the table, added when new (keyed by their exact bits).
    const profileOf = (props: LinkProps): number => {
      bits[0] = props.latencyMs;
      bits[1] = props.jitterMs;
      bits[2] = props.loss;
      bits[3] = props.duplicate;
      const key = bitWords.join(',');
      let id = ids.get(key);
      if (id === undefined) {
        id = ids.size + 1;
        ids.set(key, id);
        values.push(props.latencyMs, props.jitterMs, props.loss, props.duplicate);
      }
      return id;
    };
    const shared = profileOf(scenario.network);
    if (scenario.links === undefined)
      for (let k = 0; k < n * n; k++) profile[k] = Math.floor(k / n) !== k % n ? shared : 0;
    for (const spec of scenario.links ?? []) {
      const i = index.get(spec.from);
      const j = index.get(spec.to);
      if (i === undefined || j === undefined)
        throw new Error(`link ${spec.from} → ${spec.to} names an unknown node`);
      const { from: _f, to: _t, ...props } = spec;
      profile[i * n + j] = profileOf({ ...scenario.network, ...definedOnly(props) });
    }
    this.profile = profile;
    this.net = Float64Array.from(values);
  }

  snapshot(): LinksSnapshot {
    return {
      profile: this.profile,
      net: this.net,
      cut: this.cutCount === 0 ? undefined : this.cut.slice(),
      dropNext: this.dropsPending === 0 ? undefined : this.dropNext.slice(),
      rng: this.rngState(),
    };
  }

  restore(s: LinksSnapshot): void {
    this.profile = s.profile;
    this.net = s.net;
    if (s.cut) this.cut.set(s.cut);
    else this.cut.fill(0);
    if (s.dropNext) this.dropNext.set(s.dropNext);
    else this.dropNext.fill(0);
    this.cutCount = sum(this.cut);
    this.dropsPending = sum(this.dropNext);
    const rng = this.rng;
    const saved = s.rng;
    for (let k = 0, r = 0; k < saved.length; k += 2, r += 4) {
      rng[r] = saved[k]!;
      rng[r + 1] = saved[k + 1]!;
    }
  }

  /** The link streams' moving halves (their increments never change): half the bytes of a copy. */
  private rngState(): Int32Array {
    const rng = this.rng;
    const out = new Int32Array(rng.length >> 1);
    for (let k = 0, r = 0; k < out.length; k += 2, r += 4) {
      out[k] = rng[r]!;
      out[k + 1] = rng[r + 1]!;
    }
    return out;
  }
}

function sum(a: Uint8Array | Int32Array): number {
  let total = 0;
  for (let i = 0; i < a.length; i++) total += a[i]!;
  return total;
}

function definedOnly<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
