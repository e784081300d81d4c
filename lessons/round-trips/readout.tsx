/**
 * The round-trips readout: round trips per request, every request's latency as a mark (failed ones as
 * crosses) with p50, p99 and the latency budget, and the measured failure rate with its error bar
 * beside the analytic 1 − (1 − p)^hops.
 */
import { useMemo } from 'react';
import { scaleLinear } from 'd3-scale';
import type { Params } from '../../src/engine/types.ts';
import type { TraceEvent } from '../../src/engine/trace.ts';
import {
  AxisBottom,
  Legend,
  markPath,
  palette,
  plural,
  ReadoutFigure,
  Stats as StatRow,
  traceUpTo,
  useElementSize,
  type Headline,
  type ReadoutProps,
} from '../../src/views/readout-kit.ts';
import { analyticFailure, expectedRoundTrips, stats, type Stats } from './guide.ts';

export interface Series extends Stats {
  budgetMs: number;
  expectedFailure: number;
  expectedRoundTrips: number;
  latencies: { ms: number; ok: boolean }[];
}

function plan(params: Params | undefined) {
  return {
    mergeBoxes: params?.mergeBoxes === true,
    analyticsOffPath: params?.analyticsOffPath === true,
    hopFailure: typeof params?.hopFailure === 'number' ? params.hopFailure : 0.005,
  };
}

export function series(events: readonly TraceEvent[], cursorSeq: number, params?: Params): Series {
  const s = stats(traceUpTo(events, cursorSeq));
  const p = plan(params);
  return {
    ...s,
    budgetMs: typeof params?.budgetMs === 'number' ? params.budgetMs : 160,
    expectedFailure: analyticFailure(p),
    expectedRoundTrips: expectedRoundTrips(p),
    latencies: s.done.map((r) => ({ ms: r.ms!, ok: r.ok! })),
  };
}

export function summarize(events: readonly TraceEvent[], cursorSeq: number, params?: Params): Headline[] {
  const s = series(events, cursorSeq, params);
  return [
    {
      label: 'round trips per request',
      value: s.roundTrips || s.expectedRoundTrips,
      good: true,
      neutral: true,
    },
    { label: 'p99 latency', value: Math.round(s.p99), good: s.p99 <= s.budgetMs, unit: 'ms' },
    { label: 'requests failed (%)', value: Math.round(1000 * s.rate) / 10, good: s.failed === 0 },
  ];
}

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
const M = { top: 18, right: 16, bottom: 30, left: 16 };

function LatencyChart({ width, s }: { width: number; s: Series }) {
  const height = 110;
  const innerW = Math.max(120, width - M.left - M.right);
  const innerH = height - M.top - M.bottom;
  const max = Math.max(s.budgetMs * 1.2, ...s.latencies.map((l) => l.ms));
  const x = scaleLinear().domain([0, max]).range([0, innerW]).nice();
  const marker = (ms: number, label: string, dash?: string) => (
    <g transform={`translate(${x(ms)},0)`}>
      <line y1={-4} y2={innerH} stroke={palette.ink} strokeDasharray={dash} strokeWidth={1.5} />
      <text y={-6} textAnchor="middle" className="axis-label">
        {label}
      </text>
    </g>
  );
  return (
    <svg width={width} height={height} aria-hidden="true">
      <g transform={`translate(${M.left},${M.top})`}>
        <AxisBottom scale={x} y={innerH} ticks={5} format={(v) => `${Number(v)} ms`} />
        {s.latencies.map((l, i) => (
          <path
            key={i}
            transform={`translate(${x(l.ms)},${innerH / 2 + ((i % 5) - 2) * 5})`}
            d={markPath(l.ok ? 'circle' : 'times', 6)}
            fill={l.ok ? palette.blue : palette.vermillion}
            stroke={l.ok ? 'none' : palette.vermillion}
            opacity={0.7}
          />
        ))}
        {s.n > 0 && marker(s.p50, 'p50', '2 2')}
        {s.n > 0 && marker(s.p99, 'p99', '5 2')}
        <g transform={`translate(${x(s.budgetMs)},0)`}>
          <line y1={-4} y2={innerH} stroke={palette.vermillion} strokeWidth={3} />
          <text y={innerH - 2} dx={4} className="axis-label">
            budget
          </text>
        </g>
      </g>
    </svg>
  );
}

