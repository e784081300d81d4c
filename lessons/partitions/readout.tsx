/**
 * The partitions readout: the history checker's answers for the run so far. A chart of how stale
 * each read was when it began (fresh reads on the floor, stale ones up by their ms, the worst marked,
 * the stretches the link was cut shaded), the acknowledged writes thrown away on merge, and whether
 * the whole history is linearizable, with the first operation that breaks it; every read's verdict in
 * a table for screen readers.
 */
import { useMemo } from 'react';
import { scaleLinear } from 'd3-scale';
import type { TraceEvent } from '../../src/engine/trace.ts';
import {
  AxisBottom,
  AxisLeft,
  cursorTime,
  formatMs,
  HiddenTable,
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
  ackedWrites,
  clientOps,
  cuts,
  linearizable,
  lostOnMerge,
  maxStaleness,
  readChecks,
  type ClientOp,
  type Linearizable,
  type LostWrite,
  type ReadCheck,
} from './guide.ts';

export interface Series {
  checks: ReadCheck[];
  worst: Extract<ReadCheck, { kind: 'stale' }> | undefined;
  stale: number;
  siblings: number;
  acked: number;
  refused: number;
  lost: LostWrite[];
  verdict: Linearizable;
  /** When the link was cut, in either direction. */
  cut: { start: number; end: number; way: string }[];
  endT: number;
}

export function series(events: readonly TraceEvent[], cursorSeq: number): Series {
  const trace = traceUpTo(events, cursorSeq);
  const endT = cursorTime(events, cursorSeq);
  const ops = clientOps(trace);
  const checks = readChecks(ops);
  // One span while either direction is cut, named by the directions it saw cut.
  const cut: Series['cut'] = [];
  const down = new Set<string>();
  let span: { start: number; ways: Set<string> } | undefined;
  const close = (end: number) => {
    if (!span) return;
    const way = span.ways.size > 1 ? 'both ways' : [...span.ways][0]!;
    cut.push({ start: span.start, end, way });
    span = undefined;
  };
  for (const c of cuts(trace)) {
    const way = `${c.from}→${c.to}`;
    if (c.cut) {
      down.add(way);
      span ??= { start: c.t, ways: new Set() };
      span.ways.add(way);
    } else {
      down.delete(way);
      if (down.size === 0) close(c.t);
    }
  }
  close(endT);
  return {
    checks,
    worst: maxStaleness(checks),
    stale: checks.filter((c) => c.kind === 'stale').length,
    siblings: checks.filter((c) => c.kind === 'siblings').length,
    acked: ackedWrites(ops).length,
    refused: ops.filter((o) => o.result === 'failure').length,
    lost: lostOnMerge(trace, ops),
    verdict: linearizable(ops),
    cut: cut.sort((a, b) => a.start - b.start),
    endT,
  };
}

export function summarize(events: readonly TraceEvent[], cursorSeq: number): Headline[] {
  const s = series(events, cursorSeq);
  return [
    { label: 'acknowledged writes lost', value: s.lost.length, good: s.lost.length === 0 },
    { label: 'stale reads', value: s.stale, good: s.stale === 0 },
    { label: 'stalest read (ms)', value: Math.round(s.worst?.byMs ?? 0), good: s.stale === 0 },
    { label: 'operations refused', value: s.refused, good: true, neutral: true },
  ];
}

const opWords = (o: ClientOp) =>
  o.op === 'write'
    ? `${o.client}'s write ${o.key} = ${o.value} at ${formatMs(o.t)}`
    : `${o.client}'s read of ${o.key} at ${formatMs(o.t)} (got ${o.values?.join(' and ') || 'nothing'})`;

export function verdictWords(v: Linearizable): string {
  if (v.kind === 'yes') return `Linearizable: yes, all ${v.ops} operations fit one order in real time.`;
  if (v.kind === 'too large') return `Linearizable: not decided, ${v.ops} operations are too many to check.`;
  return `Linearizable: no. The first operation that fits no order: ${opWords(v.blocked)}.`;
}

const checkWords = (c: ReadCheck) =>
  c.kind === 'fresh'
    ? 'fresh'
    : c.kind === 'siblings'
      ? 'siblings'
      : `stale by ${formatMs(c.byMs)} (${c.overwrittenBy.key} = ${c.overwrittenBy.value} was already done)`;

const M = { top: 14, right: 16, bottom: 30, left: 54 };
const HEIGHT = 180;
const LISTED = 5;
const COLOR = { fresh: palette.muted, stale: palette.vermillion, siblings: palette.purple } as const;
const SHAPE = { fresh: 'circle', stale: 'triangle', siblings: 'diamond' } as const;

