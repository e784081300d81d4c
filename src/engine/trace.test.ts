import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { EV, EVENT_NAMES, Trace, type EventCode } from './trace.ts';
import { runTrace } from './simulation.ts';
import type { Behaviour, Intervention, RunInput } from './types.ts';

// ---------------------------------------------------------------- a scripted run that makes every event type

interface ClientState {
  pending: number;
  pings: number;
}

const client: Behaviour<ClientState> = {
  kind: 'client',
  init(ctx) {
    for (const [at, tag] of [
      [5, 'ping'],
      [6, 'ping'],
      [20, 'pay'],
      [110, 'pay'],
      [310, 'pay'],
      [460, 'ping'],
    ] as const) {
      ctx.setTimer(at, tag);
    }
    return { pending: 0, pings: 0 };
  },
  onTimer(state, timer, ctx) {
    if (timer.tag === 'ping') ctx.send('p', 'ping', { n: state.pings++ });
    if (timer.tag === 'pay') {
      ctx.call('s', 'pay', { amount: 5 }, { deadlineMs: 50 });
      state.pending++;
    }
    return state;
  },
  onOutcome(state) {
    state.pending--;
    return state;
  },
  onSignal(state, signal, ctx) {
    ctx.emit('signalled', { signal });
    return state;
  },
  label: (state) => (state.pending > 0 ? 'waiting' : 'idle'),
};

const server: Behaviour<null> = {
  kind: 'server',
  init: () => null,
  onRequest(state, request, ctx) {
    ctx.effect(request, { amount: (request.args as { amount: number }).amount });
    ctx.reply(request, { ok: true, value: 'receipt' });
    return state;
  },
};

const peer: Behaviour<null> = {
  kind: 'peer',
  init: () => null,
  onMessage(state, delivery, ctx) {
    if (delivery.label === 'ping') ctx.send('c', 'pong');
    return state;
  },
};

const tourInterventions: Intervention[] = [
  { at: 1, kind: 'skew', node: 'c', offsetMs: 5 },
  { at: 2, kind: 'set-param', name: 'mode', value: 'x' },
  { at: 3, kind: 'drop-next', from: 'c', to: 'p' },
  { at: 100, kind: 'partition', from: 'c', to: 's', oneWay: true },
  { at: 200, kind: 'heal', from: 'c', to: 's', oneWay: true },
  { at: 300, kind: 'crash', node: 's' },
  { at: 400, kind: 'recover', node: 's' },
  { at: 450, kind: 'pause', node: 'p' },
  { at: 500, kind: 'resume', node: 'p' },
  { at: 600, kind: 'signal', node: 'c', signal: 'hello' },
];

const tour: RunInput = {
  seed: 1,
  params: { mode: 'plain' },
  interventions: tourInterventions,
  scenario: () => ({
    nodes: [
      { name: 'c', behaviour: client },
      { name: 's', behaviour: server },
      { name: 'p', behaviour: peer, clock: { resync: { everyMs: 250, errorMs: 2 } } },
    ],
    network: { latencyMs: 10, jitterMs: 0, loss: 0, duplicate: 0 },
    links: [
      { from: 'c', to: 'p', duplicate: 1 },
      { from: 'p', to: 'c', loss: 1 },
      { from: 'c', to: 's' },
      { from: 's', to: 'c' },
    ],
  }),
};

const BASE = ['type', 'seq', 't', 'node', 'local'];
/** The contract's fields by type; `call?` is present exactly when the message belongs to a call. */
const FIELDS: Record<string, string[]> = {
  send: ['msg', 'to', 'label', 'call?'],
  deliver: ['msg', 'from', 'label', 'call?', 'sendSeq'],
  drop: ['msg', 'from', 'label', 'call?', 'reason'],
  duplicate: ['msg', 'of', 'label', 'call?'],
  timer: ['timer', 'tag'],
  crash: [],
  recover: [],
  pause: [],
  resume: [],
  partition: ['from', 'to'],
  heal: ['from', 'to'],
  clock: ['reason', 'offsetMs', 'driftPpm', 'jumpMs', 'baseTrue', 'baseMono', 'rate'],
  state: ['label'],
  call: ['call', 'request', 'from', 'to', 'op'],
  outcome: ['call', 'request', 'from', 'to', 'op', 'result', 'reason'],
  effect: ['call', 'request', 'op', 'amount'],
  param: ['name', 'value'],
  intervention: ['kind'], // plus the echoed fields, checked below
  signalled: ['signal'],
};

