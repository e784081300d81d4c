/**
 * The network picture: nodes and links in SVG (focusable buttons with action menus), messages
 * moving along their links on a canvas above them, redrawn from the store's cursor every animation
 * frame. Everything shown is derived from trace events at the cursor.
 */
import { useCallback, useEffect, useMemo, useRef, useState, type MouseEvent, type PointerEvent } from 'react';
import type { TraceEvent } from '../../engine/index.ts';
import { SPAN_END } from '../../engine/spans.ts';
import { appStore, useApp } from '../../store/store.ts';
import { formatMs } from '../../store/describe.ts';
import type { AppState } from '../../store/types.ts';
import { dropStyle } from '../theme.ts';
import { syncMessageSpans, useMessageSpans, type ViewSpans } from '../derive/spans.ts';
import { useStatusIndex, type NodeStatus } from '../derive/status.ts';
import { ActionMenu } from './ActionMenu.tsx';
import { linkActions, nodeActions, type Action, type ClockNow, type NodeLinks } from './actions.ts';
import {
  CARD_LIMIT,
  dropLingerMs,
  laneBetween,
  layoutNodes,
  orientNodes,
  topologyHeight,
  type Lane,
} from './geometry.ts';
import { highlightOf, isMessageHot, pairKey, selectionKey } from './highlight.ts';
import { Legend } from './Legend.tsx';
import { DenseLinks, LaneMarkers, LinkMark, pairWords, type PairView } from './links.tsx';
import { drawMessages, hitMessage, type DrawnMessage } from './messages.ts';
import { NodeMark } from './nodes.tsx';
import { nodeWords, summarise } from './summary.ts';
import { useElementSize } from '../useElementSize.ts';

/** Above this many pairs, links are one background path rather than buttons. */
const INTERACTIVE_PAIRS_MAX = 60;
/** With few nodes, every message on the wire is labelled when no more than this many fly. */
const LABEL_ALL_UP_TO = 6;

type MenuTarget = { kind: 'node'; name: string } | { kind: 'link'; a: string; b: string };

interface OpenMenu {
  target: MenuTarget;
  anchor: { x: number; y: number };
  trigger: SVGGElement;
}

const laneKey = (from: string, to: string): string => `${from}\u0000${to}`;

function eventGetter(s: AppState): (seq: number) => TraceEvent | undefined {
  return (seq) => s.events[seq - s.baseSeq];
}

