/**
 * "What am I looking at?" for the space-time diagram: every mark it draws, drawn the same way, with
 * its meaning in words, right under the diagram.
 */
import type { ReactNode } from 'react';
import { useMessageExamples } from '../derive/message-examples.ts';
import { kindsToShow, MESSAGE_KINDS, shapePath } from '../message-kinds.ts';
import { dropStyle, outcomeStyle, palette } from '../theme.ts';

function Swatch({ children, width = 30 }: { children: ReactNode; width?: number }) {
  return (
    <svg className="st-swatch" width={width} height={20} viewBox={`0 0 ${width} 20`} aria-hidden="true">
      {children}
    </svg>
  );
}

export function Legend({ open }: { open: boolean }) {
  const drops = Object.values(dropStyle);
  const kinds = kindsToShow(useMessageExamples());
  return (
    <details className="st-legend" open={open}>
      <summary>What am I looking at?</summary>
      <ul>
        {kinds.map(([kind, labels], i) => {
          const k = MESSAGE_KINDS[kind];
          return (
            <li key={kind}>
              <Swatch>
                <line x1={4} y1={4} x2={24} y2={16} stroke={k.color} strokeWidth={2} />
                <path d="M28,18L20,16.5L23.5,11Z" fill={k.color} />
                <path d={shapePath(k.shape, 4, 4, 3)} fill={k.color} />
              </Swatch>
              <span>
                {k.meaning}
                {i === 0 && ', from its sender’s lane to its receiver’s'}
                {labels.length > 0 && <span className="legend-eg"> (e.g. {labels.join(', ')})</span>}
              </span>
            </li>
          );
        })}
        <li>
          <Swatch width={52}>
            <line x1={2} y1={4} x2={18} y2={12} stroke={palette.ink} strokeWidth={2} />
            {drops.slice(0, 2).map((d, i) => (
              <g key={d.label} transform={`translate(${26 + i * 20},12)`}>
                <circle r={8} fill={palette.paper} stroke={d.color} strokeWidth={2} />
                <text fontSize={10} dy="0.35em" textAnchor="middle" fill={d.color}>
                  {d.glyph}
                </text>
              </g>
            ))}
          </Swatch>
          dropped: the line stops where the message died; the mark says why (
          {drops.map((d) => `${d.glyph} ${d.label}`).join(', ')})
        </li>
        <li>
          <Swatch>
            <line x1={2} y1={10} x2={28} y2={10} stroke={palette.ink} strokeWidth={2} strokeDasharray="6 3" />
          </Swatch>
          dashed, “⇉ copy”: a copy the network made (duplicate)
        </li>
        <li>
          <Swatch width={66}>
            {(['success', 'failure', 'unknown'] as const).map((r, i) => (
              <g key={r} transform={`translate(${10 + i * 22},10)`}>
                <circle r={9} fill={outcomeStyle[r].color} />
                <text fontSize={11} fontWeight={700} dy="0.35em" textAnchor="middle" fill={palette.paper}>
                  {outcomeStyle[r].glyph}
                </text>
              </g>
            ))}
          </Swatch>
          what the caller saw: success, failure or unknown (the bar before it is the wait)
        </li>
        <li>
          <Swatch>
            <path d="M15,3L22,10L15,17L8,10Z" fill={palette.green} />
          </Swatch>
          the server really applied it (ground truth the caller never sees)
        </li>
        <li>
          <Swatch>
            <rect x={1} y={3} width={28} height={14} fill="url(#st-hatch)" stroke={palette.ink} />
          </Swatch>
          ✕ down: crashed until it recovers
        </li>
        <li>
          <Swatch>
            <rect
              x={1}
              y={3}
              width={28}
              height={14}
              fill="rgba(230, 159, 0, 0.16)"
              stroke={palette.orange}
              strokeDasharray="4 3"
            />
          </Swatch>
          paused
        </li>
        <li>
          <Swatch>
            <line
              x1={2}
              y1={10}
              x2={28}
              y2={10}
              stroke={palette.purple}
              strokeWidth={3}
              strokeDasharray="5 3"
            />
          </Swatch>
          ✂ a one-way link cut (under the sender's lane)
        </li>
        <li>
          <Swatch>
            <rect x={15} y={1} width={14} height={18} fill="#eceef1" />
            <line x1={15} y1={1} x2={15} y2={19} stroke={palette.ink} strokeWidth={2} />
          </Swatch>
          now: the playback cursor; faded marks to its right were seen before you rewound
        </li>
      </ul>
    </details>
  );
}
