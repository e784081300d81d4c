/**
 * The rolling-deploy readout: which version each server runs over time (one band per server, each
 * stretch labelled with its version, failed requests marked on the server that failed them), and
 * the list of failed requests with why: who could not read which format, written by whom.
 */
import { useMemo } from 'react';
import { scaleLinear } from 'd3-scale';
import type { TraceEvent } from '../../src/engine/trace.ts';
import {
  AxisBottom,
  cursorTime,
  Legend,
  markPath,
  palette,
  plural,
  ReadoutFigure,
  Stats,
  traceUpTo,
  useElementSize,
  type Headline,
  type ReadoutProps,
} from '../../src/views/readout-kit.ts';
import { answers, SERVERS, versionSpans, type Answer, type Version } from './guide.ts';

export interface Series {
  bands: { server: string; version: Version; start: number; end: number }[];
  failures: Answer[];
  served: number;
  /** The versions running at the cursor, one per server. */
  now: Record<string, Version>;
  endT: number;
}

export function series(events: readonly TraceEvent[], cursorSeq: number): Series {
  const trace = traceUpTo(events, cursorSeq);
  const endT = cursorTime(events, cursorSeq);
  const all = answers(trace);
  const spans = versionSpans(trace);
  const now: Record<string, Version> = {};
  for (const s of spans) if (s.end === Infinity) now[s.server] = s.version;
  return {
    bands: spans.map((s) => ({
      server: s.server,
      version: s.version,
      start: s.start,
      end: Math.min(s.end, endT),
    })),
    failures: all.filter((a) => !a.ok),
    served: all.filter((a) => a.ok).length,
    now,
    endT,
  };
}

export function summarize(events: readonly TraceEvent[], cursorSeq: number): Headline[] {
  const s = series(events, cursorSeq);
  const onV2 = SERVERS.filter((x) => s.now[x] === 'v2').length;
  return [
    { label: 'requests failed', value: s.failures.length, good: s.failures.length === 0 },
    { label: 'requests served', value: s.served, good: true, neutral: true },
    { label: 'servers on v2', value: onV2, good: onV2 === SERVERS.length, neutral: true },
  ];
}

const FILL: Record<Version, string> = { v1: palette.sky, 'v1.5': palette.orange, v2: palette.blue };
const TEXT: Record<Version, string> = { v1: palette.ink, 'v1.5': palette.ink, v2: palette.paper };
const ROW = 26;
const M = { top: 8, right: 12, bottom: 30, left: 34 };
const LISTED = 6;

const seconds = (t: number) => `${(t / 1000).toFixed(2)} s`;

function Bands({ width, s }: { width: number; s: Series }) {
  const innerW = Math.max(120, width - M.left - M.right);
  const innerH = ROW * SERVERS.length;
  const x = scaleLinear()
    .domain([0, Math.max(1000, s.endT)])
    .range([0, innerW]);
  const row = (server: string) => SERVERS.indexOf(server as (typeof SERVERS)[number]) * ROW;
  return (
    <svg width={width} height={innerH + M.top + M.bottom} aria-hidden="true">
      <g transform={`translate(${M.left},${M.top})`}>
        {SERVERS.map((server) => (
          <text key={server} x={-6} y={row(server) + ROW / 2 + 4} textAnchor="end" className="axis-label">
            {server}
          </text>
        ))}
        {s.bands.map((b) => {
          const w = Math.max(0, x(b.end) - x(b.start));
          return (
            <g key={`${b.server}-${b.start}`}>
              <rect
                x={x(b.start)}
                y={row(b.server) + 2}
                width={w}
                height={ROW - 4}
                fill={FILL[b.version]}
                stroke={palette.paper}
              />
              {w > 30 && (
                <text
                  x={x(b.start) + 5}
                  y={row(b.server) + ROW / 2 + 4}
                  fill={TEXT[b.version]}
                  fontSize="11"
                  fontWeight="600"
                >
                  {b.version}
                </text>
              )}
            </g>
          );
        })}
        {s.failures.map((f) => (
          <path
            key={f.seq}
            d={markPath('times', 10)}
            transform={`translate(${x(f.t)},${row(f.server) + ROW / 2})`}
            fill={palette.vermillion}
            stroke={palette.paper}
            strokeWidth="0.8"
          />
        ))}
        <AxisBottom scale={x} y={innerH} ticks={5} format={(v) => `${Number(v) / 1000} s`} />
      </g>
    </svg>
  );
}

export default function RollingDeployReadout({ events, cursorSeq }: ReadoutProps) {
  const [ref, { width }] = useElementSize<HTMLDivElement>({ width: 360 });
  const s = useMemo(() => series(events, cursorSeq), [events, cursorSeq]);
  const running = SERVERS.map((x) => `${x} ${s.now[x] ?? 'v1'}`).join(', ');
  const summary =
    `Versions now: ${running}. ${plural(s.served, 'request')} served, ${s.failures.length} failed` +
    (s.failures[0]
      ? `, the first at ${seconds(s.failures[0].t)}: ${s.failures[0].server} on ${s.failures[0].version} could not read format ${s.failures[0].format}.`
      : '.');
  return (
    <ReadoutFigure
      title="Which version each server runs, and the requests that failed"
      summary={summary}
      caption="One band per server, labelled with its version. A cross marks a request that server failed. While v1 and v2 both run, v1 fails on records v2 wrote; with expand/contract every server reads both formats before any writes the new one."
    >
      <Stats
        items={[
          { label: 'served', value: s.served },
          { label: 'failed', value: s.failures.length, bad: s.failures.length > 0 },
          {
            label: 'on v2',
            value: `${SERVERS.filter((x) => s.now[x] === 'v2').length} of ${SERVERS.length}`,
          },
        ]}
      />
      <Legend
        items={[
          { key: 'v1', label: 'v1: reads and writes format 1', color: FILL.v1, bar: {} },
          { key: 'v15', label: 'v1.5: reads both, writes format 1', color: FILL['v1.5'], bar: {} },
          { key: 'v2', label: 'v2: reads both, writes format 2', color: FILL.v2, bar: {} },
          { key: 'fail', label: 'failed request', color: palette.vermillion, shape: 'times' },
        ]}
      />
      <div ref={ref} className="readout-chart">
        <Bands width={width} s={s} />
      </div>
      {s.failures.length > 0 && (
        <div className="readout-caption">
          <strong>Failed requests</strong>
          <ul aria-label="Failed requests">
            {s.failures.slice(0, LISTED).map((f) => (
              <li key={f.seq}>
                {seconds(f.t)}: {f.server} ({f.version}) could not read record {f.record}, in format{' '}
                {f.format}, written by {f.writer}
              </li>
            ))}
            {s.failures.length > LISTED && <li>and {s.failures.length - LISTED} more</li>}
          </ul>
        </div>
      )}
    </ReadoutFigure>
  );
}
