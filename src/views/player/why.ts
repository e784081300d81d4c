/**
 * "Why did that happen?": the causal chain behind an outcome or an anomaly, in plain words, each link
 * naming the trace event it rests on (so the player can seek there on click).
 *
 *   charge carried out twice for one request
 *     1. The server carried out the charge for call 1 at 552 ms.            → event 10
 *     2. The reply to call 1 never arrived: you dropped it (at 608 ms).    → event 13
 *     3. The client's deadline for call 1 passed with no answer.           → event 15
 *     4. The client tried again: call 2, the same request 1.               → event 18
 *     5. The server carried out the charge again: nothing told it this was a repeat.  → event 22
 *
 * Pure: trace events in, explanations out. This file holds the rules for the engine's own events
 * (call, outcome, effect, deliver, drop, clock...); a lesson's own events are explained by the rules
 * in its guide's vocabulary (`events`, see src/engine/vocabulary.ts), which get the trace index below
 * as their `WhyContext`. So a new lesson is explained without any code here.
 */
import { formatMs as formatTime } from '../../engine/words.ts';
import { isAnomalyEvent } from '../../engine/vocabulary.ts';
import type {
  AnyVocabulary,
  DropEvent,
  EventFields,
  LooseEvent,
  OutcomeEvent,
  TraceEvent,
  WhyAnswer,
  WhyContext,
  WhyLink,
} from '../../engine/index.ts';

export type { WhyLink } from '../../engine/index.ts';

/** The engine's own kinds; a lesson's rules add theirs ("lost-write", "false-suspicion"). */
export type WhyKind =
  'unknown' | 'failure' | 'success' | 'double' | 'repeat-absorbed' | 'clock-back' | (string & {});

export interface Explanation {
  /** The event explained. */
  seq: number;
  kind: WhyKind;
  /** One line: "charge carried out twice for one request". */
  title: string;
  links: WhyLink[];
  /** Something went wrong the learner may not have noticed (an unknown, a double charge, a false alarm). */
  anomaly: boolean;
  /** Which explanation wins when several pieces of evidence have one. */
  priority: number;
}

/** What a rule builds; `finish` gives it its priority and capitals. */
type Draft = Omit<Explanation, 'priority'> & { priority?: number };

/** The engine's kinds, by how telling they are; a lesson's answer gives its own (default 5). */
const PRIORITY: Readonly<Record<string, number>> = {
  double: 9,
  'repeat-absorbed': 8,
  unknown: 6,
  failure: 4,
  'clock-back': 3,
  success: 1,
};

const DROP_WORDS: Record<string, string> = {
  loss: 'the network lost it',
  cut: 'the link was cut',
  crashed: 'the receiver was down',
  'dropped-by-you': 'you dropped it',
};

/** Any event, custom ones included, read field by field (rules check what they use). */
type Ev = LooseEvent;

export interface WhyOptions {
  /** Words for parameter names ("Link latency" for linkLatencyMs): the lesson's parameter labels. */
  paramLabels?: Readonly<Record<string, string>>;
  /** The open lesson's events: their rules explain them, and their anomalies are listed. */
  events?: AnyVocabulary;
}

/** Lookups over one stretch of the trace, built once per question: the context lesson rules get. */
class Index implements WhyContext<EventFields> {
  readonly events: readonly Ev[];
  readonly label: (param: string) => string;
  readonly base: number;
  readonly end: number;
  private sends = new Map<number, Ev>();
  private fates = new Map<number, Ev>(); // msg → its deliver or drop
  private calls = new Map<number, Ev>();
  private outcomes = new Map<number, OutcomeEvent>();
  private effectsByCall = new Map<number, Ev>();
  readonly effectsByRequest = new Map<string, Ev[]>();

  readonly vocabulary: AnyVocabulary;

  constructor(events: readonly TraceEvent[], options: WhyOptions = {}) {
    this.events = events as unknown as readonly Ev[];
    this.vocabulary = options.events ?? {};
    this.label = (param) => options.paramLabels?.[param] ?? param;
    this.base = events[0]?.seq ?? 0;
    this.end = this.base + events.length;
    for (const e of this.events) {
      if (e.type === 'send') this.sends.set(e.msg as number, e);
      else if (e.type === 'deliver' || e.type === 'drop') {
        if (!this.fates.has(e.msg as number)) this.fates.set(e.msg as number, e);
      } else if (e.type === 'call') this.calls.set(e.call as number, e);
      else if (e.type === 'outcome') this.outcomes.set(e.call as number, e as unknown as OutcomeEvent);
      else if (e.type === 'effect') {
        if (!this.effectsByCall.has(e.call as number)) this.effectsByCall.set(e.call as number, e);
        const key = `${String(e.request)}\u0000${String(e.op)}`;
        const list = this.effectsByRequest.get(key) ?? [];
        list.push(e);
        this.effectsByRequest.set(key, list);
      }
    }
  }

