/**
 * The unreliable network: what the receiver saw of the stream (gaps, copies, messages out of order)
 * and what the sender did about it, in words, with the rules that trace each back to the network.
 */
import { defineEvents, type WhyLink } from '../../src/engine/vocabulary.ts';

/** Whether a message label ("msg 4", "ack 4") carries number n. */
const labelNumber = (label: string, n: number) => new RegExp(`(^|\\D)${n}$`).test(label);

export default defineEvents<{
  stream: { messages: number };
  retransmit: { n: number };
  'in-order': { n: number };
  gap: { n: number; missing: number[] };
  'duplicate-seen': { n: number; discarded: boolean };
  'out-of-order': { n: number; after: number };
  held: { n: number; waitingFor: number };
  processed: { n: number };
}>({
  stream: { words: (e) => `starts a stream of ${e.messages} numbered messages` },
  retransmit: { words: (e) => `heard no acknowledgement for message ${e.n}, so sent it again` },
  'in-order': { words: (e) => `got message ${e.n}, in order` },
  processed: { words: (e) => `handed message ${e.n} to the application` },
  held: { words: (e) => `got message ${e.n} early and holds it until ${e.waitingFor} arrives` },
  gap: {
    words: (e) => `got message ${e.n} with ${e.missing.join(', ')} missing before it`,
    anomaly: { count: 'gaps at the receiver' },
    narrate: true,
    why(g, ctx) {
      const links: WhyLink[] = [];
      for (const k of g.missing.slice(0, 3)) {
        const drop = ctx.findLast('drop', (e) => e.node === g.node && labelNumber(e.label, k), g.seq);
        if (drop) links.push(...ctx.dropLinks(drop, `Message ${k}`));
        else links.push({ text: `Message ${k} was still on its way.` });
      }
      if (g.missing.length > 3) links.push({ text: `…and ${g.missing.length - 3} more.` });
      return {
        kind: 'gap',
        title: `${g.missing.length === 1 ? 'Message' : 'Messages'} ${g.missing.join(', ')} went missing`,
        links,
        conclusion: {
          text: `${ctx.name(g.node)} got message ${g.n} with ${g.missing.join(', ')} missing before it.`,
          seq: g.seq,
        },
        anomaly: true,
      };
    },
  },
  'duplicate-seen': {
    words: (e) =>
      `got message ${e.n} again${e.discarded ? ' and threw the copy away' : ' and handled it a second time'}`,
    // A copy thrown away is the fix working, not something wrong.
    anomaly: { count: 'duplicates at the receiver', when: (e) => !e.discarded },
    narrate: true,
    why(d, ctx) {
      const links: WhyLink[] = [];
      const copy = ctx.findLast('duplicate', (e) => labelNumber(e.label, d.n), d.seq);
      if (copy)
        links.push({
          text: `The network made a second copy of message ${d.n} at ${ctx.time(copy.t)}.`,
          seq: copy.seq,
        });
      const resent = ctx.findLast('retransmit', (e) => e.n === d.n, d.seq);
      if (resent)
        links.push({
          text: `The sender sent message ${d.n} again at ${ctx.time(resent.t)}: it had heard no acknowledgement.`,
          seq: resent.seq,
        });
      const first = ctx.find('deliver', (e) => e.node === d.node && labelNumber(e.label, d.n));
      if (first && first.seq < d.seq)
        links.push({ text: `Message ${d.n} first arrived at ${ctx.time(first.t)}.`, seq: first.seq });
      return {
        kind: 'duplicate',
        title: `Message ${d.n} arrived twice`,
        links,
        conclusion: {
          text: `Another copy of message ${d.n} arrived at ${ctx.time(d.t)}${d.discarded ? ' and was thrown away' : ', and was handled a second time'}.`,
          seq: d.seq,
        },
        anomaly: !d.discarded,
      };
    },
  },
  'out-of-order': {
    words: (e) => `got message ${e.n} after message ${e.after}: out of order`,
    anomaly: { count: 'out-of-order arrivals' },
    narrate: true,
    why(o, ctx) {
      const links: WhyLink[] = [];
      const sentN = ctx.find('send', (e) => labelNumber(e.label, o.n));
      const gotAfter = ctx.find('deliver', (e) => e.node === o.node && labelNumber(e.label, o.after));
      if (sentN) links.push({ text: `Message ${o.n} was sent at ${ctx.time(sentN.t)}.`, seq: sentN.seq });
      if (gotAfter)
        links.push({
          text: `Message ${o.after}, sent later, arrived first, at ${ctx.time(gotAfter.t)}: its trip was quicker.`,
          seq: gotAfter.seq,
        });
      return {
        kind: 'reorder',
        title: `Message ${o.n} arrived after message ${o.after}`,
        links,
        conclusion: { text: `Message ${o.n} arrived at ${ctx.time(o.t)}, out of order.`, seq: o.seq },
        anomaly: true,
      };
    },
  },
});
