/**
 * The one-machine readout, in two figures. First, the run: for the one machine and for the chain of
 * services, the round trips of a request, p50 and p99 latency (of the answered requests) and the
 * share that failed, measured (a square with two standard errors either side) beside 1 − a^boxes
 * (a hollow circle). Then the calculator: each of the box's limits as a bar of how much of it the
 * workload uses, with the limit drawn as a line at 100%; a bar past it is striped and says "over".
 * Hidden tables say the same in words.
 */
import { useMemo } from 'react';
import { scaleLinear } from 'd3-scale';
import type { Params } from '../../src/engine/types.ts';
import type { TraceEvent } from '../../src/engine/trace.ts';
import {
  AxisBottom,
  HatchDefs,
  HiddenTable,
  Legend,
  markPath,
  palette,
  plural,
  ReadoutFigure,
  Stats,
  useElementSize,
  type Headline,
  type ReadoutProps,
} from '../../src/views/readout-kit.ts';
import guide, {
  DESIGNS,
  donesOf,
  MACHINES,
  pct,
  size,
  stackOverflowPerSecond,
  statsOf,
  type Design,
  type DesignStats,
  type Sizing,
  type SimModel,
  type Workload,
} from './guide.ts';

type Schema = typeof guide.params;

const numberOf = (params: Params | undefined, name: keyof Schema): number => {
  const v = params?.[name];
  return typeof v === 'number' ? v : Number(guide.params[name]?.default);
};
const stringOf = (params: Params | undefined, name: keyof Schema): string => {
  const v = params?.[name];
  return typeof v === 'string' ? v : String(guide.params[name]?.default);
};

export function modelOf(params?: Params): SimModel & Workload {
  return {
    services: numberOf(params, 'services'),
    upFraction: numberOf(params, 'upFraction'),
    mergeServices: params?.mergeServices === true,
    requestsPerSecond: numberOf(params, 'requestsPerSecond'),
    cpuMsPerRequest: numberOf(params, 'cpuMsPerRequest'),
    workingSetGb: numberOf(params, 'workingSetGb'),
    iopsPerRequest: numberOf(params, 'iopsPerRequest'),
    usersIn: stringOf(params, 'usersIn'),
    latencyTargetMs: numberOf(params, 'latencyTargetMs'),
    independentTeams: numberOf(params, 'independentTeams'),
    machine: stringOf(params, 'machine'),
  };
}

export function runStats(events: readonly TraceEvent[], cursorSeq: number, params?: Params) {
  const seen = events.filter((e) => e.seq < cursorSeq);
  const m = modelOf(params);
  return { m, s: statsOf(donesOf(seen, seen), m) };
}

const nameOf = (d: Design, m: SimModel) =>
  d === 'one machine' ? 'one machine' : m.mergeServices ? 'services, merged' : plural(m.services, 'service');

export function summarize(events: readonly TraceEvent[], cursorSeq: number, params?: Params): Headline[] {
  const { s } = runStats(events, cursorSeq, params);
  const one = s['one machine'];
  const split = s.services;
  return [
    { label: 'round trips a request, services', value: split.roundTrips, good: split.roundTrips <= 1 },
    { label: 'p99, services', value: Math.round(split.p99), unit: 'ms', good: split.p99 <= one.p99 * 1.2 },
    {
      label: 'requests failed, services (%)',
      value: Math.round(10_000 * split.rate) / 100,
      good: split.rate <= one.rate + Math.hypot(one.errorBar, split.errorBar),
    },
    {
      label: 'requests failed, one machine (%)',
      value: Math.round(10_000 * one.rate) / 100,
      good: true,
      neutral: true,
    },
  ];
}

// ---------------------------------------------------------------- the run

const LEFT = 112;
const RIGHT = 26;

