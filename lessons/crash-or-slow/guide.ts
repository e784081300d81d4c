/**
 * Lesson 3, the guide: a crashed node and a slow one look the same from outside. A monitor pings a
 * worker and declares it dead after `timeoutMs` of silence. The worker pauses now and then for garbage
 * collection; the learner can also crash it, freeze it, or slow the link. Every timeout trades false
 * suspicions (declared dead while alive) against detection delay (dead but not yet declared), and
 * `suspicionStats` reads both off a trace so the challenges and the readout can show them.
 *
 * This file is what the page loads (the words, parameters, interventions, steps and their
 * challenges); the monitor's and the worker's behaviours, the scenario and the timeout sweep (which
 * runs the simulation) are in lesson.ts.
 */
import events from './events.ts';
import { defineGuide, type ChallengeResult } from '../../src/engine/lesson.ts';
import type { CustomEvent, Trace } from '../../src/engine/trace.ts';

export const MONITOR = 'monitor';
export const WORKER = 'worker';
/** The link's default one-way latency. */
const LINK_LATENCY_MS = 10;

/** A number parameter's value. */

// ---------------------------------------------------------------- reading the trace

export type SuspicionCause = 'crash' | 'pause' | 'slow link';

export interface Suspicion {
  /** Seq and true time of the `suspect` event. */
  seq: number;
  t: number;
  /** Declared dead while it was alive (running, paused, or its answers still on the way). */
  false: boolean;
  /**
   * The worker's state when it was declared dead: crashed, paused (GC or frozen), or running, in
   * which case its answers were on their way over a slow link.
   */
  cause: SuspicionCause;
  silentMs: number;
  timeoutMs: number;
  clearedSeq: number | undefined;
}

export interface Detection {
  crashSeq: number;
  crashT: number;
  /** The suspicion that covers this crash; undefined while the crash is still undeclared. */
  suspectSeq: number | undefined;
  /** Crash → declared dead, in true ms (0 if the worker was already under suspicion when it crashed). */
  delayMs: number | undefined;
}

export interface SuspicionStats {
  suspicions: Suspicion[];
  falseSuspicions: Suspicion[];
  detections: Detection[];
  /** The longest crash → declared-dead delay among declared crashes. */
  worstDetectionMs: number | undefined;
  /** Total time the worker spent wrongly declared dead. */
  wronglySuspectedMs: number;
  /** GC pauses and freezes of the worker: [start, end] in true ms (end = Infinity while it lasts). */
  pauses: { startSeq: number; start: number; end: number }[];
}

/**
 * False suspicions and detection delay, from the trace alone: ground truth (crash, recover, pause,
 * resume, gc-pause, gc-resume on the worker; the link latency in force) against what the monitor
 * declared (suspect, cleared). `baseLatencyMs` is the run's Link latency setting, which the
 * "Slow the link" button changes with `param` events.
 */
