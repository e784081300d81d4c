/**
 * Lesson 12, the guide: systems are always in transition. Four servers behind a balancer share a
 * record store; every client request reads a record and writes it back. A rolling deploy moves the
 * servers from v1 to v2 one by one, so for a while both versions serve. v2 writes a new record
 * format that v1 cannot read: a v1 server that reads a record a v2 server wrote fails the request.
 * The fix, expand/contract: first every server moves to v1.5 (reads both formats, still writes the
 * old one); only when no v1 is left do they switch to v2, which writes the new format.
 *
 * This file is what the page loads; the behaviours and the scenario are in lesson.ts.
 */
import events from './events.ts';
import { defineGuide, type ChallengeResult } from '../../src/engine/lesson.ts';
import type { Trace } from '../../src/engine/trace.ts';
import { plural } from '../../src/engine/words.ts';

export const LB = 'balancer';
export const STORE = 'store';
export const SERVERS = ['s1', 's2', 's3', 's4'] as const;
export type Version = 'v1' | 'v1.5' | 'v2';

/** Two versions "serve at once" when each answers a request within this of the other. */
export const SIDE_BY_SIDE_MS = 500;

/** The formats a version reads, and the one it writes. */
export const READS: Record<Version, readonly number[]> = { v1: [1], 'v1.5': [1, 2], v2: [1, 2] };
export const WRITES: Record<Version, number> = { v1: 1, 'v1.5': 1, v2: 2 };

// ---------------------------------------------------------------- reading the trace

export interface Answer {
  seq: number;
  t: number;
  server: string;
  version: Version;
  ok: boolean;
  record: number;
  /** The format of the record the server read, and the server that wrote it. */
  format: number;
  writer: string;
}

/** Every request a server handled, ok (`served`) or failed on a format it cannot read (`unreadable`). */
export function answers(trace: Trace): Answer[] {
  return [...trace.ofType('served'), ...trace.ofType('unreadable')]
    .sort((x, y) => x.seq - y.seq)
    .map((e) => ({
      seq: e.seq,
      t: e.t,
      server: String(e.server),
      version: String(e.version) as Version,
      ok: e.type === 'served',
      record: Number(e.record),
      format: Number(e.format),
      writer: String(e.writer),
    }));
}

export function failures(trace: Trace): Answer[] {
  return answers(trace).filter((a) => !a.ok);
}

export interface VersionSpan {
  server: string;
  version: Version;
  start: number;
  /** Infinity while the server still runs it. */
  end: number;
  /** The `upgraded` event that began it (none for the first v1). */
  seq: number | undefined;
}

/** Which version each server ran, from when to when. */
export function versionSpans(trace: Trace): VersionSpan[] {
  const open = new Map<string, VersionSpan>(
    SERVERS.map((s) => [s, { server: s, version: 'v1', start: 0, end: Infinity, seq: undefined }]),
  );
  const spans: VersionSpan[] = [];
  for (const e of trace.ofType('upgraded')) {
    const server = String(e.server);
    const prev = open.get(server);
    if (!prev) continue;
    prev.end = e.t;
    spans.push(prev);
    open.set(server, { server, version: String(e.to) as Version, start: e.t, end: Infinity, seq: e.seq });
  }
  return [...spans, ...open.values()].sort(
    (a, b) => SERVERS.indexOf(a.server as never) - SERVERS.indexOf(b.server as never) || a.start - b.start,
  );
}

/** The version each server runs at the end of the trace. */
export function versionsNow(trace: Trace): Record<string, Version> {
  const now: Record<string, Version> = {};
  for (const s of versionSpans(trace)) if (s.end === Infinity) now[s.server] = s.version;
  return now;
}

/** The first v1 answer and v2 answer within SIDE_BY_SIDE_MS of each other, if any. */
export function sideBySide(trace: Trace): { v1: Answer; v2: Answer } | undefined {
  const all = answers(trace);
  let lastV1: Answer | undefined;
  let lastV2: Answer | undefined;
  for (const a of all) {
    if (a.version === 'v1') lastV1 = a;
    if (a.version === 'v2') lastV2 = a;
    if (lastV1 && lastV2 && Math.abs(lastV1.t - lastV2.t) <= SIDE_BY_SIDE_MS)
      return { v1: lastV1, v2: lastV2 };
  }
  return undefined;
}

