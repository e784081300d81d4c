/**
 * A primary and its replica. The primary stores each write in memory (a crash loses what only it
 * had) and copies it to the replica, which keeps its copies on disk. Synchronous: the caller hears
 * "done" only once the replica has confirmed, and an unconfirmed write is reported as failed even
 * though the primary did it. Asynchronous: the caller hears "done" at once, and until the copy
 * lands the write lives on one box only.
 */
import type { ParamSchema } from '../../engine/params.ts';
import type { Behaviour, Request } from '../../engine/types.ts';
import { entry, takeOwn } from '../entry.ts';

interface PrimaryState {
  /** The request ids written, in order. */
  log: number[];
  /** Entries the replica has confirmed, by log index. */
  confirmed: Record<string, true>;
  /** Copies out to the replica, by call id: the log index and, when synchronous, the waiting caller. */
  copying: Record<string, { index: number; caller?: Request }>;
}

const primarySettings = {
  synchronous: {
    kind: 'boolean',
    label: 'Synchronous',
    description: 'Answer "done" only after the replica confirms its copy.',
    default: true,
  },
  deadlineMs: {
    kind: 'number',
    unit: 'ms',
    label: 'Replica deadline',
    description: 'How long the primary waits for the replica to confirm a copy.',
    min: 10,
    max: 10_000,
    step: 10,
    default: 300,
  },
} as const satisfies ParamSchema;

export const primary = entry({
  id: 'primary',
  label: 'Primary',
  summary: 'Stores each write and copies it to its replica, synchronously or not.',
  settings: primarySettings,
  peers: [{ role: 'replica', label: 'a replica to copy to', accepts: ['replica'] }],
  make(s, peers): Behaviour<PrimaryState> {
    const to = peers.replica!;
    return {
      kind: 'primary',
      init: () => ({ log: [], confirmed: {}, copying: {} }),
      onRequest(state, request, ctx) {
        const index = state.log.length;
        state.log.push(request.request);
        ctx.effect(request, { write: index });
        const { call } = ctx.call(
          to,
          'copy',
          { index, request: request.request },
          { deadlineMs: s.deadlineMs },
        );
        state.copying[String(call)] = s.synchronous ? { index, caller: request } : { index };
        if (!s.synchronous) ctx.reply(request, { ok: true, value: 'stored on the primary' });
        return state;
      },
      onOutcome(state, outcome, ctx) {
        const copy = takeOwn(state.copying, outcome.call);
        if (!copy) return state;
        const ok = outcome.result === 'success';
        if (ok) state.confirmed[String(copy.index)] = true;
        if (copy.caller)
          ctx.reply(
            copy.caller,
            ok
              ? { ok: true, value: 'stored on both' }
              : { ok: false, error: 'the replica did not confirm (the primary has it)' },
          );
        return state;
      },
      label: (state) => {
        const behind = state.log.length - Object.keys(state.confirmed).length;
        return behind === 0 ? 'in sync' : `${behind} not on the replica`;
      },
    };
  },
});

interface ReplicaState {
  /** Copies held, by log index: the request id of each. */
  copies: Record<string, number>;
}

export const replica = entry({
  id: 'replica',
  label: 'Replica',
  summary: "Keeps a copy of its primary's writes on disk.",
  settings: {},
  peers: [],
  make(): Behaviour<ReplicaState> {
    return {
      kind: 'replica',
      init: (_ctx, durable) => ({ copies: { ...((durable as Record<string, number> | undefined) ?? {}) } }),
      onRequest(state, request, ctx) {
        const { index, request: id } = (request.args ?? {}) as { index?: unknown; request?: unknown };
        if (typeof index !== 'number' || typeof id !== 'number') {
          ctx.reply(request, { ok: false, error: 'a replica only takes copies from its primary' });
          return state;
        }
        state.copies[String(index)] = id;
        ctx.reply(request, { ok: true, value: 'copied' });
        return state;
      },
      durable: (state) => state.copies,
      label: (state) => `${Object.keys(state.copies).length} copies`,
    };
  },
});
