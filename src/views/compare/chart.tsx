/**
 * Small building blocks the readouts share: a width that follows the container, D3 axes drawn into
 * a <g>, symbol paths for marks, and an HTML legend (it wraps on a phone, unlike SVG text).
 */
import {
  createContext,
  useContext,
  useLayoutEffect,
  useRef,
  useState,
  type ReactNode,
  type RefObject,
} from 'react';
import { select } from 'd3-selection';
import { axisBottom, axisLeft, type AxisDomain, type AxisScale } from 'd3-axis';
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

/** The width of an element, kept up to date; `fallback` until it has been measured (and in tests). */
export function useWidth<T extends HTMLElement>(fallback = 360): [RefObject<T | null>, number] {
  const ref = useRef<T | null>(null);
  const [width, setWidth] = useState(fallback);
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const measure = () => {
      const w = Math.floor(el.getBoundingClientRect().width);
      if (w > 0) setWidth((old) => (old === w ? old : w));
    };
    measure();
    if (typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    return () => observer.disconnect();
  }, []);
  return [ref, width];
}

interface AxisProps<D extends AxisDomain> {
  scale: AxisScale<D>;
  /** Translate of the axis group. */
  x?: number;
  y?: number;
  ticks?: number;
  format?: (d: D) => string;
  /** For a left axis: draw the tick lines across the plot as a grid. */
  gridWidth?: number;
  tickValues?: D[];
}

function useAxis<D extends AxisDomain>(
  ref: RefObject<SVGGElement | null>,
  make: () => ReturnType<typeof axisBottom<D>>,
  deps: unknown[],
): void {
  useLayoutEffect(() => {
    if (!ref.current) return;
    const g = select(ref.current);
    g.call(make());
    g.selectAll('.domain').attr('stroke', palette.muted);
    g.selectAll('.tick line').attr('stroke', palette.grid);
    g.selectAll('.tick text').attr('fill', palette.ink);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, deps);
}

export function AxisBottom<D extends AxisDomain>({
  scale,
  x = 0,
  y = 0,
  ticks = 5,
  format,
  tickValues,
}: AxisProps<D>) {
  const ref = useRef<SVGGElement | null>(null);
  useAxis<D>(ref, () => {
    const a = axisBottom<D>(scale).ticks(ticks).tickSizeOuter(0);
    if (format) a.tickFormat(format as (d: D, i: number) => string);
    if (tickValues) a.tickValues(tickValues);
    return a;
  }, [scale, ticks, format, tickValues]);
  return <g ref={ref} className="axis" transform={`translate(${x},${y})`} />;
}

export function AxisLeft<D extends AxisDomain>({
  scale,
  x = 0,
  y = 0,
  ticks = 4,
  format,
  gridWidth,
  tickValues,
}: AxisProps<D>) {
  const ref = useRef<SVGGElement | null>(null);
  useAxis<D>(ref, () => {
    const a = axisLeft<D>(scale).ticks(ticks).tickSizeOuter(0);
    if (gridWidth) a.tickSizeInner(-gridWidth);
    if (format) a.tickFormat(format as (d: D, i: number) => string);
    if (tickValues) a.tickValues(tickValues);
    return a;
  }, [scale, ticks, format, gridWidth, tickValues]);
  return <g ref={ref} className="axis" transform={`translate(${x},${y})`} />;
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

export const fmtMs = (ms: number): string =>
  Math.abs(ms) >= 1000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms)} ms`;
export const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;
