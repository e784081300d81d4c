/**
 * The no-global-now readout: each node's clock against true time, drawn as how far ahead (or behind)
 * of true time it reads, with every write on its writer's line and the write the store threw away
 * although it came later marked.
 */
import { useId, useMemo } from 'react';
import { line } from 'd3-shape';
import { scaleLinear } from 'd3-scale';
import type { TraceEvent } from '../../src/engine/trace.ts';
import {
  AxisBottom,
  AxisLeft,
  countBefore,
  cursorTime,
  formatMs,
  Legend,
  markPath,
  ofType,
  palette,
  plural,
  ReadoutFigure,
  Stats,
  useElementSize,
  type Headline,
  type LegendItem,
  type ReadoutProps,
} from '../../src/views/readout-kit.ts';
import { ALICE, BOB, STORE } from './guide.ts';

export interface ClockPoint {
  t: number;
  /** Clock reading minus true time, in ms: positive = ahead. */
  errorMs: number;
}

export interface ClockSeries {
  node: string;
  /** A polyline: straight (drift) between clock events, a vertical jump at each resync or skew. */
  points: ClockPoint[];
  /** The largest step back, in ms (0 if the clock never went backwards). */
  biggestStepBackMs: number;
}

/** Each node's clock error from its `clock` events, up to true time `untilT`. */
export function clockErrors(events: readonly TraceEvent[], cursorSeq: number, untilT: number): ClockSeries[] {
  const byNode = new Map<string, ClockSeries>();
  const last = new Map<string, { baseTrue: number; baseWall: number; rate: number }>();
  const errorAt = (c: { baseTrue: number; baseWall: number; rate: number }, t: number) =>
    c.baseWall + (t - c.baseTrue) * c.rate - t;
  for (const e of ofType(events, cursorSeq, 'clock')) {
    const series = byNode.get(e.node) ?? { node: e.node, points: [], biggestStepBackMs: 0 };
    byNode.set(e.node, series);
    const prev = last.get(e.node);
    if (prev) series.points.push({ t: e.t, errorMs: errorAt(prev, e.t) });
    // The event carries the clock's parameters from this moment on (baseMono includes the offset).
    const c = { baseTrue: e.baseTrue, baseWall: e.baseMono, rate: e.rate };
    last.set(e.node, c);
    series.points.push({ t: e.t, errorMs: errorAt(c, e.t) });
    if (e.jumpMs < 0) series.biggestStepBackMs = Math.max(series.biggestStepBackMs, -e.jumpMs);
  }
  for (const [node, c] of last) {
    const series = byNode.get(node)!;
    const end = Math.max(untilT, series.points[series.points.length - 1]!.t);
    series.points.push({ t: end, errorMs: errorAt(c, end) });
  }
  return [...byNode.values()];
}

export interface WriteMark {
  seq: number;
  t: number;
  node: string;
  value: string;
  /** The writer's wall clock when it wrote (the timestamp the store compares). */
  ts: number;
  lamport: number;
}

export interface LostWrite {
  seq: number;
  t: number;
  lost: WriteMark | undefined;
  kept: WriteMark | undefined;
  by: string;
}

export function writesAndLosses(
  events: readonly TraceEvent[],
  cursorSeq: number,
): { writes: WriteMark[]; lost: LostWrite[]; decided: number } {
  const writes = ofType(events, cursorSeq, 'write').map((w) => ({
    seq: w.seq,
    t: w.t,
    node: w.node,
    value: String(w.value),
    ts: Number(w.ts),
    lamport: Number(w.lamport),
  }));
  const byValue = new Map(writes.map((w) => [w.value, w]));
  const lost = ofType(events, cursorSeq, 'lost-write').map((l) => ({
    seq: l.seq,
    t: l.t,
    lost: byValue.get(String(l.lost)),
    kept: byValue.get(String(l.kept)),
    by: String(l.by),
  }));
  const decided = ofType(events, cursorSeq, 'stored').length + ofType(events, cursorSeq, 'discarded').length;
  return { writes, lost, decided };
}

export function summarize(events: readonly TraceEvent[], cursorSeq: number): Headline[] {
  const { lost, decided } = writesAndLosses(events, cursorSeq);
  return [
    { label: 'later writes lost', value: lost.length, good: lost.length === 0 },
    { label: 'writes decided by the store', value: decided, good: true, neutral: true },
  ];
}

const NODE_STYLE: Record<string, { color: string; dash?: string; label: string }> = {
  [ALICE]: { color: palette.blue, label: "Alice's clock" },
  [BOB]: { color: palette.orange, dash: '8 4', label: "Bob's clock" },
  [STORE]: { color: palette.muted, dash: '2 3', label: "the store's clock" },
};
const styleOf = (node: string) =>
  NODE_STYLE[node] ?? { color: palette.purple, dash: '4 2', label: `${node}'s clock` };

