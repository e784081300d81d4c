/**
 * Predict, then reveal (workshops): when the run reaches a step's prediction moment it pauses and
 * asks; the answer is recorded and the run plays on; once the trace can tell, the card says whether
 * the prediction was right and why, with a button to the event that shows it.
 */
import { useEffect, useMemo } from 'react';
import type { LessonGuide, Prediction } from '../../engine/lesson.ts';
import { appStore, useApp } from '../../store/store.ts';
import { traceUpTo } from '../compare/events.ts';
import './prediction.css';

const keyOf = (lesson: LessonGuide, stepId: string, p: Prediction) => `${lesson.id}/${stepId}/${p.id}`;

function PredictionCard({ lesson, stepId, p }: { lesson: LessonGuide; stepId: string; p: Prediction }) {
  const key = keyOf(lesson, stepId, p);
  const answer = useApp((s) => s.predictionAnswers[key]);
  const reached = useApp((s) => s.cursor >= p.askAtMs);
  const events = useApp((s) => s.events);
  const cursorSeq = useApp((s) => s.cursorSeq);
  const params = useApp((s) => s.run?.params);
  // The moment comes: stop the run so the question is answered before the answer shows.
  useEffect(() => {
    if (reached && answer === undefined && appStore.getState().playing) appStore.getState().pause();
  }, [reached, answer]);
  const shown = useMemo(
    () => (answer === undefined || !params ? null : p.reveal(traceUpTo(events, cursorSeq), params)),
    [answer, params, p, events, cursorSeq],
  );
  if (!reached && answer === undefined) return null;

  const choose = (k: number) => {
    appStore.setState((s) => ({ predictionAnswers: { ...s.predictionAnswers, [key]: k } }));
    appStore.getState().play();
  };
  return (
    <section className="prediction" aria-labelledby={`predict-${p.id}`} data-testid="prediction">
      <h3 id={`predict-${p.id}`}>
        <span aria-hidden="true">?</span> Predict first
      </h3>
      <p>{p.question}</p>
      {answer === undefined ? (
        <div className="prediction-answers" role="group" aria-label="Your prediction">
          {p.answers.map((a, k) => (
            <button key={a} type="button" className="btn" onClick={() => choose(k)} autoFocus={k === 0}>
              {a}
            </button>
          ))}
        </div>
      ) : (
        <>
          <p className="prediction-mine">
            You said: <strong>{p.answers[answer]}</strong>
          </p>
          {shown ? (
            <div className={`prediction-result ${shown.answer === answer ? 'right' : 'wrong'}`} role="status">
              <p>
                <strong>
                  {shown.answer === answer ? '✓ Right.' : `✗ Not this time: ${p.answers[shown.answer]}.`}
                </strong>{' '}
                {shown.why}
              </p>
              <button
                type="button"
                className="btn"
                onClick={() => {
                  const ev = events.find((e) => e.seq === shown.seq);
                  if (!ev) return;
                  appStore.getState().pause();
                  appStore.getState().seek(ev.t);
                  appStore.getState().select({ kind: 'event', seq: ev.seq });
                }}
              >
                Show that moment
              </button>
            </div>
          ) : (
            <p className="prediction-wait" role="status">
              Watch the run: the answer shows here when it happens.
            </p>
          )}
        </>
      )}
    </section>
  );
}

/**
 * The current step's predictions, each once its moment has come. They belong to workshops: asked in
 * a course or in presenter mode, so a learner alone (or a reader of an embed) is not stopped.
 */
export function Predictions({ lesson }: { lesson: LessonGuide }) {
  const step = useApp((s) => lesson.steps[s.stepIndex]);
  const workshop = useApp((s) => s.course !== null || s.presenting);
  if (!workshop || !step?.predictions?.length) return null;
  return (
    <>
      {step.predictions.map((p) => (
        <PredictionCard key={`${step.id}/${p.id}`} lesson={lesson} stepId={step.id} p={p} />
      ))}
    </>
  );
}
