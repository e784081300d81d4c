/**
 * The time axis under the lanes: true (simulated) time, labelled in one unit at a time ("1.5 s"),
 * for the visible window only. d3-array places the ticks; React draws them, so the lesson page needs
 * neither d3-axis and d3-selection nor d3-scale (and with it d3-interpolate, d3-color, d3-format).
 */
import { ticks as niceTicks } from 'd3-array';
import { tickLabel, type Frame } from './viewport.ts';

/** Pixels between ticks at least: about one label's width. */
const TICK_SPACING_PX = 90;
const TICK_SIZE = 6;

export function Axis({ frame, y }: { frame: Frame; y: number }) {
  const { t0, t1, left, plotW } = frame;
  const count = Math.max(2, Math.floor(plotW / TICK_SPACING_PX));
  const ticks = t1 > t0 ? niceTicks(t0, t1, count) : [t0];
  const step = ticks.length > 1 ? ticks[1]! - ticks[0]! : t1 - t0;
  const x = (t: number) => (t1 > t0 ? left + ((t - t0) / (t1 - t0)) * plotW : left);
  return (
    <g className="st-axis" transform={`translate(0,${y})`} aria-hidden="true">
      <path className="st-axis-domain" d={`M${left},0.5H${left + plotW}`} />
      {ticks
        .filter((t) => t >= 0)
        .map((t) => (
          <g key={t} className="tick" transform={`translate(${x(t)},0)`}>
            <line y2={TICK_SIZE} />
            <text y={TICK_SIZE + 3} dy="0.71em" textAnchor="middle">
              {tickLabel(t, step)}
            </text>
          </g>
        ))}
      <text className="st-axis-title" x={8} y={16}>
        time →
      </text>
    </g>
  );
}
