/**
 * The sandbox's build panel, where a lesson page has its step: add nodes from the library, connect
 * them, set each one's behaviour, settings and clock, each link's latency, jitter, loss and
 * duplication, and the faults on the timeline. Every change is an edit in the store's history, so
 * Undo and Redo (the buttons, Ctrl+Z and Ctrl+Shift+Z or Ctrl+Y) reach all of them, and the run
 * restarts from the changed document at the same moment.
 *
 * Plain form controls: each works with the keyboard and a screen reader as it stands.
 */
import { useEffect, useId, useState, type ReactNode } from 'react';
import type { Intervention, LinkProps, ParamValue } from '../../engine/index.ts';
import type { ParamSpec } from '../../engine/params.ts';
import { appStore, useApp } from '../../store/store.ts';
import { problemsOf } from '../../sandbox/compile.ts';
import type { Edit } from '../../sandbox/edits.ts';
import { checkInvariants } from '../../sandbox/guide.ts';
import { DEFAULT_LINK, emptyDoc, type SandboxDoc, type SandboxNode } from '../../sandbox/model.ts';
import { nextStep, type BuildStep } from '../../sandbox/next-step.ts';
import { LIBRARY, defaultSettings, libraryEntry } from '../../sandbox/library.ts';
import { formatMs } from '../../store/describe.ts';
import './sandbox.css';

/** Does an edit; a refusal is said where the learner is looking, in the notices. */
function edit(e: Edit): boolean {
  const why = appStore.getState().sandboxEdit(e);
  if (why) appStore.getState().notify(`Not done: ${why}.`, 'warning');
  return !why;
}

/** A number field that commits on Enter or leaving it, not on every keystroke (each commit reruns). */
function NumberField({
  label,
  value,
  min,
  max,
  step,
  unit,
  onCommit,
}: {
  label: string;
  value: number;
  min: number;
  max: number;
  step: number;
  unit?: string;
  onCommit(value: number): void;
}) {
  const id = useId();
  const [text, setText] = useState(String(value));
  useEffect(() => setText(String(value)), [value]);
  const commit = () => {
    const n = Number(text);
    if (text.trim() === '' || !Number.isFinite(n)) setText(String(value));
    else if (n !== value) onCommit(n);
  };
  return (
    <label className="sb-field" htmlFor={id}>
      <span>
        {label}
        {unit ? ` (${unit})` : ''}
      </span>
      <input
        id={id}
        type="number"
        inputMode="decimal"
        min={min}
        max={max}
        step={step}
        value={text}
        onChange={(e) => setText(e.target.value)}
        onBlur={commit}
        onKeyDown={(e) => {
          if (e.key === 'Enter') commit();
        }}
      />
    </label>
  );
}

function SettingField({ node, name, spec }: { node: SandboxNode; name: string; spec: ParamSpec }) {
  const entry = libraryEntry(node.behaviour)!;
  const value = Object.hasOwn(node.settings, name) ? node.settings[name]! : defaultSettings(entry)[name]!;
  const set = (v: ParamValue) => edit({ kind: 'set-setting', name: node.name, setting: name, value: v });
  if (spec.kind === 'boolean')
    return (
      <label className="sb-field sb-check" title={spec.description}>
        <input type="checkbox" checked={value === true} onChange={(e) => set(e.target.checked)} />
        <span>{spec.label}</span>
      </label>
    );
  if (spec.kind === 'choice')
    return (
      <label className="sb-field" title={spec.description}>
        <span>{spec.label}</span>
        <select value={String(value)} onChange={(e) => set(e.target.value)}>
          {spec.options.map((o) => (
            <option key={o}>{o}</option>
          ))}
        </select>
      </label>
    );
  return (
    <NumberField
      label={spec.label}
      unit={spec.unit === 'count' ? undefined : spec.unit}
      value={value as number}
      min={spec.min}
      max={spec.max}
      step={spec.step}
      onCommit={set}
    />
  );
}

