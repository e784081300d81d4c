/**
 * Lesson 6: failures multiply. What only the simulation needs: the client (every 20 ms it asks each
 * service at once and waits for the answers), the services (each crashes at random and is repaired
 * after the repair time; a bad deploy takes it down for as long), the deployer (pushes bad deploys at
 * random, to every service at once or to one at a time), and the scenario. The words, parameters,
 * steps and trace readers are in guide.ts.
 */
import { defineLesson, type LessonParams } from '../../src/engine/lesson.ts';
import type { Behaviour, LinkSpec, NodeContext } from '../../src/engine/types.ts';
import guide, {
  CLIENT,
  DEADLINE_MS,
  DEPLOYER,
  LATENCY_MS,
  REQUEST_EVERY_MS,
  downShares,
  indexOf,
  servicesOf,
} from './guide.ts';
import type { DownCause } from './events.ts';
import { plural } from '../../src/engine/words.ts';

type P = LessonParams<typeof guide>;
type Ctx = NodeContext<P>;

/**
 * Schedules the end of an up-time whose share of the cycle (up-time, then the repair time) is
 * 1 − `downShare`: up-times are exponential with mean repair × (1 − d) / d, so the process is down
 * `downShare` of the time. Nothing when the share is 0: it never goes down.
 */
function scheduleFailure(ctx: Ctx, downShare: number, tag: string): void {
  if (downShare <= 0) return;
  const meanUpMs = (ctx.params.repairMs * (1 - downShare)) / downShare;
  ctx.setTimer(-meanUpMs * Math.log(1 - ctx.random()), tag);
}

// ---------------------------------------------------------------- the client

interface Open {
  n: number;
  asked: number;
  pending: number;
  answered: number[];
}

interface ClientState {
  sent: number;
  failed: number;
  open: Record<string, Open>;
  /** Our call → the request it is part of. */
  byCall: Record<string, string>;
}

const client: Behaviour<ClientState, P> = {
  kind: 'client',
  init(ctx) {
    ctx.setTimer(REQUEST_EVERY_MS, 'request');
    return { sent: 0, failed: 0, open: {}, byCall: {} };
  },
  onTimer(state, timer, ctx) {
    if (timer.tag !== 'request') return state;
    state.sent += 1;
    const key = String(state.sent);
    const names = servicesOf(ctx.params.services);
    state.open[key] = { n: state.sent, asked: names.length, pending: names.length, answered: [] };
    for (const to of names) {
      const { call } = ctx.call(to, 'get', { n: state.sent }, { deadlineMs: DEADLINE_MS });
      state.byCall[String(call)] = key;
    }
    ctx.setTimer(REQUEST_EVERY_MS, 'request');
    return state;
  },
  onOutcome(state, outcome, ctx) {
    const key = state.byCall[String(outcome.call)];
    delete state.byCall[String(outcome.call)];
    const open = key === undefined ? undefined : state.open[key];
    if (key === undefined || !open) return state;
    open.pending -= 1;
    if (outcome.result === 'success') open.answered.push(indexOf(outcome.to));
    if (open.pending > 0) return state;
    delete state.open[key];
    const need = ctx.params.shape;
    const ok = need === 'all' ? open.answered.length === open.asked : open.answered.length > 0;
    if (!ok) state.failed += 1;
    ctx.emit('request-done', {
      n: open.n,
      asked: open.asked,
      answered: open.answered.length,
      ok,
      need,
      down: servicesOf(open.asked).filter((s) => !open.answered.includes(indexOf(s))),
    });
    return state;
  },
  label: (state) => `${state.failed} failed`,
};

// ---------------------------------------------------------------- a service

interface ServiceState {
  crashed: boolean;
  badDeploy: boolean;
}

const isDown = (s: ServiceState) => s.crashed || s.badDeploy;

