/**
 * A circuit breaker between a caller and a server: it passes each call on (same operation, same
 * request id, so idempotency still works end to end) until the server fails too many times in a
 * row; then it answers every call with a failure at once, without calling, until a cool-down has
 * passed, and lets one trial call through to see whether the server is back.
 */
import type { ParamSchema } from '../../engine/params.ts';
import type { Behaviour, Request } from '../../engine/types.ts';
import { ANSWERS_PAY, entry, takeOwn } from '../entry.ts';

type Mode = 'closed' | 'open' | 'half-open';

interface BreakerState {
  mode: Mode;
  /** Failures in a row while closed. */
  failures: number;
  /** Calls passed on, by their call id: the request each one answers. */
  passing: Record<string, Request>;
}

const settings = {
  failuresToOpen: {
    kind: 'number',
    unit: 'count',
    label: 'Failures to open',
    description: 'This many failed or unanswered calls in a row open the breaker.',
    min: 1,
    max: 20,
    step: 1,
    default: 3,
  },
  openMs: {
    kind: 'number',
    unit: 'ms',
    label: 'Open for',
    description: 'How long the breaker stays open before it lets one trial call through.',
    min: 10,
    max: 10_000,
    step: 10,
    default: 1000,
  },
  deadlineMs: {
    kind: 'number',
    unit: 'ms',
    label: 'Deadline',
    description: 'How long the breaker waits for the server before it counts the call as failed.',
    min: 10,
    max: 10_000,
    step: 10,
    default: 300,
  },
} as const satisfies ParamSchema;

export const breaker = entry({
  id: 'breaker',
  label: 'Circuit breaker',
  summary: 'Passes calls on to a server, and stops calling it for a while after failures in a row.',
  settings,
  peers: [
    { role: 'server', label: 'a server to protect', accepts: ANSWERS_PAY.filter((id) => id !== 'breaker') },
  ],
  make(s, peers): Behaviour<BreakerState> {
    const server = peers.server!;
    return {
      kind: 'breaker',
      init: () => ({ mode: 'closed', failures: 0, passing: {} }),
      onRequest(state, request, ctx) {
        // Half-open lets exactly one trial through; open lets none.
        const trialOut = state.mode === 'half-open' && Object.keys(state.passing).length > 0;
        if (state.mode === 'open' || trialOut) {
          ctx.reply(request, { ok: false, error: 'circuit open' });
          return state;
        }
        const { call } = ctx.call(server, request.op, request.args, {
          deadlineMs: s.deadlineMs,
          request: request.request,
        });
        state.passing[String(call)] = request;
        return state;
      },
      onOutcome(state, outcome, ctx) {
        const request = takeOwn(state.passing, outcome.call);
        if (!request) return state;
        if (outcome.result === 'success') {
          state.mode = 'closed';
          state.failures = 0;
          ctx.reply(request, { ok: true, value: outcome.value });
          return state;
        }
        ctx.reply(request, {
          ok: false,
          error: outcome.result === 'unknown' ? 'no answer from the server in time' : outcome.reason,
        });
        state.failures += 1;
        // A late failure of a call passed on before the breaker opened does not restart its cool-down.
        const opens =
          state.mode === 'half-open' || (state.mode === 'closed' && state.failures >= s.failuresToOpen);
        if (opens) {
          state.mode = 'open';
          ctx.setTimer(s.openMs, 'half-open');
        }
        return state;
      },
      onTimer(state) {
        if (state.mode === 'open') state.mode = 'half-open';
        return state;
      },
      label: (state) => state.mode,
    };
  },
});
