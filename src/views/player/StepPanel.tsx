/**
 * The narrative: the current step in a few sentences, its challenge (green the moment the trace at
 * the cursor shows it), a hint on request, "Show me", and the way on to the next step or lesson.
 */
import { useEffect, useRef, useState } from 'react';
import type { LessonGuide } from '../../engine/index.ts';
import { lessonProgress } from '../../store/progress.ts';
import { appStore, useApp } from '../../store/store.ts';
import { hrefFor, linkTo } from '../app/navigate.ts';
import { builtInOrder } from '../home/catalog.ts';
import { useAllGuides } from '../app/useAllGuides.ts';
import { useAfterInteractive } from '../app/useAfterInteractive.ts';
import { describeStepStart } from '../../store/step-start.ts';
import { StepText } from './StepText.tsx';

/** What a step opens with beyond the lesson's defaults, and what it kept from the step before. */
function StepStartNote({ lesson, stepIndex }: { lesson: LessonGuide; stepIndex: number }) {
  const carried = useApp((s) =>
    s.stepStart?.stepId === lesson.steps[stepIndex]?.id ? s.stepStart?.carried : null,
  );
  const preset = describeStepStart(lesson, stepIndex);
  if (!carried && !preset.length) return null;
  return (
    <div className="step-start-note">
      {preset.length > 0 && (
        <p data-testid="step-start">
          <strong>This step starts with</strong> {preset.join('; ')}.
        </p>
      )}
      {carried && (
        <p data-testid="carried-over">
          <strong>Carried over from step {carried.fromStep + 1}:</strong> {carried.lines.join('; ')}.{' '}
          <button type="button" className="btn small" onClick={() => appStore.getState().dropCarriedOver()}>
            Drop it
          </button>
        </p>
      )}
    </div>
  );
}

function StepDots({
  lesson,
  stepIndex,
  met,
}: {
  lesson: LessonGuide;
  stepIndex: number;
  met: readonly string[];
}) {
  return (
    <nav aria-label="Steps of this lesson">
      <ol className="step-dots">
        {lesson.steps.map((s, i) => {
          const done = met.includes(s.id);
          return (
            <li key={s.id}>
              <button
                type="button"
                className={`step-dot${done ? ' done' : ''}${i === stepIndex ? ' current' : ''}`}
                aria-current={i === stepIndex ? 'step' : undefined}
                aria-label={`Step ${i + 1}: ${s.title}${done ? ' (done)' : ''}`}
                title={s.title}
                onClick={() => appStore.getState().goToStep(i)}
              >
                <span aria-hidden="true">{done ? '✓' : i + 1}</span>
              </button>
            </li>
          );
        })}
      </ol>
    </nav>
  );
}

export function nextLessonOf(lesson: LessonGuide, all: readonly LessonGuide[]): LessonGuide | undefined {
  const order = builtInOrder(all);
  return order[order.findIndex((l) => l.id === lesson.id) + 1];
}

