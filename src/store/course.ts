/**
 * Course paths (workshops): an instructor's chosen lessons and steps, in order, with a title and a
 * time for each, carried in a link as `course=<base64url of deflated JSON>` (the encoding `iv` uses).
 * An attendee's link keeps `course` beside the run, so next and previous follow the path, not the
 * catalog. Progress through a course is the lesson progress already kept: an item is done when its
 * step (or, for a whole lesson, every step) was met. Parsing never throws: problems come back in words.
 */
import type { LessonGuide } from '../engine/lesson.ts';
import { decodeInterventions as inflateText, encodeInterventions as deflateText } from './url.ts';
import { lessonProgress, type Progress } from './progress.ts';

export const COURSE_FORMAT_VERSION = 1;
export const COURSE_TITLE_MAX = 120;
export const COURSE_ITEMS_MAX = 40;
export const ITEM_MINUTES_MAX = 180;

export interface CourseItem {
  lessonId: string;
  /** One step of the lesson, or null for the whole lesson. */
  stepId: string | null;
  minutes: number;
}

export interface Course {
  title: string;
  items: CourseItem[];
}

export function encodeCourse(course: Course): string {
  const items = course.items.map((i) => [i.lessonId, i.stepId, i.minutes]);
  return deflateText(JSON.stringify({ v: COURSE_FORMAT_VERSION, title: course.title, items }));
}

export type ParsedCourse = { course: Course; problems: string[] } | { course: null; problems: string[] };

/**
 * Reads a course link against the lessons there are. An item naming a lesson or step that does not
 * exist is left out and named; a course with nothing left to do is refused.
 */
export function parseCourse(text: string, guides: readonly LessonGuide[]): ParsedCourse {
  const refuse = (why: string): ParsedCourse => ({
    course: null,
    problems: [`This course link could not be read (${why}). Ask for the link again.`],
  });
  let data: unknown;
  try {
    data = JSON.parse(inflateText(text));
  } catch {
    return refuse('it is damaged or cut short');
  }
  if (typeof data !== 'object' || data === null) return refuse('it holds no course');
  const { v, title, items } = data as { v?: unknown; title?: unknown; items?: unknown };
  if (v !== COURSE_FORMAT_VERSION) return refuse(`it is format ${String(v)}, not ${COURSE_FORMAT_VERSION}`);
  if (typeof title !== 'string' || title.trim() === '' || title.length > COURSE_TITLE_MAX)
    return refuse(`its title must be 1 to ${COURSE_TITLE_MAX} characters`);
  if (!Array.isArray(items) || items.length === 0 || items.length > COURSE_ITEMS_MAX)
    return refuse(`it must have 1 to ${COURSE_ITEMS_MAX} items`);

  const byId = new Map(guides.map((g) => [g.id, g]));
  const problems: string[] = [];
  const kept: CourseItem[] = [];
  items.forEach((raw: unknown, k) => {
    const [lessonId, stepId, minutes] = Array.isArray(raw) ? raw : [];
    const lesson = typeof lessonId === 'string' ? byId.get(lessonId) : undefined;
    if (!lesson) {
      problems.push(`Item ${k + 1} of the course names no lesson there is, so it was left out.`);
      return;
    }
    if (stepId !== null && !lesson.steps.some((s) => s.id === stepId)) {
      problems.push(`Item ${k + 1} names a step "${lesson.title}" does not have, so it was left out.`);
      return;
    }
    const ok =
      Number.isInteger(minutes) && (minutes as number) >= 1 && (minutes as number) <= ITEM_MINUTES_MAX;
    kept.push({
      lessonId: lesson.id,
      stepId: stepId as string | null,
      minutes: ok ? (minutes as number) : 10,
    });
    if (!ok) problems.push(`Item ${k + 1}'s time was not 1 to ${ITEM_MINUTES_MAX} minutes; it shows 10.`);
  });
  if (kept.length === 0) return { course: null, problems: [...problems, 'Nothing is left of this course.'] };
  return { course: { title: title.trim(), items: kept }, problems };
}

/** The address of one item of a course: its lesson, at its step, with the course kept. */
export function courseItemQuery(courseParam: string, item: CourseItem): string {
  const q = new URLSearchParams({ lesson: item.lessonId });
  if (item.stepId) q.set('step', item.stepId);
  q.set('course', courseParam);
  return `?${q.toString()}`;
}

/** The address of the course's overview. */
export function courseQuery(courseParam: string): string {
  return `?${new URLSearchParams({ course: courseParam }).toString()}`;
}

/**
 * Where an attendee on this lesson step is in the course: the item for this very step, else the item
 * for the whole lesson, else -1 (a lesson the path does not include).
 */
export function courseItemIndex(course: Course, lessonId: string, stepId: string | null): number {
  const exact = course.items.findIndex(
    (i) => i.lessonId === lessonId && i.stepId !== null && i.stepId === stepId,
  );
  if (exact >= 0) return exact;
  return course.items.findIndex((i) => i.lessonId === lessonId && i.stepId === null);
}

export function itemDone(progress: Progress, item: CourseItem): boolean {
  const p = lessonProgress(progress, item.lessonId);
  return item.stepId === null ? p.finished : p.stepsMet.includes(item.stepId);
}

/** The first item not done yet (0 when all are). */
export function nextItemToDo(progress: Progress, course: Course): number {
  const i = course.items.findIndex((item) => !itemDone(progress, item));
  return i < 0 ? 0 : i;
}

export const courseMinutes = (course: Course): number => course.items.reduce((sum, i) => sum + i.minutes, 0);