  at(seq: number): Ev | undefined {
    return this.events[seq - this.base];
  }
  call(call: number): Ev | undefined {
    return this.calls.get(call);
  }
  outcome(call: number): OutcomeEvent | undefined {
    return this.outcomes.get(call);
  }
  effect(call: number): Ev | undefined {
    return this.effectsByCall.get(call);
  }
  fate(msg: number): Ev | undefined {
    return this.fates.get(msg);
  }
  /** The message a node sent for a call: the request (from the caller) or the reply (from the callee). */
  messageOfCall(call: number, from: string, to: string): Ev | undefined {
    return this.findAny((e) => e.type === 'send' && e.call === call && e.node === from && e.to === to);
  }
  find(type: string, pred?: (e: never) => boolean, fromSeq?: number, toSeq?: number): never {
    return this.findAny((e) => e.type === type && (!pred || pred(e as never)), fromSeq, toSeq) as never;
  }
  findLast(type: string, pred?: (e: never) => boolean, beforeSeq?: number, fromSeq?: number): never {
    return this.findLastAny(
      (e) => e.type === type && (!pred || pred(e as never)),
      beforeSeq,
      fromSeq,
    ) as never;
  }
  name(node: string): string {
    return nm(node);
  }
  time(ms: number): string {
    return formatTime(ms);
  }
  paramLabel(name: string): string {
    return this.label(name);
  }
  dropLinks(drop: DropEvent, what: string): WhyLink[] {
    return dropLinks(this, drop, what);
  }
  clockLinks(node: string, beforeSeq: number): WhyLink[] {
    return clockLinksBefore(this, node, beforeSeq);
  }
  findAny(pred: (e: Ev) => boolean, fromSeq = this.base, toSeq = this.end): Ev | undefined {
    for (let s = Math.max(fromSeq, this.base); s < Math.min(toSeq, this.end); s++) {
      const e = this.events[s - this.base]!;
      if (pred(e)) return e;
    }
    return undefined;
  }
  findLastAny(pred: (e: Ev) => boolean, beforeSeq = this.end, fromSeq = this.base): Ev | undefined {
    for (let s = Math.min(beforeSeq, this.end) - 1; s >= Math.max(fromSeq, this.base); s--) {
      const e = this.events[s - this.base]!;
      if (pred(e)) return e;
    }
    return undefined;
  }
}

// ---------------------------------------------------------------- shared links

/** Why a message died, with the event that caused it where there is one. */
function dropLinks(ix: Index, drop: DropEvent | Ev, what: string): WhyLink[] {
  const reason = String(drop.reason);
  const from = String(drop.from);
  const to = drop.node;
  const links: WhyLink[] = [];
  if (reason === 'dropped-by-you') {
    const iv = ix.findLastAny(
      (e) => e.type === 'intervention' && e.kind === 'drop-next' && e.from === from && e.to === to,
      drop.seq,
    );
    if (iv)
      links.push({
        text: `You asked for the next message from ${nm(from)} to ${nm(to)} to be dropped (at ${formatTime(iv.t)}).`,
        seq: iv.seq,
      });
  } else if (reason === 'cut') {
    const cut = ix.findLastAny((e) => e.type === 'partition' && e.node === from && e.to === to, drop.seq);
    if (cut)
      links.push({
        text: `The link from ${nm(from)} to ${nm(to)} was cut at ${formatTime(cut.t)}.`,
        seq: cut.seq,
      });
  } else if (reason === 'crashed') {
    const crash = ix.findLastAny((e) => e.type === 'crash' && e.node === to, drop.seq);
    if (crash) links.push({ text: `${nm(to)} crashed at ${formatTime(crash.t)}.`, seq: crash.seq });
  }
  links.push({
    text: `${what} never arrived: ${DROP_WORDS[reason] ?? reason} (at ${formatTime(drop.t)}).`,
    seq: drop.seq,
  });
  return links;
}

