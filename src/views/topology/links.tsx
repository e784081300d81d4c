/**
 * The link mark: a pair of nodes joined by one lane per direction (an arrow shows which way each
 * runs). A cut direction is drawn dashed, broken in the middle, with ✂ and the words "cut" on its
 * side, so a one-way cut reads as one-way. The pair is a focusable button opening the link's menu.
 * Big clusters draw all lanes as one non-interactive path (see DenseLinks).
 */
import { memo, type KeyboardEvent } from 'react';
import { dropStyle, palette } from '../theme.ts';
import { LANE_OFFSET_PX, pointAlong, type Lane } from './geometry.ts';

export interface PairView {
  a: string;
  b: string;
  /** Lanes that exist: a → b and b → a. */
  ab: Lane | undefined;
  ba: Lane | undefined;
  cutAB: boolean;
  cutBA: boolean;
}

export interface LinkMarkProps {
  pair: PairView;
  highlighted: boolean;
  menuOpen: boolean;
  onActivate(pair: PairView, target: SVGGElement): void;
  onHover(pair: PairView | null): void;
}

const CUT = dropStyle.cut!;
const LINE = '#8a9099';
/** Half the gap drawn in a cut lane, px. */
const GAP_PX = 11;

export function pairWords(pair: PairView): string {
  const { a, b, cutAB, cutBA, ab, ba } = pair;
  const dirs = ab && ba ? `${a} ↔ ${b}` : ab ? `${a} → ${b}` : `${b} → ${a}`;
  let state = 'working';
  if ((cutAB || !ab) && (cutBA || !ba)) state = 'cut';
  else if (cutAB) state = `cut from ${a} to ${b}, working from ${b} to ${a}`;
  else if (cutBA) state = `cut from ${b} to ${a}, working from ${a} to ${b}`;
  return `link ${dirs}: ${state}`;
}

export function LinkMark({ pair, highlighted, menuOpen, onActivate, onHover }: LinkMarkProps) {
  const lanes = [pair.ab, pair.ba].filter((l): l is Lane => l !== undefined);
  const first = lanes[0];
  if (!first) return null;
  const onKeyDown = (e: KeyboardEvent<SVGGElement>) => {
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      onActivate(pair, e.currentTarget);
    }
  };
  // The centre line between the two lanes: the hit area and the focus ring follow it.
  const back = lanes.length > 1 ? -LANE_OFFSET_PX : 0;
  const mid0 = pointAlong(first, 0, back);
  const mid1 = pointAlong(first, 1, back);
  const words = pairWords(pair);
  return (
    <g
      className={`topo-target topo-link${highlighted ? ' is-hot' : ''}`}
      role="button"
      tabIndex={0}
      aria-label={`${words}. Actions for this link`}
      aria-haspopup="menu"
      aria-expanded={menuOpen}
      onClick={(e) => onActivate(pair, e.currentTarget)}
      onKeyDown={onKeyDown}
      onPointerEnter={() => onHover(pair)}
      onPointerLeave={() => onHover(null)}
    >
      <title>{words}</title>
      <line className="topo-link-hit" x1={mid0.x} y1={mid0.y} x2={mid1.x} y2={mid1.y} />
      <line className="focus-ring" x1={mid0.x} y1={mid0.y} x2={mid1.x} y2={mid1.y} />
      {pair.ab && <LaneLine lane={pair.ab} cut={pair.cutAB} hot={highlighted} />}
      {pair.ba && <LaneLine lane={pair.ba} cut={pair.cutBA} hot={highlighted} />}
    </g>
  );
}

function LaneLine({ lane, cut, hot }: { lane: Lane; cut: boolean; hot: boolean }) {
  const { start, end } = lane;
  const len = Math.hypot(end.x - start.x, end.y - start.y) || 1;
  const color = cut ? CUT.color : hot ? palette.ink : LINE;
  const width = hot ? 3 : 2;
  const marker = `url(#topo-arrow-${cut ? 'cut' : hot ? 'hot' : 'plain'})`;
  if (!cut) {
    return (
      <line
        className="topo-lane"
        x1={start.x}
        y1={start.y}
        x2={end.x}
        y2={end.y}
        stroke={color}
        strokeWidth={width}
        markerEnd={marker}
      />
    );
  }
  const g = GAP_PX / len;
  const m0 = pointAlong(lane, 0.5 - g);
  const m1 = pointAlong(lane, 0.5 + g);
  const mark = pointAlong(lane, 0.5, 15);
  const word = pointAlong(lane, 0.5, 31);
  return (
    <g className="topo-cut">
      <line
        x1={start.x}
        y1={start.y}
        x2={m0.x}
        y2={m0.y}
        stroke={color}
        strokeWidth={width}
        strokeDasharray="6 4"
      />
      <line
        x1={m1.x}
        y1={m1.y}
        x2={end.x}
        y2={end.y}
        stroke={color}
        strokeWidth={width}
        strokeDasharray="6 4"
        markerEnd={marker}
      />
      <circle cx={mark.x} cy={mark.y} r={10} fill={palette.paper} stroke={color} strokeWidth={2} />
      <text
        className="topo-cut-glyph"
        x={mark.x}
        y={mark.y}
        textAnchor="middle"
        dy="0.35em"
        fill={palette.ink}
      >
        {CUT.glyph}
      </text>
      <text className="topo-cut-word" x={word.x} y={word.y} textAnchor="middle" dy="0.35em">
        cut {lane.from} → {lane.to}
      </text>
    </g>
  );
}

/** Arrowheads for lanes, one per colour (SVG markers cannot take their line's colour everywhere). */
export function LaneMarkers() {
  const arrow = (id: string, color: string) => (
    <marker
      id={`topo-arrow-${id}`}
      viewBox="0 0 10 10"
      refX="9"
      refY="5"
      markerWidth="7"
      markerHeight="7"
      orient="auto-start-reverse"
    >
      <path d="M0,1 L9,5 L0,9 z" fill={color} />
    </marker>
  );
  return (
    <defs>
      {arrow('plain', LINE)}
      {arrow('hot', palette.ink)}
      {arrow('cut', CUT.color)}
    </defs>
  );
}

/** All lanes of a big cluster as one path (hundreds of links would be hundreds of buttons). */
export const DenseLinks = memo(function DenseLinks({ pairs }: { pairs: PairView[] }) {
  let d = '';
  const cuts: Lane[] = [];
  for (const p of pairs) {
    for (const [lane, cut] of [
      [p.ab, p.cutAB],
      [p.ba, p.cutBA],
    ] as const) {
      if (!lane) continue;
      if (cut) cuts.push(lane);
      else
        d += `M${lane.start.x.toFixed(1)},${lane.start.y.toFixed(1)}L${lane.end.x.toFixed(1)},${lane.end.y.toFixed(1)}`;
    }
  }
  return (
    <g className="topo-dense" aria-hidden="true">
      <path d={d} stroke={palette.grid} strokeWidth={1} fill="none" />
      {cuts.map((lane) => (
        <line
          key={`${lane.from}>${lane.to}`}
          x1={lane.start.x}
          y1={lane.start.y}
          x2={lane.end.x}
          y2={lane.end.y}
          stroke={CUT.color}
          strokeWidth={1.5}
          strokeDasharray="4 3"
        />
      ))}
    </g>
  );
});
