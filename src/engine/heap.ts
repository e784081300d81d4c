/**
 * A binary min-heap of scheduled events on typed arrays: ordered by time, then by insertion sequence,
 * so two events at the same instant always pop in the order they were scheduled. Each entry carries
 * one int32 (the engine packs the event kind and a slot index into it).
 */
export class EventHeap {
  times: Float64Array;
  seqs: Float64Array;
  refs: Int32Array;
  size = 0;

  constructor(capacity = 1024) {
    this.times = new Float64Array(capacity);
    this.seqs = new Float64Array(capacity);
    this.refs = new Int32Array(capacity);
  }

  private grow(): void {
    const cap = this.times.length * 2;
    const times = new Float64Array(cap);
    const seqs = new Float64Array(cap);
    const refs = new Int32Array(cap);
    times.set(this.times);
    seqs.set(this.seqs);
    refs.set(this.refs);
    this.times = times;
    this.seqs = seqs;
    this.refs = refs;
  }

  push(time: number, seq: number, ref: number): void {
    if (this.size === this.times.length) this.grow();
    const times = this.times;
    const seqs = this.seqs;
    const refs = this.refs;
    let i = this.size++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const pt = times[parent]!;
      if (pt < time || (pt === time && seqs[parent]! < seq)) break;
      times[i] = pt;
      seqs[i] = seqs[parent]!;
      refs[i] = refs[parent]!;
      i = parent;
    }
    times[i] = time;
    seqs[i] = seq;
    refs[i] = ref;
  }

  peekTime(): number {
    return this.size > 0 ? this.times[0]! : Infinity;
  }

  /** Removes the earliest entry and returns its ref; read its time with peekTime() first. */
  pop(): number {
    const times = this.times;
    const seqs = this.seqs;
    const refs = this.refs;
    const top = refs[0]!;
    const last = --this.size;
    if (last === 0) return top;
    const t = times[last]!;
    const s = seqs[last]!;
    const r = refs[last]!;
    // Bottom-up: move the hole down to a leaf along the smaller children (one comparison per level),
    // then sift the last entry up from there; it usually belongs near the bottom.
    let i = 0;
    let child = 1;
    while (child < last) {
      const right = child + 1;
      if (right < last) {
        const ct = times[child]!;
        const rt = times[right]!;
        // Branch-free choice: which child is smaller is a coin flip, so a branch would mispredict half the time.
        child += +(rt < ct) | (+(rt === ct) & +(seqs[right]! < seqs[child]!));
      }
      times[i] = times[child]!;
      seqs[i] = seqs[child]!;
      refs[i] = refs[child]!;
      i = child;
      child = 2 * i + 1;
    }
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const pt = times[parent]!;
      if (pt < t || (pt === t && seqs[parent]! < s)) break;
      times[i] = pt;
      seqs[i] = seqs[parent]!;
      refs[i] = refs[parent]!;
      i = parent;
    }
    times[i] = t;
    seqs[i] = s;
    refs[i] = r;
    return top;
  }

  snapshot(): { times: Float64Array; seqs: Float64Array; refs: Int32Array; size: number } {
    return {
      times: this.times.slice(0, this.size),
      seqs: this.seqs.slice(0, this.size),
      refs: this.refs.slice(0, this.size),
      size: this.size,
    };
  }

  restore(s: { times: Float64Array; seqs: Float64Array; refs: Int32Array; size: number }): void {
    let cap = Math.max(1024, this.times.length);
    while (cap < s.size) cap *= 2;
    if (cap !== this.times.length) {
      this.times = new Float64Array(cap);
      this.seqs = new Float64Array(cap);
      this.refs = new Int32Array(cap);
    }
    this.times.set(s.times);
    this.seqs.set(s.seqs);
    this.refs.set(s.refs);
    this.size = s.size;
  }
}
