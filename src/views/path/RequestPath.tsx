/**
 * The request path: one logical request drawn as a flowchart that reads top to bottom. The client
 * that pays the latency heads it; each arrow below is one round trip (a call and its outcome) into
 * the box of the node it reached, with its latency and outcome; the node that applied the write is
 * marked as the source of truth. A bar under each hop shows when it ran within the request, so
 * sequential calls stack and parallel ones overlap. Totals: round trips, latency against the lesson's
 * budget, and whether any hop failed.
 *
 * It shows the request of whatever is selected (a call in the calls panel, a message in the
 * space-time diagram, a line of the log), else the latest request that came back. Hovering or
 * focusing a hop highlights its messages in the other views; pressing it selects the call and moves
 * the cursor to its outcome.
 */
import { useMemo } from 'react';
import type { LessonGuide, ParamValue } from '../../engine/index.ts';
import { formatMs } from '../../store/describe.ts';
import { appStore, useApp } from '../../store/store.ts';
import { useCallsIndex } from '../derive/calls.ts';
import {
  callOfSelection,
  latestRoot,
  requestPath,
  rootOf,
  type PathHop,
  type RequestPath as Path,
} from '../derive/request-path.ts';
import { outcomeStyle } from '../theme.ts';
import './request-path.css';

/** The lesson's latency budget: its first millisecond parameter named for a budget, if any. */
export function budgetOf(lesson: LessonGuide | null, params: Record<string, ParamValue>): number | null {
  if (!lesson) return null;
  for (const [name, spec] of Object.entries(lesson.params)) {
    if (spec.kind !== 'number' || !/budget/i.test(name)) continue;
    const value = params[name] ?? spec.default;
    if (typeof value === 'number') return value;
  }
  return null;
}

export function RequestPathPanel() {
  const index = useCallsIndex();
  const happened = useApp((s) => index.countBefore(s.cursorSeq));
  const selected = useApp((s) => s.selected);
  const hovered = useApp((s) => s.hovered);
  const lesson = useApp((s) => s.lesson);
  const params = useApp((s) => s.run?.params);
  const budget = budgetOf(lesson, params ?? {});

  const selectedCall = useMemo(() => {
    const { events, baseSeq } = appStore.getState();
    return callOfSelection(selected, events, baseSeq);
    // The events window grows under a fixed selection; its call does not change.
  }, [selected]);

  const uptoSeq = happened > 0 ? index.seqs[happened - 1]! + 1 : 0;
  const chosen = selectedCall !== null ? rootOf(index, selectedCall) : undefined;
  const root = chosen && chosen.seq < uptoSeq ? chosen : latestRoot(index, uptoSeq);
  const path = useMemo(() => (root ? requestPath(index, root, uptoSeq) : null), [index, root, uptoSeq]);
  const hoveredCall = hovered?.kind === 'call' ? hovered.call : selectedCall;

  return (
    <section className="panel request-path" aria-labelledby="request-path-title">
      <h2 id="request-path-title">Request path: every round trip one request caused</h2>
      {!path ? (
        <p className="hint">No request yet. Press Play; the first request the client makes is drawn here.</p>
      ) : (
        <>
          <p className="hint path-source">
            {chosen
              ? `Request ${path.request}, as you selected it.`
              : `The latest request. Select a call, a message or a log line to see its request instead.`}
          </p>
          <PathTotals path={path} budget={budget} />
          <PathTree path={path} hoveredCall={hoveredCall} />
        </>
      )}
    </section>
  );
}

function PathTotals({ path, budget }: { path: Path; budget: number | null }) {
  const over = budget !== null && path.latencyMs !== null && path.latencyMs > budget;
  // Where it broke: the deepest failed hop (the ones above it failed because it did).
  const broke = path.failed.reduce<PathHop | undefined>(
    (a, h) => (!a || h.depth > a.depth ? h : a),
    undefined,
  );
  return (
    <dl className="path-totals">
      <div>
        <dt>Round trips</dt>
        <dd>
          {path.roundTrips}
          {path.inFlight > 0 && <small> (+{path.inFlight} in flight)</small>}
        </dd>
      </div>
      <div className={over ? 'over' : ''}>
        <dt>Latency{budget !== null ? ' against the budget' : ''}</dt>
        <dd>
          {path.latencyMs === null ? 'still waiting' : formatMs(path.latencyMs)}
          {budget !== null && (
            <small>
              {' '}
              of {formatMs(budget)}
              {path.latencyMs !== null &&
                (over ? (
                  <>
                    {' '}
                    <span aria-hidden="true">⚠</span> over by {formatMs(path.latencyMs - budget)}
                  </>
                ) : (
                  ' ✓ within'
                ))}
            </small>
          )}
        </dd>
      </div>
      <div className={path.failed.length ? 'failed' : ''}>
        <dt>Failed hops</dt>
        <dd>
          {path.failed.length === 0 ? (
            'none'
          ) : (
            <>
              {path.failed.length}{' '}
              <small>
                broke at {broke!.from} → {broke!.to} ({outcomeStyle[broke!.outcome!.result].label})
              </small>
            </>
          )}
        </dd>
      </div>
    </dl>
  );
}