export function Topology() {
  const nodes = useApp((s) => s.nodes);
  const links = useApp((s) => s.links);
  const cursorSeq = useApp((s) => s.cursorSeq);
  const selected = useApp((s) => s.selected);
  const hovered = useApp((s) => s.hovered);
  const loading = useApp((s) => s.status !== 'ready' && s.status !== 'error');
  const index = useStatusIndex();
  const spans = useMessageSpans();
  const [wrapRef, { width }] = useElementSize<HTMLDivElement>();
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const drawnRef = useRef<DrawnMessage[]>([]);
  const [menu, setMenu] = useState<OpenMenu | null>(null);
  const oriented = useMemo(() => orientNodes(nodes, width), [nodes, width]);
  const rows = useMemo(() => new Set(oriented.map((n) => Math.round(n.position.y * 100))).size, [oriented]);
  const height = topologyHeight(width, nodes.length, rows);
  const compact = nodes.length > CARD_LIMIT;

  const boxes = useMemo(
    () => (width > 0 ? layoutNodes(oriented, width, height) : []),
    [oriented, width, height],
  );
  const lanes = useMemo(() => {
    const byName = new Map(boxes.map((b) => [b.name, b]));
    const out = new Map<string, Lane>();
    for (const [from, to] of links) {
      const a = byName.get(from);
      const b = byName.get(to);
      if (a && b && from !== to) out.set(laneKey(from, to), laneBetween(a, b));
    }
    return out;
  }, [boxes, links]);

  // Pairs in node order, each with its two possible lanes and their cut state at the cursor.
  // Keyed on which links are cut, not on the cursor: a 100-node mesh rebuilds only when a cut changes.
  const cutKey = index
    .cutLinksAt(cursorSeq)
    .map(([f, t]) => laneKey(f, t))
    .sort()
    .join('|');
  const pairs: PairView[] = useMemo(() => {
    const cut = new Set(cutKey ? cutKey.split('|') : []);
    const order = new Map(nodes.map((n, i) => [n.name, i]));
    const seen = new Map<string, PairView>();
    for (const [from, to] of links) {
      if (from === to) continue;
      const [a, b] = (order.get(from) ?? 0) <= (order.get(to) ?? 0) ? [from, to] : [to, from];
      const key = pairKey(a, b);
      if (!seen.has(key)) {
        seen.set(key, {
          a,
          b,
          ab: lanes.get(laneKey(a, b)),
          ba: lanes.get(laneKey(b, a)),
          cutAB: cut.has(laneKey(a, b)),
          cutBA: cut.has(laneKey(b, a)),
        });
      }
    }
    return [...seen.values()];
  }, [nodes, links, lanes, cutKey]);

  const statuses: NodeStatus[] = useMemo(
    () => nodes.map((n) => index.nodeAt(n.name, cursorSeq)),
    [nodes, index, cursorSeq],
  );

  const highlight = useMemo(
    () => highlightOf([selected, hovered], eventGetter(appStore.getState())),
    [selected, hovered],
  );

  // The canvas: redrawn on every animation frame in which anything it shows changed.
  useEffect(() => {
    const canvas = canvasRef.current;
    const ctx = canvas?.getContext('2d');
    if (!canvas || !ctx || width === 0) return;
    const dpr = window.devicePixelRatio || 1;
    canvas.width = Math.round(width * dpr);
    canvas.height = Math.round(height * dpr);
    let last = '';
    let frame = 0;
    const draw = () => {
      frame = requestAnimationFrame(draw);
      const s = appStore.getState();
      const key = `${s.cursor}|${s.traceVersion}|${selectionKey(s.selected)}|${selectionKey(s.hovered)}|${s.speed}|${s.reducedMotion}`;
      if (key === last) return;
      last = key;
      const h = highlightOf([s.selected, s.hovered], eventGetter(s));
      ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
      drawnRef.current = drawMessages({
        ctx,
        width,
        height,
        spans: syncMessageSpans(s.events, s.baseSeq),
        t: s.cursor,
        lingerMs: dropLingerMs(s.speed),
        still: s.reducedMotion,
        radius: compact ? 5 : width < 560 ? 6 : 7,
        lane: (from, to) => lanes.get(laneKey(from, to)),
        isHighlighted: (span) => isMessageHot(h, span),
        labelAllUpTo: compact ? 0 : LABEL_ALL_UP_TO,
      });
    };
    frame = requestAnimationFrame(draw);
    return () => cancelAnimationFrame(frame);
  }, [width, height, lanes, compact]);

  // Messages live on the canvas, so pointing at them is worked out here.
  const pointAt = (e: { clientX: number; clientY: number }): DrawnMessage | undefined => {
    const rect = canvasRef.current?.getBoundingClientRect();
    if (!rect) return undefined;
    return hitMessage(drawnRef.current, e.clientX - rect.left, e.clientY - rect.top);
  };
  const onPointerMove = (e: PointerEvent<HTMLDivElement>) => {
    const hit = pointAt(e);
    const { hovered: now, hover } = appStore.getState();
    if (hit) {
      if (now?.kind !== 'message' || now.msg !== hit.span.msg) hover({ kind: 'message', msg: hit.span.msg });
    } else if (now?.kind === 'message') hover(null);
    wrapRef.current?.classList.toggle('over-message', hit !== undefined);
  };
  const onPointerLeave = () => {
    if (appStore.getState().hovered?.kind === 'message') appStore.getState().hover(null);
  };
  const onClickCapture = (e: MouseEvent<HTMLDivElement>) => {
    if ((e.target as Element).closest('.topo-menu')) return;
    const hit = pointAt(e);
    if (!hit) return;
    e.stopPropagation();
    appStore.getState().select({ kind: 'message', msg: hit.span.msg });
  };

  const closeMenu = useCallback((returnFocus: boolean) => {
    setMenu((m) => {
      if (m && returnFocus) queueMicrotask(() => m.trigger.focus());
      return null;
    });
  }, []);

  const onNode = useCallback(
    (name: string, trigger: SVGGElement) => {
      appStore.getState().select({ kind: 'node', name });
      const box = boxes.find((b) => b.name === name);
      if (!box) return;
      setMenu((m) =>
        m?.target.kind === 'node' && m.target.name === name
          ? null
          : { target: { kind: 'node', name }, anchor: { x: box.x, y: box.y + box.hh + 8 }, trigger },
      );
    },
    [boxes],
  );
  const onLink = useCallback((pair: PairView, trigger: SVGGElement) => {
    appStore.getState().select({ kind: 'link', from: pair.a, to: pair.b });
    const lane = pair.ab ?? pair.ba;
    if (!lane) return;
    const x = (lane.start.x + lane.end.x) / 2;
    const y = (lane.start.y + lane.end.y) / 2 + 24;
    setMenu((m) =>
      m?.target.kind === 'link' && m.target.a === pair.a && m.target.b === pair.b
        ? null
        : { target: { kind: 'link', a: pair.a, b: pair.b }, anchor: { x, y }, trigger },
    );
  }, []);
  const onHoverNode = useCallback(
    (name: string | null) => appStore.getState().hover(name ? { kind: 'node', name } : null),
    [],
  );
  const onHoverLink = useCallback(
    (pair: PairView | null) =>
      appStore.getState().hover(pair ? { kind: 'link', from: pair.a, to: pair.b } : null),
    [],
  );

  const pick = (action: Action) => {
    appStore.getState().intervene(action.intervention);
    closeMenu(true);
  };

  const kindOf = useMemo(() => new Map(nodes.map((n) => [n.name, n.kind])), [nodes]);
  const inFlight = useMemo(() => {
    void cursorSeq; // the count changes only when an event happens
    return spans.inFlightAt(appStore.getState().cursor).length;
  }, [spans, cursorSeq]);
  const cuts: [string, string][] = [];
  for (const p of pairs) {
    if (p.ab && p.cutAB) cuts.push([p.a, p.b]);
    if (p.ba && p.cutBA) cuts.push([p.b, p.a]);
  }
  const summary = summarise({
    nodes: statuses.map((s) => ({ ...s, kind: kindOf.get(s.name) ?? '' })),
    cuts,
    inFlight,
  });
  const interactiveLinks = pairs.length <= INTERACTIVE_PAIRS_MAX;
  const menuView = menu
    ? describeMenu(menu.target, statuses, pairs, kindOf, (name) => index.clockAt(name, cursorSeq))
    : null;

  return (
    <section className="panel topology" aria-labelledby="topo-title">
      <div className="topo-head">
        <h2 id="topo-title">The network</h2>
        <p className="topo-hint">Click or tap a node or a link to break or fix it.</p>
      </div>
      <p id="topo-summary" className="visually-hidden">
        {summary}
      </p>
      <div
        ref={wrapRef}
        className="topo-stage"
        style={{ height: height || undefined }}
        onPointerMove={onPointerMove}
        onPointerLeave={onPointerLeave}
        onClickCapture={onClickCapture}
      >
        {width > 0 && (
          <svg
            className={`topo-svg${width < 560 ? ' is-narrow' : ''}`}
            width={width}
            height={height}
            role="group"
            aria-labelledby="topo-title"
            aria-describedby="topo-summary"
          >
            <LaneMarkers />
            {interactiveLinks ? (
              pairs.map((p) => (
                <LinkMark
                  key={pairKey(p.a, p.b)}
                  pair={p}
                  highlighted={highlight.links.has(pairKey(p.a, p.b))}
                  menuOpen={menu?.target.kind === 'link' && menu.target.a === p.a && menu.target.b === p.b}
                  onActivate={onLink}
                  onHover={onHoverLink}
                />
              ))
            ) : (
              <DenseLinks pairs={pairs} />
            )}
            {boxes.map((box, i) => (
              <NodeMark
                key={box.name}
                box={box}
                kind={kindOf.get(box.name) ?? ''}
                status={statuses[i] ?? { name: box.name, label: '', life: 'up', slowFactor: 1 }}
                highlighted={highlight.nodes.has(box.name)}
                showName={nodes.length <= 30}
                menuOpen={menu?.target.kind === 'node' && menu.target.name === box.name}
                onActivate={onNode}
                onHover={onHoverNode}
              />
            ))}
          </svg>
        )}
        <canvas ref={canvasRef} className="topo-canvas" style={{ width, height }} aria-hidden="true" />
        {nodes.length === 0 && (
          <p className="topo-empty">
            {loading
              ? 'Loading the network…'
              : // Only the sandbox can have no nodes: say where they come from.
                'No nodes yet: add one under “Build your scenario”.'}
          </p>
        )}
        {menu && menuView && (
          <ActionMenu
            id="topo-menu"
            title={menuView.title}
            note={menuView.note}
            actions={menuView.actions}
            anchor={menu.anchor}
            panelWidth={width}
            panelHeight={height}
            onPick={pick}
            onClose={closeMenu}
          />
        )}
      </div>
      <Caption spans={spans} statuses={statuses} pairs={pairs} kindOf={kindOf} />
      <Legend open={width >= 700} />
    </section>
  );
}

