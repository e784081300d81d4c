/**
 * The moving-messages mark: every message on the wire at true time t, drawn on a canvas (no DOM per
 * message, so thousands in flight stay cheap), plus the mark where a dropped message died.
 * Colour says what a message carries and shape says it again (colour-blind safe); a network-made
 * copy is hollow and travels beside its original.
 */
import type { MessageSpan } from '../../engine/spans.ts';
import { messageColor, messageShape, tracePath, type MessageShape } from '../message-kinds.ts';
import { dropStyle, palette } from '../theme.ts';
import type { ViewSpans } from '../derive/spans.ts';
import { placeMessage, pointAlong, type Lane } from './geometry.ts';

export type { MessageShape } from '../message-kinds.ts';

export interface DrawnMessage {
  span: MessageSpan;
  x: number;
  y: number;
  dropped: boolean;
}

export interface MessageLayer {
  ctx: CanvasRenderingContext2D;
  width: number;
  height: number;
  spans: ViewSpans;
  /** True time shown. */
  t: number;
  /** How long a drop mark stays, simulated ms. */
  lingerMs: number;
  /** Reduced motion: no fading. */
  still: boolean;
  /** Message radius, px (at least 5: a 10 px target). */
  radius: number;
  lane(from: string, to: string): Lane | undefined;
  /** Hovered, selected, or part of the selected call or node. */
  isHighlighted(span: MessageSpan): boolean;
  /** Label every message when no more than this many are on the wire, not only highlighted ones. */
  labelAllUpTo: number;
}

const FONT = '600 12px system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';
/** Above this many drop marks, draw them without their words (a 100-node storm). */
const WORDED_DROPS_MAX = 40;

/** Draws the layer and returns what was drawn where (for hit testing). */
export function drawMessages(layer: MessageLayer): DrawnMessage[] {
  const { ctx, spans, t, lingerMs, still, radius: r } = layer;
  ctx.clearRect(0, 0, layer.width, layer.height);
  const drawn: DrawnMessage[] = [];
  const place = (span: MessageSpan): void => {
    const lane = layer.lane(span.from, span.to);
    if (!lane) return;
    const at = placeMessage(span, t, lingerMs, still);
    if (!at) return;
    const pt = pointAlong(lane, at.p, at.sideways);
    drawn.push({ span, x: pt.x, y: pt.y, dropped: at.phase === 'dropped' });
  };
  for (const span of spans.inFlightAt(t)) place(span);
  for (const span of spans.droppedBetween(t - lingerMs, t)) place(span);

  // Flying messages: each style (colour, shape, own or copy) drawn once into a small canvas, then
  // stamped. Stroking the outlines of 2,000 messages every frame costs several times filling them
  // (docs/performance.md, "UI"); a stamp is a copy of a few pixels.
  ctx.lineJoin = 'round';
  const scale = ctx.getTransform().a || 1;
  const stampsByLabel = stampsAt(r, scale);
  for (const d of drawn) {
    if (d.dropped) continue;
    const stamp = stampsByLabel(d.span.label, d.span.duplicateOf !== undefined);
    // Whole device pixels keep the stamp as crisp as the drawn shape.
    ctx.drawImage(
      stamp,
      Math.round((d.x - stamp.width / scale / 2) * scale) / scale,
      Math.round((d.y - stamp.height / scale / 2) * scale) / scale,
      stamp.width / scale,
      stamp.height / scale,
    );
  }

  // Drop marks: where the message died, the reason's glyph, and the reason in words.
  const drops = drawn.filter((d) => d.dropped);
  const worded = drops.length <= WORDED_DROPS_MAX;
  ctx.font = FONT;
  ctx.textBaseline = 'middle';
  for (const d of drops) {
    const style = dropStyle[d.span.dropReason ?? 'loss'] ?? dropStyle.loss!;
    const at = placeMessage(d.span, t, lingerMs, still);
    ctx.globalAlpha = at?.alpha ?? 1;
    drawDropMark(ctx, d.x, d.y, style.color, style.glyph, Math.max(r + 3, 9));
    if (worded) {
      // On the lane's outer side, clear of the other direction's lane and its cut mark.
      const lane = layer.lane(d.span.from, d.span.to);
      const side = lane ? lane.normal : { x: 0, y: -1 };
      const off = r + 20;
      drawTag(
        ctx,
        `${d.span.label} ${style.label}`,
        d.x + side.x * off,
        d.y + side.y * off,
        style.color,
        false,
        layer.width,
      );
    }
  }
  ctx.globalAlpha = 1;

  // Highlights and labels on top.
  const labelAll = drawn.length - drops.length <= layer.labelAllUpTo;
  let labelled = 0;
  for (const d of drawn) {
    const hot = layer.isHighlighted(d.span);
    if (hot) {
      ctx.beginPath();
      ctx.arc(d.x, d.y, r + 5, 0, Math.PI * 2);
      ctx.lineWidth = 2.5;
      ctx.strokeStyle = palette.ink;
      ctx.stroke();
    }
    if (!d.dropped && (hot || labelAll) && labelled < 60) {
      labelled++;
      // Labels sit on the lane's outer side, so the two directions' labels do not collide.
      const lane = layer.lane(d.span.from, d.span.to);
      const side = lane ? lane.normal : { x: 0, y: -1 };
      const off = r + 12;
      drawTag(
        ctx,
        d.span.duplicateOf !== undefined ? `${d.span.label} (copy)` : d.span.label,
        d.x + side.x * off,
        d.y + side.y * off,
        messageColor(d.span.label),
        hot,
        layer.width,
      );
    }
  }
  return drawn;
}