/** A series' error at true time t (points are a polyline in time order; at a jump, the later value). */
function errorAtTime(s: ClockSeries, t: number): number {
  let v = s.points[0]?.errorMs ?? 0;
  for (let i = 0; i < s.points.length; i++) {
    const p = s.points[i]!;
    if (p.t > t) {
      const q = s.points[i - 1];
      return q ? q.errorMs + ((p.errorMs - q.errorMs) * (t - q.t)) / (p.t - q.t || 1) : p.errorMs;
    }
    v = p.errorMs;
  }
  return v;
}

/** Names at the ends of the lines that read off true time, pushed apart so they never overlap. */
function endLabels(series: ClockSeries[], xOf: (s: ClockSeries) => number, yOf: (s: ClockSeries) => number) {
  const labels = series
    .filter((s) => s.points.some((p) => Math.abs(p.errorMs) >= 0.5))
    .map((s) => ({ node: s.node, x: xOf(s), y: yOf(s) }))
    .sort((a, b) => a.y - b.y);
  for (let i = 1; i < labels.length; i++) labels[i]!.y = Math.max(labels[i]!.y, labels[i - 1]!.y + 13);
  return labels;
}

const DECISIONS: ReadonlySet<string> = new Set(['write', 'stored', 'discarded']);
const HEIGHT = 250;
const M = { top: 22, right: 54, bottom: 40, left: 50 };

