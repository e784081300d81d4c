/**
 * What the learner can do, step first: the interventions this step uses as large labelled buttons
 * (with a line on what each does), the lesson's other interventions folded below; then the step's
 * own settings, with the rest folded. Pressing a fault before anything has happened starts playback,
 * so the consequence is seen at once.
 */
import type { InterventionOffer, LessonGuide, LessonStep } from '../../engine/index.ts';
import { appStore, useApp } from '../../store/store.ts';
import { ParamsPanel } from '../controls/ParamsPanel.tsx';
import { Collapsible } from './Collapsible.tsx';
import { stepOffers, stepParams } from './relevance.ts';
import { interventionOf } from '../../store/step-start.ts';
import { plural } from '../../engine/words.ts';

function act(offer: InterventionOffer): void {
  const s = appStore.getState();
  s.intervene(interventionOf(offer));
  s.noteAction(offer.label);
  if (!s.playing && s.cursor === 0) s.play();
}

/** Said when an action came after the run's work was over: it had nothing left to change. */
function SpentNote() {
  const spent = useApp((s) => s.spentAction);
  if (!spent) return null;
  return (
    <div className="spent-note" role="status">
      <p>
        <strong>Nothing left for “{spent}” to affect:</strong> this run's messages are over. Restart the step
        and press it while the run is still going.
      </p>
      <button type="button" className="btn primary" onClick={() => appStore.getState().restartStep()}>
        Restart this step
      </button>
    </div>
  );
}

function OfferButton({
  offer,
  detailed,
  disabled,
}: {
  offer: InterventionOffer;
  detailed: boolean;
  disabled: boolean;
}) {
  return (
    <button
      type="button"
      className={`btn fault${detailed ? ' detailed' : ''}`}
      disabled={disabled}
      title={offer.description}
      onClick={() => act(offer)}
    >
      <span className="fault-label">{offer.label}</span>
      {detailed && <span className="fault-description">{offer.description}</span>}
    </button>
  );
}

export function StepActions({ lesson, step }: { lesson: LessonGuide; step: LessonStep }) {
  const ready = useApp((s) => s.status === 'ready');
  // Behind the furthest point seen: the learner rewound, and acting now rewrites what came after.
  const inPast = useApp((s) => s.cursorSeq < s.highWaterSeq && s.status === 'ready');
  const mine = stepOffers(lesson, step);
  const settings = stepParams(lesson, step);
  // With nothing singled out, every intervention is on offer.
  const featured = mine.length || settings.length ? mine : lesson.interventions;
  const others = lesson.interventions.filter((o) => !featured.includes(o));
  if (!lesson.interventions.length && !settings.length) return null;
  return (
    <section className="panel actions" aria-labelledby="actions-title">
      <h2 id="actions-title">{mine.length || settings.length ? 'Try this' : 'Break things'}</h2>
      {featured.length > 0 && (
        <div className="button-grid featured">
          {featured.map((offer) => (
            <OfferButton key={offer.label} offer={offer} detailed disabled={!ready} />
          ))}
        </div>
      )}
      {settings.length > 0 && (
        <div className="step-settings" role="group" aria-label="Settings for this step">
          {featured.length > 0 && <h3 className="step-settings-title">Settings for this step</h3>}
          <ParamsPanel names={settings} bare />
        </div>
      )}
      {others.length > 0 && (
        <Collapsible title="More things to try" note={`${others.length} more`} className="more-actions">
          <div className="button-grid">
            {others.map((offer) => (
              <OfferButton key={offer.label} offer={offer} detailed={false} disabled={!ready} />
            ))}
          </div>
        </Collapsible>
      )}
      <SpentNote />
      {inPast && (
        <p className="hint">
          You went back in time: acting now replaces what happened after this moment, and your own actions
          scheduled after it.
        </p>
      )}
    </section>
  );
}

/** The lesson's other settings, folded: every one stays reachable. */
export function StepSettings({ lesson, step }: { lesson: LessonGuide; step: LessonStep }) {
  const names = stepParams(lesson, step);
  const rest = Object.keys(lesson.params).filter((n) => !names.includes(n));
  if (!rest.length) return null;
  return (
    <Collapsible
      title={names.length ? 'Other settings' : 'Settings'}
      note={plural(rest.length, 'setting')}
      className="panel settings"
    >
      <ParamsPanel names={rest} bare />
      <p className="hint">
        Changing a setting replays the run from the beginning with the same seed and your actions, and keeps
        your place in time.
      </p>
    </Collapsible>
  );
}
