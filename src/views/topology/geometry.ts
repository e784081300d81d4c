/**
 * Where things go in the network picture: node boxes from layout hints, the lane each one-way link
 * runs along, and where a message is on its lane at true time t. Pure functions, tested beside.
 */
import { SPAN_END, type MessageSpan } from '../../engine/spans.ts';

export interface Point {
  x: number;
  y: number;
}

export interface NodeBox {
  name: string;
  /** Centre, in px. */
  x: number;
  y: number;
  /** Half width and half height; a circle when `round`. */
  hw: number;
  hh: number;
  round: boolean;
}

/** A one-way link's lane: from the edge of one node to the edge of the other. */
export interface Lane {
  from: string;
  to: string;
  start: Point;
  end: Point;
  /** Unit normal pointing to the lane's side of the pair's centre line. */
  normal: Point;
}

/** Full-size cards up to this many nodes; above it, small circles (a 100-node cluster). */
export const CARD_LIMIT = 12;
/** How far each direction's lane sits from the centre line between two nodes, in px. */
export const LANE_OFFSET_PX = 6;
/** Where a dropped message stops, as a fraction of its lane. */
export const DROP_AT = 0.65;
/** How far a duplicate peels away from its original's lane at most, in px (clear of the original's label). */
export const DUPLICATE_SPLIT_PX = 34;

const NARROW_PX = 560;
/** Width a column of node cards needs on a narrow panel: a card (2 × 47 px) and a gap. */
const NARROW_COLUMN_PX = 102;
/** Height a row of node cards needs on a narrow panel: a card (2 × 32 px), its badge and a link long enough to watch. */
const NARROW_ROW_PX = 104;

const columnsOf = (nodes: readonly { position: Point }[], axis: 'x' | 'y'): number =>
  new Set(nodes.map((n) => Math.round(n.position[axis] * 100))).size;

/**
 * On a narrow panel, a card layout with more columns than fit side by side is turned on its side
 * (columns become rows), so a wide chain of services reads top to bottom instead of overlapping.
 */
export function orientNodes<N extends { position: Point }>(nodes: readonly N[], width: number): readonly N[] {
  if (width >= NARROW_PX || nodes.length > CARD_LIMIT) return nodes;
  const across = columnsOf(nodes, 'x');
  if (across * NARROW_COLUMN_PX <= width || columnsOf(nodes, 'y') >= across) return nodes;
  return nodes.map((n) => ({ ...n, position: { x: n.position.y, y: n.position.x } }));
}

export function topologyHeight(width: number, nodeCount: number, rows = 1): number {
  if (nodeCount > CARD_LIMIT) return Math.round(Math.min(560, Math.max(320, width * 0.6)));
  // Badge and margins above the first row and below the last, then one row height between rows.
  if (width < NARROW_PX) return Math.max(240, 108 + (rows - 1) * NARROW_ROW_PX);
  return Math.round(Math.min(360, Math.max(300, width * 0.32)));
}

/**
 * Node boxes for a width × height panel. Positions are layout hints in [0, 1]²; their extent is
 * stretched to fill the panel (two nodes at x = 0.2 and 0.8 end up at the two sides), so links stay
 * long enough to watch messages travel even on a phone.
 */
export function layoutNodes(
  nodes: readonly { name: string; position: Point }[],
  width: number,
  height: number,
): NodeBox[] {
  const compact = nodes.length > CARD_LIMIT;
  const narrow = width < NARROW_PX;
  const hw = compact ? Math.max(7, Math.min(16, width / (nodes.length ** 0.5 * 5))) : narrow ? 47 : 72;
  const hh = compact ? hw : narrow ? 32 : 38;
  // Room for the node itself and its badge above it, and a margin inside the panel.
  const margin = compact ? 8 : narrow ? 4 : Math.min(48, width * 0.05);
  const padX = hw + margin;
  const padTop = hh + (compact ? 8 : 30);
  const padBottom = hh + (compact ? 8 : 14);
  const xs = nodes.map((n) => clamp01(n.position.x));
  const ys = nodes.map((n) => clamp01(n.position.y));
  const fx = stretch(xs);
  const fy = stretch(ys);
  return nodes.map((n, i) => ({
    name: n.name,
    x: padX + fx(xs[i]!) * Math.max(0, width - 2 * padX),
    y: padTop + fy(ys[i]!) * Math.max(0, height - padTop - padBottom),
    hw,
    hh,
    round: compact,
  }));
}

