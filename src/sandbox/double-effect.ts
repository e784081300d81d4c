/**
 * The first request a trace shows taking effect twice, in a sentence. Two ways to be twice: one
 * request id applied twice at a node (a retry under the same key, at a server that does not check),
 * or one client payment charged twice under two ids (a retry without a key: the server cannot tell
 * it is a retry, but the payment server writes down whose payment each charge is, so the truth can).
 */
import type { TraceEvent } from '../engine/trace.ts';

/** What a client's call says it is: its nth payment (the payment server keeps it with the charge). */
export interface PaymentArgs {
  client: string;
  n: number;
}

/** The payment a call's arguments name, if they name one (a queue, breaker or saga passes them on). */
export function paymentOf(args: unknown): string | undefined {
  if (typeof args !== 'object' || args === null) return undefined;
  const { client, n } = args as Partial<PaymentArgs>;
  return typeof client === 'string' && typeof n === 'number' ? `${client}'s payment ${n}` : undefined;
}

export interface DoubleEffect {
  seq: number;
  t: number;
  text: string;
}

export function firstDoubleEffect(events: readonly TraceEvent[]): DoubleEffect | undefined {
  const byRequest = new Map<string, number>();
  const byPayment = new Map<string, { seq: number; request: number }>();
  for (const e of events) {
    if (e.type !== 'effect') continue;
    const verb = e.op === 'refund' ? 'refunded' : e.op === 'pay' ? 'charged' : `applied (${e.op})`;
    const key = `${e.node} ${e.op} ${e.request}`;
    const first = byRequest.get(key);
    if (first !== undefined)
      return {
        seq: e.seq,
        t: e.t,
        text: `request ${e.request} was ${verb} twice at ${e.node} (events #${first} and #${e.seq})`,
      };
    byRequest.set(key, e.seq);
    const payment = typeof e.payment === 'string' ? e.payment : undefined;
    if (payment === undefined) continue;
    const pkey = `${e.node} ${e.op} ${payment}`;
    const earlier = byPayment.get(pkey);
    if (earlier)
      return {
        seq: e.seq,
        t: e.t,
        text: `${payment} was ${verb} twice at ${e.node}, as requests ${earlier.request} and ${e.request} (events #${earlier.seq} and #${e.seq})`,
      };
    byPayment.set(pkey, { seq: e.seq, request: e.request });
  }
  return undefined;
}
