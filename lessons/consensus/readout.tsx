/**
 * The consensus readout: what one committed write cost the cluster against the single node (round
 * trips, disk writes, how long the client waited, medians over the writes so far), as a table, and the
 * elections over time: each term a row, a hollow circle where a server stood for election, a filled
 * square with its name where one won. The leaders are listed in words for screen readers.
 */
import { useMemo } from 'react';
import { scaleLinear } from 'd3-scale';
import type { TraceEvent } from '../../src/engine/trace.ts';
import {
  AxisBottom,
  AxisLeft,
  cursorTime,
  formatMs,
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
import {
  elections,
  leaderships,
  serverLogs,
  writeCost,
  type Leadership,
  type ServerLog,
  type WriteCost,
} from './guide.ts';

export interface Series {
  cost: WriteCost;
  elections: ReturnType<typeof elections>;
  leaders: Leadership[];
  logs: ServerLog[];
  endT: number;
}

export function series(events: readonly TraceEvent[], cursorSeq: number): Series {
  const trace = traceUpTo(events, cursorSeq);
  return {
    cost: writeCost(trace),
    elections: elections(trace),
    leaders: leaderships(trace),
    logs: serverLogs(trace),
    endT: cursorTime(events, cursorSeq),
  };
}

const num = (x: number, digits = 0): string => (Number.isNaN(x) ? '–' : x.toFixed(digits));
const ms = (x: number): string => (Number.isNaN(x) ? '–' : formatMs(x));

export function summarize(events: readonly TraceEvent[], cursorSeq: number): Headline[] {
  const { cost, leaders } = series(events, cursorSeq);
  return [
    { label: 'writes committed', value: cost.committed, good: true, neutral: true },
    {
      label: 'round trips per committed write',
      value: Number.isNaN(cost.roundTrips) ? 0 : cost.roundTrips,
      good: true,
      neutral: true,
    },
    {
      label: 'client wait per write (median)',
      value: Number.isNaN(cost.clusterMs) ? 0 : Math.round(cost.clusterMs),
      good: true,
      neutral: true,
      unit: 'ms',
    },
    { label: 'leaders elected', value: leaders.length, good: true, neutral: true },
  ];
}

const M = { top: 22, right: 16, bottom: 30, left: 44 };
const ROW = 14;

function Elections({ width, s }: { width: number; s: Series }) {
  const terms = Math.max(1, ...s.elections.map((e) => e.term), ...s.leaders.map((l) => l.term));
  // Many terms (a minority cut off climbs by one each try): rows get thinner, down to a line each.
  const innerH = Math.min(160, Math.max(60, terms * ROW));
  const height = innerH + M.top + M.bottom;
  const innerW = Math.max(120, width - M.left - M.right);
  const x = scaleLinear()
    .domain([0, Math.max(1000, s.endT)])
    .range([0, innerW]);
  const y = scaleLinear()
    .domain([0, terms + 1])
    .range([innerH, 0]);
  return (
    <svg width={width} height={height} aria-hidden="true">
      <g transform={`translate(${M.left},${M.top})`}>
        {s.leaders.map((l) => (
          <line
            key={`span-${l.seq}`}
            x1={x(l.t)}
            x2={x(Math.min(l.end, s.endT))}
            y1={y(l.term)}
            y2={y(l.term)}
            stroke={palette.blue}
            strokeWidth="3"
            opacity="0.5"
          />
        ))}
        {s.elections
          .filter((e) => !e.won)
          .map((e) => (
            <path
              key={e.seq}
              d={markPath('circle', 7)}
              transform={`translate(${x(e.t)},${y(e.term)})`}
              fill="none"
              stroke={palette.muted}
              strokeWidth="1.2"
            />
          ))}
        {s.leaders.map((l) => (
          <g key={l.seq} transform={`translate(${x(l.t)},${y(l.term)})`}>
            <path d={markPath('square', 10)} fill={palette.blue} stroke={palette.paper} strokeWidth="1" />
            <text x={7} y={-5} fontSize="11" fontWeight="600" fill={palette.ink}>
              {l.node}
            </text>
          </g>
        ))}
        <AxisLeft scale={y} ticks={Math.min(5, terms)} format={(v) => `${Number(v)}`} />
        <text x={-34} y={-12} fontSize="10" className="axis-label">
          term
        </text>
        <AxisBottom scale={x} y={innerH} ticks={5} format={(v) => `${Number(v) / 1000} s`} />
      </g>
    </svg>
  );
}

function CostTable({ cost }: { cost: WriteCost }) {
  return (
    <table className="truth-table" aria-label="What one committed write costs, medians so far">
      <thead>
        <tr>
          <th scope="col">per write</th>
          <th scope="col">Raft, 5</th>
          <th scope="col">one node</th>
        </tr>
      </thead>
      <tbody>
        <tr>
          <th scope="row">round trips</th>
          <td>
            {cost.committed === 0
              ? '–'
              : `${num(cost.roundTrips)}: client 1, followers ${num(cost.roundTrips - 1)}`}
          </td>
          <td>{cost.singleDone === 0 ? '–' : '1'}</td>
        </tr>
        <tr>
          <th scope="row">disk writes</th>
          <td>{cost.committed === 0 ? '–' : `${num(cost.disk)}: 3 before "done"`}</td>
          <td>{cost.singleDone === 0 ? '–' : '1'}</td>
        </tr>
        <tr>
          <th scope="row">to committed</th>
          <td>{ms(cost.commitMs)}</td>
          <td>0 ms</td>
        </tr>
        <tr>
          <th scope="row">client waits</th>
          <td>{ms(cost.clusterMs)}</td>
          <td>{ms(cost.singleMs)}</td>
        </tr>
      </tbody>
    </table>
  );
}

function LogTable({ logs }: { logs: ServerLog[] }) {
  return (
    <table className="truth-table" aria-label="Each server's log now">
      <thead>
        <tr>
          <th scope="col">log now</th>
          {logs.map((l) => (
            <th scope="col" key={l.node}>
              {l.node}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        <tr>
          <th scope="row">entries</th>
          {logs.map((l) => (
            <td key={l.node}>{l.length}</td>
          ))}
        </tr>
        <tr>
          <th scope="row">committed</th>
          {logs.map((l) => (
            <td key={l.node}>{l.committed}</td>
          ))}
        </tr>
      </tbody>
    </table>
  );
}

export default function ConsensusReadout({ events, cursorSeq }: ReadoutProps) {
  const [ref, { width }] = useElementSize<HTMLDivElement>({ width: 360 });
  const s = useMemo(() => series(events, cursorSeq), [events, cursorSeq]);
  const { cost } = s;
  const lost = s.elections.filter((e) => !e.won).length;
  const summary =
    `${plural(cost.committed, 'write')} committed. ` +
    (cost.committed > 0
      ? `Each took ${num(cost.roundTrips)} round trips and ${num(cost.disk)} disk writes, and the client waited ${ms(cost.clusterMs)}; the single node took 1 round trip, 1 disk write and ${ms(cost.singleMs)}. `
      : '') +
    `${plural(s.leaders.length, 'leader')} elected, ${plural(lost, 'election')} lost.`;
  return (
    <ReadoutFigure
      title="What a committed write costs, and the elections"
      summary={summary}
      caption="Medians over the writes committed so far. Raft answers the client once 3 of 5 servers have the entry on disk; the single node answers after its own disk write, and loses everything if it dies. Below: one row per term, a hollow circle where a server stood for election, a filled square where one won, and a bar while it led. Last, each server's log: its entries, and how many of them it knows are committed (forgotten in a crash, learnt again from the leader)."
    >
      <Stats
        items={[
          { label: 'committed', value: cost.committed },
          { label: 'round trips', value: num(cost.roundTrips) },
          { label: 'disk writes', value: num(cost.disk) },
          { label: 'leaders', value: s.leaders.length },
        ]}
      />
      <CostTable cost={cost} />
      <LogTable logs={s.logs} />
      <Legend
        items={[
          { key: 'stood', label: 'stood for election', color: palette.muted, shape: 'circle', hollow: true },
          { key: 'won', label: 'won: leader of that term', color: palette.blue, shape: 'square' },
        ]}
      />
      <div ref={ref} className="readout-chart">
        <Elections width={width} s={s} />
      </div>
      <ul className="visually-hidden" aria-label="Leaders, term by term">
        {s.leaders.map((l) => (
          <li key={l.seq}>
            term {l.term}: {l.node}, from {formatMs(l.t)}
            {l.how ? `, until it ${l.how} at ${formatMs(l.end)}` : ', still leading'}
          </li>
        ))}
      </ul>
    </ReadoutFigure>
  );
}
