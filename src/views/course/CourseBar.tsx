/**
 * Where an attendee is on the course, above the step: the course's title, "item 2 of 5", and
 * previous and next that follow the path (not the catalog).
 */
import { courseItemIndex, courseItemQuery, courseQuery, itemDone } from '../../store/course.ts';
import { currentStepId } from '../../store/player.ts';
import { useApp } from '../../store/store.ts';
import type { ActiveCourse } from '../../store/types.ts';
import { linkToQuery } from '../app/navigate.ts';
import './course.css';

export function CourseBar({ active }: { active: ActiveCourse }) {
  const here = useApp((s) => (s.lesson ? courseItemIndex(active.course, s.lesson.id, currentStepId(s)) : -1));
  const progress = useApp((s) => s.progress);
  const { course, param } = active;
  const items = course.items;
  const prev = here > 0 ? items[here - 1] : undefined;
  const next = here >= 0 ? items[here + 1] : undefined;
  const overview = courseQuery(param);
  const done = items.filter((i) => itemDone(progress, i)).length;
  return (
    <nav className="course-bar" aria-label="Course">
      <p className="course-bar-title">
        <a href={overview} onClick={linkToQuery(overview)}>
          {course.title}
        </a>
        <span className="course-bar-where">
          {here >= 0 ? `Item ${here + 1} of ${items.length}` : 'Not on the course path'} · {done} done
        </span>
      </p>
      <div className="course-bar-nav">
        {prev && (
          <a
            className="btn"
            href={courseItemQuery(param, prev)}
            onClick={linkToQuery(courseItemQuery(param, prev))}
            rel="prev"
          >
            <span aria-hidden="true">←</span> Previous item
          </a>
        )}
        {next ? (
          <a
            className="btn primary"
            href={courseItemQuery(param, next)}
            onClick={linkToQuery(courseItemQuery(param, next))}
            rel="next"
          >
            Next item <span aria-hidden="true">→</span>
          </a>
        ) : (
          <a className="btn" href={overview} onClick={linkToQuery(overview)}>
            {here === items.length - 1 ? 'End of the course' : 'Back to the course'}
          </a>
        )}
      </div>
    </nav>
  );
}
