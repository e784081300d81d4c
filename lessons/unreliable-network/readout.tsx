/**
 * The unreliable-network readout: every arrival at the receiver over time, by message number, marked
 * by what the network did to it (in order, after a gap, late, a copy), and a line through the
 * messages in the order the application processed them. Without the fix the line zigzags and
 * repeats; with it, it climbs one step at a time.
 */
import { useMemo } from 'react';
import { line } from 'd3-shape';
import { scaleLinear } from 'd3-scale';
import type { CustomEvent, TraceEvent } from '../../src/engine/trace.ts';
import {
  AxisBottom,
  AxisLeft,
  countBefore,
  Legend,
  LINE_SHAPES,
  markPath,
  palette,
  plural,
  ReadoutFigure,
  Stats,
  useElementSize,
  type Headline,
  type LegendItem,
  type MarkShape,
  type ReadoutProps,
} from '../../src/views/readout-kit.ts';
import { RECEIVER, SENDER } from './guide.ts';

export type ArrivalKind = 'in-order' | 'gap' | 'out-of-order' | 'duplicate';

export interface Arrival {
  seq: number;
  t: number;
  n: number;
  kind: ArrivalKind;
  /** For a gap: the numbers that had not arrived when this one did. */
  missing: number[];
}

export interface ReceiverLog {
  /** How many messages the sender set out to send. */
  messages: number;
  arrivals: Arrival[];
  /** The application's processing, in order: message number and time. */
  processed: { t: number; n: number }[];
  processedTwice: number;
  processedOutOfOrder: number;
  /** Numbers below the highest processed one that the application never processed. */
  missing: number;
}

const KIND_OF: Record<string, ArrivalKind> = {
  'in-order': 'in-order',
  gap: 'gap',
  'out-of-order': 'out-of-order',
  'duplicate-seen': 'duplicate',
};

/** The receiver's log up to the cursor. */
export function receiverLog(events: readonly TraceEvent[], cursorSeq: number): ReceiverLog {
  const end = countBefore(events, cursorSeq);
  let messages = 0;
  const arrivals: Arrival[] = [];
  const processed: { t: number; n: number }[] = [];
  const seen = new Set<number>();
  let processedTwice = 0;
  let processedOutOfOrder = 0;
  let highest = 0;
  for (let i = 0; i < end; i++) {
    const e = events[i]! as unknown as CustomEvent;
    if (e.type === 'stream' && e.node === SENDER) messages = Number(e.messages);
    if (e.node !== RECEIVER) continue;
    const kind = Object.hasOwn(KIND_OF, e.type) ? KIND_OF[e.type] : undefined;
    if (kind) {
      arrivals.push({
        seq: e.seq,
        t: e.t,
        n: Number(e.n),
        kind,
        missing: Array.isArray(e.missing) ? (e.missing as number[]) : [],
      });
    } else if (e.type === 'processed') {
      const n = Number(e.n);
      if (seen.has(n)) processedTwice += 1;
      else if (n < highest) processedOutOfOrder += 1;
      seen.add(n);
      highest = Math.max(highest, n);
      processed.push({ t: e.t, n });
    }
  }
  let missing = 0;
  for (let k = 1; k < highest; k++) if (!seen.has(k)) missing += 1;
  return { messages, arrivals, processed, processedTwice, processedOutOfOrder, missing };
}

export function summarize(events: readonly TraceEvent[], cursorSeq: number): Headline[] {
  const log = receiverLog(events, cursorSeq);
  return [
    { label: 'handled twice', value: log.processedTwice, good: log.processedTwice === 0 },
    { label: 'handled out of order', value: log.processedOutOfOrder, good: log.processedOutOfOrder === 0 },
    { label: 'skipped so far', value: log.missing, good: log.missing === 0 },
  ];
}

export const ARRIVAL_STYLE: Record<ArrivalKind, { color: string; shape: MarkShape; label: string }> = {
  'in-order': { color: palette.blue, shape: 'circle', label: 'arrived in order' },
  gap: { color: palette.orange, shape: 'triangle', label: 'arrived after a gap' },
  'out-of-order': { color: palette.purple, shape: 'diamond', label: 'arrived late (out of order)' },
  duplicate: { color: palette.vermillion, shape: 'times', label: 'a copy arrived again' },
};

const HEIGHT = 250;
const M = { top: 22, right: 12, bottom: 40, left: 44 };