interface CallStory {
  links: WhyLink[];
  applied: Ev | undefined;
  /** The server will never apply it (lost request, crash while holding it, an error reply). */
  settledNo: boolean;
}

/** What happened to one call, from the request leaving to the reply (or the silence). */
function callStory(ix: Index, outcome: OutcomeEvent, options: { brief?: boolean } = {}): CallStory {
  const { call, from, to, op } = outcome;
  const links: WhyLink[] = [];
  const callEv = ix.call(call);
  const applied = ix.effect(call);
  let settledNo = false;
  if (callEv && !options.brief) {
    const earlier = ix.findAny(
      (e) => e.type === 'call' && e.request === callEv.request && e.call !== call,
      ix.base,
      callEv.seq,
    );
    links.push({
      text: `${nm(from)} asked ${nm(to)} to ${/^[a-z]+$/.test(op) ? op : `do "${op}"`} (call ${call}${earlier ? `, a new try of request ${String(callEv.request)}` : ''}).`,
      seq: callEv.seq,
    });
  }
  const request = ix.messageOfCall(call, from, to);
  const requestFate = request ? ix.fate(request.msg as number) : undefined;
  if (requestFate?.type === 'drop') {
    if (!options.brief) links.push(...dropLinks(ix, requestFate, 'The request'));
    settledNo = true;
  } else if (requestFate?.type === 'deliver') {
    if (!options.brief)
      links.push({
        text: `The request reached ${nm(to)} at ${formatTime(requestFate.t)}.`,
        seq: requestFate.seq,
      });
    const reply = ix.messageOfCall(call, to, from);
    const crash = ix.findAny(
      (e) => e.type === 'crash' && e.node === to,
      requestFate.seq,
      reply?.seq ?? ix.end,
    );
    if (applied && !options.brief)
      links.push({ text: `${nm(to)} carried out the ${op} at ${formatTime(applied.t)}.`, seq: applied.seq });
    if (crash && !applied) {
      links.push({
        text: `${nm(to)} crashed at ${formatTime(crash.t)} before it finished, so the ${op} was never done.`,
        seq: crash.seq,
      });
      settledNo = true;
    }
    if (reply) {
      const label = String(reply.label);
      const late = reply.seq > outcome.seq;
      if (label.endsWith(':error')) {
        settledNo = true;
        links.push({ text: `${nm(to)} answered with an error and did not do the ${op}.`, seq: reply.seq });
      } else if (label.endsWith(':refused')) {
        settledNo = true;
        links.push({ text: `${nm(to)} was down, so it turned the request away.`, seq: reply.seq });
      } else if (late) {
        links.push({
          text: `${nm(to)} only answered at ${formatTime(reply.t)}, after ${nm(from)} had stopped waiting.`,
          seq: reply.seq,
        });
      }
      const replyFate = ix.fate(reply.msg as number);
      if (replyFate?.type === 'drop') links.push(...dropLinks(ix, replyFate, `The reply to call ${call}`));
      else if (replyFate?.type === 'deliver' && replyFate.seq > outcome.seq && !late) {
        links.push({
          text: `The reply reached ${nm(from)} at ${formatTime(replyFate.t)}: too late, ${nm(from)} had stopped waiting.`,
          seq: replyFate.seq,
        });
      }
    } else if (!crash && !applied && outcome.result === 'unknown') {
      links.push({ text: `${nm(to)} was still working on it when ${nm(from)} stopped waiting.` });
    }
  } else if (requestFate === undefined && request && outcome.result === 'unknown' && !options.brief) {
    links.push({
      text: `The request was still on its way when ${nm(from)} stopped waiting.`,
      seq: request.seq,
    });
  } else if (!request && outcome.result === 'failure' && !options.brief) {
    // Refused before anything was sent (the caller could not reach the callee at all).
    settledNo = true;
  }
  return { links, applied, settledNo };
}

function deadlineLink(ix: Index, outcome: OutcomeEvent): WhyLink {
  const timer = ix.findLastAny(
    (e) => e.type === 'timer' && e.node === outcome.node && e.t === outcome.t,
    outcome.seq,
  );
  return {
    text: `${nm(outcome.from)} waited as long as it was willing to: its deadline passed at ${formatTime(outcome.t)} with no answer, so the outcome is unknown.`,
    seq: timer?.seq ?? outcome.seq,
  };
}

// ---------------------------------------------------------------- rules

