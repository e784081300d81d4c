/**
 * The one door from a lesson's readout (lessons/<id>/readout.tsx) into the views: the chart parts, the
 * trace helpers and the palette a readout draws with. Lint keeps lessons from importing any other view
 * module, so a view can change its insides without breaking a lesson, and a new lesson finds here all
 * it may use.
 */
export {
  AxisBottom,
  AxisLeft,
  HatchDefs,
  HiddenTable,
  Legend,
  LegendSwatch,
  LINE_SHAPES,
  markPath,
  ReadoutFigure,
  Stats,
  type ChartScale,
  type HiddenTableRow,
  type LegendItem,
  type MarkShape,
} from './compare/chart.tsx';
export {
  countBefore,
  cursorTime,
  happened,
  interventionsFromEvents,
  ofType,
  traceUpTo,
} from './compare/events.ts';
export type { Headline, ReadoutProps } from './compare/types.ts';
export { outcomeStyle, palette, truthStyle } from './theme.ts';
export { useElementSize } from './useElementSize.ts';
export { formatMs, plural } from '../engine/words.ts';