/** Maps values onto [0, 1] by their own extent; a single value (or none) goes to the middle. */
function stretch(values: readonly number[]): (v: number) => number {
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  return hi - lo > 1e-9 ? (v) => (v - lo) / (hi - lo) : () => 0.5;
}

const clamp01 = (v: number): number => Math.min(1, Math.max(0, v));

/** Distance from a box's centre to its edge along unit direction (dx, dy). */
export function edgeDistance(box: NodeBox, dx: number, dy: number): number {
  if (box.round) return box.hw;
  const tx = Math.abs(dx) > 1e-9 ? box.hw / Math.abs(dx) : Infinity;
  const ty = Math.abs(dy) > 1e-9 ? box.hh / Math.abs(dy) : Infinity;
  return Math.min(tx, ty);
}

/**
 * The lane from → to: offset to the right of the direction of travel, so the two directions of a
 * pair run side by side, and clipped to the nodes' edges (plus a small gap).
 */
export function laneBetween(a: NodeBox, b: NodeBox, offsetPx = LANE_OFFSET_PX): Lane {
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  const len = Math.hypot(dx, dy) || 1;
  const ux = dx / len;
  const uy = dy / len;
  // Screen y points down: (−uy, ux) is to the right of travel.
  const normal = { x: -uy, y: ux };
  const gap = 3;
  const s = edgeDistance(a, ux, uy) + gap;
  const e = Math.max(s, len - edgeDistance(b, ux, uy) - gap);
  const ox = normal.x * offsetPx;
  const oy = normal.y * offsetPx;
  return {
    from: a.name,
    to: b.name,
    start: { x: a.x + ux * s + ox, y: a.y + uy * s + oy },
    end: { x: a.x + ux * e + ox, y: a.y + uy * e + oy },
    normal,
  };
}

export function pointAlong(lane: Lane, p: number, sideways = 0): Point {
  return {
    x: lane.start.x + (lane.end.x - lane.start.x) * p + lane.normal.x * sideways,
    y: lane.start.y + (lane.end.y - lane.start.y) * p + lane.normal.y * sideways,
  };
}

export type Phase = 'flying' | 'dropped';

export interface Placement {
  /** Fraction of the lane travelled. */
  p: number;
  /** Sideways offset from the lane, px (a duplicate splitting from its original). */
  sideways: number;
  phase: Phase;
  /** 1 = fully drawn; a drop mark fades towards 0. */
  alpha: number;
}

/**
 * Where a message is at true time t, or null when it is not on the picture. A delivered message
 * crosses the whole lane from send to delivery; a dropped one gets DROP_AT of the way by the time it
 * dies and its mark stays there for `lingerMs` (fading, unless `still`). A message whose end is not
 * simulated yet creeps forward at `guessMs` per lane.
 */
export function placeMessage(
  span: MessageSpan,
  t: number,
  lingerMs: number,
  still = false,
  guessMs = 100,
): Placement | null {
  if (t < span.sendT) return null;
  const duration = span.endT - span.sendT;
  let p: number;
  if (span.end === SPAN_END.inFlight) {
    p = Math.min(0.5, (t - span.sendT) / guessMs);
  } else if (t >= span.endT) {
    if (span.end !== SPAN_END.dropped) return null;
    const age = t - span.endT;
    if (age >= lingerMs) return null;
    return {
      p: DROP_AT,
      sideways: 0,
      phase: 'dropped',
      alpha: still ? 1 : Math.max(0.15, 1 - age / lingerMs),
    };
  } else {
    const f = duration > 0 ? (t - span.sendT) / duration : 1;
    p = span.end === SPAN_END.dropped ? f * DROP_AT : f;
  }
  const sideways = span.duplicateOf !== undefined ? duplicateSplit(p) : 0;
  return { p, sideways, phase: 'flying', alpha: 1 };
}

/** A copy leaves its original's lane, travels beside it, and rejoins to arrive at the same node. */
export function duplicateSplit(p: number): number {
  const q = Math.min(1, Math.max(0, p));
  const rise = Math.min(1, q / 0.2);
  const fall = Math.min(1, (1 - q) / 0.15);
  return DUPLICATE_SPLIT_PX * Math.min(rise, fall);
}

/** How long a drop mark stays, in simulated ms: about 1.5 s of real time at the current speed. */
export function dropLingerMs(speed: number): number {
  return Math.min(20_000, Math.max(200, speed * 1.5));
}
