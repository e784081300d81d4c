/**
 * A durable queue in front of a consumer: it takes each request at once ("queued"), then delivers
 * it, one at a time and in order, until a delivery is acknowledged. A delivery whose answer does not
 * come back in time is delivered again under the same request id: at least once, never exactly
 * once, so a consumer that is not idempotent can do the work twice.
 */
import type { ParamSchema } from '../../engine/params.ts';
import type { Behaviour, NodeContext } from '../../engine/types.ts';
import { entry } from '../entry.ts';

interface Message {
  /** The request id the producer's call carried, kept for every delivery. */
  request: number;
  args: unknown;
  deliveries: number;
}

interface QueueState {
  messages: Message[];
  /** The call delivering the head of the queue, or -1 when none is out. */
  delivering: number;
}

const settings = {
  deadlineMs: {
    kind: 'number',
    unit: 'ms',
    label: 'Delivery deadline',
    description: 'How long the queue waits for the consumer to acknowledge a delivery.',
    min: 10,
    max: 10_000,
    step: 10,
    default: 300,
  },
  redeliverMs: {
    kind: 'number',
    unit: 'ms',
    label: 'Wait before redelivery',
    description:
      'After a delivery fails or goes unanswered, the queue waits this long and delivers it again.',
    min: 0,
    max: 5000,
    step: 10,
    default: 100,
  },
  maxDeliveries: {
    kind: 'number',
    unit: 'count',
    label: 'Deliveries per message',
    description:
      'After this many deliveries without an acknowledgement, the message goes to the dead letters.',
    min: 1,
    max: 20,
    step: 1,
    default: 5,
  },
} as const satisfies ParamSchema;

export const queue = entry({
  id: 'queue',
  label: 'Queue',
  summary: 'Accepts each request at once, then delivers it to its consumer until it is acknowledged.',
  settings,
  peers: [{ role: 'consumer', label: 'a consumer to deliver to', accepts: ['payment-server'] }],
  make(s, peers): Behaviour<QueueState> {
    const consumer = peers.consumer!;
    const deliverHead = (state: QueueState, ctx: NodeContext) => {
      const head = state.messages[0];
      if (!head || state.delivering >= 0) return;
      head.deliveries += 1;
      state.delivering = ctx.call(consumer, 'pay', head.args, {
        deadlineMs: s.deadlineMs,
        request: head.request,
      }).call;
    };
    return {
      kind: 'queue',
      init(ctx, durable) {
        // The messages are on disk: after a crash the queue picks up where it was.
        const messages = Array.isArray(durable) ? (durable as Message[]) : [];
        if (messages.length > 0) ctx.setTimer(0, 'deliver');
        return { messages, delivering: -1 };
      },
      onRequest(state, request, ctx) {
        state.messages.push({ request: request.request, args: request.args, deliveries: 0 });
        ctx.reply(request, { ok: true, value: 'queued' });
        deliverHead(state, ctx);
        return state;
      },
      onOutcome(state, outcome, ctx) {
        if (outcome.call !== state.delivering) return state;
        state.delivering = -1;
        const head = state.messages[0]!;
        if (outcome.result === 'success') {
          state.messages.shift();
          deliverHead(state, ctx);
        } else if (head.deliveries >= s.maxDeliveries) {
          state.messages.shift();
          ctx.emit('dead-letter', { request: head.request, deliveries: head.deliveries });
          deliverHead(state, ctx);
        } else ctx.setTimer(s.redeliverMs, 'deliver');
        return state;
      },
      onTimer(state, _timer, ctx) {
        deliverHead(state, ctx);
        return state;
      },
      durable: (state) => state.messages,
      label: (state) =>
        state.messages.length === 0
          ? 'empty'
          : `${state.messages.length} queued${state.messages[0]!.deliveries > 1 ? ', redelivering' : ''}`,
    };
  },
});