export default function NoGlobalNowReadout({ events, cursorSeq }: ReadoutProps) {
  const [ref, { width }] = useElementSize<HTMLDivElement>({ width: 360 });
  const now = cursorTime(events, cursorSeq);
  const series = useMemo(() => clockErrors(events, cursorSeq, now), [events, cursorSeq, now]);
  const { writes, lost } = useMemo(() => writesAndLosses(events, cursorSeq), [events, cursorSeq]);
  // The time axis covers the writes (known ahead of the cursor), so they are not crowded into the
  // start of a long run; the clocks after the last write are cut off at its edge.
  const lastWriteT = useMemo(() => {
    let t = 0;
    for (const e of events) if (DECISIONS.has(e.type)) t = Math.max(t, e.t);
    return t;
  }, [events]);
  const tMax = Math.max(1200, lastWriteT + 300);
  const clip = useId();
  const errors = series.flatMap((s) => s.points.map((p) => p.errorMs)).concat(writes.map((w) => w.ts - w.t));
  const lo = Math.min(-10, ...errors);
  const hi = Math.max(10, ...errors);
  const innerW = Math.max(120, width - M.left - M.right);
  const innerH = HEIGHT - M.top - M.bottom;
  const x = useMemo(() => scaleLinear().domain([0, tMax]).range([0, innerW]).nice(), [tMax, innerW]);
  const y = useMemo(() => scaleLinear().domain([lo, hi]).range([innerH, 0]).nice(), [lo, hi, innerH]);
  const path = line<ClockPoint>()
    .x((p) => x(p.t))
    .y((p) => y(p.errorMs));
  const lostValues = new Set(lost.map((l) => l.lost?.value));
  const keptValues = new Set(lost.map((l) => l.kept?.value));
  const happenedCount = countBefore(events, cursorSeq);
  const spread = (() => {
    const a = series.find((s) => s.node === ALICE)?.points.at(-1)?.errorMs;
    const b = series.find((s) => s.node === BOB)?.points.at(-1)?.errorMs;
    return a !== undefined && b !== undefined ? a - b : undefined;
  })();

  const legend: LegendItem[] = [
    ...series.map((s) => ({
      key: s.node,
      label: styleOf(s.node).label,
      color: styleOf(s.node).color,
      line: { dash: styleOf(s.node).dash },
    })),
    {
      key: 'write',
      label: 'a write (at its writer’s clock)',
      color: palette.ink,
      shape: 'circle' as const,
      hollow: true,
    },
    {
      key: 'lost',
      label: 'a later write the store threw away',
      color: palette.vermillion,
      shape: 'times' as const,
    },
  ];
  const summary =
    `Clocks against true time up to ${formatMs(now)}: ` +
    series
      .map(
        (s) =>
          `${s.node} ${(s.points.at(-1)?.errorMs ?? 0).toFixed(0)} ms ${(s.points.at(-1)?.errorMs ?? 0) >= 0 ? 'ahead' : 'behind'}`,
      )
      .join(', ') +
    `. ${plural(writes.length, 'write')}, ${plural(lost.length, 'later write')} lost.`;

  return (
    <ReadoutFigure
      title="Each node's clock against true time"
      summary={summary}
      caption="Above the middle line a clock reads ahead of true time; below it, behind. Steps are resyncs and skews. The store keeps the write with the larger timestamp, so a write made on a clock that reads behind can lose to one made earlier."
    >
      <Stats
        items={[
          { label: 'writes', value: writes.length },
          { label: 'Alice ahead of Bob', value: spread === undefined ? '—' : `${spread.toFixed(0)} ms` },
          { label: 'later writes lost', value: lost.length, bad: lost.length > 0 },
        ]}
      />
      <Legend items={legend} />
      <div ref={ref} className="readout-chart">
        <svg width={width} height={HEIGHT} aria-hidden="true">
          <g transform={`translate(${M.left},${M.top})`}>
            <AxisLeft
              scale={y}
              ticks={5}
              gridWidth={innerW}
              format={(d) => `${Number(d) > 0 ? '+' : ''}${d}`}
            />
            <AxisBottom
              scale={x}
              y={innerH}
              ticks={Math.max(2, Math.floor(innerW / 80))}
              format={(d) => String(d)}
            />
            <line x1={0} x2={innerW} y1={y(0)} y2={y(0)} stroke={palette.ink} strokeWidth="1.2" />
            <text x={4} y={y(0) - 5} className="ref-label">
              true time
            </text>
            <clipPath id={clip}>
              <rect x={0} y={-10} width={innerW + 2} height={innerH + 20} />
            </clipPath>
            <g clipPath={`url(#${clip})`}>
              {series.map((s) => {
                const st = styleOf(s.node);
                return (
                  <path
                    key={s.node}
                    d={path(s.points) ?? ''}
                    fill="none"
                    stroke={st.color}
                    strokeWidth="2.5"
                    strokeDasharray={st.dash}
                  />
                );
              })}
            </g>
            {endLabels(
              series,
              (s) => Math.min(innerW, x(s.points.at(-1)!.t)),
              (s) => y(errorAtTime(s, Math.min(x.domain()[1]!, s.points.at(-1)!.t))),
            ).map((l) => (
              <text
                key={l.node}
                x={l.x + 4}
                y={l.y + 4}
                className="series-label"
                fill={styleOf(l.node).color}
              >
                {l.node}
              </text>
            ))}
            {writes.map((w) => {
              const isLost = lostValues.has(w.value);
              const isKept = keptValues.has(w.value);
              const st = styleOf(w.node);
              return (
                <g key={w.seq} transform={`translate(${x(w.t)},${y(w.ts - w.t)})`}>
                  <title>
                    {w.value}: written at {w.t.toFixed(0)} ms true time, stamped {w.ts.toFixed(0)} ms
                  </title>
                  {isLost ? (
                    <>
                      <circle r="9" fill="white" stroke={palette.vermillion} strokeWidth="2" />
                      <path
                        d={markPath('times', 12)}
                        stroke={palette.vermillion}
                        strokeWidth="3"
                        fill="none"
                      />
                    </>
                  ) : (
                    <circle
                      r={isKept ? 6 : 4.5}
                      fill="white"
                      stroke={st.color}
                      strokeWidth={isKept ? 3 : 2}
                    />
                  )}
                </g>
              );
            })}
            <text x={-M.left + 2} y={-9} className="axis-label">
              clock minus true time (ms)
            </text>
            <text x={innerW / 2} y={innerH + 34} textAnchor="middle" className="axis-label">
              true time (ms)
            </text>
            {happenedCount === 0 && (
              <text x={innerW / 2} y={innerH / 2} textAnchor="middle" className="empty-label">
                The run has not started
              </text>
            )}
          </g>
        </svg>
      </div>
      {lost.length > 0 && (
        <ul className="readout-notes">
          {lost.slice(0, 2).map((l) =>
            l.lost && l.kept ? (
              <li key={l.seq}>
                <span aria-hidden="true" className="glyph bad">
                  ✕{' '}
                </span>
                <strong>{l.lost.value}</strong> was written {formatMs(l.lost.t - l.kept.t)} after{' '}
                {l.kept.value}, after hearing from it, but its clock read {formatMs(l.kept.ts - l.lost.ts)}{' '}
                earlier ({l.lost.ts.toFixed(0)} &lt; {l.kept.ts.toFixed(0)} ms). The store kept {l.kept.value}
                .
              </li>
            ) : null,
          )}
          {lost.length > 2 && <li>… and {plural(lost.length - 2, 'more later write')} lost the same way.</li>}
        </ul>
      )}
    </ReadoutFigure>
  );
}
