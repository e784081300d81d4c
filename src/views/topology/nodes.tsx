/**
 * The node mark: a card (or, in a big cluster, a dot) with the node's name, its behaviour's kind and
 * its current state, and badges for conditions in words as well as colour: CRASHED (with a dashed,
 * greyed outline), PAUSED, SLOW ×n. It is a focusable button that opens the node's action menu.
 */
import { memo, type KeyboardEvent, type PointerEvent } from 'react';
import { nodeStyle, palette } from '../theme.ts';
import type { NodeStatus } from '../derive/status.ts';
import type { NodeBox } from './geometry.ts';
import { nodeWords } from './summary.ts';

export interface NodeMarkProps {
  box: NodeBox;
  kind: string;
  status: NodeStatus;
  /** Hovered or selected here or in another view. */
  highlighted: boolean;
  /** Show the name beside a dot (big clusters show names only when highlighted). */
  showName: boolean;
  menuOpen: boolean;
  onActivate(name: string, target: SVGGElement): void;
  onHover(name: string | null): void;
}

interface Badge {
  text: string;
  fill: string;
  color: string;
}

function badgesOf(status: NodeStatus): Badge[] {
  const out: Badge[] = [];
  if (status.life === 'crashed')
    out.push({ text: nodeStyle.crashed.badge, fill: nodeStyle.crashed.stroke, color: palette.paper });
  if (status.life === 'paused')
    out.push({ text: `❚❚ ${nodeStyle.paused.badge}`, fill: nodeStyle.paused.stroke, color: palette.ink });
  if (status.slowFactor !== 1) {
    out.push({
      text:
        status.slowFactor > 1
          ? `${nodeStyle.slow.badge} ×${status.slowFactor}`
          : `FAST ×${1 / status.slowFactor}`,
      fill: nodeStyle.slow.stroke,
      color: palette.ink,
    });
  }
  return out;
}

function styleOf(status: NodeStatus) {
  if (status.life === 'crashed') return nodeStyle.crashed;
  if (status.life === 'paused') return nodeStyle.paused;
  if (status.slowFactor !== 1) return nodeStyle.slow;
  return nodeStyle.up;
}

