/**
 * Partitions: what the clients and the two replicas emit, in words, and the rules behind a refused
 * write (a lapsed lease) and a write thrown away when the two sites merge.
 */
import { defineEvents, type WhyLink } from '../../src/engine/vocabulary.ts';

const shown = (values: readonly string[]) =>
  values.length === 0
    ? 'nothing yet'
    : values.length === 1
      ? values[0]!
      : `${values.length} siblings, ${values.join(' and ')}`;

export default defineEvents<{
  asked: { call: number; op: 'write' | 'read'; key: string; value?: string; replica: string };
  got: { call: number; key: string; values: string[]; replica: string };
  applied: { key: string; value: string; ts: number; origin: string; n: number; seen: string[] };
  replicated: { key: string; value: string; from: string; holds: string[] };
  discarded: { key: string; value: string; kept: string; keptTs: number; lostTs: number };
  'lease-lapsed': { from: string; silentMs: number };
  'lease-renewed': { from: string };
  refused: { op: 'write' | 'read'; key: string; value?: string; silentMs: number };
  'stopped-waiting': {
    key: string;
    value: string;
    peer: string;
    waitedMs: number;
    because: 'lease' | 'available';
  };
}>({
  asked: {
    words: (e) =>
      e.op === 'write'
        ? `asks ${e.replica} to write ${e.key} = ${e.value}`
        : `asks ${e.replica} to read ${e.key}`,
  },
  got: {
    words: (e) => `read ${e.key} from ${e.replica}: ${shown(e.values)}`,
    anomaly: { count: 'reads that saw siblings', when: (e) => e.values.length > 1 },
  },
  applied: {
    words: (e) => `wrote ${e.key} = ${e.value}, stamped ${Math.round(e.ts)} ms on its clock`,
  },
  replicated: {
    words: (e) =>
      e.holds.length > 1
        ? `got ${e.key} = ${e.value} from ${e.from}, written without seeing its own: it keeps both (${e.holds.join(' and ')})`
        : `got ${e.key} = ${e.value} from ${e.from}`,
  },
  discarded: {
    words: (e) =>
      `threw away ${e.key} = ${e.value} (stamped ${Math.round(e.lostTs)} ms): ${e.kept} has the later stamp (${Math.round(e.keptTs)} ms)`,
    narrate: true,
    anomaly: { count: 'writes thrown away on merge' },
    why(s, ctx) {
      const links: WhyLink[] = [];
      const cut = ctx.findLast('partition', () => true, s.seq);
      if (cut)
        links.push({ text: `The link between the sites was cut at ${ctx.time(cut.t)}.`, seq: cut.seq });
      const lost = ctx.findLast('applied', (e) => e.value === s.value, s.seq);
      if (lost)
        links.push({
          text: `Replica ${lost.node} took ${s.key} = ${s.value} at ${ctx.time(lost.t)} and said "done"; the other site never heard of it.`,
          seq: lost.seq,
        });
      const kept = ctx.findLast('applied', (e) => e.value === s.kept, s.seq);
      if (kept)
        links.push({
          text: `Replica ${kept.node} took ${s.key} = ${s.kept} at ${ctx.time(kept.t)}, without having seen ${s.value}.`,
          seq: kept.seq,
        });
      const heal = ctx.findLast('heal', () => true, s.seq);
      if (heal) links.push({ text: `The link came back at ${ctx.time(heal.t)}.`, seq: heal.seq });
      links.push({
        text: `Neither write saw the other, so they conflict. Last writer wins: ${s.kept} has the later stamp, and ${s.value} is thrown away.`,
        seq: s.seq,
      });
      return {
        kind: 'discarded',
        title: `${s.key} = ${s.value} was acknowledged, then thrown away on merge`,
        links,
        conclusion: {
          text: 'Both sides said "done" while cut off. When they meet, last writer wins keeps one write a key and silently drops the other, although its client was told it was done.',
        },
        anomaly: true,
        priority: 9,
      };
    },
  },
  'lease-lapsed': {
    words: (e) =>
      `has heard nothing from ${e.from} for ${Math.round(e.silentMs)} ms: its lease lapsed, so it refuses reads and writes`,
    narrate: true,
  },
  'lease-renewed': {
    words: (e) => `heard from ${e.from} again and caught up: it serves reads and writes again`,
    narrate: true,
  },
  refused: {
    words: (e) =>
      e.op === 'write'
        ? `refused to write ${e.key} = ${e.value}: cut off from the primary (${Math.round(e.silentMs)} ms without word)`
        : `refused to read ${e.key}: cut off from the primary (${Math.round(e.silentMs)} ms without word)`,
    why(s, ctx) {
      const links: WhyLink[] = [];
      const cut = ctx.findLast('partition', () => true, s.seq);
      if (cut)
        links.push({ text: `The link between the sites was cut at ${ctx.time(cut.t)}.`, seq: cut.seq });
      const lapsed = ctx.findLast('lease-lapsed', (e) => e.node === s.node, s.seq);
      if (lapsed)
        links.push({
          text: `Replica ${s.node} heard nothing from ${lapsed.from} for ${Math.round(lapsed.silentMs)} ms, and its lease ran out at ${ctx.time(lapsed.t)}.`,
          seq: lapsed.seq,
        });
      links.push({
        text: `Without a lease, ${s.node} cannot know what the primary has accepted since, so it says no at once instead of guessing.`,
        seq: s.seq,
      });
      return {
        kind: 'refused',
        title: `${s.node} refused a ${s.op}: it knows it is cut off`,
        links,
        conclusion: {
          text: 'Consistent during a partition means the cut-off side stops answering: its clients get a clear failure, not a wrong answer and not a silence.',
        },
        anomaly: false,
        priority: 7,
      };
    },
  },
  'stopped-waiting': {
    words: (e) =>
      e.because === 'lease'
        ? `stopped waiting for ${e.peer} to copy ${e.key} = ${e.value} after ${Math.round(e.waitedMs)} ms: its lease has run out, so it can no longer serve an old value`
        : `stopped waiting for ${e.peer} to copy ${e.key} = ${e.value} after ${Math.round(e.waitedMs)} ms and said "done" anyway: available first`,
  },
});
