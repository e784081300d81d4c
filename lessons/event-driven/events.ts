/**
 * Event-driven: the events service A, the queue and service B emit, in words, and the rule that
 * explains a duplicate (an event B processed twice because its acknowledgement never went out).
 */
import { defineEvents, type WhyLink } from '../../src/engine/vocabulary.ts';

export default defineEvents<{
  enqueued: { event: number; backlog: number };
  acked: { event: number; backlog: number };
  redeliver: { event: number; backlog: number };
  processed: { event: number };
  'processed-again': { event: number; times: number };
  'skipped-duplicate': { event: number };
  'crash-before-ack': { event: number; downMs: number };
  restarted: Record<string, never>;
}>({
  enqueued: { words: (e) => `stored event ${e.event} (backlog: ${e.backlog})` },
  acked: { words: (e) => `removed event ${e.event}: B acknowledged it (backlog: ${e.backlog})` },
  redeliver: {
    words: (e) => `heard no acknowledgement for event ${e.event}, so delivers it again`,
    narrate: true,
  },
  processed: { words: (e) => `processed event ${e.event}` },
  'processed-again': {
    words: (e) => `processed event ${e.event} again (${e.times} times now): a duplicate`,
    anomaly: { count: 'duplicates processed' },
    narrate: true,
    why(s, ctx) {
      const links: WhyLink[] = [];
      const first = ctx.find('processed', (e) => e.event === s.event);
      if (first)
        links.push({ text: `B processed event ${s.event} at ${ctx.time(first.t)}.`, seq: first.seq });
      const crash = ctx.findLast('crash-before-ack', (e) => e.event === s.event, s.seq);
      if (crash)
        links.push({
          text: `B crashed right after that, before it sent the acknowledgement.`,
          seq: crash.seq,
        });
      const again = ctx.findLast('redeliver', (e) => e.event === s.event, s.seq);
      if (again)
        links.push({
          text: `The queue never heard the acknowledgement, so at ${ctx.time(again.t)} it delivered event ${s.event} again.`,
          seq: again.seq,
        });
      return {
        kind: 'duplicate',
        title: `Event ${s.event} was processed twice`,
        links,
        conclusion: {
          text: 'The queue delivers at least once: a consumer that does not remember which events it already processed does the work again.',
        },
        anomaly: true,
        priority: 7,
      };
    },
  },
  'skipped-duplicate': {
    words: (e) => `recognised event ${e.event} as already processed and only acknowledged it`,
    narrate: true,
  },
  'crash-before-ack': {
    words: (e) =>
      `crashed right after processing event ${e.event}, before acknowledging it (back in ${e.downMs} ms)`,
    narrate: true,
  },
  restarted: { words: () => 'restarted after its crash' },
});
