/**
 * The saga readout: the orchestrator's statechart as a small diagram, lit up from the trace's
 * `state` events: the state it is in now, the states it passed through, the transitions it took, and
 * the compensations (undo steps) it ran. Below it, every call the saga made with its outcome, and
 * whether the end state is consistent.
 */
import { useId, useMemo } from 'react';
import type { OutcomeResult, TraceEvent } from '../../src/engine/trace.ts';
import {
  Legend,
  ofType,
  outcomeStyle,
  palette,
  plural,
  ReadoutFigure,
  traceUpTo,
  type Headline,
  type ReadoutProps,
} from '../../src/views/readout-kit.ts';
import { ORDERS, sagaLedger, type OrderStatus, type SagaStep } from './guide.ts';

/** The boxes of the diagram. Doubt and retry states are drawn as loops on the box they return to. */
export type SagaBox =
  | 'created'
  | 'reserving'
  | 'charging'
  | 'notifying'
  | 'completed'
  | 'cancelled'
  | 'releasing'
  | 'refunding'
  | 'stuck';

/** Where each state label of the orchestrator is drawn: a box, or the loop on a box. */
export const STATE_PLACE: Record<string, { box: SagaBox; loop: boolean }> = {
  created: { box: 'created', loop: false },
  reserving: { box: 'reserving', loop: false },
  reservationUnknown: { box: 'reserving', loop: true },
  charging: { box: 'charging', loop: false },
  paymentUnknown: { box: 'charging', loop: true },
  notifying: { box: 'notifying', loop: false },
  notificationUnknown: { box: 'notifying', loop: true },
  completed: { box: 'completed', loop: false },
  cancelled: { box: 'cancelled', loop: false },
  stuck: { box: 'stuck', loop: false },
  'compensating.refunding': { box: 'refunding', loop: false },
  'compensating.refundRetry': { box: 'refunding', loop: true },
  'compensating.releasing': { box: 'releasing', loop: false },
  'compensating.releaseRetry': { box: 'releasing', loop: true },
};

const COMPENSATION_BOXES: ReadonlySet<SagaBox> = new Set(['refunding', 'releasing']);

export interface SagaPath {
  /** The state labels in the order they were entered, up to the cursor. */
  states: string[];
  current: string | undefined;
  visited: Set<SagaBox>;
  /** Loops taken (asked again / retried), by box. */
  loops: Set<SagaBox>;
  /** Transitions taken between boxes, as "from>to". */
  edges: Set<string>;
  /** Compensating steps started. */
  compensations: number;
}

export function sagaPath(events: readonly TraceEvent[], cursorSeq: number): SagaPath {
  const states = ofType(events, cursorSeq, 'state')
    .filter((e) => e.node === ORDERS)
    .map((e) => e.label);
  const visited = new Set<SagaBox>();
  const loops = new Set<SagaBox>();
  const edges = new Set<string>();
  let prev: { box: SagaBox; loop: boolean } | undefined;
  for (const label of states) {
    const place = STATE_PLACE[label];
    if (!place) continue;
    visited.add(place.box);
    if (place.loop) loops.add(place.box);
    if (prev && prev.box !== place.box) edges.add(`${prev.box}>${place.box}`);
    prev = place;
  }
  const compensations = ofType(events, cursorSeq, 'saga-step').filter((e) => e.compensation === true).length;
  return { states, current: states[states.length - 1], visited, loops, edges, compensations };
}

export interface SagaCall {
  call: number;
  step: SagaStep;
  attempt: number;
  result: OutcomeResult | 'waiting';
  compensation: boolean;
}

export function sagaCalls(events: readonly TraceEvent[], cursorSeq: number): SagaCall[] {
  const outcomes = new Map(ofType(events, cursorSeq, 'outcome').map((o) => [o.call, o.result]));
  const attempts = new Map<string, number>();
  return ofType(events, cursorSeq, 'call')
    .filter((c) => c.from === ORDERS)
    .map((c) => {
      const step = c.op as SagaStep;
      const attempt = (attempts.get(step) ?? 0) + 1;
      attempts.set(step, attempt);
      return {
        call: c.call,
        step,
        attempt,
        result: outcomes.get(c.call) ?? 'waiting',
        compensation: step === 'refund' || step === 'release',
      };
    });
}