export function suspicionStats(trace: Trace, baseLatencyMs = LINK_LATENCY_MS): SuspicionStats {
  const crashes: { seq: number; t: number; end: number }[] = [];
  const pauses: { startSeq: number; start: number; end: number }[] = [];
  const suspects: {
    seq: number;
    t: number;
    silentMs: number;
    timeoutMs: number;
    clearedSeq?: number;
    clearedT?: number;
  }[] = [];
  /** [from true time, latency] steps of the link latency. */
  const latency: { t: number; ms: number }[] = [{ t: 0, ms: baseLatencyMs }];
  let openFreeze: (typeof pauses)[number] | undefined;
  let openGc: (typeof pauses)[number] | undefined;
  const end = trace.length > 0 ? trace.time(trace.length - 1) : 0;
  for (let s = 0; s < trace.length; s++) {
    const type = trace.typeName(s);
    if (type === 'param') {
      const ev = trace.get(s);
      if (ev.type === 'param' && ev.name === 'linkLatencyMs') latency.push({ t: ev.t, ms: Number(ev.value) });
      continue;
    }
    if (
      !['crash', 'recover', 'pause', 'resume', 'gc-pause', 'gc-resume', 'suspect', 'cleared'].includes(type)
    )
      continue;
    const ev = trace.get(s) as CustomEvent;
    if (ev.node === WORKER) {
      if (type === 'crash') {
        crashes.push({ seq: s, t: ev.t, end: Infinity });
        // A crash ends any pause: the process is gone.
        if (openFreeze) openFreeze.end = ev.t;
        if (openGc) openGc.end = ev.t;
        openFreeze = openGc = undefined;
      } else if (type === 'recover') {
        const last = crashes[crashes.length - 1];
        if (last && last.end === Infinity) last.end = ev.t;
      } else if (type === 'pause' || type === 'gc-pause') {
        const p = { startSeq: s, start: ev.t, end: Infinity };
        pauses.push(p);
        if (type === 'pause') openFreeze = p;
        else openGc = p;
      } else if (type === 'resume' && openFreeze) {
        openFreeze.end = ev.t;
        openFreeze = undefined;
      } else if (type === 'gc-resume' && openGc) {
        openGc.end = ev.t;
        openGc = undefined;
      }
    } else if (ev.node === MONITOR) {
      if (type === 'suspect') {
        suspects.push({ seq: s, t: ev.t, silentMs: Number(ev.silentMs), timeoutMs: Number(ev.timeoutMs) });
      } else if (type === 'cleared') {
        const open = suspects[suspects.length - 1];
        if (open && open.clearedSeq === undefined) {
          open.clearedSeq = s;
          open.clearedT = ev.t;
        }
      }
    }
  }
  const crashedAt = (t: number) => crashes.find((c) => c.t <= t && t < c.end);
  const latencyAt = (t: number) => latency.filter((l) => l.t <= t).at(-1)!.ms;
  const suspicions: Suspicion[] = suspects.map((x) => {
    const crash = crashedAt(x.t);
    // A link whose round trip outlasts the timeout explains the silence by itself, whatever GC
    // pause happens to overlap it.
    const linkTooSlow = 2 * latencyAt(x.t) >= x.timeoutMs;
    const paused = pauses.some((p) => p.start <= x.t && x.t < p.end);
    const cause: SuspicionCause = crash
      ? 'crash'
      : linkTooSlow
        ? 'slow link'
        : paused
          ? 'pause'
          : 'slow link';
    return {
      seq: x.seq,
      t: x.t,
      false: !crash,
      cause,
      silentMs: x.silentMs,
      timeoutMs: x.timeoutMs,
      clearedSeq: x.clearedSeq,
    };
  });
  let wronglySuspectedMs = 0;
  suspects.forEach((x, k) => {
    if (!suspicions[k]!.false) return;
    const nextCrash = crashes.find((c) => c.t >= x.t);
    wronglySuspectedMs += Math.min(x.clearedT ?? end, nextCrash?.t ?? Infinity) - x.t;
  });
  const detections: Detection[] = crashes.map((c) => {
    const covering = suspects.find((x) => x.t <= c.t && (x.clearedT ?? Infinity) > c.t);
    if (covering) return { crashSeq: c.seq, crashT: c.t, suspectSeq: covering.seq, delayMs: 0 };
    const after = suspects.find((x) => x.t >= c.t && x.t < c.end);
    return {
      crashSeq: c.seq,
      crashT: c.t,
      suspectSeq: after?.seq,
      delayMs: after ? after.t - c.t : undefined,
    };
  });
  const delays = detections.flatMap((d) => (d.delayMs === undefined ? [] : [d.delayMs]));
  return {
    suspicions,
    falseSuspicions: suspicions.filter((x) => x.false),
    detections,
    worstDetectionMs: delays.length > 0 ? Math.max(...delays) : undefined,
    wronglySuspectedMs,
    pauses,
  };
}

// ---------------------------------------------------------------- challenges

