/**
 * One lane per node, time running left to right along it. The lane's name sits in a fixed gutter
 * on the left (it stays put while the time axis pans), with the node's condition at the cursor as a
 * word ("down", "paused"); the name is a button that selects the node everywhere.
 */
import type { KeyboardEvent } from 'react';
import type { Life } from '../derive/status.ts';
import type { Frame } from './viewport.ts';

export interface LaneInfo {
  name: string;
  kind: string;
  life: Life;
  emphasis: number;
}

/** Squeezes a word into the gutter when it would overflow (estimated width per character at that size). */
const fit = (
  text: string,
  pxPerChar: number,
  room: number,
): { textLength?: number; lengthAdjust?: 'spacingAndGlyphs' } =>
  text.length * pxPerChar > room ? { textLength: room, lengthAdjust: 'spacingAndGlyphs' } : {};

export function Lanes({
  frame,
  lanes,
  onSelect,
  onHover,
}: {
  frame: Frame;
  lanes: readonly LaneInfo[];
  onSelect(name: string): void;
  onHover(name: string | null): void;
}) {
  const { left, plotW, laneH } = frame;
  const room = left - 16;
  return (
    <g className="st-lanes">
      {lanes.map((lane, i) => {
        const y = frame.laneY.get(lane.name)!;
        const onKeyDown = (e: KeyboardEvent<SVGGElement>) => {
          if (e.key !== 'Enter' && e.key !== ' ') return;
          e.preventDefault();
          e.stopPropagation();
          onSelect(lane.name);
        };
        const badge = lane.life === 'crashed' ? 'down' : lane.life === 'paused' ? 'paused' : '';
        return (
          <g key={lane.name} className={`st-lane${lane.emphasis ? ' hot' : ''}${i % 2 ? ' odd' : ''}`}>
            <rect className="st-lane-bg" x={left} y={y - laneH / 2} width={plotW} height={laneH} />
            <line className="st-lane-line" x1={left} x2={left + plotW} y1={y} y2={y} />
            <g
              className="st-lane-name"
              role="button"
              tabIndex={0}
              // The visible words, in order, then what pressing does.
              aria-label={`${lane.name}${lane.kind !== lane.name ? ` ${lane.kind}` : ''}${badge ? ` ${badge}` : ''}: select this node`}
              onClick={() => onSelect(lane.name)}
              onKeyDown={onKeyDown}
              onPointerEnter={() => onHover(lane.name)}
              onPointerLeave={() => onHover(null)}
            >
              <rect
                className="st-lane-name-bg"
                x={2}
                y={y - laneH / 2 + 2}
                width={left - 6}
                height={laneH - 4}
                rx={6}
              />
              {/* One text, words spaced, so the button's name reads as it looks. */}
              <text>
                <tspan x={8} y={y - 4} className="st-lane-title" {...fit(lane.name, 7.8, room)}>
                  {lane.name}
                </tspan>
                {lane.kind !== lane.name && (
                  <>
                    {' '}
                    <tspan x={8} y={y + 11} className="st-lane-kind" {...fit(lane.kind, 5.9, room)}>
                      {lane.kind}
                    </tspan>
                  </>
                )}
                {badge && (
                  <>
                    {' '}
                    <tspan x={8} y={y + 25} className={`st-lane-badge ${lane.life}`}>
                      {badge.toUpperCase()}
                    </tspan>
                  </>
                )}
              </text>
            </g>
          </g>
        );
      })}
    </g>
  );
}