describe('the trace contract: the JSON shape of each event type', () => {
  const trace = runTrace(tour, 700);
  const events = trace.slice();

  it('has every type, and each type has exactly its contract fields, type first', () => {
    const seen = new Set(events.map((e) => e.type));
    expect([...seen].sort()).toEqual(Object.keys(FIELDS).sort());
    for (const ev of events) {
      const keys = Object.keys(ev);
      expect(keys[0], JSON.stringify(ev)).toBe('type');
      const wanted = FIELDS[ev.type]!;
      const required = wanted.filter((f) => !f.endsWith('?'));
      const optional = wanted.filter((f) => f.endsWith('?')).map((f) => f.slice(0, -1));
      const rest = keys.filter((k) => !BASE.includes(k));
      const extra = rest.filter((k) => !required.includes(k) && !optional.includes(k));
      if (ev.type !== 'intervention') expect(extra, `unexpected fields in ${JSON.stringify(ev)}`).toEqual([]);
      for (const f of [...BASE, ...required])
        expect(keys, `${f} missing in ${JSON.stringify(ev)}`).toContain(f);
    }
  });

  it('numbers seqs 0, 1, 2, ... in time order, with node names and numeric times', () => {
    events.forEach((ev, k) => {
      expect(ev.seq).toBe(k);
      expect(['c', 's', 'p']).toContain(ev.node);
      expect(Number.isFinite(ev.t) && Number.isFinite(ev.local)).toBe(true);
      if (k > 0) expect(ev.t).toBeGreaterThanOrEqual(events[k - 1]!.t);
    });
  });

  it('marks messages of a call with `call`, and only those', () => {
    for (const ev of events) {
      if (ev.type !== 'send' && ev.type !== 'deliver' && ev.type !== 'drop' && ev.type !== 'duplicate')
        continue;
      const ofCall = ev.label.startsWith('pay');
      expect('call' in ev, JSON.stringify(ev)).toBe(ofCall);
    }
  });

  it('names all four drop reasons', () => {
    const reasons = trace.ofType('drop').map((d) => d.reason);
    expect(new Set(reasons)).toEqual(new Set(['loss', 'cut', 'crashed', 'dropped-by-you']));
  });

  it('has one outcome per call: success, unknown (cut), failure (refused)', () => {
    const outcomes = trace.ofType('outcome').map((o) => [o.call, o.result, o.reason]);
    expect(outcomes).toEqual([
      [1, 'success', 'reply arrived in time'],
      [2, 'unknown', 'deadline passed'],
      [3, 'failure', 'refused: server down'],
    ]);
  });

  it('echoes interventions, and gives clock and param events their fields', () => {
    // The echo is the input without `at` (that is `t`); a node-targeted one's `node` is the event's node.
    const ivs = trace.ofType('intervention');
    expect(ivs).toHaveLength(tourInterventions.length);
    ivs.forEach((ev, k) => {
      const { at, ...rest } = tourInterventions[k]!;
      const { type: _y, seq: _s, t, node, local: _l, ...echo } = ev;
      expect(t).toBe(at);
      expect({ ...echo, ...('node' in rest ? { node } : {}) }).toEqual(rest);
    });
    const skew = trace.ofType('clock').find((c) => c.reason === 'skew')!;
    expect(skew).toMatchObject({ node: 'c', t: 1, jumpMs: 5, offsetMs: 5, driftPpm: 0, rate: 1 });
    expect(trace.ofType('param')).toMatchObject([{ name: 'mode', value: 'x', t: 2 }]);
    expect(
      trace
        .ofType('clock')
        .filter((c) => c.reason === 'resync')
        .map((c) => [c.node, c.t]),
    ).toEqual([
      ['p', 250],
      ['p', 500],
    ]);
  });

  it('reads custom events with ofType, and typeName gives their name', () => {
    const custom = trace.ofType('signalled');
    expect(custom).toMatchObject([{ type: 'signalled', node: 'c', signal: 'hello', t: 600 }]);
    expect(trace.typeName(custom[0]!.seq)).toBe('signalled');
  });

  it('exports JSON Lines that parse back to the same events', () => {
    const lines = trace.toJSONL().trimEnd().split('\n');
    expect(lines).toHaveLength(trace.length);
    lines.forEach((line, k) => expect(JSON.parse(line)).toEqual(events[k]));
    expect(trace.toJSONL(3, 5)).toBe(lines.slice(3, 5).join('\n') + '\n');
  });
});