export function StepPanel({ lesson }: { lesson: LessonGuide }) {
  const stepIndex = useApp((s) => s.stepIndex);
  const live = useApp((s) => s.results[lesson.steps[s.stepIndex]?.id ?? '']);
  const metInRun = useApp((s) => s.metResults[lesson.steps[s.stepIndex]?.id ?? '']);
  const saved = useApp((s) => s.progress);
  const progress = lessonProgress(saved, lesson.id);
  const demo = useApp((s) => s.demo);
  const playing = useApp((s) => s.playing);
  const inCourse = useApp((s) => s.course !== null);
  const [hintFor, setHintFor] = useState<string | null>(null);
  const all = useAllGuides({ wait: !useAfterInteractive() });
  const headingRef = useRef<HTMLHeadingElement>(null);
  const step = lesson.steps[stepIndex];
  const stepId = step?.id;

  // A new step: its heading takes focus (for keyboard and screen-reader users), unless it is the first view.
  const firstRender = useRef(true);
  useEffect(() => {
    if (firstRender.current) {
      firstRender.current = false;
      return;
    }
    headingRef.current?.focus();
  }, [stepId]);

  if (!step) return null;
  const metNow = Boolean(live?.met);
  const metEarlier = progress.stepsMet.includes(step.id);
  const detail = (metNow ? live?.detail : undefined) ?? metInRun?.detail;
  const last = stepIndex === lesson.steps.length - 1;
  const next = all.status === 'ready' ? nextLessonOf(lesson, all.value) : undefined;
  const showingDemo = demo?.stepId === step.id;
  const hintOpen = hintFor === step.id;
  const a = appStore.getState();

  return (
    <section className="panel step-card" aria-labelledby="step-title">
      <div className="step-top">
        <p className="step-count">
          Step {stepIndex + 1} of {lesson.steps.length}
        </p>
        <StepDots lesson={lesson} stepIndex={stepIndex} met={progress.stepsMet} />
      </div>
      <h2 id="step-title" className="step-title" tabIndex={-1} ref={headingRef}>
        {step.title}
      </h2>
      <StepText className="step-text" text={step.text} />
      <StepStartNote lesson={lesson} stepIndex={stepIndex} />

      <div
        className={`challenge ${metNow ? 'met' : metEarlier ? 'met-earlier' : 'open'}`}
        role="status"
        data-testid="challenge"
      >
        {metNow ? (
          <>
            <span className="challenge-mark" aria-hidden="true">
              ✓
            </span>
            <span>
              <strong>Done!</strong> {detail ? `${detail[0]!.toUpperCase()}${detail.slice(1)}.` : ''}
            </span>
          </>
        ) : metEarlier ? (
          <>
            <span className="challenge-mark" aria-hidden="true">
              ✓
            </span>
            <span>
              <strong>Done earlier.</strong>{' '}
              {metInRun
                ? 'The cursor is before the moment it happened.'
                : 'Make it happen again here, or go on.'}
            </span>
          </>
        ) : (
          <>
            <span className="challenge-mark" aria-hidden="true">
              ○
            </span>
            <span>
              <strong>Your turn.</strong>{' '}
              {live?.missing
                ? `Not yet: ${live.missing}.`
                : 'Make it happen in the simulation; this turns green when it does.'}
              {!playing && ' The simulation is paused: press Play to run it.'}
            </span>
          </>
        )}
      </div>

      <div className="step-buttons">
        {!metNow && (
          <>
            <button
              type="button"
              className="btn"
              aria-expanded={hintOpen}
              onClick={() => setHintFor(hintOpen ? null : step.id)}
            >
              {hintOpen ? 'Hide the hint' : 'Hint'}
            </button>
            <button
              type="button"
              className="btn"
              onClick={() => a.showMe()}
              title="Restarts the run with the settings and actions that do it, and plays it"
            >
              <span aria-hidden="true">▶</span> Show me
            </button>
          </>
        )}
        {(metNow || metEarlier) && !last && (
          <button type="button" className="btn primary" onClick={() => a.goToStep(stepIndex + 1)}>
            Next step <span aria-hidden="true">→</span>
          </button>
        )}
        {stepIndex > 0 && (
          <button type="button" className="btn" onClick={() => a.goToStep(stepIndex - 1)}>
            <span aria-hidden="true">←</span> Previous step
          </button>
        )}
        <button
          type="button"
          className="btn"
          onClick={() => a.restartStep()}
          title="Back to the start of this step: its own seed and settings, none of your actions"
        >
          <span aria-hidden="true">↺</span> Restart this step
        </button>
      </div>
      {hintOpen && !metNow && (
        <p className="hint-text">
          <strong>Hint:</strong> {step.hint}
        </p>
      )}
      {showingDemo && (
        <p className="demo-note" role="status">
          <strong>Showing how.</strong> The run restarted with the settings and actions that do it; watch it
          play. Change anything to try it yourself.
        </p>
      )}

      {/* In a course, the course bar says where to go next. */}
      {progress.finished && last && (metNow || metEarlier) && !inCourse && (
        <div className="lesson-done" role="status">
          <p>
            <strong>Lesson complete.</strong> {lesson.principle}.
          </p>
          {next ? (
            <a className="btn primary" href={hrefFor(next.id)} onClick={linkTo(next.id)}>
              Next lesson: {next.title} <span aria-hidden="true">→</span>
            </a>
          ) : (
            <a className="btn primary" href={hrefFor(null)} onClick={linkTo(null)}>
              Back to all lessons
            </a>
          )}
        </div>
      )}
    </section>
  );
}
