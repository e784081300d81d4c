/**
 * Rebuilds an engine `Trace` from the JSON-shaped events the worker streams to the page, so a lesson's
 * step challenges (which read a Trace) can be evaluated on the page, on the trace as of the cursor.
 * It is the inverse of `Trace.get` (see the column table in src/engine/trace.ts): a round trip gives
 * the same JSON Lines, which trace-from-events.test.ts checks on every lesson.
 */
import { EV, OUTCOME_RESULTS, Trace, type TraceEvent } from '../engine/trace.ts';

const BASE_KEYS = new Set(['seq', 't', 'node', 'local', 'type']);

function rest(e: TraceEvent, also: readonly string[] = []): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(e)) if (!BASE_KEYS.has(k) && !also.includes(k)) out[k] = v;
  return out;
}

/** A Trace that grows one event at a time and can be cut back (the cursor moves both ways). */
export class PageTrace {
  readonly trace: Trace;
  private readonly index: Map<string, number>;

  constructor(nodeNames: readonly string[]) {
    this.trace = new Trace(nodeNames);
    this.index = new Map(nodeNames.map((n, i) => [n, i]));
  }

  get length(): number {
    return this.trace.length;
  }

  truncate(length: number): void {
    this.trace.truncate(length);
  }

  private node(name: unknown): number {
    return typeof name === 'string' ? (this.index.get(name) ?? -1) : -1;
  }

  /** Appends one event (its seq must be the next one). */
  push(e: TraceEvent): void {
    const tr = this.trace;
    const n = this.node(e.node);
    const call = 'call' in e && typeof e.call === 'number' ? e.call : -1;
    const s = (text: unknown): number => tr.intern(String(text));
    switch (e.type) {
      case 'send':
        tr.push(EV.send, e.t, n, e.local, e.msg, this.node(e.to), call, s(e.label));
        return;
      case 'deliver':
        tr.push(EV.deliver, e.t, n, e.local, e.msg, this.node(e.from), call, s(e.label), e.sendSeq);
        return;
      case 'drop':
        tr.push(EV.drop, e.t, n, e.local, e.msg, this.node(e.from), call, s(e.label), s(e.reason));
        return;
      case 'duplicate':
        tr.push(EV.duplicate, e.t, n, e.local, e.msg, e.of, call, s(e.label));
        return;
      case 'timer':
        tr.push(EV.timer, e.t, n, e.local, e.timer, -1, -1, s(e.tag));
        return;
      case 'crash':
      case 'recover':
      case 'pause':
      case 'resume':
        tr.push(EV[e.type], e.t, n, e.local);
        return;
      case 'partition':
      case 'heal':
        tr.push(EV[e.type], e.t, this.node(e.from), e.local, -1, this.node(e.to));
        return;
      case 'state':
        tr.push(EV.state, e.t, n, e.local, -1, -1, -1, s(e.label));
        return;
      case 'call':
        tr.push(EV.call, e.t, this.node(e.from), e.local, e.call, e.request, this.node(e.to), s(e.op));
        return;
      case 'outcome':
        tr.push(
          EV.outcome,
          e.t,
          this.node(e.from),
          e.local,
          e.call,
          e.request,
          this.node(e.to),
          s(e.op),
          OUTCOME_RESULTS.indexOf(e.result),
          {
            reason: e.reason,
          },
        );
        return;
      case 'effect': {
        const extra = rest(e, ['call', 'request', 'op']);
        tr.push(
          EV.effect,
          e.t,
          n,
          e.local,
          e.call,
          e.request,
          -1,
          s(e.op),
          -1,
          Object.keys(extra).length ? extra : undefined,
        );
        return;
      }
      case 'clock':
      case 'param':
      case 'intervention':
        tr.push(EV[e.type], e.t, n, e.local, -1, -1, -1, -1, -1, rest(e));
        return;
      default: {
        // A behaviour's own event ("suspect", "write"): its name and fields.
        const c = e as unknown as TraceEvent;
        tr.push(EV.custom, c.t, n, c.local, -1, -1, -1, s(c.type), -1, rest(c));
      }
    }
  }
}

/** A Trace holding `events` (seqs 0, 1, 2, … in order). */
export function traceFromEvents(nodeNames: readonly string[], events: readonly TraceEvent[]): Trace {
  const page = new PageTrace(nodeNames);
  for (const e of events) page.push(e);
  return page.trace;
}
