import { describe, expect, it } from 'vitest';
import { type Intervention, type LessonDef, type ParamValue, type TraceEvent } from '../../engine/index.ts';
import threeOutcomes from '../../../lessons/three-outcomes/lesson.ts';
import idempotency from '../../../lessons/idempotency/lesson.ts';
import { runLesson } from '../../../tests/support/lesson-runs.ts';
import { explain, explainEvidence, findAnomalies, type Explanation } from './why.ts';

const run = (
  lesson: LessonDef,
  interventions: Intervention[],
  params: Record<string, ParamValue> = {},
  untilMs?: number,
): TraceEvent[] => runLesson(lesson, { interventions, params, untilMs }).events;

const first = (events: TraceEvent[], pred: (e: TraceEvent) => boolean): TraceEvent => {
  const e = events.find(pred);
  if (!e) throw new Error('no such event');
  return e;
};

/** Every link that names an event names one that exists, and the chain reads in time order. */
function expectWellFormed(x: Explanation, events: TraceEvent[]): void {
  const seqs = x.links.flatMap((l) => (l.seq === undefined ? [] : [l.seq]));
  for (const s of seqs) expect(events[s], `link to event ${s}`).toBeDefined();
  const body = x.links.slice(0, -1).flatMap((l) => (l.seq === undefined ? [] : [events[l.seq]!.t]));
  expect([...body].sort((a, b) => a - b)).toEqual(body);
  for (const l of x.links) expect(l.text).toMatch(/^[A-Z]/);
}

const texts = (x: Explanation) => x.links.map((l) => l.text).join('\n');
const linkTo = (x: Explanation, seq: number) => x.links.find((l) => l.seq === seq);

describe('why: three outcomes', () => {
  it('an unknown whose charge was applied: the response was dropped, the deadline passed, the server did charge', () => {
    const events = run(
      threeOutcomes,
      [{ at: 100, kind: 'drop-next', from: 'server', to: 'client' }],
      {},
      3000,
    );
    const outcome = first(events, (e) => e.type === 'outcome');
    const x = explain(events, outcome.seq)!;
    expect(x.kind).toBe('unknown');
    expect(x.anomaly).toBe(true);
    expect(x.title).toMatch(/unknown \(yet it happened\)/);
    const drop = first(events, (e) => e.type === 'drop');
    const effect = first(events, (e) => e.type === 'effect');
    const iv = first(events, (e) => e.type === 'intervention');
    expect(linkTo(x, iv.seq)?.text).toMatch(
      /you asked for the next message from the server to the client to be dropped/i,
    );
    expect(linkTo(x, drop.seq)?.text).toMatch(/reply to call 1 never arrived: you dropped it/);
    expect(linkTo(x, effect.seq)?.text).toMatch(/carried out the charge/);
    expect(texts(x)).toMatch(/deadline passed/);
    expect(x.links.at(-1)!.text).toMatch(/did carry out the charge: unknown, and it happened/);
    expectWellFormed(x, events);
  });

  it('an unknown whose charge was not applied: the request was lost on the way', () => {
    const events = run(
      threeOutcomes,
      [{ at: 100, kind: 'drop-next', from: 'client', to: 'server' }],
      {},
      3000,
    );
    const outcome = first(events, (e) => e.type === 'outcome');
    const x = explain(events, outcome.seq)!;
    expect(x.kind).toBe('unknown');
    expect(x.title).toMatch(/did not happen/);
    const drop = first(events, (e) => e.type === 'drop');
    expect(linkTo(x, drop.seq)?.text).toMatch(/request never arrived: you dropped it/);
    expect(x.links.at(-1)!.text).toMatch(/never carried out the charge/);
    expectWellFormed(x, events);
  });

  it('a slow server: at the deadline the truth is not known yet; later, the late charge shows', () => {
    const all = run(
      threeOutcomes,
      [{ at: 100, kind: 'signal', node: 'server', signal: 'slow-next' }],
      {},
      4000,
    );
    const outcome = first(all, (e) => e.type === 'outcome');
    // The trace at the cursor, just after the client gave up.
    const atCursor = all.slice(0, outcome.seq + 1);
    const early = explain(atCursor, outcome.seq)!;
    expect(early.title).not.toMatch(/happened/);
    expect(early.links.at(-1)!.text).toMatch(/cannot know whether it will/);
    const late = explain(all, outcome.seq)!;
    expect(late.title).toMatch(/yet it happened/);
    expect(texts(late)).toMatch(/only answered at .*after the client had stopped waiting/);
  });

  it('a crash: the link names the crash and the refusal', () => {
    const events = run(threeOutcomes, [{ at: 520, kind: 'crash', node: 'server' }], {}, 2000);
    const outcome = first(events, (e) => e.type === 'outcome');
    const x = explain(events, outcome.seq)!;
    expect(x.kind).toBe('failure');
    const crash = first(events, (e) => e.type === 'crash');
    expect(linkTo(x, crash.seq)?.text).toMatch(/the server crashed/i);
    expect(texts(x)).toMatch(/receiver was down/);
  });

  it('a cut link is named in the chain', () => {
    const events = run(
      threeOutcomes,
      [{ at: 100, kind: 'partition', from: 'server', to: 'client', oneWay: true }],
      {},
      3000,
    );
    const outcome = first(events, (e) => e.type === 'outcome');
    const x = explain(events, outcome.seq)!;
    const cut = first(events, (e) => e.type === 'partition');
    expect(linkTo(x, cut.seq)?.text).toMatch(/link from the server to the client was cut at 100 ms/);
    expect(texts(x)).toMatch(/never arrived: the link was cut/);
  });

  it("the step's evidence picks the explanation of the outcome, and findAnomalies lists it", () => {
    const step = threeOutcomes.steps.find((s) => s.id === 'unknown-not-applied')!;
    const events = run(threeOutcomes, step.solution.interventions, {}, 3000);
    const outcome = first(events, (e) => e.type === 'outcome');
    const drop = first(events, (e) => e.type === 'drop');
    expect(explainEvidence(events, [drop.seq, outcome.seq])?.seq).toBe(outcome.seq);
    expect(findAnomalies(events).map((a) => a.seq)).toEqual([outcome.seq]);
  });

  it('a plain success is not an anomaly', () => {
    const events = run(threeOutcomes, [], {}, 3000);
    expect(findAnomalies(events)).toEqual([]);
    const outcome = first(events, (e) => e.type === 'outcome');
    expect(explain(events, outcome.seq)?.kind).toBe('success');
  });
});