const stampSets = new Map<string, (label: string, copy: boolean) => HTMLCanvasElement>();

/** Stamps for messages of radius r at `scale` device pixels per px, by label (kept: few labels exist). */
function stampsAt(r: number, scale: number): (label: string, copy: boolean) => HTMLCanvasElement {
  const key = `${r}|${scale}`;
  let lookup = stampSets.get(key);
  if (!lookup) {
    const own = new Map<string, HTMLCanvasElement>();
    const copies = new Map<string, HTMLCanvasElement>();
    lookup = (label, copy) => {
      const set = copy ? copies : own;
      let stamp = set.get(label);
      if (!stamp)
        set.set(label, (stamp = drawStamp(messageColor(label), messageShape(label), copy, r, scale)));
      return stamp;
    };
    stampSets.set(key, lookup);
  }
  return lookup;
}

/** One message drawn on its own small canvas. */
function drawStamp(
  color: string,
  shape: MessageShape,
  copy: boolean,
  r: number,
  scale: number,
): HTMLCanvasElement {
  // The diamond reaches 1.3 r from the centre, a copy's outline 1.25 px beyond that.
  const half = Math.ceil(r * 1.3 + 2);
  const canvas = document.createElement('canvas');
  canvas.width = canvas.height = Math.ceil(2 * half * scale);
  const g = canvas.getContext('2d');
  if (!g) return canvas;
  g.scale(scale, scale);
  g.lineJoin = 'round';
  g.beginPath();
  tracePath(g, shape, canvas.width / scale / 2, canvas.height / scale / 2, r);
  if (copy) {
    g.fillStyle = palette.paper;
    g.fill();
    g.setLineDash([3, 2]);
    g.lineWidth = 2.5;
    g.strokeStyle = color;
    g.stroke();
  } else {
    g.fillStyle = color;
    g.fill();
    g.lineWidth = 1.5;
    g.strokeStyle = palette.paper;
    g.stroke();
  }
  return canvas;
}

function drawDropMark(
  ctx: CanvasRenderingContext2D,
  x: number,
  y: number,
  color: string,
  glyph: string,
  radius: number,
): void {
  ctx.beginPath();
  ctx.arc(x, y, radius, 0, Math.PI * 2);
  ctx.fillStyle = palette.paper;
  ctx.fill();
  ctx.lineWidth = 2.5;
  ctx.strokeStyle = color;
  ctx.stroke();
  ctx.fillStyle = color;
  ctx.textAlign = 'center';
  ctx.fillText(glyph, x, y + 0.5);
}

/** A word on a small white tag, readable over lines and other messages. */
function drawTag(
  ctx: CanvasRenderingContext2D,
  text: string,
  atX: number,
  y: number,
  color: string,
  bold: boolean,
  panelWidth: number,
): void {
  ctx.textAlign = 'center';
  const w = ctx.measureText(text).width + 8;
  // Kept inside the panel: a tag near a node at the edge must not be cut off.
  const x = Math.min(Math.max(atX, w / 2 + 2), panelWidth - w / 2 - 2);
  const h = 17;
  ctx.fillStyle = 'rgba(255,255,255,0.92)';
  ctx.strokeStyle = bold ? palette.ink : color;
  ctx.lineWidth = bold ? 1.5 : 1;
  ctx.beginPath();
  ctx.roundRect(x - w / 2, y - h / 2, w, h, 4);
  ctx.fill();
  ctx.stroke();
  ctx.fillStyle = palette.ink;
  ctx.fillText(text, x, y + 0.5);
}

/** The drawn message nearest to (x, y) within `reach` px, if any. */
export function hitMessage(
  drawn: readonly DrawnMessage[],
  x: number,
  y: number,
  reach = 14,
): DrawnMessage | undefined {
  let best: DrawnMessage | undefined;
  let bestD = reach * reach;
  for (const d of drawn) {
    const dd = (d.x - x) ** 2 + (d.y - y) ** 2;
    if (dd <= bestD) {
      best = d;
      bestD = dd;
    }
  }
  return best;
}