function NodeCard({ node, problems }: { node: SandboxNode; problems: string[] }) {
  const entry = libraryEntry(node.behaviour);
  return (
    <li className="sb-card" data-testid={`sb-node-${node.name}`}>
      <div className="sb-card-top">
        <h4>
          {node.name} <span className="sb-kind">{entry?.label ?? node.behaviour}</span>
        </h4>
        <button
          type="button"
          className="btn small"
          onClick={() => edit({ kind: 'remove-node', name: node.name })}
          aria-label={`Remove ${node.name}`}
        >
          Remove
        </button>
      </div>
      {problems.map((p) => (
        <p key={p} className="sb-problem" role="note">
          <span aria-hidden="true">⚠ </span>
          {p}
        </p>
      ))}
      <div className="sb-fields">
        <label className="sb-field">
          <span>Behaviour</span>
          <select
            value={node.behaviour}
            onChange={(e) => edit({ kind: 'set-behaviour', name: node.name, behaviour: e.target.value })}
          >
            {LIBRARY.map((e) => (
              <option key={e.id} value={e.id}>
                {e.label}
              </option>
            ))}
          </select>
        </label>
      </div>
      {/* Folded: a newcomer needs the behaviour first; the numbers are there when wanted. */}
      <details className="sb-more">
        <summary>Settings and clock</summary>
        <div className="sb-fields">
          {entry &&
            Object.entries(entry.settings).map(([name, spec]) => (
              <SettingField key={name} node={node} name={name} spec={spec} />
            ))}
          <NumberField
            label="Clock offset"
            unit="ms"
            value={node.clock.offsetMs}
            min={-3_600_000}
            max={3_600_000}
            step={10}
            onCommit={(offsetMs) =>
              edit({ kind: 'set-clock', name: node.name, offsetMs, driftPpm: node.clock.driftPpm })
            }
          />
          <NumberField
            label="Clock drift"
            unit="ppm"
            value={node.clock.driftPpm}
            min={-100_000}
            max={100_000}
            step={100}
            onCommit={(driftPpm) =>
              edit({ kind: 'set-clock', name: node.name, offsetMs: node.clock.offsetMs, driftPpm })
            }
          />
        </div>
      </details>
    </li>
  );
}

/** The next free name for a node of `behaviour`: "client", then "client2", "client3"… */
function freeName(doc: SandboxDoc, behaviour: string): string {
  const base = behaviour.split('-')[0]!.slice(0, 12);
  const taken = new Set(doc.nodes.map((n) => n.name));
  if (!taken.has(base)) return base;
  for (let k = 2; ; k++) if (!taken.has(`${base}${k}`)) return `${base}${k}`;
}

/** Where a new node goes: round a circle, so none lands on another. */
function placeFor(doc: SandboxDoc): { x: number; y: number } {
  const k = doc.nodes.length;
  const angle = (k * 2.4) % (2 * Math.PI); // the golden angle spreads them out
  const r = 0.2 + 0.2 * ((k % 3) / 2);
  return { x: 0.5 + r * Math.cos(angle), y: 0.5 + r * Math.sin(angle) };
}

function AddNode({ doc }: { doc: SandboxDoc }) {
  const [behaviour, setBehaviour] = useState(LIBRARY[0]!.id);
  const entry = libraryEntry(behaviour)!;
  return (
    <form
      className="sb-row"
      aria-label="Add a node"
      onSubmit={(e) => {
        e.preventDefault();
        const name = freeName(doc, behaviour);
        const node: SandboxNode = {
          name,
          behaviour,
          settings: {},
          clock: { offsetMs: 0, driftPpm: 0 },
          ...placeFor(doc),
        };
        edit({ kind: 'add-node', node });
      }}
    >
      <label className="sb-field">
        <span>Behaviour</span>
        <select value={behaviour} onChange={(e) => setBehaviour(e.target.value)}>
          {LIBRARY.map((e) => (
            <option key={e.id} value={e.id}>
              {e.label}
            </option>
          ))}
        </select>
      </label>
      <button type="submit" className="btn primary">
        Add node
      </button>
      <p className="sb-summary">{entry.summary}</p>
    </form>
  );
}

