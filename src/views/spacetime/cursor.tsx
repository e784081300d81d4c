/**
 * The playback cursor: a vertical line at the moment shown, labelled "now", with what lies after it
 * shaded as not yet happened (anything drawn there is faded: seen before a rewind).
 */
import { formatMs } from '../../store/describe.ts';
import type { Frame } from './viewport.ts';

export function Cursor({ frame, top, bottom }: { frame: Frame; top: number; bottom: number }) {
  const x = frame.x0 + frame.cursorT * frame.pxPerMs;
  const right = frame.left + frame.plotW;
  if (x > right + 1) return null;
  const cx = Math.max(frame.left, x);
  const label = `now ${formatMs(frame.cursorT)}`;
  const labelW = label.length * 6.4 + 12;
  // Keep the label inside the plot.
  const lx = Math.min(Math.max(cx - labelW / 2, frame.left), right - labelW);
  return (
    <g className="st-cursor" aria-hidden="true">
      {x >= frame.left && (
        <>
          <line x1={x} x2={x} y1={top} y2={bottom} />
          <rect className="st-cursor-pill" x={lx} y={top - 17} width={labelW} height={16} rx={8} />
          <text className="st-cursor-label" x={lx + labelW / 2} y={top - 5} textAnchor="middle">
            {label}
          </text>
        </>
      )}
    </g>
  );
}

/** The not-yet-happened side of the cursor, shaded (drawn under the marks). */
export function FutureShade({ frame, top, bottom }: { frame: Frame; top: number; bottom: number }) {
  const x = Math.max(frame.left, frame.x0 + frame.cursorT * frame.pxPerMs);
  const right = frame.left + frame.plotW;
  if (x >= right) return null;
  return (
    <rect className="st-future" x={x} y={top} width={right - x} height={bottom - top} aria-hidden="true" />
  );
}
