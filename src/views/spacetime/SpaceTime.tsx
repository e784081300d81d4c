/**
 * The space-time diagram: one lane per node, time running left to right, every message an arrow
 * from its send to its delivery (or to where it died), with crashes, pauses, cut links, calls and
 * their outcomes, and the server's ground truth on the lanes. It shows the run as of the playback
 * cursor (what the learner already saw after a rewind is faded; what the worker simulated ahead is
 * not shown), follows the cursor while it plays, and pans and zooms (zoom.ts: drag, Ctrl+wheel,
 * pinch, a horizontal wheel) or with its buttons. Selecting or hovering anything here highlights it
 * in every view.
 */
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { SPAN_END, type MessageSpan } from '../../engine/spans.ts';
import { formatMs } from '../../store/describe.ts';
import { appStore, useApp } from '../../store/store.ts';
import { useMessageSpans } from '../derive/spans.ts';
import { useStatusIndex } from '../derive/status.ts';
import { useSeenSeq } from '../log/seen.ts';
import { highlightOf, isMessageHot, pairKey, type Highlight } from '../topology/highlight.ts';
import { Arrows, type ArrowHandlers, type Emphasis } from './arrows.tsx';
import { TimeAxis } from './axis.tsx';
import { useElementSize } from '../useElementSize.ts';
import { Bands, Cuts } from './bands.tsx';
import { Calls, type CallHandlers } from './calls.tsx';
import { Cursor, FutureShade } from './cursor.tsx';
import { Effects } from './effects.tsx';
import { Lanes, type LaneInfo } from './lanes.tsx';
import { Legend } from './Legend.tsx';
import { useDiagramIndex, type EffectMark } from './model.ts';
import { summaryText } from './summary.ts';
import {
  BASE_MS,
  MIN_WINDOW_MS,
  defaultWindowMs,
  followShift,
  spansInWindow,
  transformFor,
  viewOf,
  windowOf,
  type Frame,
} from './viewport.ts';
import { attachZoom, type Zoom } from './zoom.ts';

const LANE_H = 84;
const TOP = 26;
const AXIS_H = 34;

interface Transform {
  k: number;
  x: number;
}

/** Zoomed out at most to the whole run (and a half), in at most to MIN_WINDOW_MS. */
const zoomExtent = (endT: number): [number, number] => [BASE_MS / (endT * 1.5), BASE_MS / MIN_WINDOW_MS];

/** The end of the window that shows the run from 0 to `t`, with `t` left of where following slides it. */
const fitEndMs = (t: number): number => Math.max(t, 1000) / 0.8;