export function summarize(events: readonly TraceEvent[], cursorSeq: number): Headline[] {
  const ledger = sagaLedger(traceUpTo(events, cursorSeq));
  const path = sagaPath(events, cursorSeq);
  return [
    {
      label: 'problems with the end state',
      value: ledger.problems.length,
      good: ledger.problems.length === 0,
    },
    { label: 'undo steps run', value: path.compensations, good: true, neutral: true },
    {
      label: 'charges kept on a cancelled order',
      value: ledger.status === 'cancelled' ? Math.max(0, ledger.charged) : 0,
      good: ledger.status !== 'cancelled' || ledger.charged <= 0,
    },
  ];
}

// ---------------------------------------------------------------- the diagram

const W = 408;
const H = 226;
const BOX_H = 26;
const R1 = 62;
const R2 = 162;

const BOXES: Record<SagaBox, { x: number; y: number; w: number; label: string }> = {
  created: { x: 32, y: R1, w: 60, label: 'created' },
  reserving: { x: 110, y: R1, w: 72, label: 'reserving' },
  charging: { x: 196, y: R1, w: 72, label: 'charging' },
  notifying: { x: 282, y: R1, w: 72, label: 'notifying' },
  completed: { x: 367, y: R1, w: 76, label: 'completed' },
  cancelled: { x: 40, y: R2, w: 76, label: 'cancelled' },
  releasing: { x: 152, y: R2, w: 90, label: '↶ releasing' },
  refunding: { x: 270, y: R2, w: 90, label: '↶ refunding' },
  stuck: { x: 370, y: R2, w: 64, label: '⚠ stuck' },
};

const LOOP_LABEL: Partial<Record<SagaBox, string>> = {
  reserving: 'ask again',
  charging: 'ask again',
  notifying: 'ask again',
  releasing: 'retry',
  refunding: 'retry',
};

const top = (b: SagaBox, dx = 0): [number, number] => [BOXES[b].x + dx, BOXES[b].y - BOX_H / 2];
const bottom = (b: SagaBox, dx = 0): [number, number] => [BOXES[b].x + dx, BOXES[b].y + BOX_H / 2];
const left = (b: SagaBox): [number, number] => [BOXES[b].x - BOXES[b].w / 2, BOXES[b].y];
const right = (b: SagaBox): [number, number] => [BOXES[b].x + BOXES[b].w / 2, BOXES[b].y];
const poly = (...pts: [number, number][]): string =>
  pts.map(([x, y], i) => `${i ? 'L' : 'M'}${x},${y}`).join(' ');

/** Every transition of the machine, between boxes, with a hand-routed path. */
const EDGES: { from: SagaBox; to: SagaBox; d: string }[] = [
  { from: 'created', to: 'reserving', d: poly(right('created'), left('reserving')) },
  { from: 'reserving', to: 'charging', d: poly(right('reserving'), left('charging')) },
  { from: 'charging', to: 'notifying', d: poly(right('charging'), left('notifying')) },
  { from: 'notifying', to: 'completed', d: poly(right('notifying'), left('completed')) },
  { from: 'reserving', to: 'cancelled', d: poly(bottom('reserving', -22), top('cancelled', 16)) },
  { from: 'reserving', to: 'releasing', d: poly(bottom('reserving', 14), top('releasing', -18)) },
  { from: 'charging', to: 'releasing', d: poly(bottom('charging', -16), top('releasing', 18)) },
  { from: 'charging', to: 'refunding', d: poly(bottom('charging', 16), top('refunding', -18)) },
  { from: 'notifying', to: 'refunding', d: poly(bottom('notifying', -6), top('refunding', 14)) },
  { from: 'refunding', to: 'releasing', d: poly(left('refunding'), right('releasing')) },
  { from: 'releasing', to: 'cancelled', d: poly(left('releasing'), right('cancelled')) },
  { from: 'refunding', to: 'stuck', d: poly(right('refunding'), left('stuck')) },
  {
    from: 'releasing',
    to: 'stuck',
    d: poly(
      bottom('releasing', -26),
      [BOXES.releasing.x - 26, H - 8],
      [BOXES.stuck.x, H - 8],
      bottom('stuck'),
    ),
  },
];

