/**
 * Message arrows: one per message, from its send on the sender's lane to its delivery on the
 * receiver's. A dropped message stops short, with the drop mark and its reason where it died; a
 * copy the network made is dashed and badged; a message still on the wire at the cursor is drawn
 * up to where it is now, with a dot for its head. Each arrow is a large, focusable target.
 */
import { memo, type KeyboardEvent } from 'react';
import { SPAN_END, type MessageSpan } from '../../engine/spans.ts';
import { formatMs } from '../../store/describe.ts';
import { messageColor, messageShape, shapePath } from '../message-kinds.ts';
import { dropStyle, palette } from '../theme.ts';
import type { Frame } from './viewport.ts';

/** A dropped message's line ends this far along its path: short of the receiver. */
const DROP_AT = 0.78;
const HEAD = 7;

export type Emphasis = 0 | 1 | 2;

export interface ArrowHandlers {
  activate(span: MessageSpan): void;
  hover(span: MessageSpan | null): void;
  /** ←/→ on a focused arrow: move to the previous or next one. */
  step(span: MessageSpan, by: -1 | 1): void;
}

interface ArrowProps {
  span: MessageSpan;
  /** Copies of the span's fields that change in place, so memo sees them. */
  end: number;
  endT: number;
  xs: number;
  ys: number;
  xe: number;
  ye: number;
  phase: 'past' | 'flying' | 'later';
  /** How far along its path the solid part reaches (flying), 0..1. */
  progress: number;
  /** How far the faded part reaches (seen before a rewind), 0..1; 0 for none. */
  laterTo: number;
  emphasis: Emphasis;
  label: boolean;
  tabbable: boolean;
  handlers: ArrowHandlers;
}

const lerp = (a: number, b: number, f: number): number => a + (b - a) * f;

function describe(span: MessageSpan, phase: ArrowProps['phase']): string {
  const what = `${span.label}${span.call !== undefined && span.call >= 0 ? ` (call ${span.call})` : ''}, ${span.from} → ${span.to}`;
  const copy = span.duplicateOf !== undefined ? ', a copy the network made' : '';
  if (phase === 'flying') return `${what}${copy}: on the way`;
  const fate =
    span.end === SPAN_END.delivered
      ? `arrived at ${formatMs(span.endT)}`
      : span.end === SPAN_END.dropped
        ? `dropped at ${formatMs(span.endT)}: ${dropStyle[span.dropReason ?? '']?.label ?? span.dropReason}`
        : 'on the way';
  return `${what}${copy}, sent at ${formatMs(span.sendT)}, ${fate}${phase === 'later' ? ' (later than the cursor)' : ''}`;
}