function explainOutcome(ix: Index, o: OutcomeEvent): Draft {
  const story = callStory(ix, o);
  const links = [...story.links];
  if (o.result === 'unknown') {
    links.push(deadlineLink(ix, o));
    const truth = story.applied
      ? `Yet ${nm(o.to)} did carry out the ${o.op}: unknown, and it happened.`
      : story.settledNo
        ? `${nm(o.to)} never carried out the ${o.op}: unknown, and it did not happen. Seen from ${nm(o.from)}, the two cases look the same.`
        : `So far ${nm(o.to)} has not carried out the ${o.op}: ${nm(o.from)} cannot know whether it will.`;
    // A retry of the same request that got its answer settles the doubt: nothing is left wrong.
    const settled = ix.findAny(
      (e) => e.type === 'outcome' && e.request === o.request && e.result === 'success',
      o.seq + 1,
    );
    if (settled)
      links.push({
        text: `${nm(o.from)} tried again and call ${String(settled.call)} got its answer at ${formatTime(settled.t)}: the doubt was settled.`,
        seq: settled.seq,
      });
    return {
      seq: o.seq,
      kind: 'unknown',
      title: `Call ${o.call}: no answer, so the outcome is unknown${story.applied ? ' (yet it happened)' : story.settledNo ? ' (and it did not happen)' : ''}${settled ? '; a retry settled it' : ''}`,
      links: chain(links, { text: truth, seq: story.applied?.seq }),
      anomaly: !settled,
    };
  }
  if (o.result === 'failure') {
    const conclusion = {
      text: `${nm(o.from)} got a clear no (${o.reason}): it knows the ${o.op} did not happen.`,
      seq: o.seq,
    };
    return {
      seq: o.seq,
      kind: 'failure',
      title: `Call ${o.call} failed: ${o.reason}`,
      links: chain(links, conclusion),
      anomaly: false,
    };
  }
  const conclusion = { text: `The answer reached ${nm(o.from)} in time: success.`, seq: o.seq };
  return {
    seq: o.seq,
    kind: 'success',
    title: `Call ${o.call} succeeded`,
    links: chain(links, conclusion),
    anomaly: false,
  };
}

/** Earlier tries of a request and why their caller did not know they had worked. */
function priorTryLinks(ix: Index, firstEffect: Ev, retryCall: number): WhyLink[] {
  const links: WhyLink[] = [];
  const firstCall = Number(firstEffect.call);
  const outcome = ix.outcome(firstCall);
  if (outcome) {
    const story = callStory(ix, outcome, { brief: true });
    links.push(...story.links);
    if (outcome.result === 'unknown') {
      links.push({
        text: `${nm(outcome.from)}'s deadline for call ${firstCall} passed with no answer: as far as it knew, the ${outcome.op} might not have happened.`,
        seq: outcome.seq,
      });
    }
  }
  const retry = ix.call(retryCall);
  if (retry) {
    links.push({
      text: `${nm(retry.node)} tried again: call ${retryCall}, the same request ${String(retry.request)}.`,
      seq: retry.seq,
    });
  }
  return links;
}

function explainEffect(ix: Index, e: Ev): Draft | null {
  const key = `${String(e.request)}\u0000${String(e.op)}`;
  const all = ix.effectsByRequest.get(key) ?? [];
  const first = all[0];
  if (!first || first.seq >= e.seq) return null;
  const times = all.filter((x) => x.seq <= e.seq).length;
  const links: WhyLink[] = [
    {
      text: `${nm(first.node)} carried out the ${String(e.op)} for call ${String(first.call)} at ${formatTime(first.t)}.`,
      seq: first.seq,
    },
    ...priorTryLinks(ix, first, Number(e.call)),
    {
      text: `${nm(e.node)} carried out the ${String(e.op)} again at ${formatTime(e.t)}: nothing told it this was a repeat of something it had already done.`,
      seq: e.seq,
    },
  ];
  const conclusion = { text: `So one request was carried out ${times === 2 ? 'twice' : `${times} times`}.` };
  return {
    seq: e.seq,
    kind: 'double',
    title: `The ${String(e.op)} for request ${String(e.request)} was carried out ${times === 2 ? 'twice' : `${times} times`}`,
    links: chain(links, conclusion),
    anomaly: true,
  };
}