export const NodeMark = memo(function NodeMark({
  box,
  kind,
  status,
  highlighted,
  showName,
  menuOpen,
  onActivate,
  onHover,
}: NodeMarkProps) {
  const style = styleOf(status);
  const crashed = status.life === 'crashed';
  const badges = badgesOf(status);
  const onKeyDown = (e: KeyboardEvent<SVGGElement>) => {
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      onActivate(status.name, e.currentTarget);
    }
  };
  const enter = (_e: PointerEvent) => onHover(status.name);
  const leave = (_e: PointerEvent) => onHover(null);
  const words = nodeWords({ ...status, kind });
  const { hw, hh } = box;
  const showKind = kind !== '' && kind !== status.name;
  const pad = 5;
  const pillText = crashed ? 'not running' : status.label || '—';
  // The accessible name starts with the words drawn, in document order (each text run ends in a
  // space so they read apart), so speech-input users can say what they see (WCAG 2.5.3).
  const drawn = box.round
    ? [crashed ? '✕' : status.life === 'paused' ? '❚❚' : '', showName || highlighted ? status.name : '']
    : [status.name, showKind ? kind : '', pillText];
  const visible = [...drawn, ...badges.map((b) => b.text)].filter(Boolean).join(' ');
  return (
    <g
      className={`topo-target topo-node${highlighted ? ' is-hot' : ''}`}
      transform={`translate(${box.x} ${box.y})`}
      role="button"
      tabIndex={0}
      aria-label={`${visible}. ${words}. Actions for ${status.name}`}
      aria-haspopup="menu"
      aria-expanded={menuOpen}
      onClick={(e) => onActivate(status.name, e.currentTarget)}
      onKeyDown={onKeyDown}
      onPointerEnter={enter}
      onPointerLeave={leave}
    >
      {box.round ? (
        <>
          {/* A 44 px touch target around a small dot. */}
          <circle r={Math.max(22, hw)} fill="transparent" />
          <circle className="focus-ring" r={hw + pad} />
          {highlighted && <circle r={hw + 3} fill="none" stroke={palette.ink} strokeWidth={3} />}
          <circle
            r={hw}
            fill={style.fill}
            stroke={style.stroke}
            strokeWidth={crashed ? 2 : 2.5}
            strokeDasharray={crashed ? '4 3' : undefined}
          />
          {crashed && (
            <text className="topo-glyph" textAnchor="middle" dy="0.35em" fill={palette.ink}>
              ✕{' '}
            </text>
          )}
          {status.life === 'paused' && (
            <text className="topo-glyph" textAnchor="middle" dy="0.35em" fill={palette.ink}>
              ❚❚{' '}
            </text>
          )}
          {(showName || highlighted) && (
            <text className="topo-dot-name" textAnchor="middle" y={hw + 13}>
              {status.name}{' '}
            </text>
          )}
        </>
      ) : (
        <>
          <rect
            className="focus-ring"
            x={-hw - pad}
            y={-hh - pad}
            width={2 * (hw + pad)}
            height={2 * (hh + pad)}
            rx={14}
          />
          {highlighted && (
            <rect
              x={-hw - 3}
              y={-hh - 3}
              width={2 * hw + 6}
              height={2 * hh + 6}
              rx={12}
              fill="none"
              stroke={palette.ink}
              strokeWidth={3}
            />
          )}
          <rect
            x={-hw}
            y={-hh}
            width={2 * hw}
            height={2 * hh}
            rx={10}
            fill={style.fill}
            stroke={style.stroke}
            strokeWidth={crashed ? 2 : 2.5}
            strokeDasharray={crashed ? '7 4' : undefined}
          />
          <text
            className={`topo-name${crashed ? ' is-down' : ''}`}
            textAnchor="middle"
            y={showKind ? -hh + 19 : -hh + 25}
          >
            {status.name}{' '}
          </text>
          {showKind && (
            <text className="topo-kind" textAnchor="middle" y={-hh + 35}>
              {kind}{' '}
            </text>
          )}
          <StatePill y={hh - 14} text={pillText} down={crashed} />
        </>
      )}
      {badges.length > 0 && <Badges badges={badges} y={box.round ? -hh - 12 : -hh - 12} />}
    </g>
  );
}, sameNode);

/** Statuses are fresh objects at every cursor step; redraw a node only when what it shows changed. */
function sameNode(a: NodeMarkProps, b: NodeMarkProps): boolean {
  return (
    a.box === b.box &&
    a.kind === b.kind &&
    a.status.label === b.status.label &&
    a.status.life === b.status.life &&
    a.status.slowFactor === b.status.slowFactor &&
    a.highlighted === b.highlighted &&
    a.showName === b.showName &&
    a.menuOpen === b.menuOpen &&
    a.onActivate === b.onActivate &&
    a.onHover === b.onHover
  );
}

function StatePill({ y, text, down }: { y: number; text: string; down: boolean }) {
  const w = Math.max(44, text.length * 7 + 14);
  return (
    <g transform={`translate(0 ${y})`}>
      <rect
        x={-w / 2}
        y={-9}
        width={w}
        height={18}
        rx={9}
        fill={down ? '#e4e4e4' : palette.paper}
        stroke={palette.grid}
      />
      <text className={`topo-state${down ? ' is-down' : ''}`} textAnchor="middle" dy="0.35em">
        {text}
      </text>
    </g>
  );
}

function Badges({ badges, y }: { badges: Badge[]; y: number }) {
  const widths = badges.map((b) => b.text.length * 7.2 + 12);
  const total = widths.reduce((a, b) => a + b, 0) + (badges.length - 1) * 4;
  let x = -total / 2;
  return (
    <g className="topo-badges" transform={`translate(0 ${y})`}>
      {badges.map((b, i) => {
        const w = widths[i]!;
        const left = x;
        x += w + 4;
        return (
          <g key={b.text} transform={`translate(${left} 0)`}>
            <rect y={-9} width={w} height={18} rx={4} fill={b.fill} />
            <text className="topo-badge" x={w / 2} textAnchor="middle" dy="0.35em" fill={b.color}>
              {' '}
              {b.text}
            </text>
          </g>
        );
      })}
    </g>
  );
}
