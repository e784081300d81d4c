/**
 * Trace events in plain words, for the event log and the narration read to screen readers:
 * "client → server: charge (call 3) dropped: link cut", "you: slowed the link to 2,000 ms",
 * "store: threw away alice-2 from alice: bob-1 has the larger clock stamp". The engine's own events
 * are worded here; a lesson's own events by its guide's vocabulary (`events`), and the learner's
 * actions by the names of the buttons that do them.
 */
import { formatMs } from '../engine/words.ts';
import type { InterventionOffer, LessonGuide, LooseEvent, ParamValue, TraceEvent } from '../engine/index.ts';
import { wordsOf } from '../engine/vocabulary.ts';

const DROP_REASONS: Record<string, string> = {
  loss: 'lost by the network',
  cut: 'link cut',
  crashed: 'the receiver is down',
  'dropped-by-you': 'dropped by you',
};

function callTag(e: { call?: number }): string {
  return e.call !== undefined && e.call >= 0 ? ` (call ${e.call})` : '';
}

/** Whether any effect in `events` applied this call: the server's ground truth. */
function applied(events: readonly TraceEvent[], call: number): boolean {
  return events.some((e) => e.type === 'effect' && e.call === call);
}

/**
 * One event in words. `lesson` gives the words for its own events, its settings and its buttons;
 * `events` (the trace so far) lets an unknown outcome say what the server really did.
 */
export function describeEvent(
  e: TraceEvent,
  events: readonly TraceEvent[] = [],
  lesson: LessonGuide | null = null,
): string {
  switch (e.type) {
    case 'send':
      return `${e.node} → ${e.to}: ${e.label}${callTag(e)} sent`;
    case 'deliver':
      return `${e.from} → ${e.node}: ${e.label}${callTag(e)} arrived`;
    case 'drop':
      return `${e.from} → ${e.node}: ${e.label}${callTag(e)} dropped: ${DROP_REASONS[e.reason] ?? e.reason}`;
    case 'duplicate':
      return `the network duplicated ${e.label}${callTag(e)}`;
    case 'timer':
      return `${e.node}: timer "${e.tag}" fired`;
    case 'crash':
      return `${e.node} crashed`;
    case 'recover':
      return `${e.node} recovered`;
    case 'pause':
      return `${e.node} froze: alive, but doing nothing until it resumes`;
    case 'resume':
      return `${e.node} resumed`;
    case 'partition':
      return `link ${e.from} → ${e.to} cut`;
    case 'heal':
      return `link ${e.from} → ${e.to} healed`;
    case 'clock':
      return e.reason === 'start'
        ? `${e.node}'s clock starts ${signed(e.offsetMs)} off, drifting ${e.driftPpm} ppm`
        : `${e.node}'s clock ${e.reason === 'resync' ? 'resynchronised' : 'skewed'}: jumped ${signed(e.jumpMs)}`;
    case 'state':
      return `${e.node} is now ${e.label || 'idle'}`;
    case 'call':
      return `${e.from} calls ${e.op} on ${e.to} (call ${e.call}, request ${e.request})`;
    case 'outcome': {
      const head = `call ${e.call} (${e.op}) from ${e.from}`;
      if (e.result === 'success') return `${head} succeeded`;
      if (e.result === 'failure') return `${head} failed: ${e.reason}`;
      const truth = events.length
        ? applied(events, e.call)
          ? '; the server did apply it'
          : '; the server never applied it'
        : '';
      return `${head}: outcome unknown (${e.reason})${truth}`;
    }
    case 'effect':
      return `${e.node} applied ${e.op} (call ${e.call}, request ${e.request})`;
    case 'param':
      return lesson
        ? `${paramWords(lesson, e.name)} is now ${paramValueWords(lesson, e.name, e.value)}`
        : `${e.name} is now ${String(e.value)}`;
    case 'intervention':
      return `you: ${interventionWords(e as unknown as Record<string, unknown>, lesson)}`;
    default: {
      const custom = e as unknown as LooseEvent;
      const words = wordsOf(lesson?.events, custom);
      if (words !== undefined) return `${custom.node}: ${words}`;
      return `${custom.node}: ${custom.type}${describeFields(custom)}`;
    }
  }
}

function signed(x: number): string {
  return `${x >= 0 ? '+' : '−'}${formatMs(Math.abs(x))}`;
}

function describeFields(e: Record<string, unknown>): string {
  const skip = new Set(['type', 'seq', 't', 'node', 'local']);
  const parts = Object.entries(e)
    .filter(([k]) => !skip.has(k))
    .map(([k, v]) => `${k} ${typeof v === 'object' ? JSON.stringify(v) : String(v)}`);
  return parts.length ? ` (${parts.join(', ')})` : '';
}

/** A setting's value in words, with its unit: "2,000 ms", "0.2", "on". */
export function paramValueWords(lesson: LessonGuide, name: string, value: ParamValue): string {
  const spec = Object.hasOwn(lesson.params, name) ? lesson.params[name] : undefined;
  if (typeof value === 'boolean') return value ? 'on' : 'off';
  const shown = typeof value === 'number' ? value.toLocaleString('en-US') : String(value);
  if (spec?.kind === 'number' && (spec.unit === 'ms' || spec.unit === 'ppm' || spec.unit === 'GB'))
    return `${shown} ${spec.unit}`;
  if (spec?.kind === 'number' && spec.unit === 'per second') return `${shown} a second`;
  return shown;
}

