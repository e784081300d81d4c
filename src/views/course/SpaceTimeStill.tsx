/**
 * A space-time diagram frozen at one moment, for paper: one lane per node, each message an arrow from
 * its send to where it arrived or died, crashes hatched, outcomes as their glyphs, and the key moment
 * marked. Static SVG, no interaction; kinds are told by shape as well as colour, and the glyphs are
 * words' stand-ins, so it reads in black and white. Its text alternative says what it shows.
 */
import { useMemo } from 'react';
import { scaleLinear } from 'd3-scale';
import { MessageSpans, SPAN_END } from '../../engine/spans.ts';
import { formatMs, plural } from '../../engine/words.ts';
import type { Still } from '../../store/stills.ts';
import { MESSAGE_KINDS, kindsToShow, messageExamples, messageKind, shapePath } from '../message-kinds.ts';
import { dropStyle, outcomeStyle, palette } from '../theme.ts';

const W = 720;
const LEFT = 92;
const RIGHT = 12;
const TOP = 22;
const LANE = 46;
const AXIS = 26;

interface Down {
  node: string;
  from: number;
  to: number;
}

function downSpans(still: Still): Down[] {
  const open = new Map<string, number>();
  const spans: Down[] = [];
  for (const e of still.events) {
    if (e.type === 'crash') open.set(e.node, e.t);
    else if (e.type === 'recover' && open.has(e.node)) {
      spans.push({ node: e.node, from: open.get(e.node)!, to: e.t });
      open.delete(e.node);
    }
  }
  for (const [node, from] of open) spans.push({ node, from, to: still.endT });
  return spans;
}

