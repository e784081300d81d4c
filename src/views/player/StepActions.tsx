/**
 * What the learner can do, step first: the interventions this step uses as large labelled buttons
 * (with a line on what each does), the lesson's other interventions folded below; then the step's
 * own settings, with the rest folded. Pressing a fault before anything has happened starts playback,
 * so the consequence is seen at once.
 */
import type { InterventionOffer, LessonDef, LessonStep } from '../../engine/index.ts';
import { appStore, useApp } from '../../store/store.ts';
import { ParamsPanel } from '../controls/ParamsPanel.tsx';
import { Collapsible } from './Collapsible.tsx';
import { stepOffers, stepParams } from './relevance.ts';

function act(offer: InterventionOffer): void {
  const { label: _label, description: _description, ...intervention } = offer;
  const s = appStore.getState();
  s.intervene(intervention);
  if (!s.playing && s.cursor === 0) s.play();
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

export function StepActions({ lesson, step }: { lesson: LessonDef; step: LessonStep }) {
  const ready = useApp((s) => s.status === 'ready');
  const inPast = useApp(
    (s) =>
      !s.playing &&
      s.cursorSeq < s.baseSeq + s.events.length &&
      s.cursor < s.simulatedUntil - 1 &&
      s.cursor > 0,
  );
  const mine = stepOffers(lesson, step);
  const featured = mine.length ? mine : lesson.interventions;
  const others = lesson.interventions.filter((o) => !featured.includes(o));
  if (!lesson.interventions.length) return null;
  return (
    <section className="panel actions" aria-labelledby="actions-title">
      <h2 id="actions-title">{mine.length ? 'Try this' : 'Break things'}</h2>
      <div className="button-grid featured">
        {featured.map((offer) => (
          <OfferButton key={offer.label} offer={offer} detailed disabled={!ready} />
        ))}
      </div>
      {others.length > 0 && (
        <Collapsible title="More things to try" note={`${others.length} more`} className="more-actions">
          <div className="button-grid">
            {others.map((offer) => (
              <OfferButton key={offer.label} offer={offer} detailed={false} disabled={!ready} />
            ))}
          </div>
        </Collapsible>
      )}
      {inPast && (
        <p className="hint">
          You are looking at the past: acting now replaces what happens after this moment.
        </p>
      )}
    </section>
  );
}

export function StepSettings({ lesson, step }: { lesson: LessonDef; step: LessonStep }) {
  const names = stepParams(lesson, step);
  const all = Object.keys(lesson.params);
  if (!all.length) return null;
  const rest = all.filter((n) => !names.includes(n));
  return (
    <section className="panel settings" aria-labelledby="settings-title">
      <h2 id="settings-title">{names.length ? 'Settings for this step' : 'Settings'}</h2>
      {names.length > 0 && <ParamsPanel names={names} bare />}
      {rest.length > 0 && (
        <Collapsible
          title={names.length ? 'Other settings' : 'Show the settings'}
          note={`${rest.length}`}
          className="more-settings"
        >
          <ParamsPanel names={rest} bare />
        </Collapsible>
      )}
      <p className="hint">
        Changing a setting restarts the run from the beginning with the same seed, and keeps your place in
        time.
      </p>
    </section>
  );
}