function falseSuspicion(
  trace: Trace,
  params: { readonly linkLatencyMs: number; readonly timeoutMs: number },
  cause: SuspicionCause | undefined,
): ChallengeResult {
  const stats = suspicionStats(trace, params.linkLatencyMs);
  const hit = stats.falseSuspicions.find((x) => cause === undefined || x.cause === cause);
  if (!hit)
    return {
      met: false,
      missing:
        cause === 'slow link'
          ? 'the monitor has not yet wrongly declared the worker dead because of a slow link: press "Slow the link" and wait a couple of seconds'
          : `no pause has outlasted the ${params.timeoutMs} ms timeout yet: lower the Timeout below the longest pause, or freeze the worker for longer than the timeout`,
    };
  const evidence = [hit.seq];
  const pause = stats.pauses.find((p) => p.start <= hit.t && hit.t < p.end);
  if (pause) evidence.unshift(pause.startSeq);
  if (hit.clearedSeq !== undefined) evidence.push(hit.clearedSeq);
  const why = hit.cause === 'pause' ? 'it was paused' : 'its answers were stuck on a slow link';
  return {
    met: true,
    evidence,
    detail: `declared dead after ${Math.round(hit.silentMs)} ms of silence while alive: ${why}`,
  };
}

/** GC pauses of at least `ms` happened before true time t. */
function longPauseBefore(trace: Trace, t: number, ms: number): number | undefined {
  return trace.ofType('gc-pause').find((p) => p.t < t && Number(p.ms) >= ms)?.seq;
}

const STANDARD_GC_PAUSE_MS = 400;

function crashWithinBudget(
  trace: Trace,
  params: { readonly linkLatencyMs: number; readonly timeoutMs: number; readonly budgetMs: number },
  requireAdaptive: boolean,
): ChallengeResult {
  const stats = suspicionStats(trace, params.linkLatencyMs);
  const falseAlarm = stats.falseSuspicions[0];
  if (falseAlarm)
    return {
      met: false,
      missing: `the worker was wrongly declared dead after ${Math.round(falseAlarm.silentMs)} ms of silence: ${requireAdaptive ? 'turn on the adaptive timeout' : 'raise the Timeout above the longest silence a pause makes'}`,
    };
  const detection = stats.detections.find((d) => d.delayMs !== undefined && d.delayMs > 0);
  if (!detection)
    return {
      met: false,
      missing: stats.detections.length
        ? 'the worker crashed, and the monitor has not declared it dead yet: play on'
        : 'the worker has not crashed: press "Crash the worker" after 7 seconds, once a long pause has passed',
    };
  const pause = longPauseBefore(trace, detection.crashT, STANDARD_GC_PAUSE_MS);
  if (pause === undefined)
    return {
      met: false,
      missing: `the crash came before any ${STANDARD_GC_PAUSE_MS} ms pause: restart the step and crash the worker after 7 seconds`,
    };
  const suspect = stats.suspicions.find((x) => x.seq === detection.suspectSeq)!;
  if (requireAdaptive) {
    if (suspect.timeoutMs <= params.timeoutMs)
      return {
        met: false,
        missing:
          'the crash was caught with the fixed timeout: turn on the adaptive timeout so it learns from the pauses',
      };
  } else if (detection.delayMs! > params.budgetMs)
    return {
      met: false,
      missing: `the crash was declared ${Math.round(detection.delayMs!)} ms after it happened, over the ${params.budgetMs} ms budget: lower the Timeout`,
    };
  return {
    met: true,
    evidence: [pause, detection.crashSeq, detection.suspectSeq!],
    detail:
      `no false alarms through the pauses; the crash was declared ${Math.round(detection.delayMs!)} ms after it ` +
      `happened, with a ${Math.round(suspect.timeoutMs)} ms timeout`,
  };
}

// ---------------------------------------------------------------- the lesson