function Connect({ doc }: { doc: SandboxDoc }) {
  const names = doc.nodes.map((n) => n.name);
  const [from, setFrom] = useState(names[0] ?? '');
  const [to, setTo] = useState(names[1] ?? '');
  const [bothWays, setBothWays] = useState(true);
  const pick = (value: string) => (names.includes(value) ? value : '');
  if (names.length < 2) return <p className="sb-summary">Add two nodes to connect them.</p>;
  // What the selects show is what Connect joins. Until one is picked, To offers what From needs (a
  // client's payment server), else the first other node.
  const a = pick(from) || names[0]!;
  const needs = libraryEntry(doc.nodes.find((n) => n.name === a)!.behaviour)?.peers ?? [];
  const wanted = doc.nodes.find((n) => n.name !== a && needs.some((p) => p.accepts.includes(n.behaviour)));
  const b = pick(to) && pick(to) !== a ? pick(to) : (wanted?.name ?? names.find((n) => n !== a)!);
  return (
    <form
      className="sb-row"
      aria-label="Connect two nodes"
      onSubmit={(e) => {
        e.preventDefault();
        const has = (x: string, y: string) => doc.links.some((l) => l.from === x && l.to === y);
        if (has(a, b) && (!bothWays || has(b, a))) {
          appStore.getState().notify(`Not done: ${a} and ${b} are already connected.`, 'warning');
          return;
        }
        if (!has(a, b)) edit({ kind: 'add-link', link: { from: a, to: b, ...DEFAULT_LINK } });
        if (bothWays && !has(b, a)) edit({ kind: 'add-link', link: { from: b, to: a, ...DEFAULT_LINK } });
      }}
    >
      <label className="sb-field">
        <span>From</span>
        <select value={a} onChange={(e) => setFrom(e.target.value)}>
          {names.map((n) => (
            <option key={n}>{n}</option>
          ))}
        </select>
      </label>
      <label className="sb-field">
        <span>To</span>
        <select value={b} onChange={(e) => setTo(e.target.value)}>
          {names
            .filter((n) => n !== a)
            .map((n) => (
              <option key={n}>{n}</option>
            ))}
        </select>
      </label>
      <label className="sb-field sb-check">
        <input type="checkbox" checked={bothWays} onChange={(e) => setBothWays(e.target.checked)} />
        <span>Both ways</span>
      </label>
      <button type="submit" className="btn primary">
        Connect
      </button>
    </form>
  );
}

/** A link's settings in one line: "20 ms ± 10 ms, no loss". */
function linkWords(l: LinkProps): string {
  const pct = (p: number) => `${Math.round(p * 100)}%`;
  const parts = [`${l.latencyMs} ms ± ${l.jitterMs} ms`, l.loss ? `${pct(l.loss)} lost` : 'no loss'];
  if (l.duplicate) parts.push(`${pct(l.duplicate)} duplicated`);
  return parts.join(', ');
}

function LinkCard({ link }: { link: SandboxDoc['links'][number] }) {
  const set = (change: Partial<LinkProps>) =>
    edit({
      kind: 'set-link',
      from: link.from,
      to: link.to,
      props: {
        latencyMs: link.latencyMs,
        jitterMs: link.jitterMs,
        loss: link.loss,
        duplicate: link.duplicate,
        ...change,
      },
    });
  return (
    <li className="sb-card">
      <div className="sb-card-top">
        <h4>
          {link.from} <span aria-label="to">→</span> {link.to}
        </h4>
        <button
          type="button"
          className="btn small"
          onClick={() => edit({ kind: 'remove-link', from: link.from, to: link.to })}
          aria-label={`Remove the link from ${link.from} to ${link.to}`}
        >
          Remove
        </button>
      </div>
      <details className="sb-more">
        <summary>{linkWords(link)}</summary>
        <div className="sb-fields">
          <NumberField
            label="Latency"
            unit="ms"
            value={link.latencyMs}
            min={0}
            max={60_000}
            step={5}
            onCommit={(latencyMs) => set({ latencyMs })}
          />
          <NumberField
            label="Jitter"
            unit="ms"
            value={link.jitterMs}
            min={0}
            max={60_000}
            step={5}
            onCommit={(jitterMs) => set({ jitterMs })}
          />
          <NumberField
            label="Loss"
            unit="0–1"
            value={link.loss}
            min={0}
            max={1}
            step={0.05}
            onCommit={(loss) => set({ loss })}
          />
          <NumberField
            label="Duplication"
            unit="0–1"
            value={link.duplicate}
            min={0}
            max={1}
            step={0.05}
            onCommit={(duplicate) => set({ duplicate })}
          />
        </div>
      </details>
    </li>
  );
}

