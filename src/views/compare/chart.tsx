/**
 * Small building blocks the readouts share: a size that follows the container, axes for d3 scales
 * (drawn by the app's one Axis), symbol paths for marks, and an HTML legend (it wraps on a phone, unlike SVG text).
 */
import { createContext, useContext, type ReactNode } from 'react';
import {
  symbol,
  symbolCircle,
  symbolCross,
  symbolDiamond,
  symbolSquare,
  symbolTimes,
  symbolTriangle,
  symbolStar,
  type SymbolType,
} from 'd3-shape';
import { palette } from '../theme.ts';
import { Axis, type AxisTick } from '../axis.tsx';

/** What the axes need of a d3 scale: a linear scale's ticks, or a band scale's bands. */
export interface ChartScale<D> {
  (value: D): number | undefined;
  domain(): D[];
  range(): number[];
  ticks?(count?: number): D[];
  bandwidth?(): number;
}

interface ChartAxisProps<D> {
  scale: ChartScale<D>;
  /** Translate of the axis group. */
  x?: number;
  y?: number;
  ticks?: number;
  format?: (d: D) => string;
  /** For a left axis: draw the tick lines across the plot as a grid. */
  gridWidth?: number;
  tickValues?: D[];
}

/** Where the ticks go: the given values, else the scale's own ticks (every band of a band scale). */
function scaleTicks<D>(
  scale: ChartScale<D>,
  count: number,
  format?: (d: D) => string,
  values?: D[],
): AxisTick[] {
  const chosen = values ?? (scale.ticks ? scale.ticks(count) : scale.domain());
  const centre = scale.bandwidth ? scale.bandwidth() / 2 : 0;
  return chosen.flatMap((d) => {
    const at = scale(d);
    return at === undefined ? [] : [{ at: at + centre, label: format ? format(d) : String(d) }];
  });
}

function extent(scale: ChartScale<unknown>): [number, number] {
  const r = scale.range();
  return [Math.min(...r), Math.max(...r)];
}

export function AxisBottom<D>({ scale, x = 0, y = 0, ticks = 5, format, tickValues }: ChartAxisProps<D>) {
  return (
    <Axis
      orient="bottom"
      x={x}
      y={y}
      range={extent(scale as ChartScale<unknown>)}
      ticks={scaleTicks(scale, ticks, format, tickValues)}
    />
  );
}

export function AxisLeft<D>({
  scale,
  x = 0,
  y = 0,
  ticks = 4,
  format,
  gridWidth,
  tickValues,
}: ChartAxisProps<D>) {
  return (
    <Axis
      orient="left"
      x={x}
      y={y}
      range={extent(scale as ChartScale<unknown>)}
      gridWidth={gridWidth}
      ticks={scaleTicks(scale, ticks, format, tickValues)}
    />
  );
}

export type MarkShape = 'circle' | 'triangle' | 'diamond' | 'cross' | 'times' | 'square' | 'star';

const SHAPES: Record<MarkShape, SymbolType> = {
  circle: symbolCircle,
  triangle: symbolTriangle,
  diamond: symbolDiamond,
  cross: symbolCross,
  times: symbolTimes,
  square: symbolSquare,
  star: symbolStar,
};

/** An SVG path for a mark of about `size` px across, centred on 0,0. */
export function markPath(shape: MarkShape, size = 10): string {
  return symbol(SHAPES[shape], size * size * 0.8)() ?? '';
}

/** Stroke-only shapes (the cross and times are lines, not areas). */
export const LINE_SHAPES: ReadonlySet<MarkShape> = new Set(['times']);

export interface LegendItem {
  key: string;
  label: string;
  color: string;
  shape?: MarkShape;
  /** A line sample instead of a mark (dash array for a dashed line). */
  line?: { dash?: string };
  /** Hollow mark. */
  hollow?: boolean;
  /** A bar swatch; `hatch` draws the warning stripes used for double charges. */
  bar?: { hollow?: boolean; hatch?: boolean };
}