export default defineGuide({
  events,
  id: 'crash-or-slow',
  title: 'Crashed or slow?',
  summary:
    'A monitor declares a worker dead after a timeout, and every timeout is wrong one way or the other.',
  principle: 'You cannot tell a crashed node from a slow one',
  part: 2,
  order: 3,
  minutes: 10,
  durationMs: 10_000,
  defaultSeed: 3,
  params: {
    timeoutMs: {
      kind: 'number',
      label: 'Timeout',
      description:
        'How long the monitor waits without hearing from the worker before it declares the worker dead.',
      unit: 'ms',
      min: 100,
      max: 5000,
      step: 50,
      default: 1500,
    },
    heartbeatMs: {
      kind: 'number',
      label: 'Heartbeat',
      description: 'How often the monitor pings the worker. A running worker answers each ping at once.',
      unit: 'ms',
      min: 20,
      max: 1000,
      step: 10,
      default: 100,
    },
    gcPauseMs: {
      kind: 'number',
      label: 'Longest GC pause',
      description:
        'The worker stops for garbage collection now and then. Pauses repeat a pattern: a quarter, a half, three quarters, then all of this. 0 turns them off.',
      unit: 'ms',
      min: 0,
      max: 3000,
      step: 50,
      default: STANDARD_GC_PAUSE_MS,
    },
    gcEveryMs: {
      kind: 'number',
      label: 'GC every',
      description: 'The time from the start of one GC pause to the start of the next.',
      unit: 'ms',
      min: 500,
      max: 5000,
      step: 100,
      default: 1500,
    },
    linkLatencyMs: {
      kind: 'number',
      label: 'Link latency',
      description: 'How long a ping or a pong takes to cross the link, each way.',
      unit: 'ms',
      min: 1,
      max: 3000,
      step: 1,
      default: LINK_LATENCY_MS,
    },
    budgetMs: {
      kind: 'number',
      label: 'Detection budget',
      description:
        'How soon after a real crash the worker must be declared dead: the time you can afford to wait.',
      unit: 'ms',
      min: 100,
      max: 5000,
      step: 50,
      default: 1000,
    },
    adaptive: {
      kind: 'boolean',
      label: 'Adaptive timeout',
      description:
        'The monitor waits at least twice the longest silence it has seen end in an answer. Fewer false alarms once it has seen the pauses; slower to notice a real crash.',
      default: false,
    },
  },
  nodeNames: () => [MONITOR, WORKER],
  interventions: [
    {
      kind: 'crash',
      node: WORKER,
      label: 'Crash the worker',
      description: 'The worker stops for good, until you restart it.',
    },
    {
      kind: 'recover',
      node: WORKER,
      label: 'Restart the worker',
      description: 'The worker comes back and answers pings again.',
    },
    {
      kind: 'pause',
      node: WORKER,
      label: 'Freeze the worker',
      description:
        'A long stop-the-world pause: the worker is alive but answers nothing until you resume it.',
    },
    {
      kind: 'resume',
      node: WORKER,
      label: 'Resume the worker',
      description: 'The frozen worker answers every ping that waited.',
    },
    {
      kind: 'set-param',
      name: 'linkLatencyMs',
      value: 2000,
      label: 'Slow the link',
      description: 'Pings and pongs now take 2 seconds each way. The worker itself is fine.',
    },
    {
      kind: 'set-param',
      name: 'linkLatencyMs',
      value: 10,
      label: 'Restore the link',
      description: 'Messages take 10 ms again.',
    },
  ],
  steps: [
    {
      id: 'paused-not-dead',
      title: 'Dead, or just paused?',
      text:
        'The monitor pings the worker every 100 ms and counts the silence. After a full timeout with no ' +
        'answer, it declares the worker dead. The worker pauses for garbage collection every so often, ' +
        'up to 400 ms. Get the monitor to declare a worker dead that is only paused.',
      hint: 'Lower the timeout below the longest pause, to about 300 ms. Or freeze the worker for longer than the timeout.',
      notes:
        'The monitor only sees silence. Freeze the worker (a garbage-collection pause) or shorten the timeout, and watch it declare a live worker dead. Ask: what happens if a second worker takes over while the first wakes up? That is how two leaders happen.',
      predictions: [
        {
          id: 'false-alarm',
          askAtMs: 50,
          question:
            'The worker pauses now and then for up to 400 ms. With a 1.5 s timeout, will the monitor wrongly declare it dead in the first 5 seconds?',
          answers: ['Yes, a false alarm', 'No, it stays trusted'],
          right: 1,
          reveal: (trace) => {
            const crash = trace.ofType('crash')[0];
            const suspect = trace.ofType('suspect').find((s) => !crash || s.seq < crash.seq);
            if (suspect && suspect.t <= 5000)
              return {
                answer: 0,
                seq: suspect.seq,
                why: 'The silence grew longer than the timeout while the worker was alive: the monitor cannot tell a pause from a crash.',
              };
            const later = trace.ofType('timer').find((t) => t.t > 5000);
            if (!later) return null;
            return {
              answer: 1,
              seq: later.seq,
              why: 'A 400 ms pause leaves at most about half a second of silence, far short of a 1.5 s timeout.',
            };
          },
        },
      ],
      challenge: (trace, params) => falseSuspicion(trace, params, 'pause'),
      solution: { params: { timeoutMs: 300 }, interventions: [] },
    },
    {
      id: 'slow-not-dead',
      title: 'Dead, or just far away?',
      text:
        'The worker can be running and answering while its answers crawl across a congested link. From ' +
        'the monitor, that silence is the same as a pause or a crash. Make the link slow enough to get ' +
        'the worker declared dead while it is working.',
      hint: 'Press "Slow the link" and wait a couple of seconds.',
      notes:
        "Slow the link instead of the worker. From the monitor's side the silence looks exactly like the pause before and like a crash. Ask the room to name the three causes of the same silence: crashed, paused, far away. The monitor cannot tell them apart.",
      challenge: (trace, params) => falseSuspicion(trace, params, 'slow link'),
      solution: { interventions: [{ at: 2000, kind: 'set-param', name: 'linkLatencyMs', value: 2000 }] },
    },
    {
      id: 'budget',
      title: 'Choose the timeout as a budget',
      text:
        'No timeout is right, only a choice. Too short, and a pause looks like a death; too long, and a ' +
        'real crash goes unnoticed. Crash the worker after its longest pause. Find a timeout with no ' +
        'false alarm under the pauses that still declares the crash within the detection budget, and ' +
        'read off what that timeout costs.',
      hint: 'The longest silence a 400 ms pause makes is about 500 ms. Try a timeout of 700 ms, and crash the worker after 7 seconds.',
      notes:
        'Open the readout: false alarms against time to notice a crash, for every timeout. Have the room pick a timeout that meets both goals, then test it by crashing the worker at 7 seconds. The point: a timeout is a trade-off, not a fact about the worker.',
      challenge: (trace, params) => crashWithinBudget(trace, params, false),
      solution: { params: { timeoutMs: 700 }, interventions: [{ at: 7000, kind: 'crash', node: WORKER }] },
    },
    {
      id: 'adaptive',
      title: 'Let the monitor learn',
      text:
        'An adaptive timeout stretches with the silences the monitor has seen end in an answer. Turn it ' +
        'on with a short base timeout: the growing pauses stop causing false alarms, and the timeout ' +
        'ends up twice the longest of them. A real crash now takes that long to spot, and a pause longer ' +
        'than any seen before still fools it.',
      hint: 'Turn on the adaptive timeout, set the timeout to 300 ms, and crash the worker after 7 seconds.',
      notes:
        'Turn on the adaptive timeout and start low. The monitor learns how long silences usually last and waits a little longer than that. Compare with the fixed timeout in the readout. Adaptive detectors (phi accrual) are what real systems use.',
      challenge: (trace, params) => crashWithinBudget(trace, params, true),
      solution: {
        params: { adaptive: true, timeoutMs: 300 },
        interventions: [{ at: 7000, kind: 'crash', node: WORKER }],
      },
    },
  ],
  fix: {
    param: 'adaptive',
    label: 'Adaptive timeout',
    description:
      'Wait at least twice the longest silence seen so far. It trades false alarms for slower detection; it cannot tell a crash from a pause either.',
  },
});
