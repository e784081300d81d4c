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
    why(s, ctx) {
      const links: WhyLink[] = [];
      const started = ctx.findLast('deploy-started', () => true, s.seq);
      if (started)
        links.push({
          text: `The rollout started at ${ctx.time(started.t)}: ${started.plan}.`,
          seq: started.seq,
        });
      links.push({ text: `${s.server} moved from ${s.from} to ${s.to} at ${ctx.time(s.t)}.`, seq: s.seq });
      return {
        kind: 'upgraded',
        title: `${s.server} moved to ${s.to}`,
        links,
        conclusion: {
          text:
            s.to === 'v1.5'
              ? 'v1.5 reads format 2 but still writes format 1, so the v1 servers still running can read all it writes.'
              : 'v2 writes format 2: only a server that reads format 2 can serve the records it writes.',
        },
        anomaly: false,
        priority: 3,
      };
    },
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
        title: `Record ${s.record} was unreadable for ${s.server}`,
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
