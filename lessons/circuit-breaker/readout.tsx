/**
 * The circuit-breaker readout: over time, how long each client request of the caller took (against
 * the latency budget) and how many of the pool's slots were busy, with the dependency's slow and down
 * spans shaded; and the breaker's statechart, its current state highlighted, with its counters.
 */
import { useMemo } from 'react';
import { scaleLinear } from 'd3-scale';
import type { TraceEvent } from '../../src/engine/trace.ts';
import {
  AxisBottom,
  AxisLeft,
  cursorTime,
  Legend,
  ofType,
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
  BREAKER_STATE_WORDS,
  breakerChanges,
  CALLER,
  clientRequests,
  FAILURE_THRESHOLD,
  healthSpans,
  poolOverTime,
  trials,
  type BreakerState,
} from './guide.ts';

export interface Series {
  /** Each finished client request: when it was made, how long it took, how it ended. */
  latency: { t: number; ms: number; result: 'success' | 'failure' | 'unknown' }[];
  pool: { t: number; inUse: number; waiting: number }[];
  poolSize: number;
  slow: { start: number; end: number }[];
  down: { start: number; end: number }[];
  breaker: BreakerState;
  /** Failures counted towards opening, since the breaker last closed or opened. */
  failures: number;
  opened: number;
  trials: number;
  trialsOk: number;
  ok: number;
  failedFast: number;
  late: number;
  endT: number;
}

export function series(events: readonly TraceEvent[], cursorSeq: number, poolSize = 4): Series {
  const trace = traceUpTo(events, cursorSeq);
  const endT = cursorTime(events, cursorSeq);
  const requests = clientRequests(trace).filter((r) => r.result !== 'waiting');
  const changes = breakerChanges(trace);
  const last = changes.at(-1);
  const counts = ofType(events, cursorSeq, 'breaker-count').filter(
    (e) => e.node === CALLER && (!last || e.seq > last.seq),
  );
  const pool = poolOverTime(trace);
  const span = (s: { start: number; end: number }) => ({ start: s.start, end: Math.min(s.end, endT) });
  const tr = trials(trace);
  return {
    latency: requests.map((r) => ({
      t: r.t,
      ms: (r.end ?? r.t) - r.t,
      result: r.result as 'success' | 'failure' | 'unknown',
    })),
    pool: pool.map(({ t, inUse, waiting }) => ({ t, inUse, waiting })),
    poolSize: pool.at(-1)?.size ?? poolSize,
    slow: healthSpans(trace, 'slow').map(span),
    down: healthSpans(trace, 'down').map(span),
    breaker: last?.state ?? 'closed',
    failures: last?.state === 'open' ? 0 : Number(counts.at(-1)?.failures ?? 0),
    opened: changes.filter((c) => c.state === 'open').length,
    trials: tr.length,
    trialsOk: tr.filter((x) => x.ok).length,
    ok: requests.filter((r) => r.result === 'success').length,
    failedFast: requests.filter((r) => r.result === 'failure').length,
    late: requests.filter((r) => r.result === 'unknown').length,
    endT,
  };
}

export function summarize(events: readonly TraceEvent[], cursorSeq: number): Headline[] {
  const s = series(events, cursorSeq);
  const peak = s.pool.reduce((m, p) => Math.max(m, p.waiting), 0);
  return [
    { label: 'client requests out of time', value: s.late, good: s.late === 0 },
    { label: 'most requests waiting for a slot', value: peak, good: peak === 0 },
    { label: 'requests failed fast', value: s.failedFast, good: true, neutral: true },
  ];
}

const HEIGHT = 150;
const M = { top: 22, right: 12, bottom: 34, left: 44 };

function Shading(props: { s: Series; x: (t: number) => number; h: number }) {
  return (
    <>
      {props.s.slow.map((sp) => (
        <rect
          key={`slow-${sp.start}`}
          x={props.x(sp.start)}
          y={0}
          width={Math.max(1, props.x(sp.end) - props.x(sp.start))}
          height={props.h}
          fill={palette.orange}
          opacity={0.12}
        />
      ))}
      {props.s.down.map((sp) => (
        <rect
          key={`down-${sp.start}`}
          x={props.x(sp.start)}
          y={0}
          width={Math.max(1, props.x(sp.end) - props.x(sp.start))}
          height={props.h}
          fill={palette.vermillion}
          opacity={0.14}
        />
      ))}
    </>
  );
}