/** How many links a node has and how many are cut, a pair counting once (cut if either way is). */
function linksOf(name: string, pairs: PairView[]): NodeLinks {
  const own = pairs.filter((p) => p.a === name || p.b === name);
  return { links: own.length, cut: own.filter((p) => p.cutAB || p.cutBA).length };
}

function describeMenu(
  target: MenuTarget,
  statuses: NodeStatus[],
  pairs: PairView[],
  kindOf: Map<string, string>,
  clockOf: (name: string) => ClockNow | undefined,
): { title: string; note: string; actions: Action[] } | null {
  if (target.kind === 'node') {
    const status = statuses.find((s) => s.name === target.name);
    if (!status) return null;
    return {
      title: target.name,
      note: nodeWords({ ...status, kind: kindOf.get(status.name) ?? '' }),
      actions: nodeActions(status, clockOf(status.name), linksOf(status.name, pairs)),
    };
  }
  const pair = pairs.find((p) => p.a === target.a && p.b === target.b);
  if (!pair) return null;
  return {
    title: `Link ${pair.a} ↔ ${pair.b}`,
    note: pairWords(pair).replace(/^link [^:]+: /, 'Now: '),
    actions: linkActions({
      a: pair.a,
      b: pair.b,
      ab: !!pair.ab,
      ba: !!pair.ba,
      cutAB: pair.cutAB,
      cutBA: pair.cutBA,
    }),
  };
}