function ivWords(iv: Intervention): string {
  switch (iv.kind) {
    case 'partition':
    case 'heal':
    case 'drop-next':
      return `${iv.kind === 'partition' ? 'cut' : iv.kind === 'heal' ? 'heal' : 'drop the next message on'} ${iv.from} → ${iv.to}`;
    case 'slow':
      return `slow ${iv.node} ×${iv.factor}`;
    case 'skew':
      return `skew ${iv.node}'s clock`;
    case 'set-param':
      return `set ${iv.name}`;
    case 'signal':
      return `${iv.signal} at ${iv.node}`;
    default:
      return `${iv.kind} ${iv.node}`;
  }
}

function Timeline({ doc }: { doc: SandboxDoc }) {
  const order = doc.interventions
    .map((iv, index) => ({ iv, index }))
    .sort((a, b) => a.iv.at - b.iv.at || a.index - b.index);
  if (order.length === 0)
    return (
      <p className="sb-summary">
        No faults yet: press one of the buttons beside the network while the run plays.
      </p>
    );
  return (
    <ol className="sb-timeline">
      {order.map(({ iv, index }) => (
        <li key={index} className="sb-row">
          <NumberField
            label={ivWords(iv)}
            unit="ms"
            value={iv.at}
            min={0}
            max={doc.durationMs}
            step={10}
            onCommit={(at) => edit({ kind: 'move-intervention', index, at })}
          />
          <button
            type="button"
            className="btn small"
            onClick={() => edit({ kind: 'remove-intervention', index })}
            aria-label={`Remove “${ivWords(iv)}” at ${formatMs(iv.at)}`}
          >
            Remove
          </button>
        </li>
      ))}
    </ol>
  );
}

function Checks() {
  const events = useApp((s) => s.events);
  const upTo = useApp((s) => s.cursorSeq - s.baseSeq);
  const results = checkInvariants(events.slice(0, Math.max(0, upTo)));
  return (
    <ul className="sb-checks" aria-label="Checks on the run so far" role="status">
      {results.map((r) => (
        <li key={r.id} className={r.holds ? 'holds' : 'broken'}>
          <span className="sb-mark" aria-hidden="true">
            {r.holds ? '✓' : '✕'}
          </span>
          <span>
            {r.label}
            {r.broken
              ? `: broken, ${r.broken.text} (event #${r.broken.seq})`
              : r.holds
                ? ': holds so far'
                : ''}
          </span>
        </li>
      ))}
    </ul>
  );
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  const id = useId();
  return (
    <section className="sb-section" aria-labelledby={id}>
      <h3 id={id}>{title}</h3>
      {children}
    </section>
  );
}

/** Ctrl+Z undoes, Ctrl+Shift+Z or Ctrl+Y redoes, except while typing (a field's own undo is kept). */
function useUndoKeys(): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const tag = (e.target as HTMLElement | null)?.tagName;
      if (tag === 'INPUT' || tag === 'TEXTAREA' || !(e.ctrlKey || e.metaKey)) return;
      const key = e.key.toLowerCase();
      const s = appStore.getState();
      if (key === 'z' && !e.shiftKey) s.sandboxUndo();
      else if ((key === 'z' && e.shiftKey) || key === 'y') s.sandboxRedo();
      else return;
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}

const STEPS: readonly { step: BuildStep; title: string }[] = [
  { step: 'add', title: 'Add nodes' },
  { step: 'connect', title: 'Connect them' },
  { step: 'run', title: 'Press Play' },
];

