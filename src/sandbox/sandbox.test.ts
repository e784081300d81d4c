import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runTrace } from '../engine/simulation.ts';
import { checkTrace } from '../engine/testing/invariants.ts';
import { checkProperty } from '../engine/testing/property.ts';
import type { Intervention } from '../engine/types.ts';
import { compileScenario, problemsOf, sandboxRunInput } from './compile.ts';
import { DEFAULT_LINK, emptyDoc, parseSandboxDoc, type SandboxDoc, type SandboxNode } from './document.ts';
import { applyEdit, perform, redo, startHistory, undo, type Edit, type History } from './edits.ts';
import { LIBRARY } from './library.ts';
import { encodeSandboxQuery } from './link.ts';
import { parseSandboxQuery } from './open-link.ts';

const FILE = 'src/sandbox/sandbox.test.ts';

const node = (name: string, behaviour: string, x = 0.5, y = 0.5): SandboxNode => ({
  name,
  behaviour,
  settings: {},
  clock: { offsetMs: 0, driftPpm: 0 },
  x,
  y,
});

function build(edits: Edit[], doc: SandboxDoc = emptyDoc()): SandboxDoc {
  let h = startHistory(doc);
  for (const e of edits) {
    const r = perform(h, e);
    if (!r.ok) throw new Error(r.error);
    h = r.history;
  }
  return h.doc;
}

/** A client calling a payment server, both ways linked. */
const payments = (settings: Record<string, number | boolean> = {}, server: Record<string, boolean> = {}) =>
  build([
    { kind: 'add-node', node: { ...node('c1', 'client', 0.2), settings } },
    { kind: 'add-node', node: { ...node('pay', 'payment-server', 0.8), settings: server } },
    { kind: 'add-link', link: { from: 'c1', to: 'pay', ...DEFAULT_LINK } },
    { kind: 'add-link', link: { from: 'pay', to: 'c1', ...DEFAULT_LINK } },
  ]);

const charges = (doc: SandboxDoc, untilMs = 20_000) =>
  runTrace(sandboxRunInput(doc), untilMs)
    .slice()
    .filter((e) => e.type === 'effect').length;