function goDown(cause: DownCause, ctx: Ctx): void {
  ctx.emit('down', { cause, repairMs: ctx.params.repairMs });
  ctx.setTimer(ctx.params.repairMs, cause === 'crash' ? 'repaired' : 'rolled-back');
}

const service: Behaviour<ServiceState, P> = {
  kind: 'service',
  init(ctx) {
    scheduleFailure(ctx, downShares(ctx.params).own, 'crash');
    return { crashed: false, badDeploy: false };
  },
  onRequest(state, request, ctx) {
    // Down: the request goes unanswered, and the client's deadline passes.
    if (!isDown(state)) ctx.reply(request, { ok: true });
    return state;
  },
  onMessage(state, delivery, ctx) {
    if (delivery.label !== 'broken version' || state.badDeploy) return state;
    state.badDeploy = true;
    goDown('bad deploy', ctx);
    return state;
  },
  onTimer(state, timer, ctx) {
    if (timer.tag === 'crash') {
      state.crashed = true;
      goDown('crash', ctx);
    } else if (timer.tag === 'repaired') {
      state.crashed = false;
      ctx.emit('up', { cause: 'crash' });
      scheduleFailure(ctx, downShares(ctx.params).own, 'crash');
    } else if (timer.tag === 'rolled-back') {
      state.badDeploy = false;
      ctx.emit('up', { cause: 'bad deploy' });
    }
    return state;
  },
  label: (state) => (state.badDeploy ? 'down: bad deploy' : state.crashed ? 'down: crashed' : 'up'),
};

// ---------------------------------------------------------------- the deployer

interface DeployerState {
  pushed: number;
}

function push(state: DeployerState, ctx: Ctx): void {
  const all = servicesOf(ctx.params.services);
  const to = ctx.params.staggerDeploys ? [all[Math.floor(ctx.random() * all.length)]!] : all;
  state.pushed += 1;
  ctx.emit('bad-deploy', { to, oneAtATime: ctx.params.staggerDeploys });
  for (const s of to) ctx.send(s, 'broken version', {});
}

/**
 * Bad deploys come at random, each followed by the repair time (the services are down, then rolled
 * back) before the next can start: the services are down from deploys `deploy` of the time.
 */
const deployer: Behaviour<DeployerState, P> = {
  kind: 'deployer',
  init(ctx) {
    scheduleFailure(ctx, downShares(ctx.params).deploy, 'deploy');
    return { pushed: 0 };
  },
  onTimer(state, timer, ctx) {
    if (timer.tag === 'deploy') {
      push(state, ctx);
      ctx.setTimer(ctx.params.repairMs, 'rolled-back');
    } else if (timer.tag === 'rolled-back') scheduleFailure(ctx, downShares(ctx.params).deploy, 'deploy');
    return state;
  },
  onSignal(state, signal, ctx) {
    if (signal === 'push-bad-deploy') push(state, ctx);
    return state;
  },
  label: (state) => plural(state.pushed, 'bad deploy'),
};

// ---------------------------------------------------------------- the scenario

export default defineLesson(guide, (params) => {
  const names = servicesOf(params.services);
  const links: LinkSpec[] = names.flatMap((s) => [
    { from: CLIENT, to: s },
    { from: s, to: CLIENT },
    { from: DEPLOYER, to: s },
  ]);
  const row = (i: number) => (names.length === 1 ? 0.5 : 0.06 + (0.88 * i) / (names.length - 1));
  return {
    nodes: [
      { name: CLIENT, behaviour: client, position: { x: 0.1, y: 0.5 } },
      { name: DEPLOYER, behaviour: deployer, position: { x: 0.9, y: 0.5 } },
      ...names.map((name, i) => ({ name, behaviour: service, position: { x: 0.5, y: row(i) } })),
    ],
    // No jitter: a request (or a deploy) reaches every service at the same moment.
    network: { latencyMs: LATENCY_MS, jitterMs: 0, loss: 0, duplicate: 0 },
    links,
  };
});
