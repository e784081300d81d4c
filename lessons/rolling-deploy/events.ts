/**
 * Rolling deploy: what the servers and the balancer emit, in words, and the rule behind a failed
 * read (a server that cannot read the format another version wrote).
 */
import { defineEvents, type WhyLink } from '../../src/engine/vocabulary.ts';

export default defineEvents<{
  upgraded: { server: string; from: string; to: string };
  served: { server: string; version: string; record: number; format: number; writer: string; wrote: number };
  unreadable: { server: string; version: string; record: number; format: number; writer: string };
  'deploy-started': { plan: string };
  'deploy-done': Record<string, never>;
}>({
  upgraded: {
    words: (e) => `${e.server} now runs ${e.to} (was ${e.from})`,
    narrate: true,
  },
  served: {
    words: (e) =>
      `${e.server} (${e.version}) read record ${e.record} in format ${e.format}, written by ${e.writer}`,
  },
  unreadable: {
    words: (e) =>
      `${e.server} (${e.version}) cannot read record ${e.record}: it is in format ${e.format}, written by ${e.writer}`,
    anomaly: { count: 'failed reads' },
    narrate: true,
    why(s, ctx) {
      const links: WhyLink[] = [];
      const writer = String(s.writer);
      const up = ctx.findLast('upgraded', (e) => e.server === writer && e.to === 'v2', s.seq);
      if (up)
        links.push({
          text: `${writer} moved to v2 at ${ctx.time(up.t)}; from then on it writes records in format 2.`,
          seq: up.seq,
        });
      const wrote = ctx.findLast('served', (e) => e.server === writer && e.record === s.record, s.seq);
      if (wrote)
        links.push({
          text: `${writer} wrote record ${s.record} in format ${wrote.wrote} at ${ctx.time(wrote.t)}.`,
          seq: wrote.seq,
        });
      links.push({ text: `${s.server} still runs ${s.version}, which reads only format 1.`, seq: s.seq });
      return {
        kind: 'unreadable',
        title: `${s.server} could not read record ${s.record}`,
        links,
        conclusion: {
          text: 'During a rolling deploy old and new versions run side by side and share the data: a new format that the old version cannot read fails requests until the last old server is gone.',
        },
        anomaly: true,
        priority: 7,
      };
    },
  },
  'deploy-started': { words: (e) => `started the rollout: ${e.plan}`, narrate: true },
  'deploy-done': { words: () => 'finished the rollout: every server runs v2', narrate: true },
});
