/**
 * A sandbox document as a lesson, so that it runs with everything a lesson has (the worker, every
 * view, playback, "why did that happen?", share and embed) and no view needs to know it is a sandbox.
 *
 * It has one step, the user's own checks: the invariants they tick hold in the run so far. The
 * buttons offer every fault the document's nodes and links can take.
 */
import { defineEvents } from '../engine/vocabulary.ts';
import type { InterventionOffer, LessonDef, LessonGuide, LessonStep } from '../engine/lesson.ts';
import type { TraceEvent } from '../engine/trace.ts';
import { compileScenario } from './compile.ts';
import type { SandboxDoc } from './model.ts';
import { libraryEntry } from './library.ts';

export const SANDBOX_ID = 'sandbox';

/** What the sandbox checks in every run: each reads the trace and says where it broke. */
export interface InvariantResult {
  id: string;
  label: string;
  holds: boolean;
  /** Where it broke, in words, with the event that shows it. */
  broken?: { seq: number; text: string };
}

/** Every call that has had time to end ended exactly once; every request charged at most once. */
export function checkInvariants(events: readonly TraceEvent[]): InvariantResult[] {
  const outcomes = new Map<number, number>();
  const charges = new Map<string, { seq: number; count: number; node: string }>();
  let twice: InvariantResult['broken'];
  let doubleCharge: InvariantResult['broken'];
  for (const e of events) {
    if (e.type === 'outcome') {
      const n = (outcomes.get(e.call) ?? 0) + 1;
      outcomes.set(e.call, n);
      if (n > 1 && !twice) twice = { seq: e.seq, text: `call ${e.call} ended a second time` };
    } else if (e.type === 'effect') {
      const key = `${e.node}:${e.request}`;
      const c = charges.get(key) ?? { seq: e.seq, count: 0, node: e.node };
      c.count += 1;
      charges.set(key, c);
      if (c.count === 2 && !doubleCharge)
        doubleCharge = { seq: e.seq, text: `${e.node} applied request ${e.request} twice` };
    }
  }
  return [
    {
      id: 'one-outcome',
      label: 'Every call ends in exactly one outcome',
      holds: twice === undefined,
      ...(twice ? { broken: twice } : {}),
    },
    {
      id: 'no-double-effect',
      label: 'No request is applied twice',
      holds: doubleCharge === undefined,
      ...(doubleCharge ? { broken: doubleCharge } : {}),
    },
  ];
}

/**
 * The Break things buttons: crash and recover each node, cut and heal each pair of nodes a link joins.
 * Pausing, slowing and clocks are in each node's and link's own menu on the network, so the panel
 * stays a short row of buttons however many nodes there are.
 */
function offers(doc: SandboxDoc): InterventionOffer[] {
  const out: InterventionOffer[] = [];
  for (const n of doc.nodes) {
    out.push(
      {
        kind: 'crash',
        node: n.name,
        label: `Crash ${n.name}`,
        description: `${n.name} stops; what is on disk survives.`,
      },
      {
        kind: 'recover',
        node: n.name,
        label: `Recover ${n.name}`,
        description: `${n.name} restarts from its disk.`,
      },
    );
  }
  const seen = new Set<string>();
  for (const l of doc.links) {
    const back = doc.links.some((k) => k.from === l.to && k.to === l.from);
    const key = [l.from, l.to].sort().join(' ');
    if (back && seen.has(key)) continue;
    seen.add(key);
    const arrow = back ? '↔' : '→';
    const between = back ? `between ${l.from} and ${l.to}` : `from ${l.from} to ${l.to}`;
    out.push(
      {
        kind: 'partition',
        from: l.from,
        to: l.to,
        ...(back ? {} : { oneWay: true }),
        label: `Cut ${l.from} ${arrow} ${l.to}`,
        description: `Messages ${between} are lost until healed.`,
      },
      {
        kind: 'heal',
        from: l.from,
        to: l.to,
        ...(back ? {} : { oneWay: true }),
        label: `Heal ${l.from} ${arrow} ${l.to}`,
        description: `Messages ${between} get through again.`,
      },
    );
  }
  return out;
}

const events = defineEvents<{ suspect: { worker: string }; trust: { worker: string } }>({
  suspect: {
    words: (e) => `declared ${e.worker} down after a silence`,
    anomaly: { count: 'workers declared down' },
  },
  trust: { words: (e) => `heard from ${e.worker} again` },
});

export const SANDBOX_STEP_ID = 'checks';

const checks: LessonStep = {
  id: SANDBOX_STEP_ID,
  title: 'Your scenario',
  text: 'Press Play to run it. Add faults from the buttons, or script them on the timeline at the left; the checks below say whether the run still holds up.',
  hint: 'A client that retries without an idempotency key, against a server whose answers get lost, applies a request twice.',
  challenge(trace) {
    const results = checkInvariants(trace.slice());
    const broken = results.find((r) => !r.holds);
    if (broken?.broken)
      return {
        met: false,
        evidence: [broken.broken.seq],
        missing: `${broken.label.toLowerCase()}: no longer true, ${broken.broken.text}`,
      };
    const calls = trace.slice().filter((e) => e.type === 'outcome').length;
    if (calls === 0) return { met: false, missing: 'no call has ended yet: press Play' };
    return { met: true, detail: `${calls} calls so far, and every check holds` };
  },
  solution: { interventions: [] },
};

/** The sandbox's guide: what the page shows of a document. */
export function sandboxGuide(doc: SandboxDoc): LessonGuide {
  return {
    id: SANDBOX_ID,
    title: 'Sandbox',
    summary: 'Build your own scenario from the lessons’ parts and run it against faults.',
    principle: 'Your own scenario, with every view a lesson has',
    part: 4,
    order: 0,
    minutes: 0,
    params: {},
    nodeNames: () => doc.nodes.map((n) => n.name),
    durationMs: doc.durationMs,
    defaultSeed: doc.seed,
    interventions: offers(doc),
    // The step starts from the document as it stands: its seed and its scripted faults.
    steps: [{ ...checks, start: { seed: doc.seed, interventions: doc.interventions } }],
    events,
    sandbox: doc,
  };
}

/** The sandbox as the worker runs it. */
export function sandboxLesson(doc: SandboxDoc): LessonDef {
  return { ...sandboxGuide(doc), scenario: () => compileScenario(doc) };
}

/** The library behaviours' kinds, for a legend ("client", "payment server"). */
export const kindOf = (behaviour: string): string => libraryEntry(behaviour)?.label ?? behaviour;
