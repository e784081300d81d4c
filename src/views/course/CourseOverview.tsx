/**
 * A course's own page (`?course=…` with no lesson): its title, its path with each item's time and
 * whether it is done (from the lesson progress already kept), and one button to start or go on.
 */
import { courseItemQuery, courseMinutes, courseQuery, itemDone, nextItemToDo } from '../../store/course.ts';
import { useApp } from '../../store/store.ts';
import type { ActiveCourse } from '../../store/types.ts';
import { hrefFor, linkTo, linkToQuery } from '../app/navigate.ts';
import { useAllGuides } from '../app/useAllGuides.ts';
import { itemTitle } from './words.ts';
import './course.css';

export function CourseOverview({ active }: { active: ActiveCourse }) {
  const all = useAllGuides();
  const progress = useApp((s) => s.progress);
  const { course, param } = active;
  const byId = new Map((all.status === 'ready' ? all.value : []).map((g) => [g.id, g]));
  const next = nextItemToDo(progress, course);
  const done = course.items.filter((i) => itemDone(progress, i)).length;
  const nextQuery = courseItemQuery(param, course.items[next]!);
  return (
    <main className="course-page" id="main">
      <p className="course-kicker">Course</p>
      <h1>{course.title}</h1>
      <p>
        {course.items.length} {course.items.length === 1 ? 'item' : 'items'}, about {courseMinutes(course)}{' '}
        minutes. {done > 0 && `${done} done.`}
      </p>
      <a className="btn primary big" href={nextQuery} onClick={linkToQuery(nextQuery)}>
        {done === 0
          ? 'Start the course'
          : done === course.items.length
            ? 'Go through it again'
            : `Continue with item ${next + 1}`}{' '}
        <span aria-hidden="true">→</span>
      </a>
      <ol className="course-items" aria-label="The path">
        {course.items.map((item, k) => {
          const query = courseItemQuery(param, item);
          const isDone = itemDone(progress, item);
          return (
            <li key={k} className={isDone ? 'done' : undefined}>
              <span className="course-check" aria-hidden="true">
                {isDone ? '✓' : k + 1}
              </span>
              <a href={query} onClick={linkToQuery(query)} className="course-item-title">
                {itemTitle(byId.get(item.lessonId), item)}
              </a>
              <span className="course-minutes">
                {item.minutes} min{isDone && <span className="visually-hidden">, done</span>}
              </span>
            </li>
          );
        })}
      </ol>
      <p>
        <a href={`${courseQuery(param)}&handout=1`} onClick={linkToQuery(`${courseQuery(param)}&handout=1`)}>
          Print a handout
        </a>{' '}
        (each item's principle, challenges, a diagram of its key moment, and space for notes)
      </p>
      <p>
        <a href={hrefFor(null)} onClick={linkTo(null)}>
          Leave the course: all lessons
        </a>
      </p>
    </main>
  );
}