function firstUpgradeTo(trace: Trace, to: Version) {
  return trace.ofType('upgraded').find((e) => e.to === to);
}

function plainDeploy(trace: Trace, params: { readonly expandContract: boolean }): ChallengeResult {
  if (params.expandContract)
    return { met: false, missing: 'expand/contract is on: turn it off to deploy the plain change' };
  const up = firstUpgradeTo(trace, 'v2');
  if (!up) return { met: false, missing: 'no server runs v2 yet: press "Deploy"' };
  const failed = failures(trace);
  if (failed.length === 0) return { met: false, missing: 'no request has failed yet: let the rollout run' };
  return {
    met: true,
    evidence: [up.seq, ...failed.slice(0, 3).map((f) => f.seq)],
    detail: `${plural(failed.length, 'request')} failed: ${failed[0]!.server} (${failed[0]!.version}) could not read format ${failed[0]!.format}, written by ${failed[0]!.writer}`,
  };
}

function bothServe(trace: Trace): ChallengeResult {
  const up = firstUpgradeTo(trace, 'v2');
  if (!up) return { met: false, missing: 'every server still runs v1: press "Upgrade s2"' };
  const pair = sideBySide(trace);
  if (!pair) return { met: false, missing: 'v2 has not answered a request next to v1 yet: let it run' };
  const gap = Math.round(Math.abs(pair.v2.t - pair.v1.t));
  const failed = failures(trace)[0];
  if (!failed)
    return {
      met: false,
      missing: `both versions answer (${gap} ms apart), but no v1 server has read a record in format 2 yet: let it run`,
    };
  return {
    met: true,
    evidence: [up.seq, pair.v1.seq, pair.v2.seq, failed.seq].sort((a, b) => a - b),
    detail: `both versions answered ${gap} ms apart (${pair.v1.server} on v1, ${pair.v2.server} on v2), and ${failed.server} could not read format 2`,
  };
}

function cleanDeploy(trace: Trace, params: { readonly expandContract: boolean }): ChallengeResult {
  if (!params.expandContract) return { met: false, missing: 'expand/contract is off: turn it on' };
  const failed = failures(trace);
  if (failed.length > 0)
    return {
      met: false,
      evidence: [failed[0]!.seq],
      missing: `${plural(failed.length, 'request')} failed on a format ${failed[0]!.server} could not read`,
    };
  const now = versionsNow(trace);
  const left = SERVERS.filter((s) => now[s] !== 'v2');
  if (left.length === SERVERS.length && !firstUpgradeTo(trace, 'v1.5'))
    return { met: false, missing: 'the rollout has not started: press "Deploy"' };
  if (left.length > 0)
    return {
      met: false,
      missing: `${plural(left.length, 'server')} not on v2 yet (${left.join(', ')}): let the rollout finish`,
    };
  const done = trace.ofType('upgraded').filter((e) => e.to === 'v2');
  const served = answers(trace).length;
  return {
    met: true,
    evidence: done.map((e) => e.seq),
    detail: `every server runs v2 and all ${plural(served, 'request')} were answered`,
  };
}

// ---------------------------------------------------------------- the guide

