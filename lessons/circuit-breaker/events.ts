/**
 * Circuit breaker: the events the caller and the dependency emit, in words, and the rules behind
 * "Why did that happen?" for a breaker that opens, one that closes again, a request answered at once
 * and a request left waiting for a free slot in the pool.
 */
import { defineEvents, type WhyLink } from '../../src/engine/vocabulary.ts';

const STATE_WORDS: Record<string, string> = {
  closed: 'closed',
  open: 'open',
  halfOpen: 'half-open',
};

export default defineEvents<{
  pool: { inUse: number; size: number; waiting: number };
  queued: { inUse: number; size: number; waiting: number };
  'fail-fast': { state: string };
  breaker: {
    state: string;
    failures: number;
    threshold: number;
    windowMs: number;
    coolDownMs: number;
    opened: number;
  };
  'breaker-count': { failures: number; threshold: number };
  trial: { attempt: number };
  health: { state: string; workMs: number };
}>({
  pool: { words: (e) => `pool: ${e.inUse} of ${e.size} slots busy, ${e.waiting} waiting` },
  queued: {
    words: (e) => `has all ${e.size} slots busy, so the request waits for one (${e.waiting} waiting)`,
    anomaly: { count: 'requests kept waiting for a slot' },
    why(s, ctx) {
      const links: WhyLink[] = [];
      const cause = ctx.findLast('health', (e) => e.state !== 'up', s.seq);
      if (cause)
        links.push({
          text:
            cause.state === 'slow'
              ? `The dependency became slow at ${ctx.time(cause.t)}: each call holds its slot much longer.`
              : `The dependency went down at ${ctx.time(cause.t)}: each call holds its slot until it times out.`,
          seq: cause.seq,
        });
      links.push({ text: `All ${s.size} slots of the pool were busy with calls still waiting.`, seq: s.seq });
      return {
        kind: 'pool-full',
        title: 'The caller ran out of slots',
        links,
        conclusion: {
          text: 'Requests keep arriving at the same rate; when calls take longer, they pile up in a bounded pool and the rest wait.',
        },
        anomaly: true,
        priority: 5,
      };
    },
  },
  'fail-fast': {
    words: (e) => `answers at once with an error: the breaker is ${STATE_WORDS[e.state] ?? e.state}`,
    why(s, ctx) {
      const open = ctx.findLast('breaker', (e) => e.state === 'open', s.seq);
      const links: WhyLink[] = [];
      if (open)
        links.push({
          text: `The breaker opened at ${ctx.time(open.t)} after ${open.failures} failed calls.`,
          seq: open.seq,
        });
      return {
        kind: 'fail-fast',
        title: 'The caller failed fast',
        links,
        conclusion: {
          text: 'While the breaker is not closed, the caller does not call the dependency: it answers its client with an error at once, inside its budget.',
        },
        anomaly: false,
        priority: 4,
      };
    },
  },
  breaker: {
    words: (e) =>
      e.state === 'open'
        ? `opens its breaker after ${e.failures} failed calls: calls fail fast for ${e.coolDownMs} ms`
        : e.state === 'halfOpen'
          ? 'sets its breaker half-open: one trial request goes to the dependency'
          : 'closes its breaker: the trial request worked, calls go through again',
    narrate: true,
    why(s, ctx) {
      const links: WhyLink[] = [];
      if (s.state === 'open') {
        let before = s.seq;
        for (let i = 0; i < s.threshold; i++) {
          const failed = ctx.findLast(
            'outcome',
            (o) => o.from === 'caller' && o.to === 'dependency' && o.result !== 'success',
            before,
          );
          if (!failed) break;
          links.push({
            text: `A ${failed.op === 'probe' ? 'trial request' : 'call'} to the dependency ${failed.result === 'unknown' ? 'timed out' : 'failed'} at ${ctx.time(failed.t)}.`,
            seq: failed.seq,
          });
          if (failed.op === 'probe') break;
          before = failed.seq;
        }
        return {
          kind: 'breaker-open',
          title: 'The breaker opened',
          links,
          conclusion: {
            text: `${s.threshold} failures within ${ctx.time(s.windowMs)} open the breaker: it stops calling a dependency that is not answering, and waits ${ctx.time(s.coolDownMs)} before it tries again.`,
          },
          anomaly: false,
          priority: 6,
        };
      }
      if (s.state === 'closed') {
        const back = ctx.findLast('health', (e) => e.state === 'up', s.seq);
        if (back) links.push({ text: `The dependency came back at ${ctx.time(back.t)}.`, seq: back.seq });
        const ok = ctx.findLast(
          'outcome',
          (o) => o.from === 'caller' && o.op === 'probe' && o.result === 'success',
          s.seq + 1,
        );
        if (ok) links.push({ text: `The trial request succeeded at ${ctx.time(ok.t)}.`, seq: ok.seq });
        return {
          kind: 'breaker-closed',
          title: 'The breaker closed again',
          links,
          conclusion: {
            text: 'One good answer to a trial request closes the breaker: calls go through again.',
          },
          anomaly: false,
          priority: 6,
        };
      }
      const open = ctx.findLast('breaker', (e) => e.state === 'open', s.seq);
      if (open) links.push({ text: `The breaker opened at ${ctx.time(open.t)}.`, seq: open.seq });
      return {
        kind: 'breaker-half-open',
        title: 'The breaker tries one request',
        links,
        conclusion: {
          text: `After its cool-down of ${s.coolDownMs} ms, the breaker lets one trial request through to see whether the dependency is back.`,
        },
        anomaly: false,
        priority: 5,
      };
    },
  },
  'breaker-count': {
    words: (e) => `counts a failed call: ${e.failures} of ${e.threshold} opens the breaker`,
  },
  trial: { words: (e) => `sends trial request ${e.attempt} to the dependency` },
  health: {
    words: (e) =>
      e.state === 'slow'
        ? `became slow: takes ${e.workMs} ms for each request`
        : e.state === 'down'
          ? 'stopped answering: requests reach it and get no reply'
          : `is healthy again: answers each request in ${e.workMs} ms`,
    narrate: true,
  },
});
