/**
 * The time axis under the lanes: true (simulated) time, labelled in one unit at a time ("1.5 s"),
 * for the visible window only. d3-array places the ticks and the shared Axis draws them, so the
 * lesson page needs no d3-scale (and with it d3-interpolate, d3-color, d3-format).
 */
import { ticks as niceTicks } from 'd3-array';
import { Axis } from '../axis.tsx';
import { tickLabel, type Frame } from './viewport.ts';

/** Pixels between ticks at least: about one label's width. */
const TICK_SPACING_PX = 90;

export function TimeAxis({ frame, y }: { frame: Frame; y: number }) {
  const { t0, t1, left, plotW } = frame;
  const count = Math.max(2, Math.floor(plotW / TICK_SPACING_PX));
  const ticks = t1 > t0 ? niceTicks(t0, t1, count) : [t0];
  const step = ticks.length > 1 ? ticks[1]! - ticks[0]! : t1 - t0;
  const x = (t: number) => (t1 > t0 ? left + ((t - t0) / (t1 - t0)) * plotW : left);
  return (
    <Axis
      orient="bottom"
      className="st-axis"
      y={y}
      range={[left, left + plotW]}
      ticks={ticks.filter((t) => t >= 0).map((t) => ({ at: x(t), label: tickLabel(t, step) }))}
    >
      <text className="st-axis-title" x={8} y={16}>
        time →
      </text>
    </Axis>
  );
}
