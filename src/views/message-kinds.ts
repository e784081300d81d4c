/**
 * What a message's label says it is, and how every view draws that: one table, read by the topology's
 * moving messages, the space-time arrows and both legends, so a legend can never promise a shape or
 * colour the drawing does not use. Colour says the kind and shape says it again (colour-blind safe).
 */
import { palette } from './theme.ts';

export type MessageShape = 'circle' | 'square' | 'diamond' | 'triangle';
export type MessageKind = 'message' | 'ok' | 'error' | 'reply';

export interface MessageKindStyle {
  shape: MessageShape;
  color: string;
  /** The colour in words, for legends that describe a line rather than draw every kind. */
  colorName: string;
  meaning: string;
}

export const MESSAGE_KINDS: Record<MessageKind, MessageKindStyle> = {
  message: { shape: 'circle', color: palette.ink, colorName: 'black', meaning: 'request or message' },
  ok: { shape: 'square', color: palette.blue, colorName: 'blue', meaning: 'reply: ok' },
  error: { shape: 'diamond', color: palette.vermillion, colorName: 'red', meaning: 'reply: error' },
  reply: { shape: 'triangle', color: palette.green, colorName: 'green', meaning: 'other reply' },
};

export const MESSAGE_KIND_ORDER = Object.keys(MESSAGE_KINDS) as MessageKind[];

/** The kinds a run sends, each with its own labels; every kind (without examples) before anything is sent. */
export function kindsToShow(examples: Map<MessageKind, string[]>): [MessageKind, string[]][] {
  if (examples.size === 0) return MESSAGE_KIND_ORDER.map((k) => [k, []]);
  return MESSAGE_KIND_ORDER.filter((k) => examples.has(k)).map((k) => [k, examples.get(k) ?? []]);
}

/** Replies are named `<request>:<answer>` by the engine's ctx.reply; anything else is a message. */
export function messageKind(label: string): MessageKind {
  if (label.endsWith(':ok')) return 'ok';
  if (label.endsWith(':error') || label.endsWith(':refused')) return 'error';
  if (label.includes(':')) return 'reply';
  return 'message';
}

export const messageShape = (label: string): MessageShape => MESSAGE_KINDS[messageKind(label)].shape;
export const messageColor = (label: string): string => MESSAGE_KINDS[messageKind(label)].color;

/** How many of a kind's own labels a legend names as examples. */
const EXAMPLES_PER_KIND = 3;

/**
 * The open lesson's own message labels, by kind, in the order they were first sent: what a legend
 * gives as examples, so it speaks the lesson's words (pings and pongs, not another lesson's charges).
 */
export function messageExamples(labels: Iterable<string>): Map<MessageKind, string[]> {
  const byKind = new Map<MessageKind, string[]>();
  const seen = new Set<string>();
  for (const label of labels) {
    if (seen.has(label)) continue;
    seen.add(label);
    const kind = messageKind(label);
    const list = byKind.get(kind) ?? [];
    if (list.length < EXAMPLES_PER_KIND) list.push(label);
    byKind.set(kind, list);
  }
  return byKind;
}

/** The path-drawing calls a shape needs: a canvas context has them, and so does svgPath below. */
export interface PathSink {
  moveTo(x: number, y: number): void;
  lineTo(x: number, y: number): void;
  arc(x: number, y: number, r: number, start: number, end: number): void;
  rect(x: number, y: number, w: number, h: number): void;
  closePath(): void;
}

/** Traces a message's shape of "radius" r centred on (x, y): one geometry for canvas and SVG. */
export function tracePath(ctx: PathSink, shape: MessageShape, x: number, y: number, r: number): void {
  switch (shape) {
    case 'circle':
      ctx.moveTo(x + r, y);
      ctx.arc(x, y, r, 0, Math.PI * 2);
      return;
    case 'square':
      ctx.rect(x - r, y - r, r * 2, r * 2);
      return;
    case 'diamond': {
      const d = r * 1.3;
      ctx.moveTo(x, y - d);
      ctx.lineTo(x + d, y);
      ctx.lineTo(x, y + d);
      ctx.lineTo(x - d, y);
      ctx.closePath();
      return;
    }
    case 'triangle': {
      const d = r * 1.25;
      ctx.moveTo(x, y - d);
      ctx.lineTo(x + d, y + d * 0.8);
      ctx.lineTo(x - d, y + d * 0.8);
      ctx.closePath();
      return;
    }
  }
}

/** A shape as an SVG path's `d`, centred on (x, y). */
export function shapePath(shape: MessageShape, x: number, y: number, r: number): string {
  let d = '';
  const n = (v: number) => Number(v.toFixed(2));
  tracePath(
    {
      moveTo: (px, py) => void (d += `M${n(px)},${n(py)}`),
      lineTo: (px, py) => void (d += `L${n(px)},${n(py)}`),
      // A full circle as two half arcs (one arc command cannot start and end at the same point).
      arc: (cx, cy, cr) =>
        void (d += `A${n(cr)},${n(cr)} 0 1 1 ${n(cx - cr)},${n(cy)}A${n(cr)},${n(cr)} 0 1 1 ${n(cx + cr)},${n(cy)}`),
      rect: (rx, ry, w, h) => void (d += `M${n(rx)},${n(ry)}h${n(w)}v${n(h)}h${n(-w)}Z`),
      closePath: () => void (d += 'Z'),
    },
    shape,
    x,
    y,
    r,
  );
  return d;
}
