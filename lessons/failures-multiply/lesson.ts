/**
 * Lesson 6: failures multiply. What only the simulation needs: the client (every 20 ms it asks each
 * service at once, and counts the answers in by the next time), the services (each crashes at random and is repaired
 * after the repair time; a bad deploy takes it down for as long), the deployer (pushes bad deploys at
 * random, to every service at once or to one at a time), and the scenario. The words, parameters,
 * steps and trace readers are in guide.ts.
 */
import { defineLesson, type LessonParams } from '../../src/engine/lesson.ts';
import type { Behaviour, LinkSpec, NodeContext } from '../../src/engine/types.ts';
import guide, {
  ANSWER,
  CLIENT,
  DEPLOYER,
  LATENCY_MS,
  REQUEST,
  REQUEST_EVERY_MS,
  downShares,
  indexOf,
  servicesOf,
  windowMs,
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
  // Once the client's requests are over, no failure can be seen: the run goes quiet.
  if (downShare <= 0 || ctx.now() >= windowMs(ctx.params.requests)) return;
  const meanUpMs = (ctx.params.repairMs * (1 - downShare)) / downShare;
  ctx.setTimer(-meanUpMs * Math.log(1 - ctx.random()), tag);
}

// ---------------------------------------------------------------- the client

interface Open {
  n: number;
  asked: number;
  answered: number[];
}

interface ClientState {
  sent: number;
  failed: number;
  /** The request waiting for its answers; they are all in (or never coming) by the next one. */
  open: Open | null;
}

/** Records the open request: which services answered, and whether that served it. */
function record(state: ClientState, ctx: Ctx): void {
  const open = state.open;
  if (!open) return;
  state.open = null;
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
}

const client: Behaviour<ClientState, P> = {
  kind: 'client',
  init(ctx) {
    ctx.setTimer(REQUEST_EVERY_MS, 'request');
    return { sent: 0, failed: 0, open: null };
  },
  onTimer(state, timer, ctx) {
    if (timer.tag !== 'request') return state;
    record(state, ctx);
    if (state.sent >= ctx.params.requests) return state;
    state.sent += 1;
    const names = servicesOf(ctx.params.services);
    state.open = { n: state.sent, asked: names.length, answered: [] };
    for (const to of names) ctx.send(to, REQUEST, { n: state.sent });
    ctx.setTimer(REQUEST_EVERY_MS, 'request');
    return state;
  },
  onMessage(state, delivery) {
    const n = (delivery.payload as { n?: number } | null)?.n;
    if (delivery.label !== ANSWER || !state.open || n !== state.open.n) return state;
    const i = indexOf(delivery.from);
    if (i > 0 && !state.open.answered.includes(i)) state.open.answered.push(i);
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
  onMessage(state, delivery, ctx) {
    if (delivery.label === REQUEST) {
      // Down: the request goes unanswered.
      if (!isDown(state)) ctx.send(delivery.from, ANSWER, delivery.payload);
      return state;
    }
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
  // Up to three services a column, columns side by side between the client and the deployer: nine
  // cards in one column would overlap (and on a phone the kit turns the columns into rows).
  const rows = Math.min(3, names.length);
  const columns = Math.ceil(names.length / 3);
  const spread = (i: number, n: number, from: number, to: number) =>
    n === 1 ? (from + to) / 2 : from + ((to - from) * i) / (n - 1);
  const at = (i: number) => ({
    x: spread(Math.floor(i / 3), columns, 0.3, 0.7),
    y: spread(i % 3, rows, 0.1, 0.9),
  });
  return {
    nodes: [
      { name: CLIENT, behaviour: client, position: { x: 0.1, y: 0.5 } },
      { name: DEPLOYER, behaviour: deployer, position: { x: 0.9, y: 0.5 } },
      ...names.map((name, i) => ({ name, behaviour: service, position: at(i) })),
    ],
    // No jitter: a request (or a deploy) reaches every service at the same moment.
    network: { latencyMs: LATENCY_MS, jitterMs: 0, loss: 0, duplicate: 0 },
    links,
  };
});