function DotRows({
  width,
  title,
  rows,
  max,
  format,
}: {
  width: number;
  title: string;
  rows: { label: string; value: number; low?: number; high?: number; ref?: number; second?: number }[];
  max: number;
  format: (v: number) => string;
}) {
  const rowH = 30;
  const top = 6;
  const height = top + rows.length * rowH + 34;
  const innerW = Math.max(120, width - LEFT - RIGHT);
  const x = scaleLinear().domain([0, max]).range([0, innerW]).nice(4);
  const clamp = (v: number) => Math.max(0, Math.min(x.domain()[1]!, v));
  return (
    <svg width={width} height={height} aria-hidden="true">
      <g transform={`translate(${LEFT},${top})`}>
        {rows.map((r, i) => {
          const y = i * rowH + rowH / 2;
          return (
            <g key={r.label} transform={`translate(0,${y})`}>
              <text x={-8} y={4} textAnchor="end" className="series-label">
                {r.label}
              </text>
              <line x1={0} x2={innerW} y1={0} y2={0} stroke={palette.grid} />
              {r.low !== undefined && r.high !== undefined && (
                <line x1={x(clamp(r.low))} x2={x(clamp(r.high))} stroke={palette.blue} strokeWidth={2} />
              )}
              {r.second !== undefined && (
                <path
                  transform={`translate(${x(clamp(r.second))},0)`}
                  d={markPath('triangle', 11)}
                  fill={palette.vermillion}
                />
              )}
              {r.ref !== undefined && (
                <path
                  transform={`translate(${x(clamp(r.ref))},0)`}
                  d={markPath('circle', 11)}
                  fill="white"
                  stroke={palette.vermillion}
                  strokeWidth={1.5}
                />
              )}
              <path
                transform={`translate(${x(clamp(r.value))},0)`}
                d={markPath('square', 9)}
                fill={palette.blue}
              />
            </g>
          );
        })}
        <AxisBottom scale={x} y={rows.length * rowH} ticks={4} format={(v) => format(Number(v))} />
        <text x={innerW / 2} y={rows.length * rowH + 30} textAnchor="middle" className="axis-label">
          {title}
        </text>
      </g>
    </svg>
  );
}

function RunTable({ s, m }: { s: Record<Design, DesignStats>; m: SimModel }) {
  return (
    <HiddenTable
      caption="The same requests on one machine and on the services"
      columns={['design', 'requests', 'round trips', 'p50', 'p99', 'failed, measured', 'failed, expected']}
      rows={DESIGNS.map((d) => ({
        key: d,
        cells: [
          nameOf(d, m),
          s[d].n,
          s[d].roundTrips,
          `${Math.round(s[d].p50)} ms`,
          `${Math.round(s[d].p99)} ms`,
          s[d].n === 0 ? 'none yet' : `${pct(s[d].rate)} ± ${pct(s[d].errorBar)}`,
          pct(s[d].expected),
        ],
      }))}
    />
  );
}

function RunFigure({ width, s, m }: { width: number; s: Record<Design, DesignStats>; m: SimModel }) {
  const one = s['one machine'];
  const split = s.services;
  const summary =
    DESIGNS.map(
      (d) =>
        `${nameOf(d, m)}: ${plural(s[d].n, 'request')}, ${plural(s[d].roundTrips, 'round trip')} each, p50 ${Math.round(s[d].p50)} ms, p99 ${Math.round(s[d].p99)} ms, failed ${pct(s[d].rate)} ± ${pct(s[d].errorBar)}, expected ${pct(s[d].expected)}`,
    ).join('. ') + '.';
  const failMax = Math.max(0.02, ...DESIGNS.flatMap((d) => [s[d].expected, s[d].rate + s[d].errorBar])) * 1.1;
  const msMax = Math.max(10, one.p99, split.p99) * 1.1;
  return (
    <ReadoutFigure
      title="One machine or a chain of services"
      summary={summary}
      caption="The same requests, the same work, boxes that are each up as often. Every extra box on the path is another round trip and another chance to be down: 1 − a^N."
    >
      <Stats
        items={DESIGNS.map((d) => ({
          label: `${nameOf(d, m)}: round trips`,
          value: s[d].n === 0 ? '–' : s[d].roundTrips,
          bad: d === 'services' && s[d].roundTrips > 1,
        }))}
      />
      <Legend
        items={[
          { key: 'p50', label: 'p50; measured share', color: palette.blue, shape: 'square' },
          { key: 'p99', label: 'p99', color: palette.vermillion, shape: 'triangle' },
          { key: 'err', label: '± 2 standard errors', color: palette.blue, line: {} },
          {
            key: 'expected',
            label: 'expected, 1 − a^boxes',
            color: palette.vermillion,
            shape: 'circle',
            hollow: true,
          },
        ]}
      />
      <div className="readout-chart" data-testid="run-chart">
        <DotRows
          width={width}
          title="latency of answered requests"
          max={msMax}
          format={(v) => `${v} ms`}
          rows={DESIGNS.map((d) => ({ label: nameOf(d, m), value: s[d].p50, second: s[d].p99 }))}
        />
        <DotRows
          width={width}
          title="requests failed"
          max={failMax}
          format={(v) => `${+(100 * v).toFixed(1)}%`}
          rows={DESIGNS.map((d) => ({
            label: nameOf(d, m),
            value: s[d].rate,
            low: s[d].rate - s[d].errorBar,
            high: s[d].rate + s[d].errorBar,
            ref: s[d].expected,
          }))}
        />
        <RunTable s={s} m={m} />
      </div>
    </ReadoutFigure>
  );
}

// ---------------------------------------------------------------- the calculator

const BAR_LEFT = 150;