export function SpaceTimeStill({ still, caption }: { still: Still; caption: string }) {
  const model = useMemo(() => {
    const spans = new MessageSpans();
    spans.add(still.events);
    const names = still.nodes.length
      ? still.nodes.map((n) => n.name)
      : [...new Set(still.events.map((e) => e.node))];
    const outcomes = still.events.flatMap((e) => (e.type === 'outcome' ? [e] : []));
    return { spans: spans.spans, names, outcomes, down: downSpans(still) };
  }, [still]);
  const { spans, names, outcomes, down } = model;
  const height = TOP + names.length * LANE + AXIS;
  const x = scaleLinear()
    .domain([still.startT, Math.max(still.endT, still.startT + 1)])
    .range([LEFT, W - RIGHT]);
  const laneY = (name: string) => TOP + (names.indexOf(name) + 0.5) * LANE;
  const kinds = kindsToShow(messageExamples(spans.map((s) => s.label)));
  const counts = { success: 0, failure: 0, unknown: 0 };
  for (const o of outcomes) counts[o.result]++;
  const dropped = spans.filter((s) => s.end === SPAN_END.dropped).length;
  const alt =
    `${caption}: ${names.join(', ')} from ${formatMs(still.startT)} to ${formatMs(still.endT)}. ` +
    `${plural(spans.length, 'message')}, ${dropped} dropped; ` +
    `${plural(outcomes.length, 'call')} answered (${counts.success} success, ${counts.failure} failure, ${counts.unknown} unknown)` +
    (down.length ? `; down: ${down.map((d) => d.node).join(', ')}` : '') +
    (still.met ? `. The key moment is at ${formatMs(still.met.t)}.` : '.');

  return (
    <figure className="still">
      <svg viewBox={`0 0 ${W} ${height}`} role="img" aria-label={alt} className="still-svg">
        <defs>
          <pattern
            id="still-hatch"
            width="6"
            height="6"
            patternUnits="userSpaceOnUse"
            patternTransform="rotate(45)"
          >
            <line x1="0" y1="0" x2="0" y2="6" stroke={palette.muted} strokeWidth="1.5" />
          </pattern>
        </defs>
        {names.map((name) => (
          <g key={name}>
            <text x={8} y={laneY(name) + 4} fontSize="13" fontWeight="600" fill={palette.ink}>
              {name}
            </text>
            <line x1={LEFT} x2={W - RIGHT} y1={laneY(name)} y2={laneY(name)} stroke={palette.grid} />
          </g>
        ))}
        {down.map((d, i) => (
          <g key={i}>
            <rect
              x={x(d.from)}
              y={laneY(d.node) - 9}
              width={Math.max(2, x(d.to) - x(d.from))}
              height={18}
              fill="url(#still-hatch)"
              stroke={palette.muted}
            />
            <text x={x(d.from) + 3} y={laneY(d.node) + 21} fontSize="10" fill={palette.ink}>
              down
            </text>
          </g>
        ))}
        {spans.map((s) => {
          const y1 = laneY(s.from);
          const y2 = laneY(s.to);
          const x1 = x(s.sendT);
          // A message still in flight stops at the still's edge; a dropped one part way, where it died.
          const x2 = x(s.end === SPAN_END.inFlight ? still.endT : s.endT);
          const yEnd = s.end === SPAN_END.delivered ? y2 : y1 + (y2 - y1) * 0.55;
          const kind = MESSAGE_KINDS[messageKind(s.label)];
          const drop = s.end === SPAN_END.dropped ? dropStyle[s.dropReason ?? 'loss'] : undefined;
          return (
            <g key={s.msg}>
              <line
                x1={x1}
                y1={y1}
                x2={x2}
                y2={yEnd}
                stroke={kind.color}
                strokeWidth="1.3"
                strokeDasharray={s.duplicateOf !== undefined ? '4 3' : undefined}
              />
              <path d={shapePath(kind.shape, x1, y1, 3.2)} fill={kind.color} />
              {drop && (
                <text x={x2} y={yEnd + 4} fontSize="12" textAnchor="middle" fill={drop.color}>
                  {drop.glyph}
                </text>
              )}
            </g>
          );
        })}
        {outcomes.map((o) => {
          const style = outcomeStyle[o.result];
          return (
            <g key={o.seq} transform={`translate(${x(o.t)} ${laneY(o.node) - 15})`}>
              <circle r="6.5" fill={palette.paper} stroke={style.color} strokeWidth="1.5" />
              <text y="3.5" fontSize="9" fontWeight="700" textAnchor="middle" fill={style.color}>
                {style.glyph}
              </text>
            </g>
          );
        })}
        {still.met && (
          <g>
            <line
              x1={x(still.met.t)}
              x2={x(still.met.t)}
              y1={TOP - 8}
              y2={TOP + names.length * LANE}
              stroke={palette.ink}
              strokeWidth="1.5"
              strokeDasharray="2 2"
            />
            <text
              x={x(still.met.t)}
              y={TOP - 10}
              fontSize="11"
              // Near the right edge the label reads leftwards, so it is never cut off.
              textAnchor={x(still.met.t) > W - 90 ? 'end' : 'middle'}
              fill={palette.ink}
            >
              challenge met, {formatMs(still.met.t)}
            </text>
          </g>
        )}
        {x.ticks(6).map((t) => (
          <text
            key={t}
            x={x(t)}
            y={TOP + names.length * LANE + 18}
            fontSize="11"
            textAnchor="middle"
            fill={palette.muted}
          >
            {formatMs(t)}
          </text>
        ))}
      </svg>
      <figcaption>
        {caption}.{' '}
        {kinds.map(([k, examples]) => (
          <span key={k} className="still-key">
            <svg width="10" height="10" viewBox="-5 -5 10 10" aria-hidden="true">
              <path d={shapePath(MESSAGE_KINDS[k].shape, 0, 0, 4)} fill={MESSAGE_KINDS[k].color} />
            </svg>{' '}
            {MESSAGE_KINDS[k].meaning}
            {examples.length > 0 && ` (${examples.join(', ')})`}
          </span>
        ))}
        <span className="still-key">✓ ✕ ? outcome: success, failure, unknown</span>
        {dropped > 0 && <span className="still-key">✕ ✂ ⊘ ✗ where a message died</span>}
        {down.length > 0 && <span className="still-key">hatched: node down</span>}
      </figcaption>
    </figure>
  );
}