function FailureChart({ width, s }: { width: number; s: Series }) {
  const height = 80;
  const innerW = Math.max(120, width - M.left - M.right);
  const innerH = height - M.top - M.bottom;
  const max = Math.min(1, Math.max(0.05, s.expectedFailure * 1.6, s.rate + s.errorBar));
  const x = scaleLinear().domain([0, max]).range([0, innerW]).nice();
  const y = innerH / 2;
  return (
    <svg width={width} height={height} aria-hidden="true">
      <g transform={`translate(${M.left},${M.top})`}>
        <AxisBottom scale={x} y={innerH} ticks={5} format={(v) => `${Math.round(Number(v) * 100)}%`} />
        {s.n > 0 && (
          <g>
            <line
              x1={x(Math.max(0, s.rate - s.errorBar))}
              x2={x(Math.min(1, s.rate + s.errorBar))}
              y1={y}
              y2={y}
              stroke={palette.blue}
              strokeWidth={2}
            />
            <path transform={`translate(${x(s.rate)},${y})`} d={markPath('square', 10)} fill={palette.blue} />
            <text x={x(s.rate)} y={y - 9} textAnchor="middle" className="axis-label">
              measured
            </text>
          </g>
        )}
        <path
          transform={`translate(${x(s.expectedFailure)},${y})`}
          d={markPath('diamond', 12)}
          fill="none"
          stroke={palette.vermillion}
          strokeWidth={2}
        />
        <text x={x(s.expectedFailure)} y={y + 16} textAnchor="middle" className="axis-label">
          1 − (1 − p)^{s.expectedRoundTrips}
        </text>
      </g>
    </svg>
  );
}

const MIN_FOR_RATE = 20;

export default function RoundTripsReadout({ events, cursorSeq, params }: ReadoutProps) {
  const [ref, { width }] = useElementSize<HTMLDivElement>({ width: 360 });
  const s = useMemo(() => series(events, cursorSeq, params), [events, cursorSeq, params]);
  // A rate needs enough requests to mean anything; until then, say how many failed.
  const failedText = s.n < MIN_FOR_RATE ? `${s.failed} of ${s.n}` : `${pct(s.rate)} ± ${pct(s.errorBar)}`;
  const summary =
    `${plural(s.n, 'request')} answered, ${s.failed} failed. ` +
    `${plural(s.roundTrips || s.expectedRoundTrips, 'round trip')} a request. ` +
    `p50 ${Math.round(s.p50)} ms, p99 ${Math.round(s.p99)} ms, budget ${s.budgetMs} ms. ` +
    `Failed: ${failedText}; expected ${pct(s.expectedFailure)}.`;
  return (
    <ReadoutFigure
      title="Round trips, latency and failures per request"
      summary={summary}
      caption="Top: each request's end-to-end latency (circle: answered, cross: failed), its p50 and p99 against the budget. Bottom: the share of requests that failed (square, with two standard errors either side) beside the product of the hops' chances (diamond)."
    >
      <StatRow
        items={[
          { label: 'round trips per request', value: s.roundTrips || s.expectedRoundTrips },
          { label: 'p50', value: `${Math.round(s.p50)} ms` },
          { label: 'p99', value: `${Math.round(s.p99)} ms`, bad: s.p99 > s.budgetMs },
          { label: 'failed', value: failedText, bad: s.failed > 0 },
        ]}
      />
      <Legend
        items={[
          { key: 'ok', label: 'request answered', color: palette.blue, shape: 'circle' },
          { key: 'failed', label: 'request failed', color: palette.vermillion, shape: 'times' },
          { key: 'budget', label: 'latency budget', color: palette.vermillion, line: {} },
          {
            key: 'expected',
            label: 'expected failure rate',
            color: palette.vermillion,
            shape: 'diamond',
            hollow: true,
          },
        ]}
      />
      <div ref={ref} className="readout-chart">
        <LatencyChart width={width} s={s} />
        <FailureChart width={width} s={s} />
      </div>
    </ReadoutFigure>
  );
}
