/**
 * Lesson 2, the scenario: the sender and the receiver (with and without the fix) and the faulty
 * link between them, for the simulation worker, the runner and the tests. What the page shows and
 * checks (the words, parameters, steps and their challenges) is in guide.ts, which the page loads
 * without this file.
 */
import { defineLesson, type LessonParams } from '../../src/engine/lesson.ts';
import type { Behaviour, NodeContext } from '../../src/engine/types.ts';
import guide, { RECEIVER, SENDER, ackLabel, dataLabel } from './guide.ts';

type P = LessonParams<typeof guide>;

const FIRST_SEND_MS = 100;

// ---------------------------------------------------------------- the sender

interface SenderState {
  next: number;
  total: number;
  /** Messages sent but not acknowledged yet (with the fix): seq → retransmission timer. */
  unacked: Record<number, number>;
}

function transmit(state: SenderState, seq: number, ctx: NodeContext<P>): void {
  ctx.send(RECEIVER, dataLabel(seq), { n: seq });
  if (ctx.params.fix) state.unacked[seq] = ctx.setTimer(ctx.params.retransmitMs, 'retransmit', seq);
}

const sender: Behaviour<SenderState, P> = {
  kind: 'sender',
  init(ctx) {
    const total = ctx.params.messages;
    ctx.emit('stream', { messages: total });
    ctx.setTimer(FIRST_SEND_MS, 'send');
    return { next: 1, total, unacked: {} };
  },
  onTimer(state, timer, ctx) {
    if (timer.tag === 'send' && state.next <= state.total) {
      transmit(state, state.next, ctx);
      state.next += 1;
      if (state.next <= state.total) ctx.setTimer(ctx.params.intervalMs, 'send');
    } else if (timer.tag === 'retransmit') {
      const seq = timer.data as number;
      if (state.unacked[seq] === timer.timer) {
        ctx.emit('retransmit', { n: seq });
        transmit(state, seq, ctx);
      }
    }
    return state;
  },
  onMessage(state, delivery, ctx) {
    const seq = (delivery.payload as { ack: number }).ack;
    const timer = state.unacked[seq];
    if (timer !== undefined) {
      ctx.cancelTimer(timer);
      delete state.unacked[seq];
    }
    return state;
  },
  label: (state) =>
    state.next <= state.total ? 'sending' : Object.keys(state.unacked).length > 0 ? 'awaiting acks' : 'done',
};

// ---------------------------------------------------------------- the receiver

interface ReceiverState {
  /** The highest number that has arrived. */
  highest: number;
  /** Every number that has arrived at least once. */
  arrived: Record<number, true>;
  /** With the fix: the next number to process, and later ones held until it comes. */
  expected: number;
  held: number[];
}

// Custom events name the message number `n`: `seq` is taken by the trace's own position field.
const receiver: Behaviour<ReceiverState, P> = {
  kind: 'receiver',
  init: () => ({ highest: 0, arrived: {}, expected: 1, held: [] }),
  onMessage(state, delivery, ctx) {
    const n = (delivery.payload as { n: number }).n;
    const fix = ctx.params.fix;
    // The log: what the network did to this message, as far as the receiver can tell.
    const repeat = state.arrived[n] === true;
    if (repeat) ctx.emit('duplicate-seen', { n, discarded: fix });
    else if (n < state.highest) ctx.emit('out-of-order', { n, after: state.highest });
    else if (n > state.highest + 1) {
      const missing: number[] = [];
      for (let k = state.highest + 1; k < n; k++) if (!state.arrived[k]) missing.push(k);
      ctx.emit('gap', { n, missing });
    } else ctx.emit('in-order', { n });
    state.arrived[n] = true;
    state.highest = Math.max(state.highest, n);

    if (!fix) {
      // Without the fix the application takes whatever arrives, as it arrives.
      ctx.emit('processed', { n });
      return state;
    }
    // Acknowledge every copy: the ack for an earlier one may have been lost.
    ctx.send(delivery.from, ackLabel(n), { ack: n });
    if (repeat) return state;
    if (n > state.expected) {
      state.held.push(n);
      state.held.sort((a, b) => a - b);
      ctx.emit('held', { n, waitingFor: state.expected });
      return state;
    }
    ctx.emit('processed', { n });
    state.expected += 1;
    while (state.held[0] === state.expected) {
      state.held.shift();
      ctx.emit('processed', { n: state.expected });
      state.expected += 1;
    }
    return state;
  },
  label: (state) => (state.held.length > 0 ? `holding ${state.held.length}` : 'listening'),
};

// ---------------------------------------------------------------- the scenario

export default defineLesson(guide, (params) => ({
  nodes: [
    { name: SENDER, behaviour: sender, position: { x: 0.2, y: 0.5 } },
    { name: RECEIVER, behaviour: receiver, position: { x: 0.8, y: 0.5 } },
  ],
  network: {
    latencyMs: params.latencyMs,
    jitterMs: params.jitterMs,
    loss: params.loss,
    duplicate: params.duplicate,
  },
  links: [
    { from: SENDER, to: RECEIVER },
    { from: RECEIVER, to: SENDER },
  ],
}));
