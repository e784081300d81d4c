/**
 * The one way axes are drawn: d3 picks the tick values (d3-array's `ticks`, or a d3-scale's own),
 * React draws the lines and labels. No d3-axis or d3-selection, so nothing writes to the DOM behind
 * React's back, and the space-time page needs no scale library at all.
 */
import type { ReactNode } from 'react';
import { palette } from './theme.ts';

export interface AxisTick {
  /** Position along the axis, in px from the axis group's origin. */
  at: number;
  label: string;
}

export interface AxisProps {
  orient: 'bottom' | 'left';
  ticks: readonly AxisTick[];
  /** The axis line's extent along the axis, in px. */
  range: readonly [number, number];
  /** Translate of the axis group. */
  x?: number;
  y?: number;
  /** For a left axis: draw the tick lines across the plot as a grid this wide. */
  gridWidth?: number;
  className?: string;
  tickSize?: number;
  children?: ReactNode;
}

const TICK_SIZE = 6;
const TICK_PADDING = 3;

export function Axis({
  orient,
  ticks,
  range,
  x = 0,
  y = 0,
  gridWidth,
  className = 'axis',
  tickSize = TICK_SIZE,
  children,
}: AxisProps) {
  const [r0, r1] = range;
  const bottom = orient === 'bottom';
  // A grid line starts at the axis and crosses the plot, so the label sits just left of the axis.
  const gap = (!bottom && gridWidth ? 0 : tickSize) + TICK_PADDING;
  return (
    <g className={className} transform={`translate(${x},${y})`} aria-hidden="true">
      <path
        className="domain"
        stroke={palette.muted}
        fill="none"
        d={bottom ? `M${r0},0.5H${r1}` : `M-0.5,${r0}V${r1}`}
      />
      {ticks.map((t) => (
        <g
          key={`${t.at}:${t.label}`}
          className="tick"
          transform={bottom ? `translate(${t.at},0)` : `translate(0,${t.at})`}
        >
          {bottom ? (
            <line y2={tickSize} stroke={palette.grid} />
          ) : (
            <line x2={gridWidth || -tickSize} stroke={palette.grid} />
          )}
          {t.label &&
            (bottom ? (
              <text y={gap} dy="0.71em" textAnchor="middle" fill={palette.ink}>
                {t.label}
              </text>
            ) : (
              <text x={-gap} dy="0.32em" textAnchor="end" fill={palette.ink}>
                {t.label}
              </text>
            ))}
        </g>
      ))}
      {children}
    </g>
  );
}
