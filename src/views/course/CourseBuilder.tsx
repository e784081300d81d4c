/**
 * The course builder (`?make=course`): an instructor picks lessons, or single steps of them, puts
 * them in order, gives each a time and the course a title, and gets the link attendees open. Every
 * action is a plain button or field, so it all works by keyboard.
 */
import { useRef, useState } from 'react';
import type { LessonGuide } from '../../engine/lesson.ts';
import {
  COURSE_ITEMS_MAX,
  COURSE_TITLE_MAX,
  courseMinutes,
  courseQuery,
  encodeCourse,
  ITEM_MINUTES_MAX,
  type CourseItem,
} from '../../store/course.ts';
import { useAllGuides } from '../app/useAllGuides.ts';
import { hrefFor, linkTo, linkToQuery } from '../app/navigate.ts';
import { CopyButton } from '../share/CopyButton.tsx';
import { itemTitle } from './words.ts';
import './course.css';

const WHOLE = '';

export function CourseBuilder() {
  const all = useAllGuides();
  const [title, setTitle] = useState('');
  const [items, setItems] = useState<CourseItem[]>([]);
  const [lessonId, setLessonId] = useState('');
  const [stepId, setStepId] = useState(WHOLE);
  const [minutes, setMinutes] = useState(10);
  const [status, setStatus] = useState('');
  const field = useRef<HTMLInputElement>(null);
  if (all.status !== 'ready')
    return (
      <main className="course-page" id="main">
        <p role="status">
          {all.status === 'error' ? 'The lessons could not be loaded.' : 'Loading the lessons…'}
        </p>
      </main>
    );
  const guides = all.value;
  const byId = new Map(guides.map((g) => [g.id, g]));
  const lesson: LessonGuide | undefined = byId.get(lessonId) ?? guides[0];
  const full = items.length >= COURSE_ITEMS_MAX;

  const add = () => {
    if (!lesson || full) return;
    setItems([...items, { lessonId: lesson.id, stepId: stepId === WHOLE ? null : stepId, minutes }]);
    setStatus('');
  };
  const move = (k: number, by: -1 | 1) => {
    const next = [...items];
    [next[k], next[k + by]] = [next[k + by]!, next[k]!];
    setItems(next);
  };
  const ready = title.trim() !== '' && items.length > 0;
  const param = ready ? encodeCourse({ title: title.trim(), items }) : '';
  const link = ready ? new URL(courseQuery(param), window.location.href).href : '';

  return (
    <main className="course-page" id="main">
      <h1>Make a course</h1>
      <p>
        Pick the lessons, or single steps, in the order you will teach them. Attendees who open the link see
        your path, where they are on it, and next and previous that follow it.
      </p>
      <label className="course-field">
        <span>Title</span>
        <input
          value={title}
          maxLength={COURSE_TITLE_MAX}
          placeholder="e.g. Partial failure in 45 minutes"
          onChange={(e) => setTitle(e.currentTarget.value)}
        />
      </label>

      <fieldset className="course-add">
        <legend>Add to the path</legend>
        <label>
          <span>Lesson</span>
          <select
            value={lesson?.id}
            onChange={(e) => {
              setLessonId(e.currentTarget.value);
              setStepId(WHOLE);
            }}
          >
            {guides.map((g) => (
              <option key={g.id} value={g.id}>
                {g.order}. {g.title}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span>Step</span>
          <select value={stepId} onChange={(e) => setStepId(e.currentTarget.value)}>
            <option value={WHOLE}>The whole lesson ({lesson?.steps.length} steps)</option>
            {lesson?.steps.map((s, i) => (
              <option key={s.id} value={s.id}>
                Step {i + 1}: {s.title}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span>Minutes</span>
          <input
            type="number"
            min={1}
            max={ITEM_MINUTES_MAX}
            value={minutes}
            onChange={(e) =>
              setMinutes(
                Math.min(ITEM_MINUTES_MAX, Math.max(1, Math.round(Number(e.currentTarget.value) || 1))),
              )
            }
          />
        </label>
        <button type="button" className="btn primary" onClick={add} disabled={full}>
          Add
        </button>
        {full && <p>A course holds at most {COURSE_ITEMS_MAX} items.</p>}
      </fieldset>

      <h2>
        The path{' '}
        <span className="course-total">
          {items.length} {items.length === 1 ? 'item' : 'items'}, {courseMinutes({ title, items })} min
        </span>
      </h2>
      {items.length === 0 ? (
        <p className="course-empty">Nothing yet: add a lesson or a step above.</p>
      ) : (
        <ol className="course-items" aria-label="The path">
          {items.map((item, k) => (
            <li key={k}>
              <span className="course-item-title">{itemTitle(byId.get(item.lessonId), item)}</span>
              <span className="course-minutes">{item.minutes} min</span>
              <span className="course-item-actions">
                <button
                  type="button"
                  className="btn"
                  disabled={k === 0}
                  onClick={() => move(k, -1)}
                  aria-label={`Move item ${k + 1} up`}
                >
                  ↑
                </button>
                <button
                  type="button"
                  className="btn"
                  disabled={k === items.length - 1}
                  onClick={() => move(k, 1)}
                  aria-label={`Move item ${k + 1} down`}
                >
                  ↓
                </button>
                <button
                  type="button"
                  className="btn"
                  onClick={() => setItems(items.filter((_, j) => j !== k))}
                  aria-label={`Remove item ${k + 1}`}
                >
                  ✕
                </button>
              </span>
            </li>
          ))}
        </ol>
      )}

      <h2>The link</h2>
      {ready ? (
        <>
          <input
            ref={field}
            className="course-link"
            readOnly
            value={link}
            aria-label="Course link"
            onFocus={(e) => e.currentTarget.select()}
            data-testid="course-link"
          />
          <div className="row">
            <CopyButton
              text={link}
              field={field}
              label="Copy link"
              copied="Course link copied."
              refused="Copying was not allowed: select the link and copy it."
              onStatus={setStatus}
            />
            <a className="btn" href={courseQuery(param)} onClick={linkToQuery(courseQuery(param))}>
              Open the course
            </a>
          </div>
          <p role="status" className="share-status">
            {status}
          </p>
        </>
      ) : (
        <p className="course-empty">
          Give the course a title and at least one item, and its link appears here.
        </p>
      )}
      <p>
        <a href={hrefFor(null)} onClick={linkTo(null)}>
          ← All lessons
        </a>
      </p>
    </main>
  );
}
