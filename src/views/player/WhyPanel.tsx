/**
 * "Why did that happen?": when the step's challenge is met, the causal chain behind its evidence; and
 * any anomaly seen so far (an unknown outcome, a double charge, a false alarm, a lost write) with its
 * own chain. Each link names the event it rests on; pressing it pauses and moves the cursor there,
 * and selects that event in every view.
 */
import { useMemo } from 'react';
import type { LessonGuide, TraceEvent } from '../../engine/index.ts';
import { appStore, useApp } from '../../store/store.ts';
import { formatMs } from '../../engine/words.ts';

import { countCandidates, explainEvidence, findAnomalies, type Explanation, type WhyOptions } from './why.ts';

function seek(seq: number): void {
  const s = appStore.getState();
  s.pause();
  s.seekToEvent(seq);
  s.select({ kind: 'event', seq });
}

function Chain({ x, events, baseSeq }: { x: Explanation; events: readonly TraceEvent[]; baseSeq: number }) {
  return (
    <ol className="why-chain">
      {x.links.map((link, i) => {
        const e = link.seq === undefined ? undefined : events[link.seq - baseSeq];
        if (link.seq === undefined || !e) {
          return (
            <li key={i} className="why-conclusion">
              {link.text}
            </li>
          );
        }
        return (
          <li key={i}>
            <button
              type="button"
              className="why-link"
              onClick={() => seek(link.seq!)}
              aria-label={`${link.text} Go to event ${link.seq}.`}
            >
              <span className="why-text">{link.text}</span>
              <span className="why-seq" aria-hidden="true">
                event {link.seq} · {formatMs(e.t)}
              </span>
            </button>
          </li>
        );
      })}
    </ol>
  );
}

/** Events seen so far in this run (up to the furthest the cursor has been). */
function useSeen(): { events: TraceEvent[]; baseSeq: number; seen: number } {
  const events = useApp((s) => s.events);
  const baseSeq = useApp((s) => s.baseSeq);
  const seen = useApp((s) => Math.max(0, Math.min(s.events.length, s.highWaterSeq - s.baseSeq)));
  return { events, baseSeq, seen };
}

export function WhyPanel({ lesson }: { lesson: LessonGuide }) {
  const stepId = useApp((s) => lesson.steps[s.stepIndex]?.id ?? '');
  const met = useApp((s) => s.metResults[stepId]);
  const { events, baseSeq, seen } = useSeen();
  const options: WhyOptions = useMemo(
    () => ({
      paramLabels: Object.fromEntries(Object.entries(lesson.params).map(([k, spec]) => [k, spec.label])),
      ...(lesson.events ? { events: lesson.events } : {}),
    }),
    [lesson],
  );

  // Re-explain only when something explainable has passed (an anomaly, or the challenge's evidence),
  // not on every frame of playback.
  const candidates = useMemo(
    () => countCandidates(events, seen, lesson.events),
    [events, seen, lesson.events],
  );
  const seenEvents = useMemo(() => events.slice(0, seen), [events, candidates, met]); // eslint-disable-line react-hooks/exhaustive-deps

  const explanation = useMemo(
    () => (met?.evidence?.length ? explainEvidence(seenEvents, met.evidence, options) : null),
    [met, seenEvents, options],
  );
  // Anomalies other than the one explained above, the most recent of each kind, with how many more.
  const anomalies = useMemo(() => {
    // Not the events the explanation above already walks through: they are part of its story.
    const told = new Set(explanation?.links.map((l) => l.seq));
    if (explanation) told.add(explanation.seq);
    const all = findAnomalies(seenEvents, 40, options).filter((a) => !told.has(a.seq));
    const byKind = new Map<string, { x: Explanation; more: number }>();
    for (const x of all) {
      const entry = byKind.get(x.kind);
      if (entry) entry.more += 1;
      else byKind.set(x.kind, { x, more: 0 });
    }
    return [...byKind.values()].slice(0, 4);
  }, [seenEvents, explanation, options]);

  return (
    <section className="panel why" aria-labelledby="why-title">
      <h2 id="why-title">Why did that happen?</h2>
      {!explanation && anomalies.length === 0 && (
        <p className="hint">
          When a step turns green or something goes wrong, the chain of events that caused it appears here.
          Press a line to go to that moment.
        </p>
      )}
      {explanation && (
        <div className="why-main" data-testid="why-main">
          <h3>{explanation.title}</h3>
          <Chain x={explanation} events={events} baseSeq={baseSeq} />
        </div>
      )}
      {anomalies.length > 0 && (
        <div className="why-anomalies">
          {explanation && <h3 className="why-sub">Also seen</h3>}
          {anomalies.map(({ x, more }, i) => (
            <details key={x.seq} className="why-anomaly" open={!explanation && i === 0}>
              <summary>
                <span className="why-flag" aria-hidden="true">
                  !
                </span>{' '}
                <span>
                  {x.title}
                  {more > 0 && <span className="why-more"> (and {more} more like it)</span>}
                </span>
              </summary>
              <Chain x={x} events={events} baseSeq={baseSeq} />
            </details>
          ))}
        </div>
      )}
    </section>
  );
}