describe('the sandbox', () => {
  it('says what a node lacks, and lets it wait instead of failing the run', () => {
    const doc = build([{ kind: 'add-node', node: node('c1', 'client') }]);
    expect(problemsOf(doc)).toEqual([
      {
        node: 'c1',
        message:
          'c1 needs a server to call: draw a link from c1 to a Payment server, Queue, Circuit breaker, Saga orchestrator or Primary',
      },
    ]);
    const trace = runTrace(sandboxRunInput(doc), 2000);
    expect(trace.slice().some((e) => e.type === 'call')).toBe(false);
    expect(problemsOf(payments())).toEqual([]);
  });

  it('runs a client against a payment server: one charge per request on a clean network', () => {
    expect(charges(payments({ requests: 5 }))).toBe(5);
  });

  it('charges twice without an idempotency key when the answer is lost, and once with one', () => {
    // Every answer from the server is lost for the first two seconds: the first request is retried.
    const lossy = (key: boolean, idempotent: boolean): SandboxDoc => {
      const doc = payments({ requests: 1, retries: 2, idempotencyKey: key }, { idempotent });
      const cut: Intervention = { at: 0, kind: 'partition', from: 'pay', to: 'c1', oneWay: true };
      const heal: Intervention = { at: 1200, kind: 'heal', from: 'pay', to: 'c1', oneWay: true };
      return build(
        [
          { kind: 'add-intervention', intervention: cut },
          { kind: 'add-intervention', intervention: heal },
        ],
        doc,
      );
    };
    expect(charges(lossy(false, false))).toBeGreaterThan(1);
    expect(charges(lossy(false, true))).toBeGreaterThan(1); // a new id each try: the server cannot tell
    expect(charges(lossy(true, true))).toBe(1);
  });

  it('refuses damaged documents with a sentence, and keeps a good one as it was', () => {
    const good = payments({ retries: 1 });
    expect(parseSandboxDoc(JSON.parse(JSON.stringify(good)))).toEqual({ ok: true, doc: good });
    const cases: [unknown, RegExp][] = [
      [null, /damaged/],
      [{ ...good, version: 9 }, /newer Roundtrip/],
      [
        { ...good, nodes: [{ ...good.nodes[0], behaviour: 'constructor' }] },
        /no behaviour called "constructor"/,
      ],
      [{ ...good, nodes: [{ ...good.nodes[0], name: '__proto__' }] }, /not a node name/],
      [{ ...good, nodes: [good.nodes[0], good.nodes[0]] }, /already a node called c1/],
      [{ ...good, nodes: [{ ...good.nodes[0], settings: { retries: 99 } }] }, /c1: .*retries/i],
      [{ ...good, nodes: [{ ...good.nodes[0], settings: { toString: 1 } }] }, /c1: /],
      [{ ...good, nodes: [{ ...good.nodes[0], clock: { offsetMs: 0, driftPpm: -1_000_000 } }] }, /drift/],
      [{ ...good, links: [{ ...good.links[0], to: 'nobody' }] }, /"nobody", which is not a node/],
      [{ ...good, interventions: [{ at: 5, kind: 'crash', node: 'ghost' }] }, /ghost/],
    ];
    for (const [data, message] of cases) {
      const r = parseSandboxDoc(data);
      expect(r.ok, JSON.stringify(data)).toBe(false);
      if (!r.ok) expect(r.error).toMatch(message);
    }
  });

  it('refuses an edit that would break the document, and leaves the history as it was', () => {
    const h = startHistory(payments());
    for (const bad of [
      { kind: 'add-node', node: node('c1', 'client') },
      { kind: 'add-node', node: node('x', 'no-such-behaviour') },
      { kind: 'add-link', link: { from: 'c1', to: 'c1', ...DEFAULT_LINK } },
      { kind: 'set-setting', name: 'c1', setting: 'retries', value: -1 },
      { kind: 'set-clock', name: 'c1', offsetMs: 0, driftPpm: 2_000_000 },
      { kind: 'remove-node', name: 'hasOwnProperty' },
    ] satisfies Edit[]) {
      const r = perform(h, bad);
      expect(r.ok, JSON.stringify(bad)).toBe(false);
    }
  });

  it('removing a node takes its links and interventions along, and undo puts each back in its place', () => {
    const doc = build(
      [
        { kind: 'add-node', node: node('w', 'heartbeat-worker') },
        { kind: 'add-node', node: node('m', 'heartbeat-monitor') },
        { kind: 'add-link', link: { from: 'w', to: 'm', ...DEFAULT_LINK } },
        { kind: 'add-intervention', intervention: { at: 1000, kind: 'crash', node: 'w' } },
        { kind: 'add-intervention', intervention: { at: 2000, kind: 'partition', from: 'c1', to: 'pay' } },
        { kind: 'add-intervention', intervention: { at: 3000, kind: 'recover', node: 'w' } },
      ],
      payments(),
    );
    const r = applyEdit(doc, { kind: 'remove-node', name: 'w' });
    if (!r.ok) throw new Error(r.error);
    expect(r.doc.links.some((l) => l.from === 'w' || l.to === 'w')).toBe(false);
    expect(r.doc.interventions).toEqual([{ at: 2000, kind: 'partition', from: 'c1', to: 'pay' }]);
    const back = applyEdit(r.doc, r.inverse);
    expect(back.ok && back.doc).toEqual(doc);
  });

  it('a heartbeat monitor suspects a crashed worker after its timeout', () => {
    const doc = build([
      { kind: 'add-node', node: node('w', 'heartbeat-worker') },
      { kind: 'add-node', node: node('m', 'heartbeat-monitor') },
      { kind: 'add-link', link: { from: 'w', to: 'm', ...DEFAULT_LINK } },
      { kind: 'add-intervention', intervention: { at: 1000, kind: 'crash', node: 'w' } },
    ]);
    const suspect = runTrace(sandboxRunInput(doc), 5000)
      .slice()
      .find((e) => (e.type as string) === 'suspect');
    expect(suspect).toBeDefined();
    // Silence since the last beat before the crash, plus the 600 ms timeout.
    expect(suspect!.t).toBeGreaterThan(1000);
    expect(suspect!.t).toBeLessThan(1000 + 600 + 200 + 60);
  });
});

