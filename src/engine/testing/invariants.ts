/**
 * What must hold of any trace, whatever the scenario: read from the trace alone (plus what the run
 * was asked to do), so a property test, a fuzzer or a lesson test can all use it. Returns the
 * violations in words, each naming the event by seq; an empty list means the trace is sound.
 */
import type { Trace, TraceEvent } from '../trace.ts';
import type { Intervention } from '../types.ts';

export interface TraceExpectations {
  /** True time the run was taken to. */
  endMs: number;
  /** The interventions the run was given (in any order). */
  interventions: readonly Intervention[];
  /** The longest a message can be in flight (latency + jitter), to know which must have landed. */
  maxDelayMs: number;
  /**
   * A caller's deadline for its calls, on its own clock, to know which calls must have an outcome.
   * Absent when the scenario's deadlines are its own (a lesson's): then every call made before
   * `settledBeforeMs` must have its outcome by the end.
   */
  deadlineMs?: (node: string) => number;
  /** Calls made before this true time must have ended (see deadlineMs); default: the end. */
  settledBeforeMs?: number;
  /** The fastest and slowest a node clock may run: 1 ± the largest drift. */
  rateMin: number;
  rateMax: number;
}

const LIFECYCLE = new Set(['crash', 'recover', 'pause', 'resume']);
/** Events that mean the node's process ran: never while it is crashed or paused. */
const RAN = new Set(['deliver', 'timer', 'call', 'effect', 'state']);
const ENGINE = new Set([
  'send',
  'deliver',
  'drop',
  'duplicate',
  'timer',
  'crash',
  'recover',
  'pause',
  'resume',
  'partition',
  'heal',
  'clock',
  'state',
  'call',
  'outcome',
  'effect',
  'param',
  'intervention',
]);

/** Stable sort by time: the order the engine applies interventions in. */
function byTime(list: readonly Intervention[]): Intervention[] {
  return list
    .map((iv, k) => [iv, k] as const)
    .sort((x, y) => x[0].at - y[0].at || x[1] - y[1])
    .map(([iv]) => iv);
}

