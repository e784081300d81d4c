/** The course pages, one chunk the lesson and home pages never load. */
export { CourseBuilder } from './CourseBuilder.tsx';
export { CourseOverview } from './CourseOverview.tsx';
