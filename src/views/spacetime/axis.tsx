/**
 * The time axis under the lanes: true (simulated) time, labelled in one unit at a time ("1.5 s"),
 * drawn with d3-axis for the visible window only.
 */
import { useLayoutEffect, useRef } from 'react';
import { axisBottom } from 'd3-axis';
import { scaleLinear } from 'd3-scale';
import { select } from 'd3-selection';
import { tickLabel, type Frame } from './viewport.ts';

export function Axis({ frame, y }: { frame: Frame; y: number }) {
  const ref = useRef<SVGGElement>(null);
  const { t0, t1, left, plotW } = frame;
  useLayoutEffect(() => {
    if (!ref.current) return;
    const scale = scaleLinear()
      .domain([t0, t1])
      .range([left, left + plotW]);
    const count = Math.max(2, Math.floor(plotW / 90));
    const ticks = scale.ticks(count);
    const step = ticks.length > 1 ? ticks[1]! - ticks[0]! : t1 - t0;
    select(ref.current)
      .call(
        axisBottom(scale)
          .tickValues(ticks.filter((t) => t >= 0))
          .tickFormat((d) => tickLabel(Number(d), step))
          .tickSizeOuter(0),
      )
      .call((g) => g.select('.domain').attr('stroke', '#aeb4bd'));
  }, [t0, t1, left, plotW]);
  return (
    <g className="st-axis" transform={`translate(0,${y})`} aria-hidden="true">
      <g ref={ref} />
      <text className="st-axis-title" x={8} y={16}>
        time →
      </text>
    </g>
  );
}
