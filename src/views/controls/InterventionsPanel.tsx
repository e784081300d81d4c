/**
 * The lesson's fault controls as plain, visible buttons that work by touch and keyboard. Each one
 * acts at the moment shown; pressing one after rewinding starts a new branch from that moment.
 */
import { useApp, appStore } from '../../store/store.ts';
import { interventionOf } from '../../store/step-start.ts';

export function InterventionsPanel() {
  const lesson = useApp((s) => s.lesson);
  const ready = useApp((s) => s.status === 'ready');
  const branching = useApp(
    (s) => s.cursor < s.simulatedUntil - 1 && !s.playing && s.cursorSeq < s.baseSeq + s.events.length,
  );
  if (!lesson || !lesson.interventions.length) return null;
  return (
    <section className="panel interventions" aria-labelledby="interventions-title">
      <h2 id="interventions-title">Break things</h2>
      <div className="button-grid">
        {lesson.interventions.map((offer) => (
          <button
            key={offer.label}
            type="button"
            className="btn fault"
            disabled={!ready}
            title={offer.description}
            onClick={() => appStore.getState().intervene(interventionOf(offer))}
          >
            {offer.label}
          </button>
        ))}
      </div>
      {branching && (
        <p className="hint">You are in the past: acting now replaces what happens after this moment.</p>
      )}
    </section>
  );
}
