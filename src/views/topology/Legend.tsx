/**
 * "What am I looking at?": every encoding in the network picture, drawn the same way it is drawn
 * there, with its meaning in words (ShiViz's legend is the model).
 */
import { useMessageExamples } from '../derive/message-examples.ts';
import { kindsToShow, MESSAGE_KINDS, shapePath, type MessageShape } from '../message-kinds.ts';
import { dropStyle, nodeStyle, palette } from '../theme.ts';

function ShapeSwatch({
  shape,
  color,
  hollow = false,
}: {
  shape: MessageShape;
  color: string;
  hollow?: boolean;
}) {
  const r = 6;
  const c = 9;
  const common = {
    fill: hollow ? palette.paper : color,
    stroke: hollow ? color : palette.paper,
    strokeWidth: hollow ? 2.5 : 1.5,
    strokeDasharray: hollow ? '3 2' : undefined,
  };
  const el = <path d={shapePath(shape, c, c, r)} {...common} />;
  return (
    <svg width={18} height={18} aria-hidden="true" className="legend-swatch">
      {el}
    </svg>
  );
}

export function Legend({ open }: { open: boolean }) {
  const examples = useMessageExamples();
  return (
    <details className="topo-legend" open={open}>
      <summary>What am I looking at?</summary>
      <ul className="legend-list" aria-label="Messages">
        {kindsToShow(examples).map(([kind, labels]) => (
          <li key={kind}>
            <ShapeSwatch shape={MESSAGE_KINDS[kind].shape} color={MESSAGE_KINDS[kind].color} />{' '}
            {MESSAGE_KINDS[kind].meaning}
            {labels.length > 0 && <span className="legend-eg"> e.g. {labels.join(', ')}</span>}
          </li>
        ))}
        <li>
          <ShapeSwatch shape="circle" color={palette.ink} hollow /> a copy the network made (duplicate)
        </li>
        <li>
          <span className="legend-lane" aria-hidden="true">
            →
          </span>{' '}
          each direction has its own lane
        </li>
      </ul>
      <ul className="legend-list" aria-label="Where messages died">
        {Object.entries(dropStyle).map(([reason, s]) => (
          <li key={reason}>
            <span className="legend-drop" style={{ borderColor: s.color, color: s.color }} aria-hidden="true">
              {s.glyph}
            </span>{' '}
            dropped: {s.label}
          </li>
        ))}
        <li>
          <span className="legend-cut" aria-hidden="true">
            - - ✂ - -
          </span>{' '}
          link cut (one way or both)
        </li>
      </ul>
      <ul className="legend-list" aria-label="Nodes">
        <li>
          <span
            className="legend-badge"
            style={{ background: nodeStyle.crashed.stroke, color: palette.paper }}
          >
            {nodeStyle.crashed.badge}
          </span>{' '}
          dashed outline: the process is down
        </li>
        <li>
          <span className="legend-badge" style={{ background: nodeStyle.paused.stroke }}>
            ❚❚ {nodeStyle.paused.badge}
          </span>{' '}
          frozen: messages wait for it
        </li>
        <li>
          <span className="legend-badge" style={{ background: nodeStyle.slow.stroke }}>
            {nodeStyle.slow.badge} ×4
          </span>{' '}
          everything it does takes 4× longer
        </li>
        <li>
          <span className="legend-eg">Select a node or link (click, tap or Enter) to break or fix it.</span>
        </li>
      </ul>
    </details>
  );
}
