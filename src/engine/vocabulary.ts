/**
 * A lesson's event vocabulary: the custom events its behaviours emit (`ctx.emit('lost-write', {...})`),
 * each with its fields typed, its words for the log and narration, whether it marks something going
 * wrong, and the rule that explains it in "Why did that happen?". The guide declares it, so the page
 * (src/views) never names a lesson's events: a new lesson needs no edit outside its folder.
 *
 *   events: defineEvents<{ gap: { n: number; missing: number[] } }>({
 *     gap: {
 *       words: (e) => `message ${e.n} arrived with ${e.missing.join(', ')} missing`,
 *       anomaly: { count: 'gaps at the receiver' },
 *       why: (e, ctx) => ({ kind: 'gap', title: ..., links: [...], conclusion: {...}, anomaly: true }),
 *     },
 *   })
 *
 * A rule that reads a field its event did not declare does not compile. Pure types and one identity
 * function: the explaining itself (the trace index behind `WhyContext`) is in src/views/player/why.ts.
 */
import type { TraceEvent } from './trace.ts';

/** The fields every trace event has. */
export interface EventBase {
  seq: number;
  t: number;
  node: string;
  local: number;
}

/** Each custom event's name and its own fields. */
export type EventFields = Record<string, Record<string, unknown>>;

/** A trace event by its type name: an engine event, or one of the vocabulary `V`'s. */
export type EventNamed<V extends EventFields, K extends string> = K extends TraceEvent['type']
  ? EngineEvent<K>
  : K extends keyof V
    ? EventBase & { type: K } & V[K]
    : never;

/** An engine event by type name (`crash` included, which shares its shape with `recover`). */
type EngineEvent<K, E = TraceEvent> = E extends { type: infer T }
  ? K extends T
    ? E & { type: K }
    : never
  : never;

/** Any event, its fields read one by one (they are `unknown` until checked). */
export type LooseEvent = EventBase & { type: string } & Record<string, unknown>;

/** One step of an explanation: a sentence, and the event it rests on (absent for a conclusion). */
export interface WhyLink {
  text: string;
  seq?: number;
}

/** What a why rule answers: the chain is put in time order, capitalised and ended with `conclusion`. */
export interface WhyAnswer {
  /** What kind of thing this is ("lost-write", "false-suspicion"): the panel shows one of each. */
  kind: string;
  /** One line: "A later write was lost: alice-3". */
  title: string;
  links: WhyLink[];
  conclusion: WhyLink;
  /** Something went wrong the learner may not have noticed (a false alarm, a lost write). */
  anomaly: boolean;
  /** Which explanation wins among a challenge's evidence (higher first). The engine's range: 1 to 9. */
  priority?: number;
}

/** What a why rule may ask of the stretch of trace it explains. */
export interface WhyContext<V extends EventFields = EventFields> {
  /** The event at a seq, if it is in the stretch. */
  at(seq: number): LooseEvent | undefined;
  /** The first event of `type` (from `fromSeq`, before `toSeq`) that `pred` accepts. */
  find<K extends (keyof V & string) | TraceEvent['type']>(
    type: K,
    pred?: (e: EventNamed<V, K>) => boolean,
    fromSeq?: number,
    toSeq?: number,
  ): EventNamed<V, K> | undefined;
  /** The last event of `type` before `beforeSeq` (and from `fromSeq`) that `pred` accepts. */
  findLast<K extends (keyof V & string) | TraceEvent['type']>(
    type: K,
    pred?: (e: EventNamed<V, K>) => boolean,
    beforeSeq?: number,
    fromSeq?: number,
  ): EventNamed<V, K> | undefined;
  /** The last event of any type before `beforeSeq` that `pred` accepts. */
  findLastAny(pred: (e: LooseEvent) => boolean, beforeSeq?: number): LooseEvent | undefined;
  /** A node's name in a sentence: "the client", "Alice", "the orders service". */
  name(node: string): string;
  /** A moment or a span: "552 ms", "1.20 s". */
  time(ms: number): string;
  /** A parameter's label in the lesson ("Link latency" for linkLatencyMs). */
  paramLabel(name: string): string;
  /** Why a message died (the cut, the crash, your drop), then that it died: `what` names it. */
  dropLinks(drop: Extract<TraceEvent, { type: 'drop' }>, what: string): WhyLink[];
  /** The last change of a node's clock before `beforeSeq`, if it was off true time. */
  clockLinks(node: string, beforeSeq: number): WhyLink[];
}

/** How the page reads one custom event. Methods, so a vocabulary fits the guide's plain type. */
export interface EventWords<V extends EventFields, K extends keyof V & string> {
  /** The event in plain words, for the log and the narration: "Bob wrote bob-2". No node prefix. */
  words(e: EventNamed<V, K>): string;
  /**
   * It marks something going wrong: counted under `count` in the comparison's headline numbers, and
   * explained in the "Why" panel without being asked. `when` narrows it to some events of the type.
   */
  anomaly?: { count: string; when?(e: EventNamed<V, K>): boolean };
  /** Said out loud as it happens (the narration skips other custom events). */
  narrate?: boolean;
  /** The chain of events behind it, or null when there is nothing to say. */
  why?(e: EventNamed<V, K>, ctx: WhyContext<V>): WhyAnswer | null;
}

export type Vocabulary<V extends EventFields> = { [K in keyof V & string]: EventWords<V, K> };

/** A vocabulary as the page holds it, its field types forgotten. */
export type AnyVocabulary = Readonly<Record<string, EventWords<EventFields, string>>>;

/**
 * Declares a lesson's events: `defineEvents<{ name: { field: type } }>({ name: { words, ... } })`.
 * Every declared event needs its words; the field types reach every rule.
 */
export function defineEvents<V extends EventFields>(vocabulary: Vocabulary<V>): AnyVocabulary {
  return vocabulary as unknown as AnyVocabulary;
}

/** The words for a custom event, or undefined when the vocabulary does not know it. */
export function wordsOf(vocabulary: AnyVocabulary | undefined, e: LooseEvent): string | undefined {
  const entry = vocabulary && Object.hasOwn(vocabulary, e.type) ? vocabulary[e.type] : undefined;
  return entry?.words(e as never);
}

/** Whether an event is one of the vocabulary's anomalies. */
export function isAnomalyEvent(vocabulary: AnyVocabulary | undefined, e: LooseEvent): boolean {
  const entry = vocabulary && Object.hasOwn(vocabulary, e.type) ? vocabulary[e.type] : undefined;
  if (!entry?.anomaly) return false;
  return entry.anomaly.when ? entry.anomaly.when(e as never) : true;
}
