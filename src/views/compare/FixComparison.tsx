/**
 * Without and with the fix, side by side. One switch starts a second run of the same lesson, seed and
 * interventions with the fix switched the other way (in a second worker, kept at the same cursor
 * time), so the difference between the two sides is the fix alone: "2 double charges" against "0".
 */
import { useMemo } from 'react';
import type { AnyVocabulary, Params, TraceEvent } from '../../engine/index.ts';
import { appStore, useApp } from '../../store/store.ts';
import { comparisonSeqAt, fixIsOn } from '../../store/comparison.ts';
import { retryReadout, useReadout } from './readouts.ts';
import { genericSummary } from './summary.ts';
import { LoadFailed, Pending } from './Loading.tsx';
import { CompactReadout, formatMs } from './chart.tsx';
import type { Headline, ReadoutModule } from './types.ts';

interface Side {
  key: 'without' | 'with';
  title: string;
  yours: boolean;
  events: TraceEvent[];
  cursorSeq: number;
  params: Params | undefined;
}

/** Lines the two sides' headlines up by label (a number one side lacks shows as a dash). */
export function alignHeadlines(
  a: Headline[],
  b: Headline[],
): { label: string; left?: Headline; right?: Headline }[] {
  const labels = [...new Set([...a.map((h) => h.label), ...b.map((h) => h.label)])];
  return labels.map((label) => ({
    label,
    left: a.find((h) => h.label === label),
    right: b.find((h) => h.label === label),
  }));
}

function summarizeSide(mod: ReadoutModule | undefined, side: Side, events?: AnyVocabulary): Headline[] {
  if (!side.params) return [];
  return mod?.summarize
    ? mod.summarize(side.events, side.cursorSeq, side.params)
    : genericSummary(side.events, side.cursorSeq, events);
}

function HeadlineValue({ h, differs }: { h: Headline | undefined; differs: boolean }) {
  if (!h) return <span className="headline-value none">—</span>;
  if (h.neutral) {
    return (
      <span className="headline-value neutral">
        <span className="num">{h.value}</span>
      </span>
    );
  }
  return (
    <span className={`headline-value ${h.good ? 'good' : 'bad'}${differs ? ' differs' : ''}`}>
      <span className="glyph" aria-hidden="true">
        {h.good ? '✓' : '✕'}
      </span>
      <span className="num">
        {h.unit === 'ms' ? formatMs(h.value) : h.value}
        {h.unit && h.unit !== 'ms' ? ` ${h.unit}` : ''}
      </span>
      <span className="visually-hidden">{h.good ? ' (fine)' : ' (a problem)'}</span>
    </span>
  );
}