function LatencyChart({ s, width, budgetMs }: { s: Series; width: number; budgetMs: number }) {
  const innerW = Math.max(120, width - M.left - M.right);
  const innerH = HEIGHT - M.top - M.bottom;
  const x = scaleLinear()
    .domain([0, Math.max(1000, s.endT)])
    .range([0, innerW]);
  const yMax = Math.max(budgetMs * 1.2, ...s.latency.map((p) => p.ms));
  const y = scaleLinear().domain([0, yMax]).range([innerH, 0]);
  return (
    <svg width={width} height={HEIGHT} aria-hidden="true">
      <g transform={`translate(${M.left},${M.top})`}>
        <Shading s={s} x={x} h={innerH} />
        <AxisLeft scale={y} ticks={4} format={(v) => `${Number(v)}`} gridWidth={innerW} />
        <AxisBottom scale={x} y={innerH} ticks={5} format={(v) => `${Number(v) / 1000} s`} />
        <line
          x1={0}
          x2={innerW}
          y1={y(budgetMs)}
          y2={y(budgetMs)}
          stroke={palette.ink}
          strokeDasharray="5 3"
        />
        <text x={innerW - 2} y={y(budgetMs) - 3} textAnchor="end" className="axis-label">
          budget
        </text>
        {s.latency.map((p, i) =>
          p.result === 'success' ? (
            <circle key={i} cx={x(p.t)} cy={y(p.ms)} r={2.5} fill={palette.blue} />
          ) : p.result === 'failure' ? (
            <rect
              key={i}
              x={x(p.t) - 2.5}
              y={y(p.ms) - 2.5}
              width={5}
              height={5}
              fill={palette.orange}
              transform={`rotate(45 ${x(p.t)} ${y(p.ms)})`}
            />
          ) : (
            <path
              key={i}
              d={`M${x(p.t) - 3},${y(p.ms) - 3}l6,6m0,-6l-6,6`}
              stroke={palette.vermillion}
              strokeWidth={1.8}
            />
          ),
        )}
        <text x={-M.left + 2} y={-9} className="axis-label">
          client wait (ms)
        </text>
      </g>
    </svg>
  );
}

function PoolChart({ s, width }: { s: Series; width: number }) {
  const innerW = Math.max(120, width - M.left - M.right);
  const innerH = HEIGHT - M.top - M.bottom;
  const x = scaleLinear()
    .domain([0, Math.max(1000, s.endT)])
    .range([0, innerW]);
  const yMax = Math.max(s.poolSize + 1, ...s.pool.map((p) => p.waiting));
  const y = scaleLinear().domain([0, yMax]).range([innerH, 0]);
  const step = (v: (p: Series['pool'][number]) => number) => {
    let d = '';
    s.pool.forEach((p, i) => {
      d += i === 0 ? `M${x(p.t)},${y(v(p))}` : `H${x(p.t)}V${y(v(p))}`;
    });
    if (s.pool.length > 0) d += `H${x(s.endT)}`;
    return d;
  };
  return (
    <svg width={width} height={HEIGHT} aria-hidden="true">
      <g transform={`translate(${M.left},${M.top})`}>
        <Shading s={s} x={x} h={innerH} />
        <AxisLeft scale={y} ticks={4} format={(v) => String(v)} gridWidth={innerW} />
        <AxisBottom scale={x} y={innerH} ticks={5} format={(v) => `${Number(v) / 1000} s`} />
        <line
          x1={0}
          x2={innerW}
          y1={y(s.poolSize)}
          y2={y(s.poolSize)}
          stroke={palette.ink}
          strokeDasharray="5 3"
        />
        <text x={innerW - 2} y={y(s.poolSize) - 3} textAnchor="end" className="axis-label">
          pool size
        </text>
        <path d={step((p) => p.inUse)} fill="none" stroke={palette.blue} strokeWidth="2" />
        <path
          d={step((p) => p.waiting)}
          fill="none"
          stroke={palette.vermillion}
          strokeWidth="2"
          strokeDasharray="6 3"
        />
        <text x={-M.left + 2} y={-9} className="axis-label">
          requests
        </text>
      </g>
    </svg>
  );
}

const BOXES: Record<BreakerState, { x: number; y: number; label: string }> = {
  closed: { x: 60, y: 40, label: 'closed' },
  open: { x: 250, y: 40, label: 'open' },
  halfOpen: { x: 155, y: 120, label: 'half-open' },
};
const BW = 84;
const BH = 28;

