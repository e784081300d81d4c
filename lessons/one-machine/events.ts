/**
 * Default to one machine: what the boxes, the client and the sizing emit, in words, and the rules
 * behind a failed request (which box on its path was down) and a verdict (which limit was passed).
 */
import { defineEvents, type WhyLink } from '../../src/engine/vocabulary.ts';

export default defineEvents<{
  down: { repairMs: number };
  up: Record<string, never>;
  'request-done': { design: string; call: number; n: number; ok: boolean; ms: number; failedAt?: string };
  sized: {
    machine: string;
    fits: boolean;
    over: string[];
    cores: number;
    coresLimit: number;
    memoryGb: number;
    memoryLimitGb: number;
    iops: number;
    iopsLimit: number;
    farthestRoundTripMs: number;
    latencyTargetMs: number;
    teams: number;
    picked: string;
  };
}>({
  down: { words: (e) => `went down; back in ${e.repairMs} ms` },
  up: { words: () => 'back up' },
  'request-done': {
    words: (e) =>
      `request ${e.n} to ${e.design === 'one machine' ? 'the one machine' : 'the services'}: ` +
      (e.ok ? `answered in ${Math.round(e.ms)} ms` : `failed, ${e.failedAt ?? 'a box'} did not answer`),
    anomaly: { count: 'requests failed', when: (e) => !e.ok },
    why(s, ctx) {
      const links: WhyLink[] = [];
      // The box that did not answer, and when it went down.
      const at = s.failedAt;
      const down = at === undefined ? undefined : ctx.findLast('down', (e) => e.node === at, s.seq);
      const crash = at === undefined ? undefined : ctx.findLast('crash', (e) => e.node === at, s.seq);
      if (crash && (!down || crash.seq > down.seq))
        links.push({ text: `You crashed ${crash.node} at ${ctx.time(crash.t)}.`, seq: crash.seq });
      else if (down)
        links.push({
          text: `${down.node} went down at ${ctx.time(down.t)} and did not answer its part of the request.`,
          seq: down.seq,
        });
      return {
        kind: 'request',
        title: `Request ${s.n} to ${s.design === 'one machine' ? 'the one machine' : 'the services'} ${s.ok ? 'was answered' : 'failed'}`,
        links,
        conclusion: {
          text:
            s.design === 'one machine'
              ? 'One box, one round trip: the request fails only when that box is down.'
              : 'The request crosses every service in the chain: any one of them down fails it, so the chances of being up multiply.',
        },
        anomaly: !s.ok,
        priority: s.ok ? 2 : 6,
      };
    },
  },
  sized: {
    words: (e) =>
      e.fits
        ? `sized the workload: it fits on one ${e.machine}`
        : `sized the workload: it does not fit on one ${e.machine} (${e.over.join(', ')})`,
    narrate: true,
    why(s) {
      const n = (x: number) => Math.round(x).toLocaleString('en-US');
      const rows: { over: boolean; text: string }[] = [
        {
          over: s.cores > s.coresLimit,
          text: `The requests need ${n(s.cores)} vCPUs busy; ${n(s.coresLimit)} are usable with a quarter kept free.`,
        },
        {
          over: s.memoryGb > s.memoryLimitGb,
          text: `The working set is ${n(s.memoryGb)} GB; ${n(s.memoryLimitGb)} GB of memory is usable.`,
        },
        {
          over: s.iops > s.iopsLimit,
          text: `The disk must serve ${n(s.iops)} operations a second; ${n(s.iopsLimit)} are usable.`,
        },
        {
          over: s.farthestRoundTripMs > s.latencyTargetMs,
          text: `Light needs ${n(s.farthestRoundTripMs)} ms there and back from the farthest users; the target is ${n(s.latencyTargetMs)} ms.`,
        },
        {
          over: s.teams > 1,
          text: `${s.teams} teams must deploy on their own schedules: a reason of the organisation, not of the box.`,
        },
      ];
      const over = rows.filter((r) => r.over);
      return {
        kind: 'sized',
        title: s.fits
          ? `The workload fits on one ${s.machine}`
          : `The workload does not fit on one ${s.machine}`,
        links: (over.length > 0 ? over : rows.slice(0, 2)).map((r) => ({ text: r.text, seq: s.seq })),
        conclusion: {
          text: s.fits
            ? 'Every limit has room: one machine does it, with one round trip a request and one box to keep up.'
            : `${s.over.join(' and ')} ${s.over.length > 1 ? 'are' : 'is'} the honest reason to distribute${s.picked === 'none picked' ? '' : `; you named ${s.picked}`}.`,
        },
        anomaly: false,
        priority: 7,
      };
    },
  },
});
