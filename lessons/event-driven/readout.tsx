/**
 * The event-driven readout: over time, the queue's backlog (events stored, not yet acknowledged by B)
 * and A's success rate (the share of its clients' requests answered ok, per second), with B's down
 * time shaded; and how many events B processed twice.
 */
import { useMemo } from 'react';
import { scaleLinear } from 'd3-scale';
import type { TraceEvent } from '../../src/engine/trace.ts';
import {
  AxisBottom,
  AxisLeft,
  cursorTime,
  Legend,
  palette,
  plural,
  ReadoutFigure,
  Stats,
  traceUpTo,
  useElementSize,
  type Headline,
  type ReadoutProps,
} from '../../src/views/readout-kit.ts';
import { answersOfA, backlogOverTime, downSpans, duplicates } from './guide.ts';

/** A's success rate is counted over windows this long. */
export const WINDOW_MS = 1000;

export interface Series {
  backlog: { t: number; depth: number }[];
  /** Two points per window (its start and its end, so each window is a flat stretch), share ok. */
  success: { t: number; rate: number }[];
  down: { start: number; end: number }[];
  served: number;
  failed: number;
  duplicates: number;
  endT: number;
}

export function series(events: readonly TraceEvent[], cursorSeq: number): Series {
  const trace = traceUpTo(events, cursorSeq);
  const endT = cursorTime(events, cursorSeq);
  const answers = answersOfA(trace);
  const windows = new Map<number, { ok: number; all: number }>();
  for (const a of answers) {
    const w = Math.floor(a.t / WINDOW_MS);
    const cell = windows.get(w) ?? { ok: 0, all: 0 };
    cell.all += 1;
    if (a.ok) cell.ok += 1;
    windows.set(w, cell);
  }
  const success = [...windows.entries()]
    .sort(([x], [y]) => x - y)
    .flatMap(([w, c]) => [
      { t: w * WINDOW_MS, rate: c.ok / c.all },
      { t: Math.min((w + 1) * WINDOW_MS, endT), rate: c.ok / c.all },
    ]);
  return {
    backlog: backlogOverTime(trace).map(({ t, depth }) => ({ t, depth })),
    success,
    down: downSpans(trace).map((s) => ({ start: s.start, end: Math.min(s.end, endT) })),
    served: answers.filter((a) => a.ok).length,
    failed: answers.filter((a) => !a.ok).length,
    duplicates: duplicates(trace).length,
    endT,
  };
}

export function summarize(events: readonly TraceEvent[], cursorSeq: number): Headline[] {
  const s = series(events, cursorSeq);
  const total = s.served + s.failed;
  const rate = total === 0 ? 100 : Math.round((100 * s.served) / total);
  return [
    { label: 'duplicates processed', value: s.duplicates, good: s.duplicates === 0 },
    { label: "A's requests failed", value: s.failed, good: s.failed === 0 },
    { label: "A's success rate (%)", value: rate, good: rate === 100, neutral: true },
  ];
}

const HEIGHT = 150;
const M = { top: 22, right: 12, bottom: 34, left: 44 };

function TimeChart(props: {
  width: number;
  endT: number;
  down: Series['down'];
  yMax: number;
  yLabel: string;
  format: (d: number) => string;
  points: { t: number; v: number }[];
  step: boolean;
  color: string;
}) {
  const { width, endT, down, yMax, points } = props;
  const innerW = Math.max(120, width - M.left - M.right);
  const innerH = HEIGHT - M.top - M.bottom;
  const x = scaleLinear()
    .domain([0, Math.max(1000, endT)])
    .range([0, innerW]);
  const y = scaleLinear().domain([0, yMax]).range([innerH, 0]);
  let d = '';
  points.forEach((p, i) => {
    if (i === 0) d += `M${x(p.t)},${y(p.v)}`;
    else d += props.step ? `H${x(p.t)}V${y(p.v)}` : `L${x(p.t)},${y(p.v)}`;
  });
  if (props.step && points.length > 0) d += `H${x(endT)}`;
  return (
    <svg width={width} height={HEIGHT} aria-hidden="true">
      <g transform={`translate(${M.left},${M.top})`}>
        {down.map((s) => (
          <rect
            key={s.start}
            x={x(s.start)}
            y={0}
            width={Math.max(1, x(s.end) - x(s.start))}
            height={innerH}
            fill={palette.vermillion}
            opacity={0.12}
          />
        ))}
        <AxisLeft scale={y} ticks={4} format={(v) => props.format(Number(v))} gridWidth={innerW} />
        <AxisBottom scale={x} y={innerH} ticks={5} format={(v) => `${Number(v) / 1000} s`} />
        <path d={d} fill="none" stroke={props.color} strokeWidth="2" />
        <text x={-M.left + 2} y={-9} className="axis-label">
          {props.yLabel}
        </text>
      </g>
    </svg>
  );
}

export default function EventDrivenReadout({ events, cursorSeq }: ReadoutProps) {
  const [ref, { width }] = useElementSize<HTMLDivElement>({ width: 360 });
  const s = useMemo(() => series(events, cursorSeq), [events, cursorSeq]);
  const peak = s.backlog.reduce((m, b) => Math.max(m, b.depth), 0);
  const now = s.backlog.at(-1)?.depth ?? 0;
  const total = s.served + s.failed;
  const summary =
    `A answered ${plural(total, 'request')}: ${s.served} ok, ${s.failed} failed. ` +
    `Backlog now ${now}, at most ${peak}. ${plural(s.duplicates, 'event')} processed twice. ` +
    `B was down ${plural(s.down.length, 'time')}.`;
  return (
    <ReadoutFigure
      title="Backlog and A's success rate over time"
      summary={summary}
      caption="Shaded: B is down. Called directly, A's success rate falls with B. Through the queue it stays at 100% and the backlog grows instead, then drains when B is back."
    >
      <Stats
        items={[
          { label: 'A served', value: s.served },
          { label: 'A failed', value: s.failed, bad: s.failed > 0 },
          { label: 'backlog now', value: now },
          { label: 'duplicates processed', value: s.duplicates, bad: s.duplicates > 0 },
        ]}
      />
      <Legend
        items={[
          { key: 'rate', label: "A's success rate (per second)", color: palette.blue, line: {} },
          { key: 'backlog', label: 'backlog (events in the queue)', color: palette.orange, line: {} },
          { key: 'down', label: 'B down', color: palette.vermillion, bar: {} },
        ]}
      />
      <div ref={ref} className="readout-chart">
        <TimeChart
          width={width}
          endT={s.endT}
          down={s.down}
          yMax={1}
          yLabel="A's success rate"
          format={(v) => `${Math.round(v * 100)}%`}
          points={s.success.map((p) => ({ t: p.t, v: p.rate }))}
          step={false}
          color={palette.blue}
        />
        <TimeChart
          width={width}
          endT={s.endT}
          down={s.down}
          yMax={Math.max(4, peak)}
          yLabel="backlog (events)"
          format={(v) => String(v)}
          points={s.backlog.map((p) => ({ t: p.t, v: p.depth }))}
          step
          color={palette.orange}
        />
      </div>
    </ReadoutFigure>
  );
}
