/**
 * Messages in flight: one row of MSG_STRIDE int32s per slot (two rows per cache line: one line for a
 * delivery to read, where eight parallel arrays were eight), with a free list, and each slot's
 * payload beside it.
 */

// What a message carries, for dispatch on delivery.
export const M_PLAIN = 0;
export const M_REQUEST = 1;
export const M_REPLY = 2;

// A row's fields by offset.
export const MSG_STRIDE = 8;
export const MSG_ID = 0;
export const MSG_FROM = 1;
export const MSG_TO = 2;
export const MSG_KIND = 3;
export const MSG_FATE = 4;
export const MSG_CALL = 5;
export const MSG_LABEL = 6;
export const MSG_SEND_SEQ = 7;

// A message's fate, decided when it is sent or when it reaches a paused node.
export const F_OK = 0;
export const F_LOST = 1;
export const F_DROPPED_BY_YOU = 2;
export const F_CUT = 3;
export const F_ARRIVED = 4; // reached a paused node: waiting for it to resume, no more network checks

/** What a checkpoint keeps of the table; the payloads are packed with the rest of the plain state. */
export interface MessagesSnapshot {
  rows: Int32Array;
  free: number[];
  high: number;
  nextId: number;
}

export class MessageTable {
  rows = new Int32Array(1024 * MSG_STRIDE);
  payloads: unknown[] = [];
  /** The next message id (a network-made copy gets its own). */
  nextId = 0;
  private free: number[] = [];
  private high = 0;

  /** Stores a message; returns its slot. */
  add(
    id: number,
    from: number,
    to: number,
    kind: number,
    fate: number,
    call: number,
    labelId: number,
    sendSeq: number,
    payload: unknown,
  ): number {
    const slot = this.alloc();
    const m = this.rows;
    const row = slot * MSG_STRIDE;
    m[row + MSG_ID] = id;
    m[row + MSG_FROM] = from;
    m[row + MSG_TO] = to;
    m[row + MSG_KIND] = kind;
    m[row + MSG_FATE] = fate;
    m[row + MSG_CALL] = call;
    m[row + MSG_LABEL] = labelId;
    m[row + MSG_SEND_SEQ] = sendSeq;
    this.payloads[slot] = payload;
    return slot;
  }

  release(slot: number): void {
    this.payloads[slot] = undefined;
    this.free.push(slot);
  }

  snapshot(): MessagesSnapshot {
    const high = this.high;
    return {
      rows: this.rows.slice(0, high * MSG_STRIDE),
      free: this.free.slice(),
      high,
      nextId: this.nextId,
    };
  }

  /** The payloads of the slots in use, for the checkpoint's plain state. */
  payloadsInUse(): unknown[] {
    return this.payloads.slice(0, this.high);
  }

  restore(s: MessagesSnapshot, payloads: unknown[]): void {
    while (this.rows.length < s.rows.length) this.grow();
    this.rows.set(s.rows);
    this.free = s.free.slice();
    this.high = s.high;
    this.nextId = s.nextId;
    this.payloads = payloads;
  }

  private alloc(): number {
    const free = this.free.pop();
    if (free !== undefined) return free;
    const slot = this.high++;
    if (slot * MSG_STRIDE >= this.rows.length) this.grow();
    return slot;
  }

  private grow(): void {
    const rows = new Int32Array(this.rows.length * 2);
    rows.set(this.rows);
    this.rows = rows;
  }
}
