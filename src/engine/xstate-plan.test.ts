import { describe, expect, it } from 'vitest';
import { and, assign, createActor, raise, setup, type AnyActorScope, type AnyStateMachine } from 'xstate';
import { Pcg32 } from './prng.ts';
import { BAIL, planner, type CollectedAction } from './xstate-plan.ts';
import { runTrace } from './simulation.ts';
import { machineBehaviour } from './xstate-host.ts';
import { raftMachine } from '../../lessons/consensus/raft.ts';
import { breakerMachine } from '../../lessons/circuit-breaker/lesson.ts';
import { sagaMachine } from '../../lessons/saga/lesson.ts';
import { clientMachine as idempotencyClient } from '../../lessons/idempotency/lesson.ts';
import { clientMachine as retryingClient } from '../../bench/workloads.ts';

/** XState's own step with an inert scope that collects the actions, as the host's fallback does. */
function xstateStepper(machine: AnyStateMachine) {
  let collected: CollectedAction[] = [];
  const self = createActor(machine);
  const scope = {
    self,
    id: '',
    sessionId: '',
    system: self.system,
    logger: () => {},
    defer: () => {},
    emit: () => {},
    stopChild: () => {},
    actionExecutor: (a: CollectedAction) => void collected.push(a),
  } as unknown as AnyActorScope;
  return {
    scope,
    init(input: unknown) {
      collected = [];
      return machine.getInitialSnapshot(scope, input);
    },
    step(snapshot: ReturnType<AnyStateMachine['getInitialSnapshot']>, event: { type: string }) {
      collected = [];
      const next = machine.transition(snapshot, event, scope);
      return { next, actions: collected };
    },
  };
}

const shape = (actions: CollectedAction[]) =>
  actions.map((a) => ({ type: a.type, params: a.params, context: a.info?.context, event: a.info?.event }));

/** The event types a chart's states name (delayed ones included). */
function eventTypes(machine: AnyStateMachine): string[] {
  const types = new Set<string>();
  const visit = (n: { transitions: Map<string, unknown>; states: Record<string, unknown> }) => {
    for (const key of n.transitions.keys()) types.add(key);
    for (const child of Object.values(n.states)) visit(child as never);
  };
  visit(machine.root as never);
  return [...types].sort();
}

/**
 * A random walk: at each step an event drawn by `draw`, taken by XState and by the planner from the
 * same snapshot; the value, the context and every collected action (type, params, the context and
 * event it saw) must be the same.
 */
function compareWalk(
  machine: AnyStateMachine,
  input: unknown,
  draw: (rng: Pcg32, type: string, context: Record<string, unknown>) => { type: string },
  steps: number,
  seed: number,
) {
  const plan = planner(machine);
  expect(plan).toBeDefined();
  const xs = xstateStepper(machine);
  const types = eventTypes(machine);
  const rng = new Pcg32(0, seed, 0, 3);
  let snapshot = xs.init(input);
  let planned = 0;
  const visited = new Set<string>();
  for (let k = 0; k < steps; k++) {
    const type = types[Math.floor(rng.next() * types.length)]!;
    const event = draw(rng, type, snapshot.context as Record<string, unknown>);
    const node = plan!.nodeOf(snapshot.value);
    expect(node).toBeDefined();
    const ours = plan!.step(node!, snapshot.context, event, xs.scope);
    const theirs = xs.step(snapshot, event);
    if (ours === BAIL)
      throw new Error(`the planner handed back ${event.type} in ${JSON.stringify(snapshot.value)}`);
    if (ours === undefined) {
      expect(theirs.actions).toEqual([]);
      expect(theirs.next.value).toEqual(snapshot.value);
      expect(theirs.next.context).toBe(snapshot.context);
    } else {
      planned++;
      expect(ours.value).toEqual(theirs.next.value);
      expect(ours.context).toEqual(theirs.next.context);
      expect(shape(ours.actions)).toEqual(shape(theirs.actions));
      expect(plan!.valueOf(ours.node)).toBe(ours.value);
    }
    snapshot = theirs.next;
    visited.add(JSON.stringify(snapshot.value));
  }
  return { planned, visited: [...visited].sort() };
}

