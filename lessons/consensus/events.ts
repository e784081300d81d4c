/**
 * Consensus: the events the Raft servers and the single node emit, in words, and the rules behind
 * "Why did that happen?" for a server elected leader, a leader stepping down and entries replaced.
 */
import { defineEvents, type WhyLink } from '../../src/engine/vocabulary.ts';

const entries = (n: number) => `${n} ${n === 1 ? 'entry' : 'entries'}`;

export default defineEvents<{
  election: { term: number };
  vote: { term: number; for: string };
  leader: { term: number; votes: number };
  term: { term: number; was: number };
  append: { index: number; term: number; cmd: number };
  replicate: { to: string; first: number; last: number };
  persist: { first: number; last: number; term: number; dropped: number };
  commit: { index: number; term: number; from: number };
  'back-off': { to: string; next: number };
  'disk-write': { n: number };
}>({
  election: {
    words: (e) =>
      `timed out waiting for a leader: stands for election in term ${e.term} and votes for itself`,
    narrate: true,
  },
  vote: { words: (e) => `votes for ${e.for} in term ${e.term} (written to disk before it answers)` },
  leader: {
    words: (e) => `won ${e.votes} votes of 5: leader of term ${e.term}`,
    narrate: true,
    why(s, ctx) {
      const links: WhyLink[] = [];
      const stood = ctx.findLast('election', (e) => e.node === s.node && e.term === s.term, s.seq);
      if (stood)
        links.push({
          text: `${s.node}'s election timer ran out at ${ctx.time(stood.t)}: it asked every server for its vote in term ${s.term}.`,
          seq: stood.seq,
        });
      let before = s.seq;
      for (let k = 0; k < 4; k++) {
        const vote = ctx.findLast('vote', (e) => e.for === s.node && e.term === s.term, before);
        if (!vote) break;
        links.push({ text: `${vote.node} voted for ${s.node} at ${ctx.time(vote.t)}.`, seq: vote.seq });
        before = vote.seq;
      }
      return {
        kind: 'raft-leader',
        title: `${s.node} became leader`,
        links,
        conclusion: {
          text: 'A server that gets votes from a majority (3 of 5, itself included) leads its term. Each server votes once a term, and only for a log at least as up to date as its own, so a term has at most one leader.',
        },
        anomaly: false,
        priority: 6,
      };
    },
  },
  term: {
    words: (e) => `hears of term ${e.term} (it was in term ${e.was}): adopts it and becomes a follower`,
    narrate: true,
    why(s, ctx) {
      const links: WhyLink[] = [];
      const led = ctx.findLast('leader', (e) => e.node === s.node && e.term === s.was, s.seq);
      if (led)
        links.push({ text: `${s.node} had led term ${s.was} since ${ctx.time(led.t)}.`, seq: led.seq });
      const other = ctx.findLast('leader', (e) => e.term === s.term, s.seq);
      if (other && other.node !== s.node)
        links.push({
          text: `${other.node} was elected leader of term ${s.term} at ${ctx.time(other.t)}.`,
          seq: other.seq,
        });
      return {
        kind: 'raft-term',
        title: led ? `${s.node} stepped down` : `${s.node} moved to term ${s.term}`,
        links,
        conclusion: {
          text: "Every message carries its sender's term. A server that sees a later term than its own takes it and becomes a follower: an old leader steps down as soon as it hears from the new term.",
        },
        anomaly: false,
        priority: 5,
      };
    },
  },
  append: {
    words: (e) =>
      e.cmd === 0
        ? `appends a no-op as entry ${e.index} of term ${e.term} (a new leader's first entry) and writes it to disk`
        : `appends client write #${e.cmd} as entry ${e.index} of term ${e.term} and writes it to disk`,
  },
  replicate: { words: (e) => `sends ${e.to} entries ${e.first} to ${e.last}` },
  persist: {
    words: (e) =>
      e.dropped > 0
        ? `drops ${entries(e.dropped)} the leader does not have, then writes entries ${e.first} to ${e.last} to disk`
        : `writes entries ${e.first} to ${e.last} to disk`,
    narrate: true,
    why(s, ctx) {
      const links: WhyLink[] = [];
      const stepped = ctx.findLast('term', (e) => e.node === s.node, s.seq);
      if (stepped && s.dropped > 0)
        links.push({
          text: `${s.node} stepped down to term ${stepped.term} at ${ctx.time(stepped.t)}.`,
          seq: stepped.seq,
        });
      return {
        kind: 'raft-persist',
        title:
          s.dropped > 0 ? `${s.node}'s uncommitted entries were replaced` : `${s.node} wrote entries to disk`,
        links,
        conclusion: {
          text:
            s.dropped > 0
              ? "A follower's log must match its leader's. Entries that no majority ever held were never committed, so the leader's entries overwrite them; a client that wrote them never heard \"done\"."
              : 'A follower writes the entries to disk before it answers the leader: that is one of the durable writes behind every committed entry.',
        },
        anomaly: false,
        priority: s.dropped > 0 ? 6 : 3,
      };
    },
  },
  commit: {
    words: (e) =>
      e.from === e.index
        ? `marks entry ${e.index} (term ${e.term}) committed`
        : `marks entries ${e.from} to ${e.index} committed`,
  },
  'back-off': {
    words: (e) => `${e.to} refused: its log does not hold the entry before; tries again from entry ${e.next}`,
  },
  'disk-write': { words: (e) => `writes client write #${e.n} to its disk and answers` },
});