export function LegendSwatch({ item }: { item: LegendItem }) {
  if (item.line) {
    return (
      <svg width="26" height="14" aria-hidden="true">
        <line
          x1="2"
          x2="24"
          y1="7"
          y2="7"
          stroke={item.color}
          strokeWidth="2.5"
          strokeDasharray={item.line.dash}
        />
      </svg>
    );
  }
  if (item.bar) {
    return (
      <svg width="16" height="14" aria-hidden="true">
        <rect
          x="1.5"
          y="1.5"
          width="13"
          height="11"
          fill={item.bar.hollow ? 'none' : item.color}
          fillOpacity={item.bar.hatch ? 0.35 : 1}
          stroke={item.color}
          strokeWidth="1.5"
          strokeDasharray={item.bar.hollow ? '3 2' : undefined}
        />
        {item.bar.hatch && (
          <path d="M2 9 L7 2 M6 13 L14 3 M11 13 L14 9" stroke={item.color} strokeWidth="2" />
        )}
      </svg>
    );
  }
  const shape = item.shape ?? 'circle';
  const lineOnly = LINE_SHAPES.has(shape);
  return (
    <svg width="16" height="16" aria-hidden="true">
      <path
        d={markPath(shape, 11)}
        transform="translate(8,8)"
        fill={item.hollow || lineOnly ? 'none' : item.color}
        stroke={item.color}
        strokeWidth={lineOnly ? 2.5 : 1.5}
      />
    </svg>
  );
}

export function Legend({ items, label = 'Legend' }: { items: LegendItem[]; label?: string }) {
  return (
    <ul className="readout-legend" aria-label={label}>
      {items.map((item) => (
        <li key={item.key}>
          <LegendSwatch item={item} />
          <span>{item.label}</span>
        </li>
      ))}
    </ul>
  );
}

/** An SVG pattern for "this is wrong" fills (stripes read without colour); `id` from useId. */
export function HatchDefs({ id, color = palette.vermillion }: { id: string; color?: string }) {
  return (
    <defs>
      <pattern id={id} width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
        <rect width="6" height="6" fill={color} opacity="0.35" />
        <line x1="0" y1="0" x2="0" y2="6" stroke={color} strokeWidth="3" />
      </pattern>
    </defs>
  );
}

/** True inside the fix comparison: readouts drop their explanatory captions to stay compact. */
export const CompactReadout = createContext(false);

/** A figure around a readout: a heading, the chart, and a caption that says what to look for. */
export function ReadoutFigure({
  title,
  summary,
  children,
  caption,
}: {
  title: string;
  /** The aria-label: what the chart shows, in words, with its numbers. */
  summary: string;
  children: ReactNode;
  caption?: ReactNode;
}) {
  const compact = useContext(CompactReadout);
  return (
    <figure className="readout" aria-label={summary}>
      <figcaption className="readout-title">{title}</figcaption>
      {children}
      {caption && !compact && <p className="readout-caption">{caption}</p>}
    </figure>
  );
}

/** Numbers above a chart: "3 gaps · 1 copy". */
export function Stats({
  items,
  title,
}: {
  items: { label: string; value: string | number; bad?: boolean }[];
  title?: string;
}) {
  return (
    <dl className="readout-stats" aria-label={title}>
      {title && <span className="readout-stats-title">{title}</span>}
      {items.map((s) => (
        <div key={s.label} className={s.bad ? 'bad' : undefined}>
          <dt>{s.label}</dt>
          <dd>
            {s.bad && (
              <span aria-hidden="true" className="glyph">
                ✕{' '}
              </span>
            )}
            {s.value}
          </dd>
        </div>
      ))}
    </dl>
  );
}

/** One row of a `HiddenTable`: its first cell heads the row. */
export interface HiddenTableRow {
  key: string | number;
  cells: readonly ReactNode[];
}

/**
 * The numbers behind a chart, as a table only screen readers reach: the chart itself is aria-hidden.
 * Wrapped in a hidden div because a table is never narrower than its cells, so hidden alone it
 * would still widen a phone's page.
 */
export function HiddenTable({
  caption,
  columns,
  rows,
}: {
  caption: ReactNode;
  columns: readonly string[];
  rows: readonly HiddenTableRow[];
}) {
  return (
    <div className="visually-hidden">
      <table>
        <caption>{caption}</caption>
        <thead>
          <tr>
            {columns.map((c) => (
              <th key={c} scope="col">
                {c}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map(({ key, cells: [head, ...rest] }) => (
            <tr key={key}>
              <th scope="row">{head}</th>
              {rest.map((cell, i) => (
                <td key={i}>{cell}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

// The readouts' number words and element size are the app's own.
export { useElementSize } from '../useElementSize.ts';
export { formatMs, plural } from '../../engine/words.ts';