function PathTree({ path, hoveredCall }: { path: Path; hoveredCall: number | null }) {
  const end = path.endT ?? Math.max(path.startT, ...path.hops.map((h) => h.outcome?.t ?? h.t));
  const span = Math.max(1, end - path.startT);
  const truth = new Set(path.truth);
  return (
    <div className="path-tree">
      <div className="path-client">
        <span className="path-box client">{path.client}</span>
        <span className="path-role">
          the client: waits {path.latencyMs === null ? 'still' : formatMs(path.latencyMs)}, paying every round
          trip below
        </span>
      </div>
      <Hops hops={path.roots} ctx={{ startT: path.startT, span, truth, hoveredCall }} />
    </div>
  );
}

interface HopContext {
  startT: number;
  span: number;
  truth: Set<string>;
  hoveredCall: number | null;
}

function Hops({ hops, ctx }: { hops: readonly PathHop[]; ctx: HopContext }) {
  if (hops.length === 0) return null;
  return (
    <ol className="path-hops">
      {hops.map((hop) => (
        <li key={hop.call} className={`path-hop ${hop.outcome ? hop.outcome.result : 'waiting'}`}>
          <HopButton hop={hop} ctx={ctx} />
          <Hops hops={hop.children} ctx={ctx} />
        </li>
      ))}
    </ol>
  );
}

function HopButton({ hop, ctx }: { hop: PathHop; ctx: HopContext }) {
  const o = hop.outcome ? outcomeStyle[hop.outcome.result] : null;
  const left = ((hop.t - ctx.startT) / ctx.span) * 100;
  const width = (((hop.outcome?.t ?? ctx.startT + ctx.span) - hop.t) / ctx.span) * 100;
  const isTruth = hop.applied && ctx.truth.has(hop.to);
  const words = `${hop.from} to ${hop.to}, ${hop.op}${hop.attempt > 1 ? `, try ${hop.attempt}` : ''}: ${
    o ? `${o.label} after ${formatMs(hop.latencyMs!)}` : 'still waiting'
  }${isTruth ? ', applied here: the source of truth' : ''}`;
  return (
    <button
      type="button"
      className={`path-row${ctx.hoveredCall === hop.call ? ' hot' : ''}`}
      aria-label={words}
      title={`${words}. Press to select this call and move the cursor to its outcome.`}
      onClick={() => {
        const s = appStore.getState();
        s.select({ kind: 'call', call: hop.call });
        if (hop.outcome) s.seekToEvent(hop.outcome.seq);
      }}
      onPointerEnter={() => appStore.getState().hover({ kind: 'call', call: hop.call })}
      onPointerLeave={() => appStore.getState().hover(null)}
      onFocus={() => appStore.getState().hover({ kind: 'call', call: hop.call })}
      onBlur={() => appStore.getState().hover(null)}
    >
      <span className="path-line" aria-hidden="true">
        <span className="path-box">{hop.to}</span>
        <span className="path-op">
          {hop.op}
          {hop.attempt > 1 && <> · try {hop.attempt}</>}
        </span>
        <span className="path-latency">{hop.latencyMs === null ? '…' : formatMs(hop.latencyMs)}</span>
        <span className="path-outcome" style={o ? { color: o.color } : undefined}>
          {o ? (
            <>
              <span className="outcome-glyph" style={{ background: o.color }}>
                {o.glyph}
              </span>{' '}
              {o.label}
            </>
          ) : (
            'waiting'
          )}
        </span>
        {isTruth && <span className="path-truth">source of truth</span>}
      </span>
      <span className="path-bar" aria-hidden="true">
        <span
          className="path-bar-fill"
          style={{ left: `${left}%`, width: `${Math.max(1, width)}%`, background: o?.color }}
        />
      </span>
    </button>
  );
}
