/**
 * Calls, two sides by side: what the client saw (success, failure, unknown, or still waiting) and
 * what the server really did (applied or not), as of the cursor. The tally crosses the two so that
 * "unknown" visibly splits into both truths. Retries of one request sit together; a request the
 * server applied twice is flagged. Clicking a call selects it everywhere and moves the cursor to its
 * outcome.
 */
import { useMemo } from 'react';
import { OUTCOME_RESULTS } from '../../engine/trace.ts';
import { formatMs } from '../../store/describe.ts';
import { appStore, useApp } from '../../store/store.ts';
import { callsAsOf, useCallsIndex, type CallRow, type RequestGroup, type Tally } from '../derive/calls.ts';
import { outcomeStyle, truthStyle } from '../theme.ts';

/** Requests listed at most; older ones are in the event log. */
const MAX_GROUPS = 40;

const callOf = (sel: { kind: string; call?: number } | null): number | null =>
  sel && sel.kind === 'call' ? (sel.call ?? null) : null;

export function CallsPanel() {
  const index = useCallsIndex();
  // Re-render only when a call, an outcome or an effect passes the cursor, not on every frame.
  const happened = useApp((s) => index.countBefore(s.cursorSeq));
  const selectedCall = useApp((s) => callOf(s.selected));
  const hoveredCall = useApp((s) => callOf(s.hovered));
  const view = useMemo(
    () => callsAsOf(index, happened > 0 ? index.seqs[happened - 1]! + 1 : 0),
    [index, happened],
  );

  const groups = view.groups.slice(-MAX_GROUPS).reverse();
  const hidden = view.groups.length - groups.length;

  return (
    <section className="panel calls-panel" aria-labelledby="calls-title">
      <h2 id="calls-title">Calls: what the client saw, what really happened</h2>
      <TallyTable tally={view.tally} />
      {view.rows.length === 0 ? (
        <p className="hint">No calls yet. Press Play: each call the client makes appears here.</p>
      ) : (
        <>
          <div className="call-columns" aria-hidden="true">
            <span>Call</span>
            <span>Client saw</span>
            <span>Server truth</span>
          </div>
          <ol className="call-list" aria-label="Calls, newest first">
            {groups.map((g) => (
              <Group key={g.request} group={g} selectedCall={selectedCall} hoveredCall={hoveredCall} />
            ))}
          </ol>
          {hidden > 0 && (
            <p className="hint">
              and {hidden} earlier {hidden === 1 ? 'request' : 'requests'} (see the event log).
            </p>
          )}
        </>
      )}
    </section>
  );
}

function TallyTable({ tally }: { tally: Tally }) {
  const unknown = tally.counts.unknown;
  return (
    <>
      <table className="tally">
        <caption>Outcomes against the truth, so far</caption>
        <thead>
          <tr>
            <th scope="col">Client saw</th>
            <th scope="col">
              <TruthMark applied /> {truthStyle.applied.label}
            </th>
            <th scope="col">
              <TruthMark applied={false} /> {truthStyle.notApplied.label}
            </th>
          </tr>
        </thead>
        <tbody>
          {OUTCOME_RESULTS.map((r) => {
            const o = outcomeStyle[r];
            const c = tally.counts[r];
            return (
              <tr key={r} className={`tally-${r}`}>
                <th scope="row">
                  <OutcomeGlyph result={r} /> {o.label}
                </th>
                <td className={c.applied ? '' : 'zero'}>{c.applied}</td>
                <td className={c.notApplied ? '' : 'zero'}>{c.notApplied}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <p className="tally-notes">
        {tally.waiting > 0 && (
          <span>
            <span className="waiting-dot" aria-hidden="true">
              …
            </span>{' '}
            {tally.waiting} still waiting
          </span>
        )}
        {unknown.applied > 0 && unknown.notApplied > 0 && (
          <span>“Unknown” split both ways: the client cannot tell which happened.</span>
        )}
        {tally.doubleRequests > 0 && (
          <span className="double">
            <span aria-hidden="true">⚠</span> {tally.doubleRequests}{' '}
            {tally.doubleRequests === 1 ? 'request' : 'requests'} applied more than once
          </span>
        )}
      </p>
    </>
  );
}

function Group({
  group,
  selectedCall,
  hoveredCall,
}: {
  group: RequestGroup;
  selectedCall: number | null;
  hoveredCall: number | null;
}) {
  const retried = group.rows.length > 1;
  return (
    <li className={`call-group${retried ? ' retried' : ''}`}>
      {retried && (
        <p className="group-head">
          Request {group.request}: {group.rows.length} attempts
          {group.applications > 1 && (
            <span className="double">
              {' '}
              <span aria-hidden="true">⚠</span> applied {group.applications} times
            </span>
          )}
        </p>
      )}
      <ol className="attempts">
        {group.rows.map((row) => (
          <li key={row.call}>
            <CallButton
              row={row}
              retried={retried}
              selected={row.call === selectedCall}
              hovered={row.call === hoveredCall}
            />
          </li>
        ))}
      </ol>
    </li>
  );
}

function CallButton({
  row,
  retried,
  selected,
  hovered,
}: {
  row: CallRow;
  retried: boolean;
  selected: boolean;
  hovered: boolean;
}) {
  const o = row.outcome ? outcomeStyle[row.outcome.result] : null;
  return (
    <button
      type="button"
      className={`call-row${selected ? ' selected' : ''}${hovered ? ' hovered' : ''}`}
      aria-pressed={selected}
      title={
        row.outcome ? `Select call ${row.call} and move the cursor to its outcome` : `Select call ${row.call}`
      }
      onClick={() => {
        const s = appStore.getState();
        s.select({ kind: 'call', call: row.call });
        if (row.outcome) s.seekToEvent(row.outcome.seq);
      }}
      onPointerEnter={() => appStore.getState().hover({ kind: 'call', call: row.call })}
      onPointerLeave={() => appStore.getState().hover(null)}
    >
      <span className="call-name">
        call {row.call}
        {retried && <span className="call-try"> · try {row.attempt}</span>}
        <small className="call-op">
          {row.op} at {formatMs(row.t)}
        </small>
      </span>
      <span className="call-outcome" style={o ? { color: o.color } : undefined}>
        <span className="visually-hidden">client saw: </span>
        {row.outcome ? (
          <>
            <OutcomeGlyph result={row.outcome.result} /> {o!.label}
            {row.outcome.reason && <small className="reason">{row.outcome.reason}</small>}
          </>
        ) : (
          <span className="waiting">waiting…</span>
        )}
      </span>
      <span className="call-truth">
        <span className="visually-hidden">server: </span>
        <TruthMark applied={row.applied} /> {row.applied ? 'applied' : 'not applied'}
        {row.appliedLater && <small className="later-tag">later, at {formatMs(row.appliedT)}</small>}
        {row.doubleApplied && (
          <small className="double">
            <span aria-hidden="true">⚠</span> applied again!
          </small>
        )}
      </span>
    </button>
  );
}

function OutcomeGlyph({ result }: { result: keyof typeof outcomeStyle }) {
  const o = outcomeStyle[result];
  return (
    <span className="outcome-glyph" aria-hidden="true" style={{ background: o.color }}>
      {o.glyph}
    </span>
  );
}

/** Filled for applied, hollow for not applied (the shape carries it, not only the colour). */
function TruthMark({ applied }: { applied: boolean }) {
  return <span className={`truth-mark${applied ? ' applied' : ''}`} aria-hidden="true" />;
}
