/**
 * The idempotency readout: for each logical payment (all tries of it share one request id), how many
 * tries the client sent and how many times the card was charged. One charge per payment is right;
 * a payment charged twice is flagged.
 */
import { useId, useMemo } from 'react';
import { scaleBand, scaleLinear } from 'd3-scale';
import type { TraceEvent } from '../../src/engine/trace.ts';
import {
  AxisBottom,
  AxisLeft,
  HatchDefs,
  Legend,
  ofType,
  palette,
  plural,
  ReadoutFigure,
  Stats,
  useElementSize,
  type Headline,
  type ReadoutProps,
} from '../../src/views/readout-kit.ts';

export interface PaymentBar {
  /** The logical request id every try of this payment carries. */
  request: number;
  /** 1, 2, 3 ... in the order the payments started. */
  index: number;
  tries: number;
  charges: number;
}

/** Tries and charges per payment, up to the cursor. */
export function chargesPerPayment(events: readonly TraceEvent[], cursorSeq: number): PaymentBar[] {
  const bars = new Map<number, PaymentBar>();
  for (const c of ofType(events, cursorSeq, 'call')) {
    if (c.op !== 'charge') continue;
    const bar = bars.get(c.request) ?? { request: c.request, index: bars.size + 1, tries: 0, charges: 0 };
    bar.tries += 1;
    bars.set(c.request, bar);
  }
  for (const e of ofType(events, cursorSeq, 'effect')) {
    const bar = bars.get(e.request);
    if (bar && e.op === 'charge') bar.charges += 1;
  }
  return [...bars.values()];
}

export function summarize(events: readonly TraceEvent[], cursorSeq: number): Headline[] {
  const bars = chargesPerPayment(events, cursorSeq);
  const doubles = bars.filter((b) => b.charges > 1).length;
  const extra = bars.reduce((sum, b) => sum + Math.max(0, b.charges - 1), 0);
  return [
    { label: 'double charges', value: doubles, good: doubles === 0 },
    { label: 'extra charges', value: extra, good: extra === 0 },
    { label: 'payments', value: bars.length, good: true, neutral: true },
  ];
}

const HEIGHT = 210;
const M = { top: 26, right: 10, bottom: 40, left: 44 };

export default function IdempotencyReadout({ events, cursorSeq }: ReadoutProps) {
  const [ref, { width }] = useElementSize<HTMLDivElement>({ width: 360 });
  const hatch = useId();
  const bars = useMemo(() => chargesPerPayment(events, cursorSeq), [events, cursorSeq]);
  const innerW = Math.max(120, width - M.left - M.right);
  const innerH = HEIGHT - M.top - M.bottom;
  const x = useMemo(
    () =>
      scaleBand<string>()
        .domain(bars.map((b) => String(b.index)))
        .range([0, innerW])
        .padding(0.25),
    [bars, innerW],
  );
  const yMax = Math.max(3, ...bars.map((b) => b.tries));
  const y = useMemo(() => scaleLinear().domain([0, yMax]).range([innerH, 0]), [yMax, innerH]);
  const yTicks = useMemo(() => y.ticks(Math.min(yMax, 5)).filter(Number.isInteger), [y, yMax]);
  const doubles = bars.filter((b) => b.charges > 1);
  const charges = bars.reduce((s, b) => s + b.charges, 0);
  const tries = bars.reduce((s, b) => s + b.tries, 0);
  const summary =
    bars.length === 0
      ? 'Charges per payment: no payment yet.'
      : `Charges per payment for ${plural(bars.length, 'payment')}: ` +
        bars
          .map((b) => `payment ${b.index}: ${plural(b.tries, 'try', 'tries')}, charged ${b.charges}`)
          .join('; ') +
        `. ${doubles.length === 0 ? 'No double charges.' : `${plural(doubles.length, 'payment')} charged more than once.`}`;
  // Thin the labels when many payments crowd the axis.
  const every = Math.ceil(bars.length / Math.max(1, Math.floor(innerW / 28)));
  const xTicks = bars.filter((_, i) => i % every === 0).map((b) => String(b.index));

  return (
    <ReadoutFigure
      title="Charges per payment"
      summary={summary}
      caption="Every try of one payment carries the same id. Each payment should be charged exactly once, however many tries it took."
    >
      <Stats
        items={[
          { label: 'payments', value: bars.length },
          { label: 'tries sent', value: tries },
          { label: 'card charged', value: charges },
          { label: 'double charges', value: doubles.length, bad: doubles.length > 0 },
        ]}
      />
      <Legend
        items={[
          { key: 'tries', label: 'tries sent', color: palette.muted, bar: { hollow: true } },
          { key: 'once', label: 'charged once ✓', color: palette.blue, bar: {} },
          {
            key: 'double',
            label: 'charged twice or more ✕',
            color: palette.vermillion,
            bar: { hatch: true },
          },
          { key: 'right', label: 'one charge: correct', color: palette.green, line: { dash: '6 4' } },
        ]}
      />
      <div ref={ref} className="readout-chart">
        <svg width={width} height={HEIGHT} aria-hidden="true">
          <HatchDefs id={hatch} />
          <g transform={`translate(${M.left},${M.top})`}>
            <AxisLeft scale={y} tickValues={yTicks} format={(d) => String(d)} gridWidth={innerW} />
            <AxisBottom scale={x} y={innerH} tickValues={xTicks} />
            {bars.map((b) => {
              // Bars stay narrow when there are few payments, so one bar never fills the whole chart.
              const bw = Math.min(x.bandwidth(), 64);
              const bx = (x(String(b.index)) ?? 0) + (x.bandwidth() - bw) / 2;
              const double = b.charges > 1;
              const cw = Math.max(4, bw * 0.62);
              return (
                <g key={b.request} transform={`translate(${bx},0)`}>
                  <title>
                    payment {b.index}: {plural(b.tries, 'try', 'tries')}, charged {b.charges}
                    {double ? ' (double charge)' : ''}
                  </title>
                  <rect
                    x={0}
                    y={y(b.tries)}
                    width={bw}
                    height={innerH - y(b.tries)}
                    fill="none"
                    stroke={palette.muted}
                    strokeDasharray="4 3"
                    strokeWidth="1.5"
                  />
                  {b.charges > 0 && (
                    <rect
                      x={(bw - cw) / 2}
                      y={y(b.charges)}
                      width={cw}
                      height={innerH - y(b.charges)}
                      fill={double ? `url(#${hatch})` : palette.blue}
                      stroke={double ? palette.vermillion : palette.blue}
                      strokeWidth="2"
                    />
                  )}
                  <text
                    x={bw / 2}
                    y={y(Math.max(b.tries, b.charges)) - 6}
                    textAnchor="middle"
                    className={double ? 'bar-label bad' : 'bar-label'}
                  >
                    {double ? `✕ ${b.charges}×` : b.charges === 1 ? '✓' : '0'}
                  </text>
                </g>
              );
            })}
            <line
              x1={0}
              x2={innerW}
              y1={y(1)}
              y2={y(1)}
              stroke={palette.green}
              strokeWidth="1.5"
              strokeDasharray="6 4"
            />
            <text x={-M.left + 2} y={-12} className="axis-label">
              count
            </text>
            <text x={innerW / 2} y={innerH + 34} textAnchor="middle" className="axis-label">
              payment (in the order they started)
            </text>
            {bars.length === 0 && (
              <text x={innerW / 2} y={innerH / 2} textAnchor="middle" className="empty-label">
                No payment yet
              </text>
            )}
          </g>
        </svg>
      </div>
    </ReadoutFigure>
  );
}
