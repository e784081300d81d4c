/**
 * The state-is-hard readout: the count each replica holds over time (one stepped line each, named
 * at its end, c2's dashed), the stretches a node was down, and a cross for every increment a client
 * heard "done" for that the standing replica does not have; then those increments listed in words.
 */
import { useMemo } from 'react';
import { scaleLinear } from 'd3-scale';
import type { TraceEvent } from '../../src/engine/trace.ts';
import {
  AxisBottom,
  AxisLeft,
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
import {
  acks,
  C1,
  C2,
  clientRequests,
  counter,
  downSpans,
  missingAcks,
  REPLICAS,
  WORKERS,
  type Ack,
} from './guide.ts';

export interface Series {
  /** The count each replica held after each change. */
  lines: Record<string, { t: number; value: number }[]>;
  down: { node: string; start: number; end: number }[];
  acked: Ack[];
  missing: Ack[];
  /** Increments that got "failed" or no answer. */
  notDone: number;
  truth: string;
  counts: Record<string, number>;
  endT: number;
}

export function series(events: readonly TraceEvent[], cursorSeq: number): Series {
  const trace = traceUpTo(events, cursorSeq);
  const endT = cursorTime(events, cursorSeq);
  const lines: Series['lines'] = { [C1]: [{ t: 0, value: 0 }], [C2]: [{ t: 0, value: 0 }] };
  const changes = [...trace.ofType('applied'), ...trace.ofType('replicated'), ...trace.ofType('rejoined')];
  for (const e of changes.sort((a, b) => a.seq - b.seq))
    lines[e.node]?.push({ t: e.t, value: Number(e.value) });
  const c = counter(trace);
  return {
    lines,
    down: [...WORKERS, ...REPLICAS].flatMap((node) =>
      downSpans(trace, node).map((s) => ({ node, start: s.start, end: Math.min(s.end, endT) })),
    ),
    acked: acks(trace),
    missing: missingAcks(trace),
    notDone: clientRequests(trace).filter((r) => r.result === 'failure' || r.result === 'unknown').length,
    truth: c.truth,
    counts: { [C1]: c.logs[C1]!.length, [C2]: c.logs[C2]!.length },
    endT,
  };
}

export function summarize(events: readonly TraceEvent[], cursorSeq: number): Headline[] {
  const s = series(events, cursorSeq);
  return [
    { label: 'acknowledged increments missing', value: s.missing.length, good: s.missing.length === 0 },
    { label: 'increments acknowledged', value: s.acked.length, good: true, neutral: true },
    { label: 'increments refused or unanswered', value: s.notDone, good: true, neutral: true },
  ];
}

const LINE: Record<string, { color: string; dash?: string }> = {
  [C1]: { color: palette.blue },
  [C2]: { color: palette.orange, dash: '6 3' },
};
const M = { top: 10, right: 30, bottom: 30, left: 38 };
const HEIGHT = 170;
const LISTED = 6;

const seconds = (t: number) => `${(t / 1000).toFixed(2)} s`;

function Chart({ width, s }: { width: number; s: Series }) {
  const innerW = Math.max(120, width - M.left - M.right);
  const innerH = HEIGHT - M.top - M.bottom;
  const top = Math.max(5, ...Object.values(s.lines).flatMap((l) => l.map((p) => p.value)));
  const x = scaleLinear()
    .domain([0, Math.max(1000, s.endT)])
    .range([0, innerW]);
  const y = scaleLinear().domain([0, top]).range([innerH, 0]).nice();
  const stepped = (points: { t: number; value: number }[]) => {
    let d = '';
    let last: number | undefined;
    for (const p of points) {
      d += last === undefined ? `M${x(p.t)},${y(p.value)}` : `H${x(p.t)}V${y(p.value)}`;
      last = p.value;
    }
    return d + `H${x(s.endT)}`;
  };
  const downNodes = [...new Set(s.down.map((d) => d.node))];
  return (
    <svg width={width} height={HEIGHT} aria-hidden="true">
      <g transform={`translate(${M.left},${M.top})`}>
        {s.down.map((d) => {
          const row = downNodes.indexOf(d.node);
          return (
            <g key={`${d.node}-${d.start}`}>
              <rect
                x={x(d.start)}
                y={0}
                width={Math.max(1, x(d.end) - x(d.start))}
                height={innerH}
                fill={palette.ink}
                opacity="0.07"
              />
              <text x={x(d.start) + 3} y={11 + 12 * row} fontSize="10" className="axis-label">
                {d.node} down
              </text>
            </g>
          );
        })}
        {REPLICAS.map((r) => {
          const points = s.lines[r]!;
          const end = points.at(-1)!;
          return (
            <g key={r}>
              <path
                d={stepped(points)}
                fill="none"
                stroke={LINE[r]!.color}
                strokeWidth="2"
                strokeDasharray={LINE[r]!.dash}
              />
              <text
                x={x(s.endT) + 4}
                y={y(end.value) + (r === C1 ? -2 : 10)}
                fontSize="11"
                fontWeight="600"
                fill={palette.ink}
              >
                {r}
              </text>
            </g>
          );
        })}
        {s.missing.map((m) => (
          <path
            key={m.seq}
            d={markPath('times', 10)}
            transform={`translate(${x(m.t)},${y(m.value)})`}
            fill="none"
            stroke={palette.vermillion}
            strokeWidth="2.5"
          />
        ))}
        <AxisLeft scale={y} ticks={4} />
        <AxisBottom scale={x} y={innerH} ticks={5} format={(v) => `${Number(v) / 1000} s`} />
      </g>
    </svg>
  );
}

export default function StateIsHardReadout({ events, cursorSeq }: ReadoutProps) {
  const [ref, { width }] = useElementSize<HTMLDivElement>({ width: 360 });
  const s = useMemo(() => series(events, cursorSeq), [events, cursorSeq]);
  const missingWords = s.missing.map((m) => `#${m.increment}`).join(', ');
  const summary =
    `${plural(s.acked.length, 'increment')} acknowledged; the count that stands is ${s.truth}'s, ${s.counts[s.truth]}. ` +
    (s.missing.length > 0
      ? `${plural(s.missing.length, 'acknowledged increment')} missing from it: ${missingWords}.`
      : 'Every acknowledged increment is in it.') +
    ` c1 holds ${s.counts[C1]}, c2 holds ${s.counts[C2]}; ${plural(s.notDone, 'increment')} refused or unanswered.`;
  return (
    <ReadoutFigure
      title="The count on each replica, and acknowledged increments that went missing"
      summary={summary}
      caption={`One line per replica: the count it holds. A cross marks an increment a client heard "done" for that ${s.truth}, whose count stands, does not have. Without a single owner c2 takes over behind c1; with one, nothing acknowledged goes missing.`}
    >
      <Stats
        items={[
          { label: 'acknowledged', value: s.acked.length },
          { label: 'missing', value: s.missing.length, bad: s.missing.length > 0 },
          { label: `count (${s.truth})`, value: s.counts[s.truth] ?? 0 },
          { label: 'refused or unanswered', value: s.notDone },
        ]}
      />
      <Legend
        items={[
          { key: 'c1', label: 'c1: its count', color: LINE[C1]!.color, line: {} },
          { key: 'c2', label: 'c2: its count (dashed)', color: LINE[C2]!.color, line: { dash: '6 3' } },
          {
            key: 'lost',
            label: 'acknowledged, then missing',
            color: palette.vermillion,
            shape: 'times',
          },
        ]}
      />
      <div ref={ref} className="readout-chart">
        <Chart width={width} s={s} />
      </div>
      <div className="readout-caption">
        <strong>
          {s.missing.length > 0
            ? `Acknowledged, but not in ${s.truth}'s count`
            : 'No acknowledged increment is missing'}
        </strong>
        {s.missing.length > 0 && (
          <ul aria-label="Acknowledged increments missing">
            {s.missing.slice(0, LISTED).map((m) => (
              <li key={m.seq}>
                ✕ #{m.increment}: "done" at {seconds(m.t)}, when the count was {m.value}
              </li>
            ))}
            {s.missing.length > LISTED && <li>and {s.missing.length - LISTED} more</li>}
          </ul>
        )}
      </div>
    </ReadoutFigure>
  );
}
