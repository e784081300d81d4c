/**
 * Node and link conditions at any point of the trace: each node's state label, whether it is up,
 * crashed or paused, how slow it runs, its latest clock event, and which one-way links are cut.
 * Kept as per-node histories of changes, so "at cursorSeq" is a binary search, not a replay.
 */
import { useMemo } from 'react';
import type { ClockEvent, TraceEvent } from '../../engine/index.ts';
import { appStore, useApp } from '../../store/store.ts';
import { followTrace } from './follow.ts';

export type Life = 'up' | 'crashed' | 'paused';

/** Values that changed at given seqs; the value "at" a cursor is the last change before it. */
export class History<T> {
  readonly seqs: number[] = [];
  readonly values: T[] = [];

  push(seq: number, value: T): void {
    this.seqs.push(seq);
    this.values.push(value);
  }

  /** The last value set by an event with seq < cursorSeq (events before the cursor have happened). */
  at(cursorSeq: number): T | undefined {
    let lo = 0;
    let hi = this.seqs.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.seqs[mid]! < cursorSeq) lo = mid + 1;
      else hi = mid;
    }
    return lo > 0 ? this.values[lo - 1] : undefined;
  }

  truncate(length: number): void {
    while (this.seqs.length > 0 && this.seqs[this.seqs.length - 1]! >= length) {
      this.seqs.pop();
      this.values.pop();
    }
  }

  get length(): number {
    return this.seqs.length;
  }
}

interface NodeHistory {
  label: History<string>;
  life: History<Life>;
  slow: History<number>;
  clock: History<ClockEvent>;
}

export interface NodeStatus {
  name: string;
  /** The behaviour's state label ("waiting"); empty when it has none. */
  label: string;
  life: Life;
  /** 1 = normal speed; 4 = everything it does takes four times as long. */
  slowFactor: number;
}

const linkKey = (from: string, to: string): string => `${from}\u0000${to}`;

export class StatusIndex {
  private nodes = new Map<string, NodeHistory>();
  private cuts = new Map<string, History<boolean>>();

  private node(name: string): NodeHistory {
    let h = this.nodes.get(name);
    if (!h) {
      h = { label: new History(), life: new History(), slow: new History(), clock: new History() };
      this.nodes.set(name, h);
    }
    return h;
  }

  private cut(from: string, to: string): History<boolean> {
    const key = linkKey(from, to);
    let h = this.cuts.get(key);
    if (!h) {
      h = new History();
      this.cuts.set(key, h);
    }
    return h;
  }

  add(events: readonly TraceEvent[]): void {
    for (const e of events) {
      switch (e.type) {
        case 'state':
          this.node(e.node).label.push(e.seq, e.label);
          break;
        case 'crash':
          this.node(e.node).life.push(e.seq, 'crashed');
          break;
        case 'pause':
          this.node(e.node).life.push(e.seq, 'paused');
          break;
        case 'recover':
        case 'resume':
          this.node(e.node).life.push(e.seq, 'up');
          break;
        case 'clock':
          this.node(e.node).clock.push(e.seq, e);
          break;
        case 'partition':
        case 'heal':
          this.cut(e.from, e.to).push(e.seq, e.type === 'partition');
          break;
        case 'intervention': {
          // Slowness has no event of its own: the intervention is its record.
          const iv = e as unknown as { kind: string; node?: string; factor?: number };
          if (iv.kind === 'slow' && iv.node !== undefined)
            this.node(iv.node).slow.push(e.seq, Number(iv.factor ?? 1));
          break;
        }
      }
    }
  }

  truncate(length: number): void {
    for (const h of this.nodes.values()) {
      h.label.truncate(length);
      h.life.truncate(length);
      h.slow.truncate(length);
      h.clock.truncate(length);
    }
    for (const h of this.cuts.values()) h.truncate(length);
  }

  nodeAt(name: string, cursorSeq: number): NodeStatus {
    const h = this.nodes.get(name);
    return {
      name,
      label: h?.label.at(cursorSeq) ?? '',
      life: h?.life.at(cursorSeq) ?? 'up',
      slowFactor: h?.slow.at(cursorSeq) ?? 1,
    };
  }

  isCut(from: string, to: string, cursorSeq: number): boolean {
    return this.cuts.get(linkKey(from, to))?.at(cursorSeq) ?? false;
  }

  /** Every one-way link cut at the cursor, as [from, to] (reads only links that were ever cut). */
  cutLinksAt(cursorSeq: number): [string, string][] {
    const out: [string, string][] = [];
    for (const [key, h] of this.cuts) {
      if (h.at(cursorSeq)) out.push(key.split('\u0000') as [string, string]);
    }
    return out;
  }

  clockAt(name: string, cursorSeq: number): ClockEvent | undefined {
    return this.nodes.get(name)?.clock.at(cursorSeq);
  }

  /** Every clock event known for a node, in order. */
  clockEvents(name: string): readonly ClockEvent[] {
    return this.nodes.get(name)?.clock.values ?? [];
  }

  /** True when no clock in the whole known run is ever off: no offset, no drift, no resync, no skew. */
  clocksPerfect(): boolean {
    for (const h of this.nodes.values()) {
      for (const c of h.clock.values) {
        if (c.reason !== 'start' || c.offsetMs !== 0 || c.driftPpm !== 0 || c.rate !== 1) return false;
      }
    }
    return true;
  }
}

const sync = followTrace(() => new StatusIndex());

/** The status index of a trace window, outside React (updated in place, cheap when unchanged). */
export function syncStatusIndex(events: readonly TraceEvent[], baseSeq: number): StatusIndex {
  return sync(events, baseSeq);
}

/** The status index of the store's trace; a fresh identity per trace version (read-only view). */
export function useStatusIndex(): StatusIndex {
  const version = useApp((s) => s.traceVersion);
  return useMemo(() => {
    void version; // the trace changed: read the current window
    const { events, baseSeq } = appStore.getState();
    return Object.create(syncStatusIndex(events, baseSeq)) as StatusIndex;
  }, [version]);
}