function loopPath(b: SagaBox): string {
  const { x, y } = BOXES[b];
  const above = y === R1;
  const yEdge = above ? y - BOX_H / 2 : y + BOX_H / 2;
  const bulge = above ? yEdge - 22 : yEdge + 20;
  return `M${x - 12},${yEdge} C${x - 16},${bulge} ${x + 16},${bulge} ${x + 12},${yEdge}`;
}

const STATUS_TEXT: Record<OrderStatus, string> = {
  running: 'running',
  completed: '✓ completed',
  cancelled: '✕ cancelled',
  stuck: '⚠ stuck: a person has to step in',
};

export default function SagaReadout({ events, cursorSeq }: ReadoutProps) {
  const arrow = useId();
  const arrowOn = useId();
  const path = useMemo(() => sagaPath(events, cursorSeq), [events, cursorSeq]);
  const calls = useMemo(() => sagaCalls(events, cursorSeq), [events, cursorSeq]);
  const ledger = useMemo(() => sagaLedger(traceUpTo(events, cursorSeq)), [events, cursorSeq]);
  const now = path.current ? STATE_PLACE[path.current] : undefined;

  const summary =
    `Saga statechart. Now: ${path.current ?? 'not started'}. ` +
    `Passed through ${path.states.join(', ') || 'nothing yet'}. ${plural(path.compensations, 'undo step')}. ` +
    `Order ${ledger.status}${ledger.problems.length ? `: ${ledger.problems.map((p) => p.what).join('; ')}` : ''}.`;

  return (
    <ReadoutFigure title="The saga, step by step" summary={summary}>
      <Legend
        items={[
          { key: 'now', label: 'state now', color: palette.ink, bar: {} },
          { key: 'visited', label: 'passed through', color: palette.sky, bar: {} },
          { key: 'undo', label: '↶ undo step (compensation)', color: palette.purple, bar: {} },
          { key: 'taken', label: 'transition taken', color: palette.ink, line: {} },
          { key: 'not', label: 'not taken', color: palette.grid, line: { dash: '4 3' } },
        ]}
      />
      <svg className="saga-chart" viewBox={`0 0 ${W} ${H}`} width="100%" aria-hidden="true">
        <defs>
          <marker
            id={arrow}
            viewBox="0 0 10 10"
            refX="9"
            refY="5"
            markerUnits="userSpaceOnUse"
            markerWidth="7"
            markerHeight="7"
            orient="auto-start-reverse"
          >
            <path d="M0,0 L10,5 L0,10 z" fill="#aeb4bd" />
          </marker>
          <marker
            id={arrowOn}
            viewBox="0 0 10 10"
            refX="9"
            refY="5"
            markerUnits="userSpaceOnUse"
            markerWidth="9"
            markerHeight="9"
            orient="auto-start-reverse"
          >
            <path d="M0,0 L10,5 L0,10 z" fill={palette.ink} />
          </marker>
        </defs>
        {EDGES.map((e) => {
          const taken = path.edges.has(`${e.from}>${e.to}`);
          return (
            <path
              key={`${e.from}>${e.to}`}
              d={e.d}
              fill="none"
              stroke={taken ? palette.ink : '#c4c9d0'}
              strokeWidth={taken ? 2.5 : 1.2}
              strokeDasharray={taken ? undefined : '4 3'}
              markerEnd={`url(#${taken ? arrowOn : arrow})`}
            />
          );
        })}
        {(Object.keys(LOOP_LABEL) as SagaBox[]).map((b) => {
          const taken = path.loops.has(b);
          const isNow = now?.loop === true && now.box === b;
          const { x, y } = BOXES[b];
          const above = y === R1;
          return (
            <g key={`loop-${b}`}>
              <path
                d={loopPath(b)}
                fill="none"
                stroke={isNow ? palette.orange : taken ? palette.ink : '#c4c9d0'}
                strokeWidth={isNow ? 3.5 : taken ? 2.5 : 1.2}
                strokeDasharray={taken || isNow ? undefined : '4 3'}
                markerEnd={`url(#${taken || isNow ? arrowOn : arrow})`}
              />
              <text
                x={x}
                y={above ? y - BOX_H / 2 - 22 : y + BOX_H / 2 + 25}
                textAnchor="middle"
                className={isNow ? 'saga-loop now' : taken ? 'saga-loop taken' : 'saga-loop'}
              >
                ↺ {isNow ? `${LOOP_LABEL[b]}…` : LOOP_LABEL[b]}
              </text>
            </g>
          );
        })}
        {(Object.keys(BOXES) as SagaBox[]).map((b) => {
          const { x, y, w, label } = BOXES[b];
          const isNow = now?.box === b && !now.loop;
          const visited = path.visited.has(b);
          const undo = COMPENSATION_BOXES.has(b);
          const fill = isNow ? palette.ink : visited ? (undo ? '#f3dbe8' : '#d4ebf8') : palette.paper;
          return (
            <g key={b} className={isNow ? 'saga-box now' : visited ? 'saga-box visited' : 'saga-box'}>
              <rect
                x={x - w / 2}
                y={y - BOX_H / 2}
                width={w}
                height={BOX_H}
                rx={b === 'created' ? 13 : 6}
                fill={fill}
                stroke={isNow ? palette.ink : undo ? palette.purple : visited ? palette.blue : '#aeb4bd'}
                strokeWidth={isNow || visited ? 2 : 1.2}
              />
              {(b === 'completed' || b === 'cancelled' || b === 'stuck') && (
                <rect
                  x={x - w / 2 + 3}
                  y={y - BOX_H / 2 + 3}
                  width={w - 6}
                  height={BOX_H - 6}
                  rx={4}
                  fill="none"
                  stroke={isNow ? palette.paper : '#aeb4bd'}
                  strokeWidth="0.8"
                />
              )}
              <text x={x} y={y + 4} textAnchor="middle" fill={isNow ? palette.paper : palette.ink}>
                {label}
              </text>
            </g>
          );
        })}
      </svg>
      <ol className="saga-calls" aria-label="Calls the saga made">
        {calls.map((c, i) => (
          <li key={c.call} className={c.compensation ? 'undo' : undefined}>
            <span className="n">{i + 1}</span>{' '}
            <span className="step">
              {c.compensation ? '↶ ' : ''}
              {c.step}
              {c.attempt > 1 ? ` (try ${c.attempt})` : ''}
            </span>{' '}
            {c.result === 'waiting' ? (
              <span className="result waiting">… waiting</span>
            ) : (
              <span className="result" style={{ borderColor: outcomeStyle[c.result].color }}>
                <span aria-hidden="true">{outcomeStyle[c.result].glyph} </span>
                {c.result}
              </span>
            )}
          </li>
        ))}
        {calls.length === 0 && <li className="empty">No call yet.</li>}
      </ol>
      <p
        className={ledger.problems.length ? 'saga-end bad' : ledger.consistent ? 'saga-end good' : 'saga-end'}
      >
        State now: <strong>{path.current ?? 'not started'}</strong> · Order:{' '}
        <strong>{STATUS_TEXT[ledger.status]}</strong>
        {ledger.problems.length > 0 && <> · ✕ {ledger.problems.map((p) => p.what).join('; ')}</>}
        {ledger.consistent && <> · every service agrees</>}
      </p>
    </ReadoutFigure>
  );
}