/** A retry that reached the callee after the request was done, and was not done again. */
function explainRepeatDelivery(ix: Index, d: Ev): Draft | null {
  if (typeof d.call !== 'number') return null;
  const call = ix.call(d.call);
  if (!call || call.to !== d.node || d.from !== call.node) return null;
  const key = `${String(call.request)}\u0000${String(call.op)}`;
  const first = (ix.effectsByRequest.get(key) ?? []).find((x) => x.seq < d.seq);
  if (!first || Number(first.call) === d.call) return null;
  const again = ix.effect(d.call);
  if (again) return explainEffect(ix, again);
  const links: WhyLink[] = [
    {
      text: `${nm(first.node)} carried out the ${String(call.op)} for call ${String(first.call)} at ${formatTime(first.t)}.`,
      seq: first.seq,
    },
    ...priorTryLinks(ix, first, d.call),
    {
      text: `The retry reached ${nm(d.node)} at ${formatTime(d.t)}, after it had already done the ${String(call.op)}.`,
      seq: d.seq,
    },
  ];
  const saved = ix.findAny(
    (e) =>
      e.node === d.node &&
      e.call === d.call &&
      !['send', 'deliver', 'drop', 'effect', 'call', 'outcome'].includes(e.type),
    d.seq,
  );
  const reply = ix.messageOfCall(d.call, d.node, String(d.from));
  if (saved)
    links.push({
      text: `${nm(d.node)} recognised the request id and sent back the answer it had saved, without doing the ${String(call.op)} again.`,
      seq: saved.seq,
    });
  else if (reply)
    links.push({
      text: `${nm(d.node)} answered without doing the ${String(call.op)} again.`,
      seq: reply.seq,
    });
  return {
    seq: d.seq,
    kind: 'repeat-absorbed',
    title: `A retry of request ${String(call.request)} changed nothing`,
    links: chain(links, { text: 'One request, carried out once.' }),
    anomaly: false,
  };
}

function clockLinksBefore(ix: Index, node: string, beforeSeq: number): WhyLink[] {
  const out: WhyLink[] = [];
  const clock = ix.findLastAny(
    (e) =>
      e.type === 'clock' &&
      e.node === node &&
      (Number(e.jumpMs) !== 0 || Number(e.offsetMs) !== 0 || Number(e.driftPpm) !== 0),
    beforeSeq,
  );
  if (clock) {
    const off = Math.round(Number(clock.offsetMs));
    const ahead = off === 0 ? 'right' : `${Math.abs(off)} ms ${off > 0 ? 'ahead of' : 'behind'} true time`;
    const how =
      clock.reason === 'skew' ? 'was skewed' : clock.reason === 'resync' ? 'was resynchronised' : 'started';
    out.push({
      text: `${nm(node)}'s clock ${how} at ${formatTime(clock.t)}: it now reads ${ahead}.`,
      seq: clock.seq,
    });
  }
  return out;
}

function explainClock(ix: Index, c: Ev): Draft | null {
  const jump = Number(c.jumpMs);
  if (!(jump < 0)) return null;
  const start = ix.findLastAny((e) => e.type === 'clock' && e.node === c.node && e.reason === 'start', c.seq);
  const links: WhyLink[] = [];
  if (start && Number(start.driftPpm) !== 0) {
    links.push({
      text: `${nm(c.node)}'s clock runs ${Number(start.driftPpm) > 0 ? 'fast' : 'slow'} (${String(start.driftPpm)} ppm), so it drifts away from true time.`,
      seq: start.seq,
    });
  }
  const conclusion = {
    text: `At ${formatTime(c.t)} it was ${c.reason === 'resync' ? 'resynchronised' : 'set'} and jumped back ${formatTime(-jump)}: the same moments happen twice on this clock.`,
    seq: c.seq,
  };
  return {
    seq: c.seq,
    kind: 'clock-back',
    title: `${nm(c.node)}'s clock went backwards`,
    links: chain(links, conclusion),
    anomaly: false,
  };
}

/** A node's name in a sentence: "the client" for a role, "Alice" for a person, "the orders service" otherwise. */
const PEOPLE = /^(alice|bob|carol|dave|erin|frank)$/i;
const ROLES =
  /^(client|server|monitor|worker|store|sender|receiver|orchestrator|leader|follower|replica|cache|queue|gateway|database|db|broker|caller|callee|service|coordinator|balancer|primary|backup|node|[a-z]+-(client|server|service))\d*$/i;
export function nm(name: string): string {
  if (PEOPLE.test(name)) return name.charAt(0).toUpperCase() + name.slice(1);
  return ROLES.test(name) ? `the ${name}` : `the ${name} service`;
}