const Arrow = memo(function Arrow(p: ArrowProps) {
  const { span } = p;
  const dropped = p.end === SPAN_END.dropped;
  const reach = dropped ? DROP_AT : 1;
  const color = messageColor(span.label);
  const shape = messageShape(span.label);
  const at = (f: number): [number, number] => [lerp(p.xs, p.xe, f), lerp(p.ys, p.ye, f)];
  const solidTo = p.phase === 'later' ? 0 : Math.min(p.progress, reach);
  const [sx, sy] = at(solidTo);
  const [lx, ly] = at(Math.min(p.laterTo, reach));
  const [ex, ey] = at(reach);
  const complete = p.phase === 'past' || (p.phase === 'later' && p.laterTo >= reach);
  const finished = p.phase === 'past' ? true : p.phase === 'later' ? p.laterTo >= 1 : false;
  const dx = p.xe - p.xs;
  const dy = p.ye - p.ys;
  const len = Math.hypot(dx, dy) || 1;
  const ux = dx / len;
  const uy = dy / len;
  const dash = span.duplicateOf !== undefined ? '6 3' : undefined;
  const drop = dropped ? (dropStyle[span.dropReason ?? ''] ?? dropStyle.loss!) : null;
  const cls = `st-msg ${p.phase}${p.emphasis ? ` hot hot-${p.emphasis}` : ''}`;

  const onKeyDown = (e: KeyboardEvent<SVGGElement>) => {
    if (e.key === 'Enter' || e.key === ' ') p.handlers.activate(span);
    else if (e.key === 'ArrowLeft' || e.key === 'ArrowRight')
      p.handlers.step(span, e.key === 'ArrowLeft' ? -1 : 1);
    else return;
    e.preventDefault();
    e.stopPropagation(); // inside the diagram these keys move between messages, not the playback
  };

  return (
    <g
      className={cls}
      data-msg={span.msg}
      role="button"
      tabIndex={p.tabbable ? 0 : -1}
      aria-label={describe(span, p.phase)}
      onClick={() => p.handlers.activate(span)}
      onPointerEnter={() => p.handlers.hover(span)}
      onPointerLeave={() => p.handlers.hover(null)}
      onFocus={() => p.handlers.hover(span)}
      onBlur={() => p.handlers.hover(null)}
      onKeyDown={onKeyDown}
    >
      {p.emphasis > 0 && <line className="st-halo" x1={p.xs} y1={p.ys} x2={ex} y2={ey} />}
      {p.laterTo > solidTo && (
        <line
          className="st-later-line"
          x1={p.phase === 'later' ? p.xs : sx}
          y1={p.phase === 'later' ? p.ys : sy}
          x2={lx}
          y2={ly}
          stroke={color}
          strokeDasharray={dash}
        />
      )}
      {solidTo > 0 && (
        <line x1={p.xs} y1={p.ys} x2={sx} y2={sy} stroke={color} strokeWidth={2} strokeDasharray={dash} />
      )}
      {/* Where it left, in its kind's shape: shape says the kind as well as colour (colour-blind safe). */}
      <path
        className={p.phase === 'later' ? 'st-later' : undefined}
        d={shapePath(shape, p.xs, p.ys, 3)}
        fill={color}
        stroke={palette.paper}
        strokeWidth={1}
      />
      {p.phase === 'past' || p.phase === 'later' ? (
        !dropped && finished ? (
          <path
            className={p.phase === 'later' ? 'st-later' : undefined}
            d={`M${p.xe},${p.ye}L${p.xe - HEAD * ux + HEAD * 0.55 * uy},${p.ye - HEAD * uy - HEAD * 0.55 * ux}L${p.xe - HEAD * ux - HEAD * 0.55 * uy},${p.ye - HEAD * uy + HEAD * 0.55 * ux}Z`}
            fill={color}
          />
        ) : null
      ) : (
        <path d={shapePath(shape, sx, sy, 4.5)} fill={color} stroke={palette.paper} strokeWidth={1.5} />
      )}
      {drop && complete && finished && (
        <g
          className={`st-drop${p.phase === 'later' ? ' st-later' : ''}`}
          transform={`translate(${ex},${ey})`}
        >
          <circle r={9} fill={palette.paper} stroke={drop.color} strokeWidth={2} />
          <text className="st-drop-glyph" fill={drop.color} dy="0.35em" textAnchor="middle">
            {drop.glyph}
          </text>
          <text className="st-drop-word" x={12} dy="0.35em" fill={drop.color}>
            {drop.label}
          </text>
        </g>
      )}
      {span.duplicateOf !== undefined && p.label && (
        <text className="st-dup" x={p.xs + 4} y={p.ys + (p.ye > p.ys ? 14 : -6)}>
          ⇉ copy
        </text>
      )}
      {p.label && p.phase !== 'later' && (
        <text
          className="st-msg-label"
          x={lerp(p.xs, ex, 0.5) + 5}
          y={lerp(p.ys, ey, 0.5)}
          dy="0.35em"
          fill={color}
        >
          {span.label}
        </text>
      )}
      <line className="st-hit" x1={p.xs} y1={p.ys} x2={ex} y2={ey} />
    </g>
  );
});

export interface ArrowsProps {
  frame: Frame;
  spans: readonly MessageSpan[];
  maxLatencyMs: number;
  emphasisOf(span: MessageSpan): Emphasis;
  /** The arrow in the tab order (roving focus); the others are reached with ←/→. */
  tabbableMsg: number | null;
  handlers: ArrowHandlers;
}

/** Lays out the arrows of the messages in the window (already culled to it). */
export function Arrows({ frame, spans, maxLatencyMs, emphasisOf, tabbableMsg, handlers }: ArrowsProps) {
  const { pxPerMs, cursorSeq, cursorT, seenSeq, seenT } = frame;
  let lastLabelX = -Infinity;
  const out = [];
  for (const span of spans) {
    const ys = frame.laneY.get(span.from);
    const ye = frame.laneY.get(span.to);
    if (ys === undefined || ye === undefined) continue;
    // A message whose end is not simulated yet is drawn towards a typical arrival.
    const endT = Number.isFinite(span.endT) ? span.endT : span.sendT + Math.max(maxLatencyMs, 50);
    const duration = Math.max(endT - span.sendT, 1e-6);
    const fraction = (t: number): number => Math.min(1, Math.max(0, (t - span.sendT) / duration));
    const endedBy = (seq: number): boolean => span.endSeq >= 0 && span.endSeq < seq;
    let phase: ArrowProps['phase'];
    let progress = 1;
    let laterTo = 0;
    if (span.sendSeq >= cursorSeq) {
      phase = 'later';
      laterTo = endedBy(seenSeq) ? 1 : fraction(seenT);
    } else if (endedBy(cursorSeq)) {
      phase = 'past';
    } else {
      phase = 'flying';
      progress = fraction(cursorT);
      laterTo = endedBy(seenSeq) ? 1 : fraction(Math.max(seenT, cursorT));
      if (laterTo <= progress) laterTo = 0;
    }
    const xs = span.sendT * pxPerMs;
    const xe = endT * pxPerMs;
    const mid = (xs + xe) / 2;
    const label = phase !== 'later' && mid - lastLabelX >= 64;
    if (label) lastLabelX = mid;
    out.push(
      <Arrow
        key={span.msg}
        span={span}
        end={span.end}
        endT={span.endT}
        xs={xs}
        ys={ys}
        xe={xe}
        ye={ye}
        phase={phase}
        progress={progress}
        laterTo={laterTo}
        emphasis={emphasisOf(span)}
        label={label}
        tabbable={span.msg === tabbableMsg}
        handlers={handlers}
      />,
    );
  }
  return <g className="st-arrows">{out}</g>;
}
