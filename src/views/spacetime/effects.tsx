/**
 * The server's ground truth on its own lane: a filled diamond where it really applied an operation
 * ("applied"), flagged "⚠ applied again" when the same request had already been applied. The client
 * never sees these; the diagram shows them so its outcomes can be checked against what happened.
 */
import { palette, truthStyle } from '../theme.ts';
import { firstFrom, phaseOf, type EffectMark } from './model.ts';
import type { Frame } from './viewport.ts';

const DY = 12;
const R = 6.5;

export function Effects({
  frame,
  effects,
  hot,
  onActivate,
  onHover,
}: {
  frame: Frame;
  effects: readonly EffectMark[];
  hot: (call: number) => number;
  onActivate(mark: EffectMark): void;
  onHover(mark: EffectMark | null): void;
}) {
  const out = [];
  let lastWordX = -Infinity;
  for (let i = firstFrom(effects, frame.t0 - 1, (e) => e.t); i < effects.length; i++) {
    const mark = effects[i]!;
    if (mark.t > frame.t1) break;
    const phase = phaseOf(mark.seq, frame.cursorSeq, frame.seenSeq);
    if (phase === 'hidden') continue;
    const y = frame.laneY.get(mark.node);
    if (y === undefined) continue;
    const x = mark.t * frame.pxPerMs;
    const emphasis = hot(mark.call);
    const color = mark.double ? palette.vermillion : palette.green;
    // Words only where there is room for them; a double application always says so.
    const word = mark.double || x - lastWordX >= 64;
    if (word) lastWordX = x;
    out.push(
      <g
        key={mark.seq}
        className={`st-effect${phase === 'later' ? ' st-later' : ''}${emphasis ? ` hot hot-${emphasis}` : ''}`}
        transform={`translate(${x},${y + DY})`}
        onClick={() => onActivate(mark)}
        onPointerEnter={() => onHover(mark)}
        onPointerLeave={() => onHover(null)}
      >
        <title>{`${mark.node} applied ${mark.op} (call ${mark.call}, request ${mark.request})${mark.double ? ': a second time' : ''}`}</title>
        <circle className="st-hit-area" r={14} />
        <path d={`M0,${-R}L${R},0L0,${R}L${-R},0Z`} fill={color} stroke={palette.paper} strokeWidth={1.5} />
        {word && (
          <text className="st-effect-word" x={R + 3} y={R + 8} fill={color}>
            {mark.double ? '⚠ applied again' : truthStyle.applied.label}
          </text>
        )}
      </g>,
    );
  }
  return <g className="st-effects">{out}</g>;
}