const capitalise = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);

/** The links in the order things happened, then the conclusion; every sentence starts with a capital. */
function chain(links: WhyLink[], conclusion: WhyLink): WhyLink[] {
  return [...byTime(dedupe(links)), conclusion].map((l) => ({ ...l, text: capitalise(l.text) }));
}

function finish(x: Draft): Explanation {
  return { ...x, title: capitalise(x.title), priority: x.priority ?? PRIORITY[x.kind] ?? 5 };
}

function byTime(links: WhyLink[]): WhyLink[] {
  // Stable: links without an event keep their place after the one before them.
  const keyed = links.map((l, i) => ({ l, key: l.seq ?? (i > 0 ? (links[i - 1]!.seq ?? Infinity) : -1), i }));
  keyed.sort((a, b) => a.key - b.key || a.i - b.i);
  return keyed.map((k) => k.l);
}

function dedupe(links: WhyLink[]): WhyLink[] {
  const seen = new Set<string>();
  return links.filter((l) => {
    const k = `${l.seq}|${l.text}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

// ---------------------------------------------------------------- public API

function explainWith(ix: Index, seq: number): Explanation | null {
  const x = dispatch(ix, seq);
  return x && finish(x);
}

function dispatch(ix: Index, seq: number): Draft | null {
  const e = ix.at(seq);
  if (!e) return null;
  switch (e.type) {
    case 'outcome':
      return explainOutcome(ix, e as unknown as OutcomeEvent);
    case 'effect':
      return explainEffect(ix, e);
    case 'deliver':
      return explainRepeatDelivery(ix, e);
    case 'clock':
      return explainClock(ix, e);
  }
  // A lesson's own event: the rule its guide declares.
  const rule = Object.hasOwn(ix.vocabulary, e.type) ? ix.vocabulary[e.type]!.why : undefined;
  const answer = rule?.(e, ix);
  return answer ? fromAnswer(e.seq, answer) : null;
}

function fromAnswer(seq: number, a: WhyAnswer): Draft {
  return {
    seq,
    kind: a.kind,
    title: a.title,
    links: chain(a.links, a.conclusion),
    anomaly: a.anomaly,
    ...(a.priority !== undefined ? { priority: a.priority } : {}),
  };
}

/** Events that may be explained as anomalies: unknown outcomes, effects (doubles), the lesson's own. */
function isCandidate(e: Ev, vocabulary: AnyVocabulary | undefined): boolean {
  return (
    (e.type === 'outcome' && e.result === 'unknown') || e.type === 'effect' || isAnomalyEvent(vocabulary, e)
  );
}

/** How many events up to `upTo` could be explained as anomalies (the panel re-explains when it grows). */
export function countCandidates(
  events: readonly TraceEvent[],
  upTo: number,
  vocabulary?: AnyVocabulary,
): number {
  let n = 0;
  for (let i = 0; i < Math.min(upTo, events.length); i++) if (isCandidate(events[i] as Ev, vocabulary)) n++;
  return n;
}

/**
 * The causal chain behind the event at `seq`, or null when no rule explains it. `events` is a
 * contiguous stretch of the trace in seq order (the store's window up to the cursor).
 */
export function explain(
  events: readonly TraceEvent[],
  seq: number,
  options?: WhyOptions,
): Explanation | null {
  return explainWith(new Index(events, options), seq);
}

/** The most telling explanation among a challenge's evidence (a double charge beats a plain outcome). */
export function explainEvidence(
  events: readonly TraceEvent[],
  evidence: readonly number[],
  options?: WhyOptions,
): Explanation | null {
  const ix = new Index(events, options);
  let best: Explanation | null = null;
  for (const seq of evidence) {
    const x = explainWith(ix, seq);
    if (x && (!best || x.priority > best.priority)) best = x;
  }
  return best;
}

/** Every anomaly in `events`, most recent first: unknown outcomes, double effects, and the lesson's own. */
export function findAnomalies(events: readonly TraceEvent[], limit = 5, options?: WhyOptions): Explanation[] {
  const ix = new Index(events, options);
  const out: Explanation[] = [];
  for (let i = events.length - 1; i >= 0 && out.length < limit; i--) {
    const e = events[i]! as Ev;
    if (!isCandidate(e, options?.events)) continue;
    const x = explainWith(ix, e.seq);
    if (x?.anomaly) out.push(x);
  }
  return out;
}