export function checkTrace(trace: Trace, expect: TraceExpectations): string[] {
  const problems: string[] = [];
  const fail = (ev: TraceEvent | undefined, what: string): void => {
    if (problems.length < 20)
      problems.push(ev ? `#${ev.seq} ${ev.type} at ${ev.node} t=${ev.t}: ${what}` : what);
  };
  const events = trace.slice();
  const names = trace.nodeNames;

  const crashed = new Map(names.map((n) => [n, false]));
  const paused = new Map(names.map((n) => [n, false]));
  const pauseStart = new Map<string, number>();
  const lastResume = new Map<string, number>();
  /** Per node, the true-time intervals it spent paused ([start, end), end Infinity if still paused). */
  const pauses = new Map<string, [number, number][]>(names.map((n) => [n, []]));
  const slow = new Map(names.map((n) => [n, 1]));
  const cut = new Map<string, number>(); // "from>to" → when it was cut
  const wantCut = new Set<string>(); // what the interventions asked for
  const dropNext = new Map<string, number>();
  const mustDropByYou = new Set<number>();
  const clock = new Map<string, Extract<TraceEvent, { type: 'clock' }>>();
  const sends = new Map<number, Extract<TraceEvent, { type: 'send' }>>();
  const copyOf = new Map<number, number>();
  const fates = new Map<number, number>();
  const calls = new Map<number, { ev: Extract<TraceEvent, { type: 'call' }>; slow: number }>();
  const outcomes = new Map<number, number>();
  const ivs = byTime(expect.interventions).filter((iv) => iv.at <= expect.endMs);
  let ivSeen = 0;

  const endPause = (node: string, t: number): void => {
    const list = pauses.get(node)!;
    const last = list[list.length - 1];
    if (last && last[1] === Infinity) last[1] = t;
  };

  events.forEach((ev, k) => {
    if (ev.seq !== k) fail(ev, `seq should be ${k}`);
    if (k > 0 && ev.t < events[k - 1]!.t) fail(ev, `time went backwards from ${events[k - 1]!.t}`);
    if (!names.includes(ev.node)) fail(ev, 'unknown node');

    // Every reading follows from the node's last clock event (what views use to draw local time).
    const c = clock.get(ev.node);
    if (ev.type !== 'clock' && c) {
      const local = c.baseMono + (ev.t - c.baseTrue) * c.rate;
      if (Math.abs(local - ev.local) > 0.002) fail(ev, `local ${ev.local} but its clock says ${local}`);
    } else if (ev.type !== 'clock' && !c) fail(ev, 'an event before its node’s clock started');

    const down = crashed.get(ev.node)!;
    const stopped = paused.get(ev.node)!;
    if (RAN.has(ev.type) || !ENGINE.has(ev.type)) {
      if (down) fail(ev, 'the node is crashed');
      if (stopped) fail(ev, 'the node is paused');
    }

    switch (ev.type) {
      case 'clock':
        clock.set(ev.node, ev);
        if (ev.rate < expect.rateMin - 1e-12 || ev.rate > expect.rateMax + 1e-12)
          fail(ev, `rate ${ev.rate} out of range`);
        break;
      case 'crash':
        if (down) fail(ev, 'crashed twice');
        crashed.set(ev.node, true);
        if (stopped) endPause(ev.node, ev.t);
        paused.set(ev.node, false);
        break;
      case 'recover':
        if (!down) fail(ev, 'recovered while up');
        crashed.set(ev.node, false);
        break;
      case 'pause':
        if (down || stopped) fail(ev, 'paused while crashed or paused');
        paused.set(ev.node, true);
        pauseStart.set(ev.node, ev.t);
        pauses.get(ev.node)!.push([ev.t, Infinity]);
        break;
      case 'resume':
        if (!stopped) fail(ev, 'resumed while not paused');
        paused.set(ev.node, false);
        lastResume.set(ev.node, ev.t);
        endPause(ev.node, ev.t);
        break;
      case 'partition':
        if (cut.has(`${ev.from}>${ev.to}`)) fail(ev, 'cut twice');
        cut.set(`${ev.from}>${ev.to}`, ev.t);
        break;
      case 'heal':
        if (!cut.delete(`${ev.from}>${ev.to}`)) fail(ev, 'healed a link that was not cut');
        break;
      case 'send': {
        if (down && !ev.label.endsWith(':refused'))
          fail(ev, 'a crashed node sent something other than a refusal');
        if (stopped) fail(ev, 'a paused node sent');
        if (sends.has(ev.msg)) fail(ev, `message ${ev.msg} sent twice`);
        sends.set(ev.msg, ev);
        const link = `${ev.node}>${ev.to}`;
        const pending = dropNext.get(link) ?? 0;
        if (pending > 0 && !cut.has(link)) {
          mustDropByYou.add(ev.msg);
          dropNext.set(link, pending - 1);
        }
        break;
      }
      case 'duplicate': {
        const original = sends.get(ev.of);
        if (!original || original.seq !== k - 1) fail(ev, `not right after the send of message ${ev.of}`);
        else if (original.label !== ev.label || original.call !== ev.call)
          fail(ev, 'differs from its original');
        if (sends.has(ev.msg) || copyOf.has(ev.msg)) fail(ev, `message id ${ev.msg} reused`);
        copyOf.set(ev.msg, ev.of);
        break;
      }
      case 'deliver': {
        const sent = events[ev.sendSeq];
        const origin = copyOf.get(ev.msg) ?? ev.msg;
        if (!sent || sent.type !== 'send' || sent.msg !== origin)
          fail(ev, `sendSeq ${ev.sendSeq} is not the send of message ${origin}`);
        else {
          if (sent.t > ev.t) fail(ev, `delivered before it was sent (t=${sent.t})`);
          if (sent.node !== ev.from || sent.to !== ev.node)
            fail(ev, `sent ${sent.node} → ${sent.to}, delivered ${ev.from} → ${ev.node}`);
          if (sent.label !== ev.label || sent.call !== ev.call)
            fail(ev, 'label or call differ from its send');
        }
        const cutAt = cut.get(`${ev.from}>${ev.node}`);
        // A message that reached a paused node before the cut waits in its buffer and is handed over on resume.
        const buffered =
          cutAt !== undefined &&
          lastResume.get(ev.node) === ev.t &&
          cutAt >= (pauseStart.get(ev.node) ?? Infinity);
        if (cutAt !== undefined && !buffered)
          fail(ev, `delivered across the cut link ${ev.from} → ${ev.node}`);
        if (mustDropByYou.has(origin) && origin === ev.msg) fail(ev, 'should have been dropped (drop-next)');
        fates.set(ev.msg, (fates.get(ev.msg) ?? 0) + 1);
        if (fates.get(ev.msg)! > 1) fail(ev, `message ${ev.msg} landed twice`);
        break;
      }
      case 'drop': {
        if (!['loss', 'cut', 'crashed', 'dropped-by-you'].includes(ev.reason))
          fail(ev, `unknown reason ${ev.reason}`);
        if (ev.reason === 'crashed' && !down) fail(ev, 'dropped as crashed at a node that is up');
        if (ev.reason === 'dropped-by-you' && !mustDropByYou.has(ev.msg))
          fail(ev, 'dropped by you, but nobody asked');
        if (mustDropByYou.has(ev.msg) && ev.reason !== 'dropped-by-you')
          fail(ev, `should be dropped-by-you, not ${ev.reason}`);
        fates.set(ev.msg, (fates.get(ev.msg) ?? 0) + 1);
        if (fates.get(ev.msg)! > 1) fail(ev, `message ${ev.msg} landed twice`);
        break;
      }
      case 'call':
        if (calls.has(ev.call)) fail(ev, `call id ${ev.call} reused`);
        if (ev.from !== ev.node) fail(ev, 'a call event not at its caller');
        calls.set(ev.call, { ev, slow: slow.get(ev.node)! });
        break;
      case 'outcome': {
        const call = calls.get(ev.call)?.ev;
        if (!call) {
          fail(ev, `no call ${ev.call}`);
          break;
        }
        if (call.request !== ev.request || call.from !== ev.from || call.to !== ev.to || call.op !== ev.op) {
          fail(ev, 'does not match its call');
        }
        outcomes.set(ev.call, (outcomes.get(ev.call) ?? 0) + 1);
        if (outcomes.get(ev.call)! > 1) fail(ev, `a second outcome for call ${ev.call}`);
        const before = events[k - 1]!;
        const deadline = (expect.deadlineMs?.(ev.from) ?? 0) * calls.get(ev.call)!.slow;
        if (ev.result === 'success' || ev.result === 'failure') {
          const label = ev.result === 'success' ? [`${ev.op}:ok`] : [`${ev.op}:error`, `${ev.op}:refused`];
          if (before.type !== 'deliver' || before.call !== ev.call || !label.includes(before.label)) {
            fail(ev, `${ev.result} without a ${label.join(' or ')} reply just delivered`);
          }
        } else if (ev.reason === 'deadline passed') {
          if (before.type !== 'timer' || before.tag !== 'deadline' || before.node !== ev.node)
            fail(ev, 'unknown without its deadline timer');
          if (ev.t - call.t < deadline / expect.rateMax - 0.01)
            fail(ev, `deadline passed after only ${ev.t - call.t} ms`);
        } else if (ev.reason === 'caller crashed') {
          if (!down) fail(ev, 'caller crashed, but it is up');
        } else fail(ev, `unknown for an unknown reason: ${ev.reason}`);
        break;
      }
      case 'effect': {
        const call = calls.get(ev.call)?.ev;
        if (!call || call.to !== ev.node || call.request !== ev.request || call.op !== ev.op)
          fail(ev, 'not the effect of a call to this node');
        break;
      }
      case 'intervention': {
        const iv = ivs[ivSeen++];
        if (!iv || iv.kind !== ev.kind || Math.abs(iv.at - ev.t) > 0.0006) {
          fail(ev, `expected intervention ${JSON.stringify(iv)}`);
          break;
        }
        const next = events[k + 1];
        const lifecycle = next && next.node === ev.node && LIFECYCLE.has(next.type) ? next.type : undefined;
        if (iv.kind === 'crash' || iv.kind === 'recover' || iv.kind === 'pause' || iv.kind === 'resume') {
          const changes =
            iv.kind === 'crash'
              ? !down
              : iv.kind === 'recover'
                ? down
                : iv.kind === 'pause'
                  ? !down && !stopped
                  : stopped;
          if (changes !== (lifecycle === iv.kind))
            fail(ev, changes ? `no ${iv.kind} followed` : `a ${lifecycle} followed needlessly`);
        } else if (iv.kind === 'slow') slow.set(iv.node, Math.max(0.01, iv.factor));
        else if (iv.kind === 'partition' || iv.kind === 'heal') {
          for (const link of iv.oneWay
            ? [`${iv.from}>${iv.to}`]
            : [`${iv.from}>${iv.to}`, `${iv.to}>${iv.from}`]) {
            if (iv.kind === 'partition') wantCut.add(link);
            else wantCut.delete(link);
          }
        } else if (iv.kind === 'drop-next') {
          const link = `${iv.from}>${iv.to}`;
          dropNext.set(link, (dropNext.get(link) ?? 0) + 1);
        }
        break;
      }
    }
    if (ev.type !== 'intervention' && ev.type !== 'partition' && ev.type !== 'heal') {
      const actual = [...cut.keys()].sort().join(' ');
      const wanted = [...wantCut].sort().join(' ');
      if (actual !== wanted)
        fail(ev, `links cut: ${actual || 'none'}; the interventions asked for ${wanted || 'none'}`);
    }
  });
  if (ivSeen !== ivs.length)
    fail(undefined, `${ivs.length - ivSeen} interventions never showed in the trace`);

  // Liveness, with slack for drift, slowness and pauses.
  const end = expect.endMs;
  const pausedAt = (node: string, t: number): [number, number] | undefined =>
    pauses.get(node)!.find(([start, stop]) => start <= t && t < stop);
  for (const [id, { ev, slow: factor }] of calls) {
    if (outcomes.has(id)) continue;
    if (!expect.deadlineMs) {
      const settled = expect.settledBeforeMs ?? end;
      if (ev.t < settled && !crashed.get(ev.from) && !paused.get(ev.from))
        fail(ev, `call ${id} has no outcome, though it was made before the run settled`);
      continue;
    }
    let due = ev.t + (expect.deadlineMs(ev.from) * factor) / expect.rateMin + 0.01;
    const pause = pausedAt(ev.from, due);
    if (pause) due = pause[1]; // a deadline that falls in a pause is noticed on resume
    if (due < end - 1) fail(ev, `call ${id} has no outcome, though its deadline passed by ${due.toFixed(3)}`);
  }
  // Every message sent long enough before the end has landed, unless it waits at a node still paused.
  const inFlight = [
    ...[...sends.values()].map((ev) => ({ ev, msg: ev.msg, to: ev.to })),
    ...[...copyOf].map(([msg, of]) => ({ ev: sends.get(of)!, msg, to: sends.get(of)?.to })),
  ];
  for (const { ev, msg, to } of inFlight) {
    if (!ev || fates.has(msg) || to === undefined || paused.get(to)) continue;
    if (ev.t + expect.maxDelayMs < end - 1) fail(ev, `message ${msg} never landed`);
  }
  return problems;
}