describe('why: idempotency', () => {
  it('a double charge: response dropped, deadline passed, retried with the same request, charged again', () => {
    const events = run(idempotency, [{ at: 100, kind: 'drop-next', from: 'server', to: 'client' }], {}, 3000);
    const effects = events.filter((e) => e.type === 'effect');
    expect(effects.length).toBeGreaterThanOrEqual(2);
    const x = explainEvidence(
      events,
      effects.map((e) => e.seq),
    )!;
    expect(x.kind).toBe('double');
    expect(x.title).toBe('The charge for request 1 was carried out twice');
    const drop = first(events, (e) => e.type === 'drop');
    const unknown = first(events, (e) => e.type === 'outcome' && e.result === 'unknown');
    const retry = events.filter((e) => e.type === 'call')[1]!;
    expect(x.links.map((l) => l.seq)).toEqual(
      expect.arrayContaining([effects[0]!.seq, drop.seq, unknown.seq, retry.seq, effects[1]!.seq]),
    );
    expect(linkTo(x, retry.seq)?.text).toMatch(/tried again: call 2, the same request 1/);
    expect(linkTo(x, effects[1]!.seq)?.text).toMatch(/again .*nothing told it this was a repeat/);
    expect(x.links.at(-1)!.text).toBe('So one request was carried out twice.');
    expectWellFormed(x, events);
    // The first charge alone explains nothing: it is not an anomaly.
    expect(explain(events, effects[0]!.seq)).toBeNull();
    expect(findAnomalies(events)[0]!.kind).toBe('double');
  });

  it('with the idempotency key, the retry that reaches the server is answered from the saved result', () => {
    const events = run(
      idempotency,
      [{ at: 100, kind: 'drop-next', from: 'server', to: 'client' }],
      { idempotencyKey: true },
      3000,
    );
    const calls = events.filter((e) => e.type === 'call');
    const retryDelivery = first(
      events,
      (e) => e.type === 'deliver' && e.node === 'server' && 'call' in e && e.call === calls[1]!.call,
    );
    const x = explain(events, retryDelivery.seq)!;
    expect(x.kind).toBe('repeat-absorbed');
    expect(x.anomaly).toBe(false);
    const replay = first(events, (e) => (e.type as string) === 'replay');
    expect(linkTo(x, replay.seq)?.text).toMatch(
      /recognised the request id and sent back the answer it had saved/,
    );
    expect(x.links.at(-1)!.text).toBe('One request, carried out once.');
    expect(findAnomalies(events).some((a) => a.kind === 'double')).toBe(false);
    expectWellFormed(x, events);
  });

  it('works on a window of the trace that does not start at seq 0', () => {
    const events = run(idempotency, [{ at: 100, kind: 'drop-next', from: 'server', to: 'client' }], {}, 3000);
    const window = events.slice(3);
    const second = events.filter((e) => e.type === 'effect')[1]!;
    const x = explain(window, second.seq)!;
    expect(x.kind).toBe('double');
    expect(x.seq).toBe(second.seq);
  });
});
