/** The workshop pages (course builder, course, speaker notes): one chunk the lesson and home pages never load. */
export { CourseBuilder } from './CourseBuilder.tsx';
export { CourseOverview } from './CourseOverview.tsx';
export { Handout } from './Handout.tsx';
export { SpeakerNotes } from '../present/SpeakerNotes.tsx';