/** One line in words about what is hovered (or else selected): a message's journey, a node, a link. */
function Caption({
  spans,
  statuses,
  pairs,
  kindOf,
}: {
  spans: ViewSpans;
  statuses: NodeStatus[];
  pairs: PairView[];
  kindOf: Map<string, string>;
}) {
  const hovered = useApp((s) => s.hovered);
  const selected = useApp((s) => s.selected);
  const focus = hovered ?? selected;
  let text = 'Hover or tap a message to read it.';
  if (focus?.kind === 'message') {
    const span = spans.get(focus.msg);
    if (span) {
      const call = span.call !== undefined && span.call >= 0 ? ` (call ${span.call})` : '';
      const copy = span.duplicateOf !== undefined ? ', a copy the network made' : '';
      const end =
        span.end === SPAN_END.delivered
          ? `arrived at ${formatMs(span.endT)}`
          : span.end === SPAN_END.dropped
            ? `dropped at ${formatMs(span.endT)}: ${dropStyle[span.dropReason ?? '']?.label ?? span.dropReason}`
            : 'still on the way';
      text = `Message “${span.label}”${call}${copy}: ${span.from} → ${span.to}, sent at ${formatMs(span.sendT)}, ${end}.`;
    }
  } else if (focus?.kind === 'node') {
    const s = statuses.find((n) => n.name === focus.name);
    if (s) text = nodeWords({ ...s, kind: kindOf.get(s.name) ?? '' });
  } else if (focus?.kind === 'link') {
    const p = pairs.find((q) => pairKey(q.a, q.b) === pairKey(focus.from, focus.to));
    if (p) text = pairWords(p);
  }
  return <p className="topo-caption">{text}</p>;
}
