/**
 * The three-outcomes readout: the client's outcome against the server's truth, a tally up to the
 * cursor. Rows: what the client saw (success, failure, unknown). Columns: whether the card was
 * charged. The point of the lesson is the bottom row: "unknown" lands in both columns.
 */
import { useMemo } from 'react';
import type { OutcomeResult, TraceEvent } from '../../src/engine/trace.ts';
import {
  ofType,
  outcomeStyle,
  plural,
  ReadoutFigure,
  traceUpTo,
  truthStyle,
  type Headline,
  type ReadoutProps,
} from '../../src/views/readout-kit.ts';
import { settledNotApplied } from './guide.ts';

const RESULTS: readonly OutcomeResult[] = ['success', 'failure', 'unknown'];

export interface TruthRow {
  /** Calls with this outcome whose charge the server applied. */
  applied: number[];
  /** Calls with this outcome the server will never apply (lost on the way, declined, crashed first). */
  notApplied: number[];
  /** Calls with this outcome the server is still working on: their truth is not decided yet. */
  pending: number[];
}

export interface OutcomeTable {
  rows: Record<OutcomeResult, TruthRow>;
  /** Unknown has landed in both columns. */
  split: boolean;
  total: number;
}

/** The outcome × truth tally of the calls that have an outcome before the cursor. */
export function outcomeTable(events: readonly TraceEvent[], cursorSeq: number): OutcomeTable {
  const applied = new Set(ofType(events, cursorSeq, 'effect').map((e) => e.call));
  const settled = settledNotApplied(traceUpTo(events, cursorSeq));
  const rows = Object.fromEntries(
    RESULTS.map((r): [OutcomeResult, TruthRow] => [r, { applied: [], notApplied: [], pending: [] }]),
  ) as Record<OutcomeResult, TruthRow>;
  const outcomes = ofType(events, cursorSeq, 'outcome');
  for (const o of outcomes) {
    const row = rows[o.result];
    if (applied.has(o.call)) row.applied.push(o.call);
    else if (settled.has(o.call)) row.notApplied.push(o.call);
    else row.pending.push(o.call);
  }
  return {
    rows,
    split: rows.unknown.applied.length > 0 && rows.unknown.notApplied.length > 0,
    total: outcomes.length,
  };
}

export function summarize(events: readonly TraceEvent[], cursorSeq: number): Headline[] {
  const { rows } = outcomeTable(events, cursorSeq);
  const count = (r: TruthRow) => r.applied.length + r.notApplied.length + r.pending.length;
  return [
    { label: 'successes', value: count(rows.success), good: true, neutral: true },
    { label: 'failures', value: count(rows.failure), good: true, neutral: true },
    { label: 'unknown outcomes', value: count(rows.unknown), good: count(rows.unknown) === 0 },
    {
      label: 'unknown, yet charged',
      value: rows.unknown.applied.length,
      good: rows.unknown.applied.length === 0,
    },
  ];
}

const MAX_DOTS = 10;

/** One mark per call: filled when the card was charged, hollow when not, dashed while undecided. */
function CallDots({
  calls,
  result,
  kind,
}: {
  calls: number[];
  result: OutcomeResult;
  kind: 'applied' | 'notApplied';
}) {
  if (calls.length === 0) return null;
  const shown = calls.slice(0, MAX_DOTS);
  const color = outcomeStyle[result].color;
  return (
    <svg className="call-dots" width={shown.length * 15 + 2} height="16" aria-hidden="true">
      {shown.map((call, i) => (
        <circle
          key={call}
          cx={8 + i * 15}
          cy="8"
          r="6"
          fill={kind === 'applied' ? color : 'white'}
          stroke={color}
          strokeWidth="2"
        >
          <title>call {call}</title>
        </circle>
      ))}
    </svg>
  );
}

function Cell({
  row,
  result,
  kind,
}: {
  row: TruthRow;
  result: OutcomeResult;
  kind: 'applied' | 'notApplied';
}) {
  const calls = row[kind];
  const impossible =
    (result === 'success' && kind === 'notApplied') || (result === 'failure' && kind === 'applied');
  return (
    <td
      className={calls.length === 0 ? 'empty' : undefined}
      title={impossible ? 'This combination cannot happen' : undefined}
    >
      <span className="count">{calls.length}</span>
      <CallDots calls={calls} result={result} kind={kind} />
      {calls.length > MAX_DOTS && <span className="more">+{calls.length - MAX_DOTS}</span>}
    </td>
  );
}

function splitMessage(table: OutcomeTable): string {
  const u = table.rows.unknown;
  if (table.split) {
    return `Unknown splits into both: ${plural(u.applied.length, 'call')} charged, ${plural(u.notApplied.length, 'call')} not. The client saw the same silence every time.`;
  }
  if (u.applied.length > 0)
    return 'An unknown call was charged. Now make one that was not: drop the next request.';
  if (u.notApplied.length > 0)
    return 'An unknown call was not charged. Now make one that was: drop the next response.';
  return 'An unknown outcome can land in either column. The client cannot tell which.';
}

export default function ThreeOutcomesReadout({ events, cursorSeq }: ReadoutProps) {
  const table = useMemo(() => outcomeTable(events, cursorSeq), [events, cursorSeq]);
  const pending = RESULTS.flatMap((r) => table.rows[r].pending.map((call) => ({ call, r })));
  const u = table.rows.unknown;
  const summary =
    `Outcome against truth for ${plural(table.total, 'call')}: ` +
    RESULTS.map(
      (r) => `${r}: ${table.rows[r].applied.length} charged, ${table.rows[r].notApplied.length} not charged`,
    ).join('; ') +
    (table.split ? '. Unknown split into both.' : '.');
  return (
    <ReadoutFigure title="What the client saw × what the server did" summary={summary}>
      <table className="truth-table">
        <thead>
          <tr>
            <th scope="col">Client saw</th>
            <th scope="col">
              <span aria-hidden="true">● </span>Card charged
              <span className="visually-hidden"> ({truthStyle.applied.label})</span>
            </th>
            <th scope="col">
              <span aria-hidden="true">○ </span>Not charged
              <span className="visually-hidden"> ({truthStyle.notApplied.label})</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {RESULTS.map((r) => (
            <tr key={r} className={r === 'unknown' ? (table.split ? 'unknown split' : 'unknown') : undefined}>
              <th scope="row">
                <span
                  className="outcome-glyph"
                  style={{ background: outcomeStyle[r].color }}
                  aria-hidden="true"
                >
                  {outcomeStyle[r].glyph}
                </span>{' '}
                {outcomeStyle[r].label}
              </th>
              <Cell row={table.rows[r]} result={r} kind="applied" />
              <Cell row={table.rows[r]} result={r} kind="notApplied" />
            </tr>
          ))}
        </tbody>
      </table>
      <p className={table.split ? 'split-callout met' : 'split-callout'}>
        <span aria-hidden="true">{table.split ? '⇆ ' : '? '}</span>
        {splitMessage(table)}
      </p>
      {pending.length > 0 && (
        <p className="readout-caption">
          Not decided yet: {pending.map((p) => `call ${p.call} (${p.r})`).join(', ')}. The server is still
          working on {pending.length === 1 ? 'it' : 'them'}, so even the server does not know yet.
        </p>
      )}
      {u.applied.length + u.notApplied.length === 0 && table.total === 0 && (
        <p className="readout-caption">
          No call has finished yet. Each finished call adds a dot to one cell.
        </p>
      )}
    </ReadoutFigure>
  );
}
