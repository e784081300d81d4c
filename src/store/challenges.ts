/**
 * Lesson challenges on the main thread. A challenge reads a `Trace` (one packed row per event); the
 * store holds the events the worker streamed as objects. `TraceMirror` rebuilds a Trace from those objects and keeps it
 * in step with the playback cursor (appending as the cursor moves on, truncating when it moves back
 * or the run branches), so every step's challenge can be asked "is this met by what has happened so
 * far?" without re-running the simulation.
 */
import type { ChallengeResult, LessonGuide, ParamValue, Params } from '../engine/index.ts';
import { EV, OUTCOME_RESULTS, Trace, type CustomEvent, type TraceEvent } from '../engine/trace.ts';

const BASE_KEYS = new Set(['seq', 't', 'node', 'local', 'type']);

/** The fields of an event beyond its base and the named ones: what the trace keeps as details. */
function rest(e: TraceEvent | CustomEvent, skip: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(e)) if (!BASE_KEYS.has(k) && !skip.includes(k)) out[k] = v;
  return out;
}

/**
 * A Trace rebuilt from event objects, the inverse of `Trace.get` (see the column table in trace.ts).
 * Seqs are positions in this trace: the store's window starts at `baseSeq`, so callers add it back.
 */
export class TraceMirror {
  private names: string[] = [];
  private nameIds = new Map<string, number>();
  private source: readonly TraceEvent[] = [];
  trace = new Trace(this.names);
  /** Seqs (in this trace) of `param` events: the parameters at the cursor follow from them. */
  private paramSeqs: number[] = [];

  private node(name: string): number {
    let id = this.nameIds.get(name);
    if (id === undefined) {
      id = this.names.length;
      // The Trace holds this very array, so names added later resolve too.
      this.names.push(name);
      this.nameIds.set(name, id);
    }
    return id;
  }

  /** Makes the mirror hold exactly `events[0 .. count)`. Cheap when only the count changed. */
  sync(events: readonly TraceEvent[], count: number): Trace {
    const n = Math.max(0, Math.min(count, events.length));
    const held = this.trace.length;
    // Events are shared objects: the same prefix means the same objects at the same places.
    const samePrefix =
      held === 0 || (this.source[held - 1] === events[held - 1] && this.source[0] === events[0]);
    if (!samePrefix) this.clear();
    else if (n < this.trace.length) this.truncate(n);
    this.source = events;
    for (let i = this.trace.length; i < n; i++) this.append(events[i]!);
    return this.trace;
  }

  private clear(): void {
    this.names.length = 0;
    this.nameIds.clear();
    this.trace = new Trace(this.names);
    this.paramSeqs = [];
  }

  private truncate(n: number): void {
    this.trace.truncate(n);
    while (this.paramSeqs.length && this.paramSeqs[this.paramSeqs.length - 1]! >= n) this.paramSeqs.pop();
  }

  /** `base` with every parameter change the mirrored events made, in order. */
  paramsAt(base: Params): Params {
    if (!this.paramSeqs.length) return base;
    const out: Record<string, ParamValue> = { ...base };
    for (const s of this.paramSeqs) {
      const e = this.trace.get(s);
      if (e.type === 'param') out[e.name] = e.value;
    }
    return out;
  }

  private append(e: TraceEvent): void {
    const tr = this.trace;
    const node = this.node(e.node);
    const str = (s: string) => tr.intern(s);
    const call = 'call' in e && typeof e.call === 'number' ? e.call : -1;
    switch (e.type) {
      case 'send':
        tr.push(EV.send, e.t, node, e.local, e.msg, this.node(e.to), call, str(e.label));
        return;
      case 'deliver':
        tr.push(EV.deliver, e.t, node, e.local, e.msg, this.node(e.from), call, str(e.label), e.sendSeq);
        return;
      case 'drop':
        tr.push(EV.drop, e.t, node, e.local, e.msg, this.node(e.from), call, str(e.label), str(e.reason));
        return;
      case 'duplicate':
        tr.push(EV.duplicate, e.t, node, e.local, e.msg, e.of, call, str(e.label));
        return;
      case 'timer':
        tr.push(EV.timer, e.t, node, e.local, e.timer, -1, -1, str(e.tag));
        return;
      case 'crash':
      case 'recover':
      case 'pause':
      case 'resume':
        tr.push(EV[e.type], e.t, node, e.local);
        return;
      case 'partition':
      case 'heal':
        tr.push(EV[e.type], e.t, node, e.local, -1, this.node(e.to));
        return;
      case 'state':
        tr.push(EV.state, e.t, node, e.local, -1, -1, -1, str(e.label));
        return;
      case 'call':
        tr.push(EV.call, e.t, node, e.local, e.call, e.request, this.node(e.to), str(e.op), e.parent ?? -1);
        return;
      case 'outcome':
        tr.push(
          EV.outcome,
          e.t,
          node,
          e.local,
          e.call,
          e.request,
          this.node(e.to),
          str(e.op),
          OUTCOME_RESULTS.indexOf(e.result),
          {
            reason: e.reason,
          },
        );
        return;
      case 'effect':
        tr.push(
          EV.effect,
          e.t,
          node,
          e.local,
          e.call,
          e.request,
          -1,
          str(e.op),
          -1,
          rest(e, ['call', 'request', 'op']),
        );
        return;
      case 'clock':
      case 'intervention':
        tr.push(EV[e.type], e.t, node, e.local, -1, -1, -1, -1, -1, rest(e, []));
        return;
      case 'param':
        this.paramSeqs.push(
          tr.push(EV.param, e.t, node, e.local, -1, -1, -1, -1, -1, { name: e.name, value: e.value }),
        );
        return;
      default: {
        // An event a behaviour emitted ("suspect", "write"): its name and fields.
        const custom = e as CustomEvent;
        tr.push(EV.custom, custom.t, node, custom.local, -1, -1, -1, str(custom.type), -1, rest(custom, []));
      }
    }
  }
}

/** A Trace holding `events` (for tests and one-off reads). */
export function traceFromEvents(events: readonly TraceEvent[]): Trace {
  return new TraceMirror().sync(events, events.length);
}

export type StepResults = Record<string, ChallengeResult>;

/**
 * Every step's challenge on `trace`. A challenge that throws counts as not met (and says so in the
 * console): one faulty lesson must not take the player down. Evidence seqs are shifted by `baseSeq`
 * into the store's numbering.
 */
export function evaluateSteps(lesson: LessonGuide, trace: Trace, params: Params, baseSeq = 0): StepResults {
  const out: StepResults = {};
  for (const step of lesson.steps) {
    let result: ChallengeResult;
    try {
      result = step.challenge(trace, params);
    } catch (error) {
      console.error(`Roundtrip: the challenge of step "${step.id}" in lesson "${lesson.id}" failed`, error);
      result = { met: false };
    }
    out[step.id] =
      baseSeq && result.evidence ? { ...result, evidence: result.evidence.map((s) => s + baseSeq) } : result;
  }
  return out;
}

/** Whether two result sets would show the same thing (so the store can skip a needless update). */
export function sameResults(a: StepResults, b: StepResults): boolean {
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  for (const k of keys) {
    const x = a[k];
    const y = b[k];
    if (!x || !y || x.met !== y.met || x.detail !== y.detail || x.missing !== y.missing) return false;
    if ((x.evidence ?? []).join() !== (y.evidence ?? []).join()) return false;
  }
  return true;
}