// ---------------------------------------------------------------- the columnar store

interface RawEvent {
  type: EventCode;
  t: number;
  node: number;
  a: number;
  b: number;
  c: number;
  d: string | undefined;
  e: number;
  detail: Record<string, unknown> | undefined;
}

const word = fc.constantFrom('ping', 'pay', 'loss', 'cut', 'suspect', 'write');
const rawEvent: fc.Arbitrary<RawEvent> = fc
  .record({
    type: fc.constantFrom(...(Object.values(EV) as EventCode[])),
    dt: fc.oneof(fc.constant(0), fc.double({ min: 0, max: 50, noNaN: true })),
    node: fc.nat({ max: 2 }),
    a: fc.integer({ min: -1, max: 100 }),
    b: fc.integer({ min: -1, max: 2 }),
    c: fc.integer({ min: -1, max: 20 }),
    d: fc.option(word, { nil: undefined }),
    e: fc.integer({ min: -1, max: 2 }),
    detail: fc.option(fc.dictionary(word, fc.oneof(fc.integer(), word)), { nil: undefined }),
  })
  .map(({ dt, ...ev }) => ({ ...ev, t: dt }));

/** A drop's `e` in [-1, 2] picks one of these, so each value means a different reason. */
const DROP_REASONS = ['loss', 'cut', 'crashed', 'dropped-by-you'];

/** Builds a trace from events whose times are deltas; `first` strings are interned first (any order). */
function build(events: RawEvent[], first: string[] = []): Trace {
  const trace = new Trace(['x', 'y', 'z']);
  for (const s of first) trace.intern(s);
  let t = 0;
  for (const ev of events) {
    t += ev.t;
    // Drop reasons are strings (the contract's `reason`); custom events need a name.
    const e = ev.type === EV.drop ? trace.intern(DROP_REASONS[ev.e + 1]!) : ev.e;
    const d = ev.d !== undefined ? trace.intern(ev.d) : ev.type === EV.custom ? trace.intern('custom') : -1;
    trace.push(ev.type, t, ev.node, t * 1.0001 + 3, ev.a, ev.b, ev.c, d, e, ev.detail);
  }
  return trace;
}