export default defineGuide({
  events,
  id: 'rolling-deploy',
  title: 'Systems are always in transition',
  summary:
    'Old and new versions run side by side during a deploy; expand, then contract, to fail no request.',
  keyStep: 'both-serve',
  principle: 'A deploy is a time when two versions share the data: each must read what the other writes',
  part: 3,
  order: 12,
  minutes: 8,
  durationMs: 12_000,
  defaultSeed: 1,
  params: {
    expandContract: {
      kind: 'boolean',
      label: 'Expand/contract',
      description:
        'The rollout goes in two passes: first every server moves to v1.5 (reads both formats, still writes the old one), then, once no v1 is left, every server moves to v2.',
      default: false,
    },
    deployEveryMs: {
      kind: 'number',
      label: 'Time per server',
      description: '"Deploy" upgrades one server, then waits this long before the next one.',
      unit: 'ms',
      min: 300,
      max: 3000,
      step: 100,
      default: 800,
    },
  },
  nodeNames: () => [LB, ...SERVERS, STORE],
  interventions: [
    {
      kind: 'signal',
      node: LB,
      signal: 'deploy',
      label: 'Deploy',
      did: 'started the rollout, one server at a time',
      description: 'Upgrades s1, s2, s3 and s4 one after the other, waiting "Time per server" between them.',
    },
    ...SERVERS.map((s) => ({
      kind: 'signal' as const,
      node: s,
      signal: 'next-version',
      label: `Upgrade ${s}`,
      did: `upgraded ${s} to its next version`,
      description: `${s} moves to its next version: v2, or v1.5 first when expand/contract is on.`,
    })),
  ],
  fix: {
    param: 'expandContract',
    label: 'Expand/contract',
    description:
      'First every server learns to read the new format while still writing the old one; only then do they start writing the new one.',
  },
  steps: [
    {
      id: 'plain-deploy',
      title: 'Deploy the new version',
      text:
        'Four servers share one record store. Each request reads a record and writes it back. ' +
        'v2 stores records in a new format, format 2, and v1 only reads format 1. ' +
        'Press "Deploy" and watch the servers move to v2 one by one.',
      hint: 'Press "Deploy" and let it run.',
      notes:
        'A rolling deploy never stops the service, so old and new servers answer at the same time and share the store. Point at the red failures on the v1 servers.',
      predictions: [
        {
          id: 'before-deploy',
          askAtMs: 800,
          question:
            'No deploy yet: every server runs v1. Does a request fail when it reads a record another server wrote?',
          answers: ['No: they all read and write format 1', 'Yes: another server wrote it'],
          right: 0,
          reveal: (trace) => {
            const next = answers(trace).find(
              (a) => a.t > 800 && a.writer !== a.server && (SERVERS as readonly string[]).includes(a.writer),
            );
            if (!next) return null;
            return next.ok
              ? {
                  answer: 0,
                  seq: next.seq,
                  why: `${next.server} read record ${next.record}, which ${next.writer} wrote, without trouble: the same version writes the same format.`,
                }
              : {
                  answer: 1,
                  seq: next.seq,
                  why: `${next.server} could not read the format ${next.writer} wrote.`,
                };
          },
        },
      ],
      challenge: plainDeploy,
      solution: { interventions: [{ at: 1000, kind: 'signal', node: LB, signal: 'deploy' }] },
    },
    {
      id: 'both-serve',
      title: 'Two versions at once',
      text:
        'Upgrade one server only, s2. Now v1 and v2 answer side by side, and every record s2 writes is ' +
        'in format 2. When a v1 server reads one, the request fails. Every deploy has this moment.',
      hint: 'Press "Upgrade s2" and let it run.',
      notes:
        'The mixed state is not a glitch: it lasts the whole rollout, and longer if the rollout stops halfway. Show the failure\'s "Why did that happen?".',
      challenge: bothServe,
      solution: { interventions: [{ at: 1000, kind: 'signal', node: 's2', signal: 'next-version' }] },
    },
    {
      id: 'expand-contract',
      title: 'Expand, then contract',
      text:
        'Turn on expand/contract and press "Deploy". The rollout first moves every server to v1.5, ' +
        'which reads both formats but still writes format 1. Only when no v1 is left does it switch ' +
        'them to v2. Let the rollout finish.',
      hint: 'Turn on "Expand/contract", press "Deploy", and let it run to the end.',
      notes:
        'Expand: every reader learns the new format first. Contract: only then do writers use it. It takes two passes, and no request fails.',
      challenge: cleanDeploy,
      solution: {
        params: { expandContract: true },
        interventions: [{ at: 1000, kind: 'signal', node: LB, signal: 'deploy' }],
      },
    },
  ],
});