/** The three steps of a build, the current one marked and said in a sentence. */
function GettingStarted({ doc }: { doc: SandboxDoc }) {
  const next = nextStep(doc, problemsOf(doc));
  const at = STEPS.findIndex((s) => s.step === next.step);
  return (
    <div className="sb-start">
      <ol className="sb-steps" aria-label="How to build a scenario">
        {STEPS.map((s, i) => (
          <li
            key={s.step}
            className={i < at ? 'done' : i === at ? 'now' : ''}
            aria-current={i === at ? 'step' : undefined}
          >
            <span className="sb-step-mark" aria-hidden="true">
              {i < at ? '✓' : i + 1}
            </span>
            {s.title}
            {i < at && <span className="visually-hidden"> (done)</span>}
          </li>
        ))}
      </ol>
      <p className="sb-next" data-testid="sandbox-next">
        {next.text}
      </p>
    </div>
  );
}

/**
 * The top of the build panel, where a lesson has its step card: what to do next, the first action
 * (Add node), undo and redo, and the checks on the run.
 */
export function SandboxStart() {
  const history = useApp((s) => s.sandbox);
  useUndoKeys();
  if (!history) return null;
  const { doc } = history;
  const s = appStore.getState();
  return (
    <section className="panel sandbox-editor step-card" aria-labelledby="sandbox-title">
      <div className="sb-top">
        <h2 id="sandbox-title">Build your scenario</h2>
        <div className="sb-undo" role="group" aria-label="History">
          <button
            type="button"
            className="btn"
            disabled={!history.past.length}
            onClick={() => s.sandboxUndo()}
            title="Ctrl+Z"
            aria-keyshortcuts="Control+Z"
          >
            Undo
          </button>
          <button
            type="button"
            className="btn"
            disabled={!history.future.length}
            onClick={() => s.sandboxRedo()}
            title="Ctrl+Shift+Z"
            aria-keyshortcuts="Control+Shift+Z"
          >
            Redo
          </button>
          <button
            type="button"
            className="btn"
            disabled={doc.nodes.length === 0}
            onClick={() => edit({ kind: 'replace-doc', doc: { ...emptyDoc(), seed: doc.seed } })}
            title="Remove every node, link and fault (Undo brings them back)"
          >
            Start empty
          </button>
        </div>
      </div>
      <GettingStarted doc={doc} />
      <AddNode doc={doc} />
      <Checks />
    </section>
  );
}

/** The rest of the build: each node and link with its settings, the faults on the timeline, the run. */
export function SandboxBuild() {
  const history = useApp((s) => s.sandbox);
  if (!history) return null;
  const { doc } = history;
  const problems = problemsOf(doc);
  return (
    <section className="panel sandbox-editor" aria-label="Nodes, links and faults">
      <Section title={`Nodes (${doc.nodes.length})`}>
        {doc.nodes.length === 0 ? (
          <p className="sb-summary">No nodes yet: add one above.</p>
        ) : (
          <ul className="sb-cards">
            {doc.nodes.map((n) => (
              <NodeCard
                key={n.name}
                node={n}
                problems={problems.filter((p) => p.node === n.name).map((p) => p.message)}
              />
            ))}
          </ul>
        )}
      </Section>
      <Section title={`Links (${doc.links.length})`}>
        <Connect doc={doc} />
        <ul className="sb-cards">
          {doc.links.map((l) => (
            <LinkCard key={`${l.from}>${l.to}`} link={l} />
          ))}
        </ul>
      </Section>
      <Section title="Faults on the timeline">
        <Timeline doc={doc} />
      </Section>
      <Section title="The run">
        <div className="sb-fields">
          <NumberField
            label="Seed"
            value={doc.seed}
            min={0}
            max={0xffffffff}
            step={1}
            onCommit={(seed) => edit({ kind: 'set-run', seed, durationMs: doc.durationMs })}
          />
          <NumberField
            label="Length"
            unit="ms"
            value={doc.durationMs}
            min={100}
            max={600_000}
            step={1000}
            onCommit={(durationMs) => edit({ kind: 'set-run', seed: doc.seed, durationMs })}
          />
        </div>
      </Section>
    </section>
  );
}