function Chart({ width, s }: { width: number; s: Series }) {
  const innerW = Math.max(120, width - M.left - M.right);
  const innerH = HEIGHT - M.top - M.bottom;
  const top = Math.max(100, s.worst?.byMs ?? 0);
  const x = scaleLinear()
    .domain([0, Math.max(1000, s.endT)])
    .range([0, innerW]);
  const y = scaleLinear().domain([0, top]).range([innerH, 0]).nice();
  const yOf = (c: ReadCheck) => (c.kind === 'stale' ? y(c.byMs) : c.kind === 'siblings' ? y(top) : y(0));
  return (
    <svg width={width} height={HEIGHT} aria-hidden="true">
      <g transform={`translate(${M.left},${M.top})`}>
        {s.cut.map((c) => (
          <g key={`${c.way}-${c.start}`}>
            <rect
              x={x(c.start)}
              y={0}
              width={Math.max(1, x(c.end) - x(c.start))}
              height={innerH}
              fill={palette.ink}
              opacity="0.07"
            />
            <text x={x(c.start) + 3} y={-3} fontSize="10" className="axis-label">
              link cut{c.way === 'both ways' ? '' : ` ${c.way}`}
            </text>
          </g>
        ))}
        {s.checks.map((c) => (
          <path
            key={c.read.seq}
            d={markPath(SHAPE[c.kind], c.kind === 'fresh' ? 5 : 8)}
            transform={`translate(${x(c.read.t)},${yOf(c)})`}
            fill={c.kind === 'fresh' ? 'none' : COLOR[c.kind]}
            stroke={COLOR[c.kind]}
            strokeWidth="1"
          />
        ))}
        {s.worst && (
          <g transform={`translate(${x(s.worst.read.t)},${y(s.worst.byMs)})`}>
            <circle r="8" fill="none" stroke={palette.ink} strokeWidth="1.5" />
            <text
              x={x(s.worst.read.t) > innerW / 2 ? -11 : 11}
              y={4}
              textAnchor={x(s.worst.read.t) > innerW / 2 ? 'end' : 'start'}
              fontSize="11"
              fontWeight="600"
              fill={palette.ink}
            >
              worst: {formatMs(s.worst.byMs)}
            </text>
          </g>
        )}
        <AxisLeft scale={y} ticks={4} format={(v) => formatMs(Number(v))} />
        <AxisBottom scale={x} y={innerH} ticks={5} format={(v) => `${Number(v) / 1000} s`} />
      </g>
    </svg>
  );
}

/** Every read and its verdict, for screen readers. */
function ReadsTable({ s }: { s: Series }) {
  return (
    <HiddenTable
      caption="Every read so far, and how stale it was"
      columns={['began at', 'client', 'key', 'got', 'verdict']}
      rows={s.checks.map((c) => ({
        key: c.read.seq,
        cells: [
          formatMs(c.read.t),
          c.read.client,
          c.read.key,
          c.read.values?.join(' and ') || 'nothing',
          checkWords(c),
        ],
      }))}
    />
  );
}

export default function PartitionsReadout({ events, cursorSeq }: ReadoutProps) {
  const [ref, { width }] = useElementSize<HTMLDivElement>({ width: 360 });
  const s = useMemo(() => series(events, cursorSeq), [events, cursorSeq]);
  const summary =
    `${plural(s.checks.length, 'read')} checked: ${s.stale} stale` +
    (s.worst ? `, the stalest by ${formatMs(s.worst.byMs)}` : '') +
    (s.siblings > 0 ? `, ${s.siblings} saw siblings` : '') +
    `. ${plural(s.acked, 'write')} acknowledged, ${s.lost.length} of them thrown away on merge; ${plural(s.refused, 'operation')} refused. ` +
    verdictWords(s.verdict);
  const stalest = s.checks
    .filter((c): c is Extract<ReadCheck, { kind: 'stale' }> => c.kind === 'stale')
    .sort((a, b) => b.byMs - a.byMs)
    .slice(0, 3);
  return (
    <ReadoutFigure
      title="How stale each read was, and which acknowledged writes survived"
      summary={summary}
      caption="A read is stale when, before it began, a write of another value had already been acknowledged: its height is how long before. With the link up that is at most one trip between the sites; while it is cut there is no bound."
    >
      <Stats
        items={[
          { label: 'reads', value: s.checks.length },
          { label: 'stale', value: s.stale, bad: s.stale > 0 },
          { label: 'stalest', value: s.worst ? formatMs(s.worst.byMs) : '–', bad: s.stale > 0 },
          { label: 'acknowledged writes lost', value: s.lost.length, bad: s.lost.length > 0 },
          { label: 'refused', value: s.refused },
        ]}
      />
      <Legend
        items={[
          { key: 'fresh', label: 'fresh read', color: COLOR.fresh, shape: 'circle', hollow: true },
          { key: 'stale', label: 'stale read: how far behind', color: COLOR.stale, shape: 'triangle' },
          { key: 'siblings', label: 'read saw siblings', color: COLOR.siblings, shape: 'diamond' },
          { key: 'cut', label: 'shaded: link cut', color: palette.grid, shape: 'square' },
        ]}
      />
      <div ref={ref} className="readout-chart">
        <Chart width={width} s={s} />
        <ReadsTable s={s} />
      </div>
      <div className="readout-caption">
        <p data-testid="linearizable">
          <strong>{s.verdict.kind === 'yes' ? '✓ ' : s.verdict.kind === 'no' ? '✕ ' : ''}</strong>
          {verdictWords(s.verdict)}
        </p>
        {stalest.length > 0 && (
          <ul aria-label="Stalest reads">
            {stalest.map((c) => (
              <li key={c.read.seq}>
                ▲ {c.read.client} read {c.read.key} = {c.read.values?.join(' and ') || 'nothing'} at{' '}
                {formatMs(c.read.t)}: stale by {formatMs(c.byMs)}
              </li>
            ))}
          </ul>
        )}
        <strong>
          {s.lost.length > 0 ? 'Acknowledged, then thrown away on merge' : 'No acknowledged write was lost'}
        </strong>
        {s.lost.length > 0 && (
          <ul aria-label="Acknowledged writes lost on merge">
            {s.lost.slice(0, LISTED).map((l) => (
              <li key={l.seq}>
                ✕ {l.write.key} = {l.write.value}: {l.write.client} heard "done" at {formatMs(l.write.end!)};{' '}
                {l.node} dropped it at {formatMs(l.t)} for {l.kept}, the later stamp
              </li>
            ))}
            {s.lost.length > LISTED && <li>and {s.lost.length - LISTED} more</li>}
          </ul>
        )}
      </div>
    </ReadoutFigure>
  );
}
