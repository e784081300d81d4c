/**
 * Message spans derived from a trace: for each message, where and when it left and how it ended.
 * Views animate messages from these; the worker answers "what is in flight at t" with a typed array.
 * Pure and incremental: add events as they stream in, truncate when a run branches.
 */
import type { TraceEvent } from './trace.ts';

export const SPAN_END = { inFlight: 0, delivered: 1, dropped: 2 } as const;
export type SpanEnd = (typeof SPAN_END)[keyof typeof SPAN_END];

export interface MessageSpan {
  msg: number;
  from: string;
  to: string;
  label: string;
  call: number | undefined;
  sendT: number;
  sendSeq: number;
  /** Set for a network-made copy: the msg it copies. */
  duplicateOf: number | undefined;
  end: SpanEnd;
  endT: number;
  endSeq: number;
  dropReason: string | undefined;
}

/** Floats per message in a positions buffer: from index, to index, progress 0..1, end kind, msg id. */
export const POSITION_STRIDE = 5;

export class MessageSpans {
  readonly spans: MessageSpan[] = [];
  private byMsg = new Map<number, MessageSpan>();
  private lastSendSeq = new Map<number, number>();
  private maxLatency = 0;

  /** Adds events in trace order. */
  add(events: readonly TraceEvent[]): void {
    for (const e of events) {
      if (e.type === 'send') {
        this.lastSendSeq.set(e.msg, e.seq);
        this.open(e.msg, e.node, e.to, e.label, e.call, e.t, e.seq, undefined);
      } else if (e.type === 'duplicate') {
        const orig = this.byMsg.get(e.of);
        if (orig) this.open(e.msg, orig.from, orig.to, e.label, e.call, e.t, e.seq, e.of);
      } else if (e.type === 'deliver' || e.type === 'drop') {
        const span = this.byMsg.get(e.msg);
        if (!span) continue;
        span.end = e.type === 'deliver' ? SPAN_END.delivered : SPAN_END.dropped;
        span.endT = e.t;
        span.endSeq = e.seq;
        span.dropReason = e.type === 'drop' ? e.reason : undefined;
        this.maxLatency = Math.max(this.maxLatency, e.t - span.sendT);
      }
    }
  }

  private open(
    msg: number,
    from: string,
    to: string,
    label: string,
    call: number | undefined,
    t: number,
    seq: number,
    duplicateOf: number | undefined,
  ): void {
    const span: MessageSpan = {
      msg,
      from,
      to,
      label,
      call,
      sendT: t,
      sendSeq: seq,
      duplicateOf,
      end: SPAN_END.inFlight,
      endT: Infinity,
      endSeq: -1,
      dropReason: undefined,
    };
    this.spans.push(span);
    this.byMsg.set(msg, span);
  }

  get(msg: number): MessageSpan | undefined {
    return this.byMsg.get(msg);
  }

  /** Forgets everything from trace seq `length` on (the run branched there). */
  truncate(length: number): void {
    while (this.spans.length > 0 && this.spans[this.spans.length - 1]!.sendSeq >= length) {
      this.byMsg.delete(this.spans.pop()!.msg);
    }
    for (const span of this.spans) {
      if (span.endSeq >= length) {
        span.end = SPAN_END.inFlight;
        span.endT = Infinity;
        span.endSeq = -1;
        span.dropReason = undefined;
      }
    }
  }

  /** Spans on the wire at time t (sent at or before t, not yet ended), oldest first. */
  inFlightAt(t: number): MessageSpan[] {
    const out: MessageSpan[] = [];
    const spans = this.spans;
    // Spans are in send order; only those sent within the longest latency seen can still be in flight.
    let lo = 0;
    let hi = spans.length;
    const from = t - this.maxLatency - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (spans[mid]!.sendT < from) lo = mid + 1;
      else hi = mid;
    }
    for (let k = Math.max(0, lo - 64); k < spans.length; k++) {
      const s = spans[k]!;
      if (s.sendT > t) break;
      if (s.endT > t || (s.end === SPAN_END.inFlight && s.sendT <= t)) out.push(s);
    }
    return out;
  }

  /**
   * The in-flight messages at t as POSITION_STRIDE floats each (node indices from `indexOf`), ready
   * to transfer. Messages whose end is not simulated yet are skipped: their path is unknown.
   */
  positionsAt(t: number, indexOf: (name: string) => number): Float32Array {
    const flying = this.inFlightAt(t).filter((s) => s.end !== SPAN_END.inFlight);
    const out = new Float32Array(flying.length * POSITION_STRIDE);
    flying.forEach((s, n) => {
      const k = n * POSITION_STRIDE;
      out[k] = indexOf(s.from);
      out[k + 1] = indexOf(s.to);
      out[k + 2] = s.endT > s.sendT ? (t - s.sendT) / (s.endT - s.sendT) : 1;
      out[k + 3] = s.end;
      out[k + 4] = s.msg;
    });
    return out;
  }
}
