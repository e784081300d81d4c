/** How a course item is named on the page. */
import type { LessonGuide } from '../../engine/lesson.ts';
import type { CourseItem } from '../../store/course.ts';

export function itemTitle(lesson: LessonGuide | undefined, item: CourseItem): string {
  if (!lesson) return item.lessonId;
  if (item.stepId === null) return `Lesson ${lesson.order}: ${lesson.title} (whole lesson)`;
  const k = lesson.steps.findIndex((s) => s.id === item.stepId);
  return `Lesson ${lesson.order}: ${lesson.title}, step ${k + 1}: ${lesson.steps[k]?.title ?? item.stepId}`;
}
