/**
 * A saga orchestrator: each request it takes is two steps on two servers (charge the card, then
 * book the room). If the second step fails, or its answer never comes, it undoes the first with a
 * compensating "refund", retried under one request id until it is confirmed, and answers the
 * caller that nothing stands. There is no rollback across the two servers: only a new action that
 * undoes the old one, and for a while the first step stands alone.
 */
import type { ParamSchema } from '../../engine/params.ts';
import type { Behaviour, NodeContext, Request } from '../../engine/types.ts';
import { entry, takeOwn } from '../entry.ts';

type Stage = 'first' | 'second' | 'compensating';

interface Saga {
  caller: Request;
  stage: Stage;
  /** The request id of the first step: what the refund undoes. */
  firstRequest: number;
  /** The refund's own request id, reused by each retry; -1 until the first try. */
  refundRequest: number;
  refunds: number;
}

interface SagaState {
  /** Sagas by the call id of the step in flight. */
  byCall: Record<string, Saga>;
  /** Refunds waiting for their retry timer, by timer id. */
  waiting: Record<string, Saga>;
}

const settings = {
  deadlineMs: {
    kind: 'number',
    unit: 'ms',
    label: 'Step deadline',
    description: 'How long the orchestrator waits for each step before it treats it as failed.',
    min: 10,
    max: 10_000,
    step: 10,
    default: 300,
  },
  retryMs: {
    kind: 'number',
    unit: 'ms',
    label: 'Refund retry',
    description: 'How long it waits before it tries an unconfirmed refund again.',
    min: 10,
    max: 5000,
    step: 10,
    default: 200,
  },
} as const satisfies ParamSchema;

export const saga = entry({
  id: 'saga',
  label: 'Saga orchestrator',
  summary: 'Does two steps on two servers, and refunds the first when the second fails.',
  settings,
  peers: [
    { role: 'first', label: 'a server for the first step', accepts: ['payment-server'] },
    { role: 'second', label: 'a server for the second step', accepts: ['payment-server'] },
  ],
  make(s, peers): Behaviour<SagaState> {
    const step = (state: SagaState, saga: Saga, ctx: NodeContext, to: string, op: string, args: unknown) => {
      const { call, request } = ctx.call(to, op, args, {
        deadlineMs: s.deadlineMs,
        ...(saga.stage === 'compensating' && saga.refundRequest >= 0 ? { request: saga.refundRequest } : {}),
      });
      state.byCall[String(call)] = saga;
      return request;
    };
    const refund = (state: SagaState, saga: Saga, ctx: NodeContext) => {
      saga.stage = 'compensating';
      saga.refunds += 1;
      saga.refundRequest = step(state, saga, ctx, peers.first!, 'refund', { of: saga.firstRequest });
    };
    return {
      kind: 'saga',
      init: () => ({ byCall: {}, waiting: {} }),
      onRequest(state, request, ctx) {
        const saga: Saga = {
          caller: request,
          stage: 'first',
          firstRequest: -1,
          refundRequest: -1,
          refunds: 0,
        };
        saga.firstRequest = step(state, saga, ctx, peers.first!, 'pay', request.args);
        return state;
      },
      onOutcome(state, outcome, ctx) {
        const saga = takeOwn(state.byCall, outcome.call);
        if (!saga) return state;
        const ok = outcome.result === 'success';
        if (saga.stage === 'first') {
          if (ok) {
            saga.stage = 'second';
            step(state, saga, ctx, peers.second!, 'pay', saga.caller.args);
          } else if (outcome.result === 'failure') {
            ctx.reply(saga.caller, { ok: false, error: 'the first step failed; nothing to undo' });
          } else {
            // No answer: it may have been done. Undo it to be sure (a refund of nothing is harmless).
            ctx.emit('compensate', { request: saga.caller.request, why: 'first step unanswered' });
            refund(state, saga, ctx);
          }
        } else if (saga.stage === 'second') {
          if (ok) ctx.reply(saga.caller, { ok: true, value: 'both steps done' });
          else {
            ctx.emit('compensate', { request: saga.caller.request, why: `second step: ${outcome.result}` });
            refund(state, saga, ctx);
          }
        } else if (ok) {
          ctx.reply(saga.caller, { ok: false, error: 'the second step failed; the first was refunded' });
        } else {
          state.waiting[String(ctx.setTimer(s.retryMs, 'retry refund'))] = saga;
        }
        return state;
      },
      onTimer(state, timer, ctx) {
        const saga = takeOwn(state.waiting, timer.timer);
        if (!saga) return state;
        refund(state, saga, ctx);
        return state;
      },
      label: (state) => {
        const sagas = Object.values(state.byCall);
        const undoing =
          sagas.filter((x) => x.stage === 'compensating').length + Object.keys(state.waiting).length;
        if (undoing > 0) return `refunding ${undoing}`;
        return sagas.length > 0 ? `${sagas.length} in progress` : 'idle';
      },
    };
  },
});
