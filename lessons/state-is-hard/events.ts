/**
 * State is hard: what the clients, the balancer and the counter's replicas emit, in words, and the
 * rules behind a rerouted request, a takeover and a recovery that throws away acknowledged
 * increments.
 */
import { defineEvents, type WhyLink } from '../../src/engine/vocabulary.ts';

const list = (ids: readonly number[]) =>
  ids.length <= 4
    ? ids.map((i) => `#${i}`).join(', ')
    : `${ids
        .slice(0, 3)
        .map((i) => `#${i}`)
        .join(', ')} and ${ids.length - 3} more`;

export default defineEvents<{
  acked: { increment: number; value: number };
  applied: { increment: number; value: number };
  replicated: { increments: number[]; value: number; from: string };
  promoted: { value: number; silentMs: number; other: string };
  rejoined: { kept: string; discarded: number[]; gained: number[]; value: number };
  resumed: { value: number; reason: string };
  'routed-around': { worker: string; increment: number; reason: string; to: string };
}>({
  acked: {
    words: (e) => `heard "done" for increment #${e.increment}: the count is ${e.value}`,
  },
  applied: {
    words: (e) => `added increment #${e.increment}: its count is ${e.value}`,
  },
  replicated: {
    words: (e) => `copied ${list(e.increments)} from ${e.from}: its count is ${e.value}`,
  },
  promoted: {
    words: (e) =>
      `heard nothing from ${e.other} for ${Math.round(e.silentMs)} ms and took over as primary, with the count at ${e.value}`,
    narrate: true,
    why(s, ctx) {
      const links: WhyLink[] = [];
      const copied = ctx.findLast('replicated', (e) => e.node === s.node, s.seq);
      if (copied)
        links.push({
          text: `Replica ${s.node} last received a copy from ${s.other} at ${ctx.time(copied.t)}, up to a count of ${copied.value}.`,
          seq: copied.seq,
        });
      const lastAck = ctx.findLast('applied', (e) => e.node === s.other, s.seq);
      if (lastAck)
        links.push({
          text: `Replica ${s.other} went on adding increments after that copy, up to #${lastAck.increment} (its count ${lastAck.value}), and said "done" for each at once.`,
          seq: lastAck.seq,
        });
      const crash = ctx.findLast('crash', (e) => e.node === s.other, s.seq);
      if (crash) links.push({ text: `Replica ${s.other} crashed at ${ctx.time(crash.t)}.`, seq: crash.seq });
      links.push({
        text: `Replica ${s.node} waited ${Math.round(s.silentMs)} ms without word from ${s.other}, then took over with the count at ${s.value}.`,
        seq: s.seq,
      });
      return {
        kind: 'promoted',
        title: `Replica ${s.node} took over without what ${s.other} had not copied yet`,
        links,
        conclusion: {
          text: 'The copy runs behind the "done": an increment the primary confirmed but had not copied yet is missing from the replica that takes over.',
        },
        anomaly: true,
        priority: 8,
      };
    },
  },
  rejoined: {
    words: (e) =>
      e.discarded.length > 0
        ? `came back with ${list(e.discarded)}, which ${e.kept} never had, and threw them away to take ${e.kept}'s history (count ${e.value})`
        : `came back and took ${e.kept}'s history (count ${e.value})`,
    narrate: true,
    anomaly: { count: 'increments thrown away', when: (e) => e.discarded.length > 0 },
    why(s, ctx) {
      const links: WhyLink[] = [];
      const crash = ctx.findLast('crash', (e) => e.node === s.node, s.seq);
      if (crash)
        links.push({
          text: `Replica ${s.node} crashed at ${ctx.time(crash.t)} with increments it had not copied to ${s.kept} yet.`,
          seq: crash.seq,
        });
      const promoted = ctx.findLast('promoted', (e) => e.node === s.kept, s.seq);
      if (promoted)
        links.push({
          text: `Replica ${s.kept} took over at ${ctx.time(promoted.t)} and went on counting without them.`,
          seq: promoted.seq,
        });
      const recover = ctx.findLast('recover', (e) => e.node === s.node, s.seq);
      if (recover)
        links.push({
          text: `Replica ${s.node} came back at ${ctx.time(recover.t)} and asked ${s.kept} who leads.`,
          seq: recover.seq,
        });
      links.push({
        text: `The two histories differed: only ${s.node} had ${s.discarded.length > 0 ? list(s.discarded) : 'nothing'}, only ${s.kept} had ${s.gained.length} more; ${s.node} kept ${s.kept}'s history.`,
        seq: s.seq,
      });
      return {
        kind: 'rejoined',
        title: `Replica ${s.node} threw away ${s.discarded.length} increments to agree with ${s.kept}`,
        links,
        conclusion: {
          text: 'Two replicas that both took writes hold two histories. Recovery has to pick one, and whatever only the other had is gone, even increments a client was told were done.',
        },
        anomaly: s.discarded.length > 0,
        priority: 9,
      };
    },
  },
  resumed: {
    words: (e) => `came back and carried on as primary (${e.reason}): the count is ${e.value}`,
    narrate: true,
  },
  'routed-around': {
    words: (e) => `${e.worker} did not answer (${e.reason}): sent increment #${e.increment} to ${e.to}`,
    narrate: true,
    why(s, ctx) {
      const links: WhyLink[] = [];
      const crash = ctx.findLast('crash', (e) => e.node === s.worker, s.seq);
      if (crash) links.push({ text: `Worker ${s.worker} crashed at ${ctx.time(crash.t)}.`, seq: crash.seq });
      links.push({
        text: `The balancer's request to ${s.worker} ended: ${s.reason}. It took ${s.worker} out of rotation and sent increment #${s.increment} to ${s.to}.`,
        seq: s.seq,
      });
      return {
        kind: 'routed-around',
        title: `The balancer sent #${s.increment} to ${s.to} instead of ${s.worker}`,
        links,
        conclusion: {
          text: 'A worker keeps nothing between requests, so any other worker can do the same job: losing one costs a retry, not data.',
        },
        anomaly: false,
        priority: 5,
      };
    },
  },
});