export function FixComparison() {
  const lesson = useApp((s) => s.lesson);
  const run = useApp((s) => s.run);
  const events = useApp((s) => s.events);
  const cursorSeq = useApp((s) => s.cursorSeq);
  const cursor = useApp((s) => s.cursor);
  const comparison = useApp((s) => s.comparison);
  const fix = lesson?.fix;
  // The lesson's readout (usually fetched already for the readout panel); until it is here the
  // comparison waits rather than show generic numbers that change a moment later.
  const readout = useReadout(run?.lessonId);
  const mod = readout?.status === 'ready' ? readout.value : undefined;
  const readoutPending = readout?.status === 'idle' || readout?.status === 'loading';
  const mainHasFix = fixIsOn(run, lesson);
  const otherSeq = comparisonSeqAt(comparison.events, comparison.baseSeq, cursor);

  const sides = useMemo((): [Side, Side] | null => {
    if (!run || !fix) return null;
    const main = { events, cursorSeq, params: run.params, yours: true };
    const other = {
      events: comparison.events,
      cursorSeq: otherSeq,
      params: comparison.run?.params,
      yours: false,
    };
    const without = mainHasFix ? other : main;
    const withFix = mainHasFix ? main : other;
    return [
      { key: 'without', title: 'Without the fix', ...without },
      { key: 'with', title: `With the fix: ${fix.label}`, ...withFix },
    ];
  }, [run, fix, events, cursorSeq, comparison.events, comparison.run, otherSeq, mainHasFix]);

  if (!fix || !run || !sides) return null;
  const on = comparison.enabled;
  const headlines =
    on && !readoutPending ? sides.map((s) => summarizeSide(mod, s, lesson?.events)) : [[], []];
  const rows = alignHeadlines(headlines[0]!, headlines[1]!);
  const catchingUp = on && comparison.status !== 'error' && comparison.simulatedUntil < cursor;
  const Readout = mod?.default;

  return (
    <section className="panel fix-compare" aria-labelledby="fix-compare-title">
      <h2 id="fix-compare-title">Without and with the fix</h2>
      <label className="switch">
        <input
          type="checkbox"
          role="switch"
          checked={on}
          onChange={(e) => appStore.getState().setComparison(e.currentTarget.checked)}
        />
        <span>Compare side by side: {fix.label}</span>
      </label>
      {!on && (
        <p className="hint">
          Runs this same run a second time with the fix {mainHasFix ? 'off' : 'on'}, and shows the two next to
          each other at the same moment.
        </p>
      )}
      {on && (
        <>
          <p className="compare-caption">
            <strong>Same seed, same faults — only the fix differs.</strong> Each link and node draws from its
            own random stream, so switching the fix does not reshuffle unrelated fates.
          </p>
          {comparison.status === 'error' && (
            <div className="notice error" role="alert">
              <span>The second run stopped: {comparison.error}</span>
              <button
                type="button"
                className="btn small"
                onClick={() => appStore.getState().setComparison(true)}
              >
                Run it again
              </button>
            </div>
          )}
          {readout?.status === 'error' && run.lessonId && (
            <LoadFailed
              what="this lesson's readout (the numbers below are generic)"
              error={readout.error}
              retry={() => retryReadout(run.lessonId)}
            />
          )}
          {rows.length > 0 && (
            <table className="compare-headlines">
              <caption className="visually-hidden">
                Headline numbers without and with the fix, at the same moment
              </caption>
              <thead>
                <tr>
                  <th scope="col">
                    <span className="visually-hidden">Measure</span>
                  </th>
                  <th scope="col">Without</th>
                  <th scope="col">With</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => {
                  const differs = r.left?.value !== r.right?.value;
                  return (
                    <tr key={r.label}>
                      <th scope="row">{r.label}</th>
                      <td>
                        <HeadlineValue h={r.left} differs={differs} />
                      </td>
                      <td>
                        <HeadlineValue h={r.right} differs={differs} />
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          )}
          <div className="compare-sides">
            {sides.map((side) => (
              <section
                key={side.key}
                className={`compare-side ${side.key}`}
                aria-label={`${side.title}${side.yours ? ' (your run)' : ''}`}
              >
                <h3>
                  <span aria-hidden="true" className="side-glyph">
                    {side.key === 'with' ? '✓' : '✕'}
                  </span>{' '}
                  {side.title} <span className="side-tag">{side.yours ? 'your run' : 'second run'}</span>
                </h3>
                {!side.yours && (comparison.status === 'loading' || catchingUp) && (
                  <p className="hint" role="status">
                    Simulating… {formatMs(comparison.simulatedUntil)} of {formatMs(cursor)}
                  </p>
                )}
                {Readout && side.params && (
                  <CompactReadout.Provider value={true}>
                    <Readout
                      events={side.events}
                      cursorSeq={side.cursorSeq}
                      params={side.params}
                      seed={run.seed}
                    />
                  </CompactReadout.Provider>
                )}
                {readoutPending && <Pending what="this lesson's readout" />}
                {!Readout && !readoutPending && side.params && (
                  <ul className="compare-generic">
                    {summarizeSide(mod, side, lesson?.events).map((h) => (
                      <li key={h.label}>
                        {h.value} {h.label}
                      </li>
                    ))}
                  </ul>
                )}
              </section>
            ))}
          </div>
        </>
      )}
    </section>
  );
}