function SizingChart({ width, sizing }: { width: number; sizing: Sizing }) {
  const rows = sizing.rows.filter((r) => r.key !== 'teams');
  const rowH = 34;
  const height = rows.length * rowH + 36;
  const innerW = Math.max(120, width - BAR_LEFT - RIGHT);
  // Room on the right for the label past the longest bar.
  const barW = innerW - 76;
  const x = scaleLinear().domain([0, 1.5]).range([0, barW]);
  return (
    <svg width={width} height={height} aria-hidden="true" data-testid="sizing-chart">
      <HatchDefs id="one-machine-over" />
      <g transform={`translate(${BAR_LEFT},4)`}>
        {rows.map((r, i) => {
          const share = r.limit > 0 ? r.demand / r.limit : 0;
          const w = x(Math.min(1.5, share));
          return (
            <g key={r.key} transform={`translate(0,${i * rowH})`} data-testid={`sizing-${r.key}`}>
              <text x={-8} y={rowH / 2 + 4} textAnchor="end" className="series-label">
                {r.label}
              </text>
              <rect
                x={0}
                y={6}
                width={Math.max(1, w)}
                height={rowH - 14}
                fill={r.over ? 'url(#one-machine-over)' : palette.blue}
                stroke={r.over ? palette.vermillion : 'none'}
              />
              <text x={w + 6} y={rowH / 2 + 4} className={r.over ? 'bar-label bad' : 'bar-label'}>
                {r.over ? `over: ${Math.round(100 * share)}%` : `${Math.round(100 * share)}%`}
              </text>
            </g>
          );
        })}
        <line
          x1={x(1)}
          x2={x(1)}
          y1={0}
          y2={rows.length * rowH}
          stroke={palette.ink}
          strokeWidth={2}
          strokeDasharray="4 3"
        />
        <AxisBottom
          scale={x}
          y={rows.length * rowH}
          // On a phone the bars are short: 0 and the limit only, so the labels do not run together.
          tickValues={barW < 180 ? [0, 1] : [0, 0.5, 1, 1.5]}
          format={(v) => `${Math.round(100 * Number(v))}%`}
        />
        <text x={barW / 2} y={rows.length * rowH + 32} textAnchor="middle" className="axis-label">
          share of each limit used
        </text>
      </g>
    </svg>
  );
}

function SizingTable({ sizing }: { sizing: Sizing }) {
  return (
    <HiddenTable
      caption={`What the workload needs of one ${sizing.machine}`}
      columns={['limit', 'trigger', 'need', 'verdict']}
      rows={sizing.rows.map((r) => ({
        key: r.key,
        cells: [r.label, r.trigger, r.words, r.over ? 'over' : 'fits'],
      }))}
    />
  );
}

function SizingFigure({ width, w }: { width: number; w: Workload }) {
  const sizing = size(w);
  const box = MACHINES[sizing.machine];
  const teams = sizing.rows.find((r) => r.key === 'teams')!;
  const verdict = sizing.fits
    ? `Fits on one ${sizing.machine}`
    : `Does not fit on one ${sizing.machine}: ${sizing.over.join(' and ')}`;
  return (
    <ReadoutFigure
      title="What fits on one box"
      summary={`${verdict}. ${sizing.rows.map((r) => `${r.label}: ${r.words}${r.over ? ', over' : ''}`).join('. ')}.`}
      caption={`One ${sizing.machine}: ${box.vcpus} vCPUs and ${box.memoryWords} (${Math.round(box.memoryGb).toLocaleString('en-US')} GB) of memory, NVMe at a million disk operations a second; a quarter of each kept free for peaks. Stack Overflow in 2016 served about ${stackOverflowPerSecond.toLocaleString('en-US')} requests a second from 9 web servers and two database clusters of 384 GB each.`}
    >
      <p
        className={sizing.fits ? 'readout-title' : 'readout-title bad'}
        data-testid="sizing-verdict"
        role="status"
      >
        {sizing.fits ? '✓ ' : '✕ '}
        {verdict}
      </p>
      <div className="readout-chart">
        <SizingChart width={width} sizing={sizing} />
        <SizingTable sizing={sizing} />
      </div>
      <p className="readout-caption" data-testid="sizing-teams">
        {teams.over ? '✕ ' : '✓ '}
        Teams: {teams.words}.
      </p>
    </ReadoutFigure>
  );
}

export default function OneMachineReadout({ events, cursorSeq, params }: ReadoutProps) {
  const [ref, { width }] = useElementSize<HTMLDivElement>({ width: 360 });
  const { m, s } = useMemo(() => runStats(events, cursorSeq, params), [events, cursorSeq, params]);
  return (
    <div ref={ref} style={{ display: 'grid', gap: '1.2rem' }}>
      <RunFigure width={width} s={s} m={m} />
      <SizingFigure width={width} w={m} />
    </div>
  );
}