const pick = <T>(rng: Pcg32, xs: readonly T[]): T => xs[Math.floor(rng.next() * xs.length)]!;
const int = (rng: Pcg32, lo: number, hi: number) => lo + Math.floor(rng.next() * (hi - lo + 1));

describe('xstate-plan: the planned step is XState’s step', () => {
  it('Raft: every role, every message, later and earlier terms, client writes', () => {
    const peers = ['s2', 's3', 's4', 's5'];
    const draw = (rng: Pcg32, type: string, c: Record<string, unknown>) => {
      // Mostly the current term, so that candidates win and leaders hear answers; sometimes a stale or later one.
      const r = rng.next();
      const term = (c.term as number) + (r < 0.15 ? -1 : r < 0.25 ? 1 : 0);
      const log = c.log as unknown[];
      if (type === 'request')
        return {
          type,
          request: {
            call: int(rng, 1, 99),
            request: int(rng, 1, 99),
            from: 'client',
            op: 'write',
            args: { n: 7 },
          },
        };
      if (type.startsWith('xstate.')) return { type };
      const entries = Array.from({ length: int(rng, 0, 2) }, () => ({ term: int(rng, 0, term), cmd: 1 }));
      return {
        type,
        from: pick(rng, peers),
        payload: {
          term,
          granted: rng.next() < 0.7,
          lastIndex: int(rng, 0, log.length + 1),
          lastTerm: int(rng, 0, term),
          prevIndex: int(rng, 0, log.length + 1),
          prevTerm: int(rng, 0, term),
          entries,
          commit: int(rng, 0, log.length + 2),
          match: int(rng, 0, log.length + 1),
        },
      };
    };
    const input = {
      self: 's1',
      peers,
      timing: { electionMinMs: 100, electionMaxMs: 200, heartbeatMs: 50 },
      seed: 5,
      durable: undefined,
    };
    for (const seed of [1, 2, 3]) {
      const walk = compareWalk(raftMachine, input, draw, 1500, seed);
      expect(walk.planned).toBeGreaterThan(300);
      expect(walk.visited).toEqual(['"candidate"', '"follower"', '{"leader":"beating"}']);
    }
  });

  it('the circuit breaker and the bench’s retrying client', () => {
    const breakerDraw = (rng: Pcg32, type: string) =>
      type.startsWith('call.') ? { type, payload: { t: int(rng, 0, 5000) } } : { type };
    const input = { threshold: 3, windowMs: 1000, coolDownMs: 500 };
    const breaker = compareWalk(breakerMachine, input, breakerDraw, 800, 4);
    expect(breaker.planned).toBeGreaterThan(100);
    expect(breaker.visited).toEqual(['"closed"', '"halfOpen"', '"open"']);
    const clientDraw = (_rng: Pcg32, type: string) => ({ type, outcome: { result: type.slice(8) } });
    const client = compareWalk(retryingClient, { base: 1000 }, clientDraw, 800, 5);
    expect(client.planned).toBeGreaterThan(100);
    expect(client.visited).toEqual(['"backoff"', '"calling"', '"thinking"']);
  });

  it('a nested chart: exit and entry order across levels, re-entry, targetless, guard and action params', () => {
    const log = (name: string) => ({ type: 'log' as const, params: { name } });
    const chart = setup({
      types: { context: {} as { n: number } },
      actions: { log: (_a, _p: { name: string }) => {}, bump: assign({ n: ({ context }) => context.n + 1 }) },
      guards: {
        below: ({ context }, p: { max: number }) => context.n < p.max,
        odd: ({ context }) => context.n % 2 === 1,
      },
      delays: { soon: ({ context }) => 10 + context.n },
    }).createMachine({
      id: 'nest',
      context: { n: 0 },
      initial: 'a',
      entry: log('root in'),
      on: { reset: { target: '.a', actions: log('reset') }, top: { target: '#nest', reenter: true } },
      states: {
        a: {
          entry: log('a in'),
          exit: log('a out'),
          initial: 'a1',
          states: {
            a1: { entry: log('a1 in'), exit: log('a1 out'), on: { next: 'a2', deep: '#nest.b.b2' } },
            a2: {
              entry: [log('a2 in'), 'bump'],
              exit: log('a2 out'),
              after: { soon: 'a1' },
              on: { next: { target: 'a2', reenter: true, actions: 'bump' }, up: '#nest.b' },
            },
          },
          on: {
            bump: [
              { guard: { type: 'below', params: { max: 5 } }, actions: ['bump', log('bumped')] },
              { actions: log('full') },
            ],
            side: { guard: 'odd', target: 'b' },
          },
        },
        b: {
          entry: log('b in'),
          exit: log('b out'),
          initial: { target: 'b1', actions: log('b initial') },
          after: { 30: { target: 'a', actions: 'bump' } },
          states: {
            b1: { entry: log('b1 in'), exit: log('b1 out'), on: { next: 'b2' } },
            b2: {
              entry: log('b2 in'),
              exit: log('b2 out'),
              on: { next: { target: '#nest.a.a2' }, stay: { target: 'b2' } },
            },
          },
        },
      },
    });
    const draw = (_rng: Pcg32, type: string) => ({ type });
    for (const seed of [6, 7]) {
      const walk = compareWalk(chart, undefined, draw, 600, seed);
      expect(walk.planned).toBeGreaterThan(100);
      expect(walk.visited).toEqual(['{"a":"a1"}', '{"a":"a2"}', '{"b":"b1"}', '{"b":"b2"}']);
    }
  });

  it('leaves charts outside its subset to XState: eventless transitions, built-in guards', () => {
    expect(planner(idempotencyClient)).toBeUndefined(); // `always`
    expect(planner(sagaMachine)).toBeUndefined(); // and([...])
    const parallel = setup({}).createMachine({
      type: 'parallel',
      states: { a: { on: { x: {} } }, b: {} },
    });
    expect(planner(parallel)).toBeUndefined();
    const wildcard = setup({}).createMachine({ initial: 'a', states: { a: { on: { '*': 'b' } }, b: {} } });
    expect(planner(wildcard)).toBeUndefined();
    const guarded = setup({ guards: { yes: () => true } }).createMachine({
      initial: 'a',
      states: { a: { on: { go: { guard: and(['yes', 'yes']), target: 'b' } } }, b: {} },
    });
    expect(planner(guarded)).toBeUndefined();
  });

  it('hands back a step it cannot take (a raise without delay), and the host takes it through XState', () => {
    const chart = setup({ actions: { arrived: () => {} } }).createMachine({
      id: 'hop',
      initial: 'a',
      states: {
        a: { on: { go: { target: 'b', actions: raise({ type: 'again' }) } } },
        b: { on: { again: 'c' } },
        c: { entry: 'arrived' },
      },
    });
    const plan = planner(chart)!;
    const xs = xstateStepper(chart);
    const s = xs.init(undefined);
    expect(plan.step(plan.nodeOf(s.value)!, s.context, { type: 'go' }, xs.scope)).toBe(BAIL);

    const trace = runTrace(
      {
        seed: 1,
        params: {},
        interventions: [],
        scenario: () => ({
          nodes: [
            {
              name: 'poke',
              behaviour: {
                kind: 'poke',
                init: (ctx) => (ctx.send('hop', 'go'), null),
              },
            },
            {
              name: 'hop',
              behaviour: machineBehaviour({
                kind: 'hop',
                machine: chart,
                effects: { arrived: (ctx) => ctx.emit('arrived') },
              }),
            },
          ],
          network: { latencyMs: 5, jitterMs: 0, loss: 0, duplicate: 0 },
        }),
      },
      100,
    );
    const states: string[] = [];
    for (const e of trace.slice()) if (e.type === 'state' && e.node === 'hop') states.push(e.label);
    expect(states).toEqual(['a', 'c']);
    const types = Array.from({ length: trace.length }, (_, k) => trace.typeName(k));
    expect(types).toContain('arrived');
  });

  it('hands back an assign that spawns', () => {
    const child = setup({}).createMachine({});
    const chart = setup({ actors: { child } }).createMachine({
      initial: 'a',
      context: { ref: null as unknown },
      states: { a: { on: { go: { actions: assign({ ref: ({ spawn }) => spawn('child') }) } } } },
    });
    const plan = planner(chart)!;
    const xs = xstateStepper(chart);
    const s = xs.init(undefined);
    expect(plan.step(plan.nodeOf(s.value)!, s.context, { type: 'go' }, xs.scope)).toBe(BAIL);
  });
});