export default function UnreliableNetworkReadout({ events, cursorSeq }: ReadoutProps) {
  const [ref, { width }] = useElementSize<HTMLDivElement>({ width: 360 });
  const log = useMemo(() => receiverLog(events, cursorSeq), [events, cursorSeq]);
  // The time axis covers the whole stream as far as it has been simulated, so it holds still while
  // the marks appear.
  const [tMin, tMax] = useMemo(() => {
    let lo = Infinity;
    let hi = 0;
    for (const e of events as readonly CustomEvent[]) {
      if (e.node !== RECEIVER || !(Object.hasOwn(KIND_OF, e.type) || e.type === 'processed')) continue;
      lo = Math.min(lo, e.t);
      hi = Math.max(hi, e.t);
    }
    if (hi === 0) return [0, 500];
    // Start a little before the first arrival: the stream's first moments are empty anyway.
    return [Math.max(0, Math.floor((lo - 20) / 50) * 50), Math.max(hi, lo + 100)];
  }, [events]);
  const nMax = Math.max(log.messages, ...log.arrivals.map((a) => a.n), 5);
  const innerW = Math.max(120, width - M.left - M.right);
  const innerH = HEIGHT - M.top - M.bottom;
  const x = useMemo(() => scaleLinear().domain([tMin, tMax]).range([0, innerW]).nice(), [tMin, tMax, innerW]);
  const y = useMemo(() => scaleLinear().domain([0, nMax]).range([innerH, 0]).nice(), [nMax, innerH]);
  const path = useMemo(
    () =>
      line<{ t: number; n: number }>()
        .x((p) => x(p.t))
        .y((p) => y(p.n))(log.processed) ?? '',
    [log.processed, x, y],
  );
  const count = (k: ArrivalKind) => log.arrivals.filter((a) => a.kind === k).length;
  const gaps = count('gap');
  const late = count('out-of-order');
  const copies = count('duplicate');
  const summary =
    `Receiver log: ${plural(log.arrivals.length, 'arrival')}, ${plural(gaps, 'gap')}, ${plural(late, 'late arrival')}, ` +
    `${plural(copies, 'copy', 'copies')}. The application processed ${plural(log.processed.length, 'message')}: ` +
    `${log.processedTwice} twice, ${log.processedOutOfOrder} out of order, ${log.missing} skipped so far.`;
  const legend: LegendItem[] = [
    ...(['in-order', 'gap', 'out-of-order', 'duplicate'] as const).map((k) => ({
      key: k,
      label: ARRIVAL_STYLE[k].label,
      color: ARRIVAL_STYLE[k].color,
      shape: ARRIVAL_STYLE[k].shape,
    })),
    { key: 'missing', label: 'still missing at a gap', color: palette.orange, line: { dash: '3 3' } },
    { key: 'processed', label: 'order the application processed them', color: palette.ink, line: {} },
  ];

  return (
    <ReadoutFigure
      title="What reached the receiver, and when"
      summary={summary}
      caption="Read the line: it should climb one message at a time. Every drop back down is a message the application handled out of order, or a second time."
    >
      <Stats
        title="What the network did"
        items={[
          { label: 'gaps', value: gaps },
          { label: 'late arrivals', value: late },
          { label: 'copies', value: copies },
        ]}
      />
      <Stats
        title="What the application did"
        items={[
          { label: 'handled twice', value: log.processedTwice, bad: log.processedTwice > 0 },
          { label: 'out of order', value: log.processedOutOfOrder, bad: log.processedOutOfOrder > 0 },
          { label: 'skipped', value: log.missing, bad: log.missing > 0 },
        ]}
      />
      <Legend items={legend} />
      <div ref={ref} className="readout-chart">
        <svg width={width} height={HEIGHT} aria-hidden="true">
          <g transform={`translate(${M.left},${M.top})`}>
            <AxisLeft scale={y} ticks={5} gridWidth={innerW} format={(d) => String(d)} />
            <AxisBottom
              scale={x}
              y={innerH}
              ticks={Math.max(2, Math.floor(innerW / 80))}
              format={(d) => `${d}`}
            />
            {log.arrivals
              .filter((a) => a.kind === 'gap' && a.missing.length > 0)
              .map((a) => (
                <line
                  key={`m${a.seq}`}
                  x1={x(a.t)}
                  x2={x(a.t)}
                  y1={y(Math.min(...a.missing))}
                  y2={y(Math.max(...a.missing))}
                  stroke={palette.orange}
                  strokeWidth="2"
                  strokeDasharray="3 3"
                />
              ))}
            <path d={path} fill="none" stroke={palette.ink} strokeWidth="1.5" strokeLinejoin="round" />
            {log.arrivals.map((a) => {
              const s = ARRIVAL_STYLE[a.kind];
              const stroke = LINE_SHAPES.has(s.shape);
              return (
                <path
                  key={a.seq}
                  d={markPath(s.shape, a.kind === 'in-order' ? 8 : 11)}
                  transform={`translate(${x(a.t)},${y(a.n)})`}
                  fill={stroke ? 'none' : s.color}
                  stroke={stroke ? s.color : 'white'}
                  strokeWidth={stroke ? 2.5 : 0.8}
                />
              );
            })}
            <text x={-M.left + 2} y={-9} className="axis-label">
              message number
            </text>
            <text x={innerW / 2} y={innerH + 34} textAnchor="middle" className="axis-label">
              time at the receiver (ms)
            </text>
            {log.arrivals.length === 0 && (
              <text x={innerW / 2} y={innerH / 2} textAnchor="middle" className="empty-label">
                Nothing has arrived yet
              </text>
            )}
          </g>
        </svg>
      </div>
    </ReadoutFigure>
  );
}
