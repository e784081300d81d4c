/**
 * Failures multiply: the events the services, the deployer and the client emit, in words, and the
 * rule that explains a failed request (which services were down when it asked, and why).
 */
import { defineEvents, type WhyLink } from '../../src/engine/vocabulary.ts';

export type DownCause = 'crash' | 'bad deploy';

export default defineEvents<{
  down: { cause: DownCause; repairMs: number };
  up: { cause: DownCause };
  'bad-deploy': { to: string[]; oneAtATime: boolean };
  'request-done': { n: number; asked: number; answered: number; ok: boolean; need: string; down: string[] };
}>({
  down: {
    words: (e) =>
      e.cause === 'crash'
        ? `crashed on its own; repaired in ${e.repairMs} ms`
        : `went down with the bad deploy; rolled back in ${e.repairMs} ms`,
  },
  up: {
    words: (e) => (e.cause === 'crash' ? 'repaired: up again' : 'rolled back: up again'),
  },
  'bad-deploy': {
    words: (e) =>
      e.oneAtATime
        ? `pushed a bad deploy to ${e.to.join(', ')} only (one at a time)`
        : `pushed a bad deploy to all of ${e.to.join(', ')} at once`,
    narrate: true,
  },
  'request-done': {
    words: (e) =>
      `request ${e.n}: ${e.answered} of ${e.asked} answered, ${e.ok ? 'served' : 'failed'}` +
      (e.down.length > 0 ? ` (${e.down.join(', ')} down)` : ''),
    anomaly: { count: 'requests failed', when: (e) => !e.ok },
    why(s, ctx) {
      const links: WhyLink[] = [];
      for (const name of s.down) {
        const down = ctx.findLast('down', (e) => e.node === name, s.seq);
        if (!down) continue;
        const deploy =
          down.cause === 'bad deploy'
            ? ctx.findLast('bad-deploy', (e) => e.to.includes(name), down.seq)
            : undefined;
        if (deploy)
          links.push({
            text: `The deployer pushed a bad deploy to ${deploy.to.join(', ')}.`,
            seq: deploy.seq,
          });
        links.push({
          text: `${name} went down at ${ctx.time(down.t)} (${down.cause === 'crash' ? 'its own crash' : 'the bad deploy'}) and did not answer.`,
          seq: down.seq,
        });
      }
      const all = s.need === 'all';
      return {
        kind: 'request',
        title: s.ok ? `Request ${s.n} was served` : `Request ${s.n} failed`,
        links,
        conclusion: {
          text: all
            ? 'The request needs every service: one down is enough to fail it, so the chances of being up multiply.'
            : s.ok
              ? 'One replica answering is enough.'
              : 'Every replica was down at once: independent failures rarely line up, a shared fault takes them all together.',
        },
        anomaly: !s.ok,
        priority: s.ok ? 2 : 6,
      };
    },
  },
});