function Statechart({ s, on }: { s: Series; on: boolean }) {
  const arrow = (x1: number, y1: number, x2: number, y2: number, label: string, lx: number, ly: number) => (
    <g key={label}>
      <line
        x1={x1}
        y1={y1}
        x2={x2}
        y2={y2}
        stroke={palette.ink}
        strokeWidth={1.4}
        markerEnd="url(#cb-arrow)"
      />
      <text x={lx} y={ly} textAnchor="middle" className="axis-label">
        {label}
      </text>
    </g>
  );
  return (
    <svg viewBox="0 0 310 150" width="100%" style={{ maxWidth: 420 }} aria-hidden="true">
      <defs>
        <marker
          id="cb-arrow"
          viewBox="0 0 10 10"
          refX="9"
          refY="5"
          markerWidth="7"
          markerHeight="7"
          orient="auto"
        >
          <path d="M0,0 L10,5 L0,10 z" fill={palette.ink} />
        </marker>
      </defs>
      {arrow(102, 36, 206, 36, `${FAILURE_THRESHOLD} failures`, 155, 28)}
      {arrow(240, 54, 190, 106, 'cool-down over', 262, 88)}
      {arrow(150, 106, 162, 106, '', 0, 0)}
      {arrow(120, 112, 70, 56, 'trial ok', 62, 90)}
      {arrow(188, 108, 236, 56, '', 0, 0)}
      <text x={200} y={76} textAnchor="middle" className="axis-label">
        trial failed
      </text>
      {(Object.keys(BOXES) as BreakerState[]).map((k) => {
        const b = BOXES[k];
        const now = on && s.breaker === k;
        return (
          <g key={k}>
            <rect
              x={b.x - BW / 2}
              y={b.y - BH / 2}
              width={BW}
              height={BH}
              rx={6}
              fill={now ? palette.ink : palette.paper}
              stroke={on ? palette.ink : '#aeb4bd'}
              strokeWidth={now ? 2.5 : 1.2}
            />
            <text x={b.x} y={b.y + 4} textAnchor="middle" fill={now ? palette.paper : palette.ink}>
              {now ? `● ${b.label}` : b.label}
            </text>
          </g>
        );
      })}
    </svg>
  );
}

export default function CircuitBreakerReadout({ events, cursorSeq, params }: ReadoutProps) {
  const [ref, { width }] = useElementSize<HTMLDivElement>({ width: 360 });
  const poolSize = Number(params.poolSize ?? 4);
  const budgetMs = Number(params.budgetMs ?? 500);
  const on = params.breaker === true;
  const s = useMemo(() => series(events, cursorSeq, poolSize), [events, cursorSeq, poolSize]);
  const now = s.pool.at(-1);
  const summary =
    `The caller's clients got ${s.ok} answers in time, ${s.failedFast} fast errors, and ${plural(s.late, 'request')} ran out of their ${budgetMs} ms budget. ` +
    `Pool: ${now?.inUse ?? 0} of ${s.poolSize} slots busy, ${now?.waiting ?? 0} waiting. ` +
    (on
      ? `Breaker ${BREAKER_STATE_WORDS[s.breaker]}, opened ${plural(s.opened, 'time')}, ${plural(s.trials, 'trial request')} (${s.trialsOk} ok), ${s.failures} of ${FAILURE_THRESHOLD} failures counted.`
      : 'No breaker.');
  return (
    <ReadoutFigure
      title="The caller's latency, its pool and its breaker"
      summary={summary}
      caption="Shaded: the dependency is slow (orange) or down (red). Without a breaker the pool fills and clients run out of time; with it, the caller answers at once with an error while the dependency is down."
    >
      <Stats
        items={[
          { label: 'answered in time', value: s.ok },
          { label: 'failed fast', value: s.failedFast },
          { label: 'out of time', value: s.late, bad: s.late > 0 },
          { label: 'waiting for a slot', value: now?.waiting ?? 0, bad: (now?.waiting ?? 0) > 0 },
        ]}
      />
      <div className="cb-breaker">
        <p>
          {on ? (
            <>
              Breaker: <strong>{BREAKER_STATE_WORDS[s.breaker]}</strong> · failures {s.failures}/
              {FAILURE_THRESHOLD} · opened {s.opened} · trials {s.trials} ({s.trialsOk} ok)
            </>
          ) : (
            <>Breaker off: every request waits for the dependency.</>
          )}
        </p>
        <Statechart s={s} on={on} />
      </div>
      <Legend
        items={[
          { key: 'ok', label: '● answered', color: palette.blue, bar: {} },
          { key: 'fast', label: '◆ failed fast', color: palette.orange, bar: {} },
          { key: 'late', label: '✕ out of time', color: palette.vermillion, bar: {} },
          { key: 'busy', label: 'slots busy', color: palette.blue, line: {} },
          { key: 'wait', label: 'waiting for a slot', color: palette.vermillion, line: { dash: '6 3' } },
        ]}
      />
      <div ref={ref} className="readout-chart">
        <LatencyChart s={s} width={width} budgetMs={budgetMs} />
        <PoolChart s={s} width={width} />
      </div>
    </ReadoutFigure>
  );
}
