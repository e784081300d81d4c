/**
 * No global now: the writes, the store's decisions and what they lost, in words, and the rules that
 * say why a later write was lost (the clocks) or kept (Lamport stamps).
 */
import { defineEvents, type EventNamed, type WhyContext, type WhyLink } from '../../src/engine/vocabulary.ts';
import type { VectorClock } from '../../src/engine/logical-clocks.ts';

/** `by`: how the store compares writes. */
type Rule = 'wall clock' | 'lamport';
type Decision = {
  key: string;
  value: string;
  client: string;
  ts: number;
  lamport: number;
  by: Rule;
  /** The value it was compared with (null for the first write). */
  over: string | null;
  /** The other rule would have decided the other way. */
  disagree: boolean;
};
type Events = {
  write: { key: string; client: string; value: string; ts: number; lamport: number; vector: VectorClock };
  receive: { from: string; after: string; lamport: number; vector: VectorClock };
  stored: Decision;
  discarded: Decision;
  'lost-write': {
    key: string;
    lost: string;
    lostTs: number;
    lostLamport: number;
    kept: string;
    keptTs: number;
    keptLamport: number;
    by: Rule;
  };
  'concurrent-writes': { key: string; kept: string; discarded: string; by: Rule };
};
type Ctx = WhyContext<Events>;

const stamp = (ms: number): string => `${ms.toFixed(1)} ms`;

/** A vector stamp in words: how many writes of each client it has seen, e.g. "alice 1, bob 0". */
const vectorWords = (v: VectorClock, clients: readonly string[]): string =>
  clients.map((c) => `${c} ${v[c] ?? 0}`).join(', ');

/** The clients a set of vector stamps counts, in a stable order. */
const clientsOf = (...vs: VectorClock[]): string[] => [...new Set(vs.flatMap((v) => Object.keys(v)))].sort();

/** The write of a value (each value is written once). */
const writeOf = (ctx: Ctx, value: string | null, before: number) =>
  value === null ? undefined : ctx.findLast('write', (w) => w.value === value, before);

/** A write and what it carried: the true time, its clock's stamp, and its Lamport stamp. */
function writeLink(ctx: Ctx, w: EventNamed<Events, 'write'>, later: boolean): WhyLink {
  const heard = ctx.findLast('receive', (e) => e.node === w.node, w.seq);
  const after = heard ? `, after hearing of ${heard.after}` : '';
  return {
    text: `${ctx.name(w.node)} wrote ${w.value}${later ? ' later' : ''} at ${ctx.time(w.t)}${after}, with clock stamp ${ctx.time(w.ts)} and Lamport stamp ${w.lamport}.`,
    seq: w.seq,
  };
}

/** A store's decision that the wall clocks and the Lamport stamps disagree about. */
function decisionWhy(d: EventNamed<Events, 'stored' | 'discarded'>, ctx: Ctx) {
  if (!d.disagree || d.over === null) return null;
  const incoming = writeOf(ctx, d.value, d.seq);
  const held = writeOf(ctx, d.over, d.seq);
  const [winner, loser] = d.type === 'stored' ? [d.value, d.over] : [d.over, d.value];
  const links: WhyLink[] = [];
  if (held) links.push(writeLink(ctx, held, false));
  if (incoming) links.push(writeLink(ctx, incoming, Boolean(held && incoming.t > held.t)));
  const byLamport = d.by === 'lamport';
  links.push({
    text: `${ctx.name(d.node)} kept ${winner} by ${byLamport ? 'Lamport stamp' : 'wall-clock stamp'}; ${byLamport ? 'the wall clocks' : 'Lamport stamps'} would have kept ${loser}.`,
    seq: d.seq,
  });
  return {
    kind: 'ordered',
    title: byLamport ? `Ordered by cause: ${winner} kept` : `Clocks and causes disagree about ${d.value}`,
    links,
    conclusion: byLamport
      ? {
          text: `A write made after hearing of another always carries a larger Lamport stamp, whatever the clocks say: ${winner} stays.`,
        }
      : { text: `The clock stamps disagree with what happened first.` },
    anomaly: false,
    priority: 6,
  };
}