// ------------------------------------------------------------------ random edit sequences

/** Turns a random number into an edit that makes sense for `doc` (or one that may be refused). */
function editFor(doc: SandboxDoc, pick: number[]): Edit {
  const at = (k: number, n: number) => (n === 0 ? 0 : pick[k]! % n);
  const names = doc.nodes.map((n) => n.name);
  const some = (k: number) => names[at(k, names.length)] ?? 'n0';
  switch (pick[0]! % 11) {
    case 0:
    case 1: {
      const entry = LIBRARY[at(1, LIBRARY.length)]!;
      return { kind: 'add-node', node: node(`n${pick[2]! % 30}`, entry.id, (pick[3]! % 100) / 100, 0.5) };
    }
    case 2:
      return { kind: 'remove-node', name: some(1) };
    case 3:
      return { kind: 'move-node', name: some(1), x: (pick[2]! % 101) / 100, y: (pick[3]! % 101) / 100 };
    case 4:
    case 5:
      return {
        kind: 'add-link',
        link: { from: some(1), to: some(2), ...DEFAULT_LINK, loss: (pick[3]! % 5) / 10 },
      };
    case 6: {
      const l = doc.links[at(1, doc.links.length)];
      return l
        ? { kind: 'remove-link', from: l.from, to: l.to }
        : { kind: 'remove-link', from: 'a', to: 'b' };
    }
    case 7: {
      const n = doc.nodes[at(1, doc.nodes.length)];
      const entry = LIBRARY.find((e) => e.id === n?.behaviour) ?? LIBRARY[0]!;
      const settings = Object.keys(entry.settings);
      const setting = settings[at(2, settings.length)];
      // A behaviour without settings (a replica): an edit of one it lacks, which must be refused.
      if (setting === undefined) return { kind: 'set-setting', name: some(1), setting: 'none', value: 1 };
      const spec = entry.settings[setting]!;
      const value = spec.kind === 'number' ? spec.min + (pick[3]! % 5) * spec.step : pick[3]! % 2 === 0;
      return { kind: 'set-setting', name: some(1), setting, value: pick[4]! % 4 === 0 ? undefined : value };
    }
    case 8:
      return {
        kind: 'set-clock',
        name: some(1),
        offsetMs: (pick[2]! % 200) - 100,
        driftPpm: (pick[3]! % 2000) - 1000,
      };
    case 9:
      return {
        kind: 'add-intervention',
        intervention:
          pick[2]! % 2 === 0
            ? { at: pick[3]! % 5000, kind: 'crash', node: some(1) }
            : { at: pick[3]! % 5000, kind: 'partition', from: some(1), to: some(4) },
      };
    default:
      return doc.interventions.length && pick[2]! % 2 === 0
        ? { kind: 'move-intervention', index: at(1, doc.interventions.length), at: pick[3]! % 5000 }
        : { kind: 'remove-intervention', index: at(1, doc.interventions.length + 1) };
  }
}

const editPicks = fc.array(fc.array(fc.nat(), { minLength: 5, maxLength: 5 }), {
  minLength: 1,
  maxLength: 40,
});

