/**
 * Calls on the caller's lane: a thin bar from the call to its outcome (how long the client waited),
 * and the outcome's glyph and word where it landed (✓ success, ✕ failure, ? unknown). A call still
 * open at the cursor ends in "waiting…". Clicking either selects the call.
 */
import { outcomeStyle } from '../theme.ts';
import { extentAt, type CallBar } from './model.ts';
import type { Frame } from './viewport.ts';

const BAR_DY = 9;
const GLYPH_DY = -21;

export interface CallHandlers {
  activate(bar: CallBar): void;
  hover(bar: CallBar | null): void;
}

export function Calls({
  frame,
  calls,
  hot,
  handlers,
}: {
  frame: Frame;
  calls: readonly CallBar[];
  hot: (call: number) => number;
  handlers: CallHandlers;
}) {
  const { pxPerMs } = frame;
  const out = [];
  // Calls are in start order; only those that start before the window's end can show.
  let lastLabelX = -Infinity;
  // An outcome's word needs room up to the next outcome's glyph on the same lane.
  const nextOutcomeX = new Map<CallBar, number>();
  {
    const lastOnLane = new Map<string, CallBar>();
    for (const bar of calls) {
      if (bar.startT > frame.t1) break;
      if (bar.result === undefined || bar.endSeq < 0 || bar.endSeq >= frame.seenSeq) continue;
      const prev = lastOnLane.get(bar.from);
      if (prev) nextOutcomeX.set(prev, bar.endT * pxPerMs);
      lastOnLane.set(bar.from, bar);
    }
  }
  for (const bar of calls) {
    if (bar.startT > frame.t1) break;
    if (Number.isFinite(bar.endT) && bar.endT < frame.t0) continue;
    const y = frame.laneY.get(bar.from);
    if (y === undefined) continue;
    const ext = extentAt(bar, frame.cursorSeq, frame.cursorT, frame.seenSeq, frame.seenT);
    if (!ext.solid && !ext.later) continue;
    const emphasis = hot(bar.call);
    const laterOnly = !ext.solid;
    const outcomeShown = bar.result !== undefined && bar.endSeq >= 0 && bar.endSeq < frame.seenSeq;
    const outcomeLater = bar.endSeq >= frame.cursorSeq;
    const o = bar.result ? outcomeStyle[bar.result] : null;
    const x = bar.startT * pxPerMs;
    const showName = x - lastLabelX > 70;
    if (showName) lastLabelX = x;
    const endX = bar.endT * pxPerMs;
    const showWord = outcomeShown && (nextOutcomeX.get(bar) ?? Infinity) - endX > 80;
    const title = `call ${bar.call}: ${bar.op} from ${bar.from} to ${bar.to}${
      o && outcomeShown && !outcomeLater
        ? `, ${o.label}${bar.reason ? ` (${bar.reason})` : ''}`
        : ext.open
          ? ', waiting'
          : ''
    }`;
    out.push(
      <g
        key={bar.call}
        className={`st-call${emphasis ? ` hot hot-${emphasis}` : ''}`}
        onClick={() => handlers.activate(bar)}
        onPointerEnter={() => handlers.hover(bar)}
        onPointerLeave={() => handlers.hover(null)}
      >
        <title>{title}</title>
        {ext.solid && (
          <line
            className="st-call-bar"
            x1={ext.solid[0] * pxPerMs}
            x2={ext.solid[1] * pxPerMs}
            y1={y + BAR_DY}
            y2={y + BAR_DY}
          />
        )}
        {ext.later && (
          <line
            className="st-call-bar st-later"
            x1={ext.later[0] * pxPerMs}
            x2={ext.later[1] * pxPerMs}
            y1={y + BAR_DY}
            y2={y + BAR_DY}
          />
        )}
        <line className="st-call-tick" x1={x} x2={x} y1={y + BAR_DY - 4} y2={y + BAR_DY + 4} />
        {showName && (
          <text className={`st-call-name${laterOnly ? ' st-later' : ''}`} x={x + 4} y={y - 5}>
            call {bar.call}
          </text>
        )}
        {ext.open && ext.solid && !outcomeShown && (
          <text className="st-waiting" x={ext.solid[1] * pxPerMs + 4} y={y + BAR_DY + 4}>
            waiting…
          </text>
        )}
        {o && outcomeShown && (
          <g
            className={`st-outcome${outcomeLater ? ' st-later' : ''}`}
            transform={`translate(${endX},${y + GLYPH_DY})`}
          >
            <circle r={9.5} fill={o.color} />
            <text className="st-outcome-glyph" dy="0.35em" textAnchor="middle">
              {o.glyph}
            </text>
            {showWord && (
              <text className="st-outcome-word" x={13} dy="0.35em" fill={o.color}>
                {o.label}
              </text>
            )}
          </g>
        )}
        {ext.solid && (
          <line
            className="st-hit"
            x1={x}
            x2={Math.max(x + 8, ext.solid[1] * pxPerMs)}
            y1={y + BAR_DY}
            y2={y + BAR_DY}
          />
        )}
      </g>,
    );
  }
  return <g className="st-calls">{out}</g>;
}