/** A setting's name in words: its label in the lesson's schema. */
export function paramWords(lesson: LessonGuide, name: string): string {
  return Object.hasOwn(lesson.params, name) ? lesson.params[name]!.label : name;
}

/** Past tenses of the verbs buttons start with ("Slow the link" → "slowed the link"). */
const PAST: Readonly<Record<string, string>> = {
  crash: 'crashed',
  restart: 'restarted',
  recover: 'recovered',
  freeze: 'froze',
  resume: 'resumed',
  slow: 'slowed',
  restore: 'restored',
  pay: 'paid',
  drop: 'dropped',
  lose: 'lost',
  set: 'set',
  make: 'made',
  decline: 'declined',
  reply: 'replied',
  cut: 'cut',
  heal: 'healed',
  send: 'sent',
  start: 'started',
  stop: 'stopped',
  turn: 'turned',
  skew: 'skewed',
};

/** What pressing a button did, in the past tense: the guide's `did`, or its label turned round. */
function didWords(offer: InterventionOffer): string {
  if (offer.did) return offer.did;
  const [verb = '', ...rest] = offer.label.split(' ');
  const past = PAST[verb.toLowerCase()];
  return past ? [past, ...rest].join(' ') : `pressed “${offer.label}”`;
}

/** Whether an offer (a button the guide defines) does exactly this intervention (`at` aside). */
export function offerMatches(offer: InterventionOffer, iv: object): boolean {
  const { label: _l, description: _d, startsWork: _s, did: _did, ...action } = offer;
  const a: Record<string, unknown> = action;
  const b = iv as Record<string, unknown>;
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  keys.delete('at');
  return [...keys].every((key) => a[key] === b[key]);
}

/** An intervention event as the intervention it echoes (see interventionsFromEvents). */
function asIntervention(e: Record<string, unknown>): Record<string, unknown> {
  if (e.type !== 'intervention') return e;
  const { seq: _seq, t, local: _local, type: _type, node, ...rest } = e;
  // `node` is the event's place in the trace; it is part of the input only for node interventions.
  return { at: t, ...rest, ...(!('from' in rest) && !('name' in rest) ? { node } : {}) };
}

/** The learner's action in words: "slowed the link to 2,000 ms", "crashed the worker". */
export function interventionWords(
  action: Record<string, unknown>,
  lesson: LessonGuide | null = null,
): string {
  const iv = asIntervention(action);
  const offer = lesson?.interventions.find((o) => offerMatches(o, iv));
  if (offer && lesson) {
    const words = didWords(offer);
    // A button that sets a setting says to what, unless its words already do.
    if (iv.kind === 'set-param' && !offer.did)
      return `${words} to ${paramValueWords(lesson, String(iv.name), iv.value as ParamValue)}`;
    return words;
  }
  const node = String(iv.node);
  switch (iv.kind) {
    case 'crash':
      return `crashed ${node}`;
    case 'recover':
      return `restarted ${node}`;
    case 'pause':
      return `froze ${node}`;
    case 'resume':
      return `resumed ${node}`;
    case 'slow':
      return `slowed ${node} down ${String(iv.factor)} times`;
    case 'partition':
      return `cut the link ${String(iv.from)} ${iv.oneWay ? '→' : '↔'} ${String(iv.to)}`;
    case 'heal':
      return `restored the link ${String(iv.from)} ${iv.oneWay ? '→' : '↔'} ${String(iv.to)}`;
    case 'drop-next':
      return `dropped the next message ${String(iv.from)} → ${String(iv.to)}`;
    case 'isolate':
      return `cut ${node}${iv.with !== undefined ? ` and ${String(iv.with)}` : ''} off from the other nodes`;
    case 'rejoin':
      return `restored every link of ${node}${iv.with !== undefined ? ` and ${String(iv.with)}` : ''}`;
    case 'skew': {
      const parts = [
        iv.offsetMs !== undefined ? `moved ${node}'s clock ${signed(Number(iv.offsetMs))}` : '',
        iv.driftPpm !== undefined
          ? `made ${node}'s clock drift ${Number(iv.driftPpm).toLocaleString('en-US')} ppm`
          : '',
      ].filter(Boolean);
      return parts.join(' and ') || `skewed ${node}'s clock`;
    }
    case 'set-param': {
      const name = String(iv.name);
      return lesson
        ? `set ${paramWords(lesson, name)} to ${paramValueWords(lesson, name, iv.value as ParamValue)}`
        : `set ${name} to ${String(iv.value)}`;
    }
    case 'signal':
      return `sent ${node} the signal “${String(iv.signal)}”`;
    default:
      return String(iv.kind);
  }
}

/** Events worth saying out loud as they happen (not every send and timer); `lesson` adds its own. */
export function isNarrated(e: TraceEvent, lesson: LessonGuide | null = null): boolean {
  const own = lesson?.events && Object.hasOwn(lesson.events, e.type) ? lesson.events[e.type] : undefined;
  if (own) return own.narrate === true;
  return (
    e.type === 'outcome' ||
    e.type === 'drop' ||
    e.type === 'crash' ||
    e.type === 'recover' ||
    e.type === 'pause' ||
    e.type === 'resume' ||
    e.type === 'partition' ||
    e.type === 'heal' ||
    e.type === 'effect' ||
    e.type === 'intervention' ||
    e.type === 'duplicate'
  );
}

export { formatMs };