describe('sandbox edits, over random sequences', () => {
  it('undoing every edit gives back the start, redoing every one gives back the end', () => {
    const name = 'undoing every edit gives back the start, redoing every one gives back the end';
    checkProperty(
      fc.property(editPicks, (picks) => {
        const start = payments();
        let h: History = startHistory(start);
        const seen: SandboxDoc[] = [start];
        for (const pick of picks) {
          const r = perform(h, editFor(h.doc, pick));
          if (!r.ok) continue;
          h = r.history;
          seen.push(h.doc);
          // Every document an edit makes survives a trip through JSON and the parser unchanged.
          expect(parseSandboxDoc(JSON.parse(JSON.stringify(h.doc)))).toEqual({ ok: true, doc: h.doc });
        }
        const end = h.doc;
        for (let k = seen.length - 1; k > 0; k--) {
          h = undo(h);
          expect(h.doc).toEqual(seen[k - 1]);
        }
        expect(undo(h)).toBe(h);
        for (let k = 1; k < seen.length; k++) h = redo(h);
        expect(h.doc).toEqual(end);
      }),
      { file: FILE, test: name },
      { numRuns: 200 },
    );
  });

  it('every document an edit sequence makes runs soundly, the same way twice', () => {
    const name = 'every document an edit sequence makes runs soundly, the same way twice';
    checkProperty(
      fc.property(editPicks, fc.nat(), (picks, seed) => {
        let h: History = startHistory(payments({ requests: 5, retries: 2 }));
        for (const pick of picks) {
          const r = perform(h, editFor(h.doc, pick));
          if (r.ok) h = r.history;
        }
        const doc = { ...h.doc, seed };
        const endMs = 6000;
        const trace = runTrace(sandboxRunInput(doc), endMs);
        expect(runTrace(sandboxRunInput(doc), endMs).hash()).toBe(trace.hash());
        const drift = Math.max(0, ...doc.nodes.map((n) => Math.abs(n.clock.driftPpm))) / 1e6;
        const delays = doc.links.map((l) => l.latencyMs + l.jitterMs);
        const problems = checkTrace(trace, {
          endMs,
          interventions: doc.interventions,
          maxDelayMs: Math.max(DEFAULT_LINK.latencyMs + DEFAULT_LINK.jitterMs, ...delays),
          settledBeforeMs: endMs - 1000,
          rateMin: 1 - drift,
          rateMax: 1 + drift,
        });
        expect(problems).toEqual([]);
        expect(compileScenario(doc).nodes.map((n) => n.name)).toEqual(doc.nodes.map((n) => n.name));
      }),
      { file: FILE, test: name },
      { numRuns: 60 },
    );
  });
});

describe('a sandbox link', () => {
  it('reopens the document it was made from, and refuses a damaged one with a reason', () => {
    const doc = payments({ retries: 3, idempotencyKey: true });
    const query = encodeSandboxQuery(doc);
    expect(parseSandboxQuery(query)).toEqual({ ok: true, doc });
    expect(parseSandboxQuery('?lesson=three-outcomes')).toEqual({ ok: 'absent' });
    expect(parseSandboxQuery(query.slice(0, -12))).toMatchObject({ ok: false, error: /damaged/ });
    expect(parseSandboxQuery('?sandbox=7&doc=x')).toMatchObject({ ok: false, error: /format 7/ });
    // The sandbox without a scenario is the way in from the home page: it opens the starter.
    expect(parseSandboxQuery('?sandbox=1')).toEqual({ ok: 'absent' });
    expect(parseSandboxQuery('?sandbox=1&doc=')).toMatchObject({ ok: false, error: /damaged/ });
  });

  it('reopens any document random edits make', () => {
    const name = 'reopens any document random edits make';
    checkProperty(
      fc.property(editPicks, (picks) => {
        let h: History = startHistory(payments());
        for (const pick of picks) {
          const r = perform(h, editFor(h.doc, pick));
          if (r.ok) h = r.history;
        }
        expect(parseSandboxQuery(encodeSandboxQuery(h.doc))).toEqual({ ok: true, doc: h.doc });
      }),
      { file: FILE, test: name },
      { numRuns: 100 },
    );
  });
});
