/**
 * Crash or slow? The events the monitor and the worker emit, in words, and the rule that tells a
 * false alarm (a paused or slow worker declared dead) from a true detection (a crashed one).
 */
import { defineEvents, type WhyLink } from '../../src/engine/vocabulary.ts';

/** A span in words: "1,500 ms". */
const ms = (x: number): string => `${Math.round(x).toLocaleString('en-US')} ms`;

const PAUSES = new Set(['pause', 'gc-pause', 'resume', 'gc-resume']);

export default defineEvents<{
  suspect: { worker: string; silentMs: number; timeoutMs: number };
  cleared: { worker: string; silentMs: number; suspectedForMs: number };
  'gc-pause': { ms: number };
  'gc-resume': { ms: number };
}>({
  suspect: {
    words: (e) => `declared the ${e.worker} dead after ${ms(e.silentMs)} of silence`,
    anomaly: { count: 'declared dead' },
    narrate: true,
    why(s, ctx) {
      const monitor = s.node;
      const target = s.worker;
      const links: WhyLink[] = [];
      const heard = ctx.findLast('deliver', (e) => e.node === monitor && e.from === target, s.seq);
      if (heard)
        links.push({
          text: `${ctx.name(monitor)} last heard from ${ctx.name(heard.from)} at ${ctx.time(heard.t)}.`,
          seq: heard.seq,
        });
      const lastCrash = ctx.findLastAny(
        (e) => (e.type === 'crash' || e.type === 'recover') && e.node === target,
        s.seq,
      );
      const crashed = lastCrash?.type === 'crash';
      if (lastCrash && crashed) {
        links.push({ text: `${ctx.name(target)} crashed at ${ctx.time(lastCrash.t)}.`, seq: lastCrash.seq });
      } else {
        const pause = ctx.findLastAny((e) => e.node === target && PAUSES.has(e.type), s.seq);
        if (pause && (pause.type === 'pause' || pause.type === 'gc-pause')) {
          const ms = typeof pause.ms === 'number' ? ` for ${ctx.time(pause.ms)}` : '';
          const what = pause.type === 'pause' ? 'was frozen' : 'stopped for garbage collection';
          links.push({
            text: `${ctx.name(target)} ${what}${ms} from ${ctx.time(pause.t)}: alive, but silent.`,
            seq: pause.seq,
          });
        }
        const slowed = ctx.findLastAny(
          (e) =>
            (e.type === 'param' && /latency/i.test(String(e.name))) ||
            (e.type === 'intervention' && e.kind === 'slow') ||
            e.type === 'partition',
          s.seq,
        );
        if (slowed) {
          const text =
            slowed.type === 'param'
              ? `At ${ctx.time(slowed.t)} the link slowed: ${ctx.paramLabel(String(slowed.name))} became ${String(slowed.value)} ms, so answers took that long to arrive.`
              : slowed.type === 'partition'
                ? `The link from ${ctx.name(String(slowed.from))} to ${ctx.name(String(slowed.to))} was cut at ${ctx.time(slowed.t)}.`
                : `${ctx.name(String(slowed.node))} was slowed down at ${ctx.time(slowed.t)}.`;
          links.push({ text, seq: slowed.seq });
        }
      }
      const timer = ctx.findLast('timer', (e) => e.node === monitor && e.t === s.t, s.seq);
      links.push({
        text: `${ctx.name(monitor)} declared ${ctx.name(target)} dead after ${ctx.time(s.silentMs)} of silence (its timeout: ${ctx.time(s.timeoutMs)}).`,
        seq: timer?.seq ?? s.seq,
      });
      if (lastCrash && crashed) {
        return {
          kind: 'detection',
          title: `${ctx.name(target)} crashed, and ${ctx.name(monitor)} noticed`,
          links,
          conclusion: { text: `That was right, and it took ${ctx.time(s.t - lastCrash.t)} to notice.` },
          anomaly: false,
          priority: 6,
        };
      }
      const cleared = ctx.find('cleared', (e) => e.node === monitor, s.seq + 1);
      const pong = ctx.find('deliver', (e) => e.node === monitor && e.from === target, s.seq + 1);
      const back = cleared && pong ? (cleared.seq < pong.seq ? cleared : pong) : (cleared ?? pong);
      if (back)
        links.push({
          text: `${ctx.name(target)} answered again at ${ctx.time(back.t)}: it had been alive all along.`,
          seq: back.seq,
        });
      return {
        kind: 'false-suspicion',
        title: `False alarm: ${ctx.name(target)} declared dead while alive`,
        links,
        conclusion: {
          text: `A false alarm: from ${ctx.name(monitor)}'s side, a slow or paused node looks exactly like a dead one.`,
        },
        anomaly: true,
        priority: 7,
      };
    },
  },
  cleared: {
    words: (e) =>
      `heard from the ${e.worker} again after ${ms(e.silentMs)}: it was alive (declared dead for ${ms(e.suspectedForMs)})`,
    narrate: true,
  },
  'gc-pause': { words: (e) => `stopped for garbage collection (${ms(e.ms)})` },
  'gc-resume': { words: (e) => `finished garbage collection after ${ms(e.ms)}` },
});