const decisionWords = (d: Decision, verb: string): string =>
  `${verb} ${d.value} from ${d.client}${d.over === null ? '' : ` over ${d.over}`}, by ${d.by === 'lamport' ? `Lamport stamp ${d.lamport}` : `clock stamp ${stamp(d.ts)}`}`;

export default defineEvents<Events>({
  write: {
    words: (e) =>
      `wrote ${e.value} (clock stamp ${stamp(e.ts)}, Lamport stamp ${e.lamport}, vector stamp [${vectorWords(e.vector, clientsOf(e.vector))}])`,
  },
  receive: {
    words: (e) => `heard from ${e.from} that ${e.after} was written (Lamport stamp now ${e.lamport})`,
  },
  stored: { words: (e) => decisionWords(e, 'kept'), why: decisionWhy },
  discarded: {
    words: (e) =>
      `threw away ${e.value} from ${e.client}: ${e.over ?? 'the value it holds'} has the larger ${e.by === 'lamport' ? 'Lamport stamp' : 'clock stamp'}`,
    why: decisionWhy,
  },
  'lost-write': {
    words: (e) =>
      `lost the later write ${e.lost}: ${e.kept} carried the larger ${e.by === 'lamport' ? 'Lamport stamp' : 'clock stamp'}`,
    anomaly: { count: 'later writes lost' },
    narrate: true,
    why(l, ctx) {
      const lostW = writeOf(ctx, l.lost, l.seq);
      const keptW = writeOf(ctx, l.kept, l.seq);
      const links: WhyLink[] = [];
      if (keptW) {
        links.push(...ctx.clockLinks(keptW.node, keptW.seq));
        links.push({
          text: `${ctx.name(keptW.node)} wrote ${l.kept} at ${ctx.time(keptW.t)} (true time); its clock stamped it ${ctx.time(keptW.ts)}.`,
          seq: keptW.seq,
        });
      }
      if (lostW) {
        if (lostW.node !== keptW?.node) links.push(...ctx.clockLinks(lostW.node, lostW.seq));
        links.push({
          text: `${ctx.name(lostW.node)} wrote ${l.lost} later, at ${ctx.time(lostW.t)}; its clock stamped it ${ctx.time(lostW.ts)}, an earlier time.`,
          seq: lostW.seq,
        });
      }
      const decision = ctx.findLast('discarded', (e) => e.value === l.lost, l.seq + 1);
      if (decision)
        links.push({
          text: `${ctx.name(decision.node)} kept the write with the larger ${l.by === 'lamport' ? 'Lamport' : 'clock'} stamp and threw the other away.`,
          seq: decision.seq,
        });
      return {
        kind: 'lost-write',
        title: `A later write was lost: ${l.lost}`,
        links,
        conclusion: { text: `So the write that really came later, ${l.lost}, was lost.`, seq: l.seq },
        anomaly: true,
        priority: 7,
      };
    },
  },
  'concurrent-writes': {
    words: (e) =>
      `${e.kept} and ${e.discarded} are concurrent: neither writer knew of the other; kept ${e.kept} by ${e.by === 'lamport' ? 'Lamport stamp' : 'clock stamp'}`,
    narrate: true,
    why(c, ctx) {
      const a = writeOf(ctx, c.kept, c.seq);
      const b = writeOf(ctx, c.discarded, c.seq);
      const links: WhyLink[] = [];
      if (a) links.push(writeLink(ctx, a, false));
      if (b) links.push(writeLink(ctx, b, false));
      if (a && b) {
        const clients = clientsOf(a.vector, b.vector);
        links.push({
          text: `Their vector stamps are [${vectorWords(a.vector, clients)}] and [${vectorWords(b.vector, clients)}]: each counts a write the other has not seen, so neither is after the other.`,
          seq: c.seq,
        });
      }
      return {
        kind: 'concurrent',
        title: `Neither came first: ${c.kept} and ${c.discarded}`,
        links,
        conclusion: {
          text: `Neither writer had heard of the other's write: the two are concurrent, and ${ctx.name(c.node)} kept ${c.kept} by ${c.by === 'lamport' ? 'Lamport stamp' : 'clock stamp'} only to pick one.`,
          seq: c.seq,
        },
        anomaly: false,
        priority: 5,
      };
    },
  },
});
