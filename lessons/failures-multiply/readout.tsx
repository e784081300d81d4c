/**
 * The failures-multiply readout: availability against k, the number of services a request needs (or
 * the replicas it may use), k = 1 … N. Each measured point (a square, with two standard errors either
 * side) fills in as requests come back; the analytic curve is a dashed line; with a shared fault, a
 * dotted line shows what independent replicas would promise. A hidden table says the same in words.
 */
import { useMemo } from 'react';
import { scaleLinear } from 'd3-scale';
import type { Params } from '../../src/engine/types.ts';
import type { TraceEvent } from '../../src/engine/trace.ts';
import {
  AxisBottom,
  AxisLeft,
  HiddenTable,
  Legend,
  markPath,
  palette,
  plural,
  ReadoutFigure,
  Stats as StatRow,
  useElementSize,
  type Headline,
  type LegendItem,
  type ReadoutProps,
} from '../../src/views/readout-kit.ts';
import guide, { curveOf, independentAvailability, pct, probesOf, type Point, type Shape } from './guide.ts';

export interface Series {
  shape: Shape;
  points: Point[];
  /** What independent failures would give at each k (shown when failures are shared). */
  independent: number[];
  shared: boolean;
  requests: number;
}

const number = (params: Params | undefined, name: keyof typeof guide.params, fallback: number) =>
  typeof params?.[name] === 'number' ? params[name] : fallback;

export function series(events: readonly TraceEvent[], cursorSeq: number, params?: Params): Series {
  const model = {
    upFraction: number(params, 'upFraction', guide.params.upFraction.default),
    sharedFault: number(params, 'sharedFault', guide.params.sharedFault.default),
    services: number(params, 'services', guide.params.services.default),
    staggerDeploys: params?.staggerDeploys === true,
    shape: (params?.shape === 'any one' ? 'any one' : 'all') as Shape,
  };
  const done = probesOf(events.filter((e) => e.seq < cursorSeq));
  const points = curveOf(done, model);
  return {
    shape: model.shape,
    points,
    independent: points.map((p) => independentAvailability(model.upFraction, model.shape, p.k)),
    shared: model.sharedFault > 0 && !model.staggerDeploys,
    requests: done.length,
  };
}

export function summarize(events: readonly TraceEvent[], cursorSeq: number, params?: Params): Headline[] {
  const s = series(events, cursorSeq, params);
  const last = s.points.at(-1)!;
  return [
    { label: 'requests', value: s.requests, good: true, neutral: true },
    {
      label: `requests failed at k = ${last.k} (%)`,
      value: Math.round(10_000 * (1 - last.availability)) / 100,
      good: last.availability >= s.independent.at(-1)! - last.errorBar,
    },
    {
      label: 'expected (%)',
      value: Math.round(10_000 * (1 - last.expected)) / 100,
      good: true,
      neutral: true,
    },
  ];
}

/** Enough decimals to tell the ticks of a percentage axis apart. */
function percentFormat(step: number): (v: number) => string {
  const digits = Math.max(0, Math.min(3, Math.ceil(-Math.log10(step * 100) + 1e-9)));
  return (v) => `${(100 * v).toFixed(digits)}%`;
}

const M = { top: 14, right: 14, bottom: 42, left: 58 };

