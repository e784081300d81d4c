/**
 * A course's handout (`?course=…&handout=1`): a printable page with, for each item, the lesson's
 * principle, its challenges, a still of the key moment (the space-time diagram at the moment the
 * challenge is met, from the step's scripted solution) and ruled space for notes. The controls above
 * it (paper size, Print) are for the screen only; the print stylesheet is handout.css.
 */
import { useEffect, useState } from 'react';
import type { LessonGuide } from '../../engine/lesson.ts';
import { courseMinutes, courseQuery, type CourseItem } from '../../store/course.ts';
import { stillOf, stillStepIndex, type Still } from '../../store/stills.ts';
import type { ActiveCourse } from '../../store/types.ts';
import { linkToQuery } from '../app/navigate.ts';
import { useAllGuides } from '../app/useAllGuides.ts';
import { plainStepText } from '../player/step-text.ts';
import { SpaceTimeStill } from './SpaceTimeStill.tsx';
import { itemTitle } from './words.ts';
import './course.css';
import './handout.css';

type Paper = 'A4' | 'letter';
const NOTE_LINES = 4;

type StillState =
  { status: 'making' } | { status: 'ready'; still: Still } | { status: 'failed'; message: string };

function useStill(lesson: LessonGuide, stepIndex: number): StillState {
  const [state, setState] = useState<StillState>({ status: 'making' });
  useEffect(() => {
    let live = true;
    setState({ status: 'making' });
    stillOf(lesson, stepIndex).then(
      (still) => live && setState({ status: 'ready', still }),
      (error: unknown) => live && setState({ status: 'failed', message: String(error) }),
    );
    return () => {
      live = false;
    };
  }, [lesson, stepIndex]);
  return state;
}

function ItemStill({ lesson, stepIndex }: { lesson: LessonGuide; stepIndex: number }) {
  const state = useStill(lesson, stepIndex);
  const caption = `Step ${stepIndex + 1}, "${lesson.steps[stepIndex]!.title}", as its scripted solution plays it`;
  if (state.status === 'ready') return <SpaceTimeStill still={state.still} caption={caption} />;
  return (
    <p className="still-pending" data-testid="still-pending">
      {state.status === 'making'
        ? 'Drawing the diagram…'
        : `The diagram could not be made (${state.message}). The rest of the handout is complete.`}
    </p>
  );
}

function HandoutItem({ lesson, item, index }: { lesson: LessonGuide; item: CourseItem; index: number }) {
  const stepIndex = item.stepId === null ? -1 : lesson.steps.findIndex((s) => s.id === item.stepId);
  const steps = stepIndex < 0 ? lesson.steps : [lesson.steps[stepIndex]!];
  return (
    <section className="handout-item" aria-labelledby={`handout-item-${index}`}>
      <h2 id={`handout-item-${index}`}>
        <span className="handout-number">{index + 1}.</span> {itemTitle(lesson, item)}
      </h2>
      <p className="handout-principle">
        <strong>The principle:</strong> {lesson.principle}.{' '}
        <span className="handout-minutes">({item.minutes} min)</span>
      </p>
      <h3>{steps.length === 1 ? 'The challenge' : 'The challenges'}</h3>
      <ol className="handout-challenges" start={stepIndex < 0 ? 1 : stepIndex + 1}>
        {steps.map((step) => (
          <li key={step.id}>
            <strong>{step.title}.</strong> {plainStepText(step.text)} <em>Try: {plainStepText(step.hint)}</em>
          </li>
        ))}
      </ol>
      <h3>The key moment</h3>
      <ItemStill lesson={lesson} stepIndex={stillStepIndex(lesson, item.stepId)} />
      <h3>Notes</h3>
      <div className="handout-notes" aria-label="Space for your notes">
        {Array.from({ length: NOTE_LINES }, (_, i) => (
          <div key={i} className="handout-line" />
        ))}
      </div>
    </section>
  );
}

export function Handout({ active }: { active: ActiveCourse }) {
  const all = useAllGuides();
  const [paper, setPaper] = useState<Paper>('A4');
  const { course, param } = active;
  const byId = new Map((all.status === 'ready' ? all.value : []).map((g) => [g.id, g]));
  const back = courseQuery(param);
  return (
    <main className="course-page handout" id="main">
      {/* The page size is the one thing print CSS cannot leave to the printer's default here. */}
      <style>{`@page { size: ${paper}; margin: 14mm; }`}</style>
      <div className="handout-controls">
        <p>
          <a href={back} onClick={linkToQuery(back)}>
            ← Back to the course
          </a>
        </p>
        <fieldset className="handout-paper">
          <legend>Paper</legend>
          {(['A4', 'letter'] as const).map((p) => (
            <label key={p}>
              <input type="radio" name="paper" checked={paper === p} onChange={() => setPaper(p)} />{' '}
              {p === 'A4' ? 'A4' : 'US Letter'}
            </label>
          ))}
        </fieldset>
        <button type="button" className="btn primary" onClick={() => window.print()}>
          Print the handout
        </button>
        <p className="handout-tip">
          Each item starts on a new page. Printing to PDF keeps the diagrams sharp.
        </p>
      </div>
      <header className="handout-head">
        <p className="course-kicker">Roundtrip handout</p>
        <h1>{course.title}</h1>
        <p>
          {course.items.length} {course.items.length === 1 ? 'item' : 'items'}, about {courseMinutes(course)}{' '}
          minutes.
        </p>
      </header>
      {all.status === 'ready' ? (
        course.items.map((item, k) => {
          const lesson = byId.get(item.lessonId);
          return lesson ? <HandoutItem key={k} lesson={lesson} item={item} index={k} /> : null;
        })
      ) : (
        <p role="status">
          {all.status === 'error'
            ? 'The lessons could not be loaded. Reload to try again.'
            : 'Loading the lessons…'}
        </p>
      )}
    </main>
  );
}
