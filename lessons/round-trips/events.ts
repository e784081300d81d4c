/**
 * Round trips: the events the services emit, in words, and the rule that explains a failed request
 * (one hop on its path failed, and every caller above it passed the failure up).
 */
import { defineEvents, type WhyLink } from '../../src/engine/vocabulary.ts';

export default defineEvents<{
  'hop-failed': { op: string; caller: string };
  'passed-up': { op: string; because: string };
  'request-done': { n: number; ms: number; ok: boolean };
  'local-call': { service: string };
}>({
  'hop-failed': {
    words: (e) => `failed while serving ${e.caller} (the chance each hop has to fail)`,
    anomaly: { count: 'hops failed' },
    narrate: true,
  },
  'passed-up': {
    words: (e) => `answered "error" because ${e.because} failed below it`,
  },
  'request-done': {
    words: (e) => `request ${e.n} ${e.ok ? 'answered' : 'failed'} after ${Math.round(e.ms)} ms`,
    narrate: true,
    why(s, ctx) {
      const links: WhyLink[] = [];
      if (!s.ok) {
        const hop = ctx.findLast('hop-failed', () => true, s.seq);
        if (hop)
          links.push({
            text: `${hop.node} failed at ${ctx.time(hop.t)}, one hop on the request's path.`,
            seq: hop.seq,
          });
        const up = ctx.findLast('passed-up', () => true, s.seq);
        if (up) links.push({ text: `${up.node} passed the error up to its caller.`, seq: up.seq });
      }
      return {
        kind: 'request',
        title: s.ok ? `Request ${s.n} took ${Math.round(s.ms)} ms` : `Request ${s.n} failed`,
        links,
        conclusion: {
          text: s.ok
            ? 'Each call between two boxes is one round trip across the network; their latencies add up.'
            : 'A request fails when any hop on its path fails: the more hops, the likelier that is.',
        },
        anomaly: !s.ok,
        priority: s.ok ? 3 : 6,
      };
    },
  },
  'local-call': { words: (e) => `called ${e.service} in the same process: no round trip` },
});