function AvailabilityChart({ width, s }: { width: number; s: Series }) {
  const height = 230;
  const innerW = Math.max(150, width - M.left - M.right);
  const innerH = height - M.top - M.bottom;
  const n = s.points.length;
  const x = scaleLinear()
    .domain([0.5, n + 0.5])
    .range([0, innerW]);
  const measured = s.points.filter((p) => p.n > 0);
  const low = Math.min(
    ...s.points.map((p) => p.expected),
    ...(s.shared ? s.independent : []),
    ...measured.map((p) => p.availability - p.errorBar),
  );
  const y = scaleLinear()
    .domain([Math.max(0, low - (1 - low) * 0.15), 1])
    .range([innerH, 0])
    .nice(4);
  const ticks = y.ticks(4);
  const format = percentFormat(ticks.length > 1 ? ticks[1]! - ticks[0]! : 0.01);
  const clamp = (v: number) => Math.min(1, Math.max(y.domain()[0]!, v));
  const line = (values: number[]) =>
    values.map((v, i) => `${i === 0 ? 'M' : 'L'}${x(i + 1)},${y(v)}`).join('');
  const xTitle =
    s.shape === 'all' ? 'k: services a request needs, all of them' : 'k: replicas, any one will do';
  return (
    <svg width={width} height={height} aria-hidden="true" data-testid="availability-chart">
      <g transform={`translate(${M.left},${M.top})`}>
        <AxisLeft scale={y} ticks={4} format={(v) => format(Number(v))} gridWidth={innerW} />
        <AxisBottom
          scale={x}
          y={innerH}
          tickValues={s.points.map((p) => p.k)}
          format={(v) => String(Number(v))}
        />
        <text x={innerW / 2} y={innerH + 34} textAnchor="middle" className="axis-label">
          {xTitle}
        </text>
        <text
          transform={`translate(${-M.left + 12},${innerH / 2}) rotate(-90)`}
          textAnchor="middle"
          className="axis-label"
        >
          availability
        </text>
        {s.shared && (
          <path
            d={line(s.independent)}
            fill="none"
            stroke={palette.ink}
            strokeWidth={1.5}
            strokeDasharray="1 3"
          />
        )}
        <path
          d={line(s.points.map((p) => p.expected))}
          fill="none"
          stroke={palette.vermillion}
          strokeWidth={2}
          strokeDasharray="6 3"
        />
        {s.points.map((p) => (
          <path
            key={`e${p.k}`}
            transform={`translate(${x(p.k)},${y(p.expected)})`}
            d={markPath('circle', 7)}
            fill="white"
            stroke={palette.vermillion}
            strokeWidth={1.5}
          />
        ))}
        {measured.map((p) => (
          <g key={`m${p.k}`} transform={`translate(${x(p.k)},0)`} data-testid="measured-point">
            <line
              y1={y(clamp(p.availability - p.errorBar))}
              y2={y(clamp(p.availability + p.errorBar))}
              stroke={palette.blue}
              strokeWidth={2}
            />
            {[p.availability - p.errorBar, p.availability + p.errorBar].map((v, i) => (
              <line
                key={i}
                x1={-5}
                x2={5}
                y1={y(clamp(v))}
                y2={y(clamp(v))}
                stroke={palette.blue}
                strokeWidth={2}
              />
            ))}
            <path
              transform={`translate(0,${y(p.availability)})`}
              d={markPath('square', 9)}
              fill={palette.blue}
            />
          </g>
        ))}
      </g>
    </svg>
  );
}

/** The chart in words and numbers, for screen readers. */
function PointsTable({ s }: { s: Series }) {
  return (
    <HiddenTable
      caption="Availability for each k: measured, with two standard errors, and expected"
      columns={['k', 'requests', 'measured', 'expected']}
      rows={s.points.map((p) => ({
        key: p.k,
        cells: [
          p.k,
          p.n,
          p.n === 0 ? 'none yet' : `${pct(p.availability, 2)} ± ${pct(p.errorBar, 2)}`,
          pct(p.expected, 2),
        ],
      }))}
    />
  );
}

export default function FailuresMultiplyReadout({ events, cursorSeq, params }: ReadoutProps) {
  const [ref, { width }] = useElementSize<HTMLDivElement>({ width: 360 });
  const s = useMemo(() => series(events, cursorSeq, params), [events, cursorSeq, params]);
  const last = s.points.at(-1)!;
  const first = s.points[0]!;
  const what = s.shape === 'all' ? `all ${last.k}` : `any one of ${last.k}`;
  const summary =
    `${plural(s.requests, 'request')} so far. ` +
    s.points
      .map(
        (p) =>
          `k = ${p.k}: ${p.n === 0 ? 'no requests yet' : `${pct(p.availability, 2)} ± ${pct(p.errorBar, 2)}`}, expected ${pct(p.expected, 2)}`,
      )
      .join('; ') +
    '.';
  const legend: LegendItem[] = [
    { key: 'measured', label: 'measured, ± 2 standard errors', color: palette.blue, shape: 'square' },
    { key: 'expected', label: 'expected', color: palette.vermillion, line: { dash: '6 3' } },
  ];
  if (s.shared)
    legend.push({
      key: 'independent',
      label: 'if they failed independently',
      color: palette.ink,
      line: { dash: '1 3' },
    });
  return (
    <ReadoutFigure
      title="Availability as k grows"
      summary={summary}
      caption={
        s.shape === 'all'
          ? 'A request that needs all k services is up only when every one is: the chances multiply, a^k. Each square is the share of requests served, with its error bar.'
          : 'A request that may use any one of k replicas fails only when all are down at once: 1 − (1 − a)^k, if they fail independently.'
      }
    >
      <StatRow
        items={[
          { label: 'requests', value: s.requests },
          { label: 'one service', value: first.n === 0 ? '–' : pct(first.availability, 2) },
          {
            label: what,
            value: last.n === 0 ? '–' : `${pct(last.availability, 2)} ± ${pct(last.errorBar, 2)}`,
            bad: last.n > 0 && last.availability < first.availability,
          },
          { label: 'expected', value: pct(last.expected, 2) },
        ]}
      />
      <Legend items={legend} />
      <div ref={ref} className="readout-chart">
        <AvailabilityChart width={width} s={s} />
        <PointsTable s={s} />
      </div>
    </ReadoutFigure>
  );
}