export function SpaceTime() {
  const nodes = useApp((s) => s.nodes);
  const ready = useApp((s) => s.status === 'ready');
  const run = useApp((s) => s.run);
  const cursorT = useApp((s) => s.cursor);
  const cursorSeq = useApp((s) => s.cursorSeq);
  const playing = useApp((s) => s.playing);
  const simulatedUntil = useApp((s) => s.simulatedUntil);
  const durationMs = useApp((s) => s.durationMs);
  const selected = useApp((s) => s.selected);
  const hovered = useApp((s) => s.hovered);
  const spans = useMessageSpans();
  const index = useDiagramIndex();
  const status = useStatusIndex();
  const seenSeq = Math.max(useSeenSeq(), cursorSeq);
  const seenT = useApp((s) => s.events[seenSeq - 1 - s.baseSeq]?.t ?? s.cursor);

  // ---------------------------------------------------------------- size
  const [wrapRef, { width }] = useElementSize<HTMLDivElement>();
  const svgRef = useRef<SVGSVGElement>(null);
  const narrow = width < 560;
  const left = narrow ? 74 : 100;
  const plotW = Math.max(120, width - left - 8);
  const lanesBottom = TOP + nodes.length * LANE_H;
  const height = lanesBottom + AXIS_H;

  // ---------------------------------------------------------------- zoom and follow
  const [transform, setTransformState] = useState<Transform>(() =>
    transformFor(0, defaultWindowMs(plotW), left, plotW),
  );
  // The latest transform, for effects that run in the same commit as a change (state lags a render).
  const latest = useRef(transform);
  const setTransform = useCallback((t: Transform) => {
    latest.current = t;
    setTransformState(t);
  }, []);
  const [follow, setFollow] = useState(true);
  const zoomRef = useRef<Zoom | null>(null);
  const layout = useRef({ left, plotW, endT: 1000 });
  const endT = Math.max(simulatedUntil, durationMs, cursorT, 1000);
  layout.current = { left, plotW, endT };

  const apply = useCallback(
    (t: Transform) => {
      const z = zoomRef.current;
      if (z) z.transform(t);
      else setTransform(t);
    },
    [setTransform],
  );

  useLayoutEffect(() => {
    const svg = svgRef.current;
    if (!svg) return;
    const z = attachZoom(svg, latest.current, {
      constrain(t) {
        const { left: l, plotW: w, endT: end } = layout.current;
        const pxPerMs = (t.k * w) / BASE_MS;
        // Time 0 no further right than a tenth of the plot; the run's end no further left than its middle.
        const maxX = l + w * 0.1;
        const minX = l + w * 0.5 - end * pxPerMs;
        return { k: t.k, x: Math.min(maxX, Math.max(Math.min(minX, maxX), t.x)) };
      },
      onZoom(t, source) {
        setTransform(t);
        if (source === 'drag' || source === 'wheel-pan') setFollow(false);
      },
      still: () => appStore.getState().reducedMotion,
    });
    z.scaleExtent(...zoomExtent(layout.current.endT));
    zoomRef.current = z;
    return () => {
      z.destroy();
      zoomRef.current = null;
    };
    // The svg is mounted once nodes are known.
  }, [nodes.length > 0]); // eslint-disable-line react-hooks/exhaustive-deps

  useEffect(() => {
    zoomRef.current?.scaleExtent(...zoomExtent(endT));
  }, [endT]);

  // A new run starts from the default window, or, opened at a later moment (a shared link), from
  // the window Fit shows, so what happened before the cursor is in view; a new width keeps the
  // window shown.
  const runKey = run ? `${run.lessonId}/${run.seed}` : '';
  const shownWindow = useRef<[number, number] | null>(null);
  const established = useRef(false);
  useLayoutEffect(() => {
    established.current = false;
  }, [runKey]);
  useLayoutEffect(() => {
    if (width === 0) return;
    const [t0, t1] =
      established.current && shownWindow.current
        ? shownWindow.current
        : [0, Math.max(defaultWindowMs(plotW), fitEndMs(cursorT))];
    established.current = true;
    apply(transformFor(t0, t1, left, plotW));
    // Only the geometry (or a new run) resets the view; apply is stable.
  }, [width, nodes.length > 0, runKey]); // eslint-disable-line react-hooks/exhaustive-deps

  useEffect(() => {
    if (playing) setFollow(true);
  }, [playing]);

  const view = viewOf(transform.k, transform.x, plotW);
  const [t0, t1] = windowOf(view, left, plotW);
  if (established.current) shownWindow.current = [t0, t1];

  useLayoutEffect(() => {
    if (!follow || width === 0) return;
    const t = latest.current;
    const shift = followShift(t.x + cursorT * ((t.k * plotW) / BASE_MS), left, plotW);
    if (shift !== 0) apply({ k: t.k, x: t.x + shift });
  });

  const zoomBy = (factor: number) => {
    const cx = view.x0 + cursorT * view.pxPerMs;
    const at = cx >= left && cx <= left + plotW ? cx : left + plotW / 2;
    zoomRef.current?.scaleBy(factor, at);
  };
  const fit = () => {
    setFollow(true);
    // The cursor lands left of where following would start to slide the window.
    apply(transformFor(0, fitEndMs(Math.max(seenT, cursorT)), left, plotW));
  };

  // ---------------------------------------------------------------- what to draw
  const laneY = useMemo(
    () => new Map(nodes.map((n, i) => [n.name, TOP + LANE_H * (i + 0.5)] as const)),
    [nodes],
  );
  const frame: Frame = {
    pxPerMs: view.pxPerMs,
    x0: view.x0,
    left,
    plotW,
    t0,
    t1,
    laneY,
    laneH: LANE_H,
    cursorT,
    cursorSeq,
    seenSeq,
    seenT,
  };
  const drawn = spansInWindow(spans.spans, t0, t1, index.maxLatencyMs, seenSeq);

  const eventAt = (seq: number) => {
    const s = appStore.getState();
    return s.events[seq - s.baseSeq];
  };
  const selHL = useMemo(() => highlightOf([selected], eventAt), [selected]);
  const hovHL = useMemo(() => highlightOf([hovered], eventAt), [hovered]);
  const msgHot = (h: Highlight, span: MessageSpan) =>
    isMessageHot(h, span) || h.links.has(pairKey(span.from, span.to));
  const emphasisOf = (span: MessageSpan): Emphasis => (msgHot(selHL, span) ? 2 : msgHot(hovHL, span) ? 1 : 0);
  const callHot = (call: number) => (selHL.calls.has(call) ? 2 : hovHL.calls.has(call) ? 1 : 0);

  // ---------------------------------------------------------------- interaction
  const [focusMsg, setFocusMsg] = useState<number | null>(null);
  const drawnRef = useRef<MessageSpan[]>([]);
  drawnRef.current = drawn.spans;
  const wantFocus = useRef(false);
  const seenRef = useRef(seenSeq);
  seenRef.current = seenSeq;

  const handlers = useMemo<ArrowHandlers>(
    () => ({
      activate(span) {
        const s = appStore.getState();
        s.select({ kind: 'message', msg: span.msg });
        setFocusMsg(span.msg);
        if (span.end !== SPAN_END.inFlight && span.endSeq >= 0 && span.endSeq < seenRef.current)
          s.seekToEvent(span.endSeq);
        else if (span.sendSeq >= s.cursorSeq) s.seekToEvent(span.sendSeq);
      },
      hover(span) {
        appStore.getState().hover(span ? { kind: 'message', msg: span.msg } : null);
      },
      step(span, by) {
        const list = drawnRef.current;
        const i = list.findIndex((s) => s.msg === span.msg);
        const next = list[Math.min(list.length - 1, Math.max(0, i + by))];
        if (next) {
          wantFocus.current = true;
          setFocusMsg(next.msg);
        }
      },
    }),
    [],
  );
  const callHandlers = useMemo<CallHandlers>(
    () => ({
      activate(bar) {
        const s = appStore.getState();
        s.select({ kind: 'call', call: bar.call });
        if (bar.endSeq >= 0 && bar.endSeq < seenRef.current) s.seekToEvent(bar.endSeq);
      },
      hover(bar) {
        appStore.getState().hover(bar ? { kind: 'call', call: bar.call } : null);
      },
    }),
    [],
  );
  const onEffect = useCallback((mark: EffectMark) => {
    const s = appStore.getState();
    s.select({ kind: 'call', call: mark.call });
    s.seekToEvent(mark.seq);
  }, []);
  const onEffectHover = useCallback((mark: EffectMark | null) => {
    appStore.getState().hover(mark ? { kind: 'call', call: mark.call } : null);
  }, []);

  useLayoutEffect(() => {
    if (!wantFocus.current || focusMsg === null) return;
    wantFocus.current = false;
    svgRef.current?.querySelector<SVGGElement>(`[data-msg="${focusMsg}"]`)?.focus();
  }, [focusMsg]);

  const focusDrawn = drawn.spans.some((s) => s.msg === focusMsg);
  let tabbableMsg: number | null = focusDrawn ? focusMsg : null;
  if (tabbableMsg === null) {
    for (const s of drawn.spans) if (s.sendSeq < cursorSeq) tabbableMsg = s.msg;
    tabbableMsg ??= drawn.spans[0]?.msg ?? null;
  }

  const lanes: LaneInfo[] = nodes.map((n) => ({
    name: n.name,
    kind: n.kind,
    life: status.nodeAt(n.name, cursorSeq).life,
    emphasis: selHL.nodes.has(n.name) ? 2 : hovHL.nodes.has(n.name) ? 1 : 0,
  }));

  // ---------------------------------------------------------------- words
  const counts = index.countsAt(cursorSeq);
  const sent = countSent(spans.spans, cursorSeq);
  const names = nodes.map((n) => n.name);
  const summary = summaryText({
    nodes: names,
    cursorT,
    window: [t0, t1],
    sent,
    drops: counts.drops,
    outcomes: counts.outcomes,
    applied: counts.applied,
    doubles: counts.doubles,
    down: lanes.filter((l) => l.life === 'crashed').map((l) => l.name),
    paused: lanes.filter((l) => l.life === 'paused').map((l) => l.name),
    cuts: names.flatMap((a) =>
      names.filter((b) => b !== a && status.isCut(a, b, cursorSeq)).map((b) => [a, b] as const),
    ),
  });

  return (
    <section className="panel spacetime" aria-labelledby="st-title">
      <div className="st-head">
        <h2 id="st-title">Space-time diagram</h2>
        <div className="st-tools" role="group" aria-label="Diagram view">
          <button
            type="button"
            className="btn small"
            onClick={() => zoomBy(1 / 2)}
            aria-label="Zoom out (show more time)"
          >
            −
          </button>
          <button
            type="button"
            className="btn small"
            onClick={() => zoomBy(2)}
            aria-label="Zoom in (show less time)"
          >
            +
          </button>
          <button type="button" className="btn small" onClick={fit} title="Show the whole run so far">
            Fit
          </button>
          <button
            type="button"
            className="btn small"
            aria-pressed={follow}
            onClick={() => setFollow(!follow)}
            title="Keep the cursor in view"
          >
            <span aria-hidden="true">{follow ? '◉' : '○'}</span> Follow
          </button>
        </div>
      </div>
      <p className="st-range">
        {formatMs(Math.max(0, t0))} – {formatMs(t1)} shown
        {drawn.total > drawn.spans.length && (
          <span className="st-capped">
            {' '}
            · too many to draw: {drawn.spans.length} of {drawn.total} messages shown, spread across the
            window; zoom in to see every one
          </span>
        )}
      </p>
      <div className="st-wrap" ref={wrapRef}>
        {nodes.length === 0 ? (
          <p className="hint">{ready ? 'No nodes, so no lanes yet.' : 'Loading the run…'}</p>
        ) : (
          <svg
            ref={svgRef}
            className="st-svg"
            width={Math.max(width, 1)}
            height={height}
            role="group"
            aria-roledescription="space-time diagram"
            aria-label="Space-time diagram"
            aria-describedby="st-summary"
          >
            <defs>
              <pattern
                id="st-hatch"
                width={7}
                height={7}
                patternUnits="userSpaceOnUse"
                patternTransform="rotate(45)"
              >
                <rect width={7} height={7} fill="#eceef1" />
                <line x1={0} y1={0} x2={0} y2={7} stroke="#1d1d1f" strokeWidth={1.4} strokeOpacity={0.45} />
              </pattern>
              <clipPath id="st-clip">
                <rect x={left} y={0} width={plotW} height={height} />
              </clipPath>
            </defs>
            <Lanes
              frame={frame}
              lanes={lanes}
              onSelect={(name) => appStore.getState().select({ kind: 'node', name })}
              onHover={(name) => appStore.getState().hover(name ? { kind: 'node', name } : null)}
            />
            <FutureShade frame={frame} top={TOP} bottom={lanesBottom} />
            <g clipPath="url(#st-clip)">
              <g transform={`translate(${view.x0},0)`}>
                <Bands frame={frame} bands={index.bands} />
                <Cuts frame={frame} cuts={index.cuts} />
                <Calls frame={frame} calls={index.calls} hot={callHot} handlers={callHandlers} />
                <Effects
                  frame={frame}
                  effects={index.effects}
                  hot={callHot}
                  onActivate={onEffect}
                  onHover={onEffectHover}
                />
                <Arrows
                  frame={frame}
                  spans={drawn.spans}
                  maxLatencyMs={index.maxLatencyMs}
                  emphasisOf={emphasisOf}
                  tabbableMsg={tabbableMsg}
                  handlers={handlers}
                />
              </g>
            </g>
            <Cursor frame={frame} top={TOP} bottom={lanesBottom} />
            <TimeAxis frame={frame} y={lanesBottom} />
          </svg>
        )}
      </div>
      <p id="st-summary" className="visually-hidden">
        {summary}
      </p>
      <p className="hint st-hint">
        Drag to pan, Ctrl + scroll or pinch to zoom. Click an arrow to select it; Tab to the arrows, then ← →
        move between them.
      </p>
      <Legend open={!narrow} />
    </section>
  );
}

/** How many messages were sent before the cursor (spans are in send order). */
function countSent(list: readonly MessageSpan[], cursorSeq: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (list[mid]!.sendSeq < cursorSeq) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