describe('Trace', () => {
  it('hashes equal content equally, even when its strings were interned in another order', () => {
    fc.assert(
      fc.property(
        fc.array(rawEvent, { maxLength: 60 }),
        fc.shuffledSubarray(['ping', 'pay', 'write', ...DROP_REASONS]),
        (events, first) => {
          const x = build(events);
          const y = build(events, first);
          expect(y.toJSONL()).toBe(x.toJSONL());
          expect(y.hash()).toBe(x.hash());
        },
      ),
    );
  });

  it('hashes different content differently', () => {
    const mutation = fc.record({
      index: fc.nat(),
      field: fc.constantFrom('t', 'node', 'a', 'b', 'c', 'd', 'e', 'detail', 'type'),
    });
    fc.assert(
      fc.property(
        fc.array(rawEvent, { minLength: 1, maxLength: 40 }),
        mutation,
        (events, { index, field }) => {
          const k = index % events.length;
          const changed = events.map((ev) => ({ ...ev }));
          const ev = changed[k]!;
          switch (field) {
            case 't':
              ev.t += 0.5;
              break;
            case 'node':
              ev.node = (ev.node + 1) % 3;
              break;
            case 'a':
            case 'b':
            case 'c':
              ev[field] += 1;
              break;
            case 'd':
              ev.d = ev.d === 'ping' ? 'pay' : 'ping';
              break;
            case 'e':
              ev.e = ev.e === 2 ? 1 : ev.e + 1;
              break;
            case 'detail':
              ev.detail = { ...ev.detail, extra: 1 };
              break;
            case 'type':
              ev.type = ((ev.type + 1) % EVENT_NAMES.length) as EventCode;
              break;
          }
          const x = build(events);
          const y = build(changed);
          expect(y.hash(), `changing ${field} of event ${k}`).not.toBe(x.hash());
        },
      ),
    );
  });

  it('truncates: the kept prefix is unchanged, details of dropped events are gone, appends resume', () => {
    fc.assert(
      fc.property(
        fc.array(rawEvent, { maxLength: 50 }),
        fc.array(rawEvent, { maxLength: 50 }),
        (head, tail) => {
          const whole = build([...head, ...tail]);
          const prefix = build(head);
          whole.truncate(head.length);
          expect(whole.length).toBe(head.length);
          expect(whole.toJSONL()).toBe(prefix.toJSONL());
          expect(whole.hash()).toBe(prefix.hash());
          expect(() => whole.get(head.length)).toThrow(RangeError);
          // Appending detail-free events where detailed ones were must not resurrect old details.
          let t = head.length > 0 ? whole.time(head.length - 1) : 0;
          for (const _ of tail) {
            whole.push(EV.param, t, 0, t);
            prefix.push(EV.param, t, 0, t);
            t += 1;
          }
          expect(whole.toJSONL()).toBe(prefix.toJSONL());
          expect(whole.hash()).toBe(prefix.hash());
          whole.truncate(whole.length + 5); // beyond the end: nothing happens
          expect(whole.length).toBe(head.length + tail.length);
        },
      ),
    );
  });

  it('truncates across chunk boundaries', () => {
    const trace = new Trace(['x']);
    const n = 40_000; // more than two 16k chunks
    for (let k = 0; k < n; k++) trace.push(EV.timer, k, 0, k, k, -1, -1, trace.intern('tick'));
    const full = trace.hash();
    trace.truncate(20_000);
    expect(trace.length).toBe(20_000);
    expect(trace.get(19_999)).toMatchObject({ type: 'timer', timer: 19_999, t: 19_999 });
    for (let k = 20_000; k < n; k++) trace.push(EV.timer, k, 0, k, k, -1, -1, trace.intern('tick'));
    expect(trace.hash()).toBe(full);
  });

  it('upperBound is the index of the first event after a time', () => {
    const times = fc.array(
      fc.oneof(fc.integer({ min: 0, max: 10 }), fc.double({ min: 0, max: 10, noNaN: true })),
      {
        maxLength: 80,
      },
    );
    fc.assert(
      fc.property(
        times,
        fc.oneof(fc.integer({ min: -1, max: 11 }), fc.double({ min: -1, max: 11, noNaN: true })),
        (ts, q) => {
          const sorted = [...ts].sort((x, y) => x - y);
          const trace = new Trace(['x']);
          for (const t of sorted) trace.push(EV.crash, t, 0, t);
          const linear = sorted.findIndex((t) => t > q);
          expect(trace.upperBound(q)).toBe(linear === -1 ? sorted.length : linear);
          for (const t of sorted) expect(trace.time(trace.upperBound(t) - 1)).toBe(t);
        },
      ),
    );
  });

  it('rounds t and local to microseconds in the JSON, but hashes the exact values', () => {
    const x = new Trace(['x']);
    const y = new Trace(['x']);
    x.push(EV.crash, 1.00049, 0, 2);
    y.push(EV.crash, 1.0004, 0, 2);
    expect(x.get(0)).toMatchObject({ t: 1, local: 2 });
    expect(x.toJSONL()).toBe(y.toJSONL());
    expect(x.hash()).not.toBe(y.hash());
  });

  it('finds custom events named like Object.prototype members', () => {
    const trace = new Trace(['x']);
    trace.push(EV.custom, 0, 0, 0, -1, -1, -1, trace.intern('constructor'), -1, { n: 1 });
    trace.push(EV.custom, 0, 0, 0, -1, -1, -1, trace.intern('toString'), -1, { n: 2 });
    expect(trace.ofType('constructor')).toMatchObject([{ type: 'constructor', n: 1 }]);
    expect(trace.ofType('toString')).toMatchObject([{ type: 'toString', n: 2 }]);
  });
});
