/**
 * The whole catalog of shared/LESSONS.md: four parts, fifteen lessons, in order. A built lesson (a
 * folder under lessons/ found by the registry) is listed from its own guide: id, part, order, title,
 * summary and length. Only lessons not built yet are written here, as coming later; building one means
 * deleting its entry below (catalog.test.ts fails while both exist).
 */
import type { LessonGuide } from '../../engine/index.ts';

export interface CatalogPart {
  part: 1 | 2 | 3 | 4;
  /** "Part I" */
  numeral: string;
  title: string;
  blurb: string;
}

export const PARTS: readonly CatalogPart[] = [
  {
    part: 1,
    numeral: 'Part I',
    title: 'The shift',
    blurb: 'What changes the moment a program calls another machine.',
  },
  {
    part: 2,
    numeral: 'Part II',
    title: 'The six truths',
    blurb: 'What the network, clocks and failures really do.',
  },
  {
    part: 3,
    numeral: 'Part III',
    title: 'Patterns that follow',
    blurb: 'The habits that keep systems correct anyway.',
  },
  {
    part: 4,
    numeral: 'Part IV',
    title: 'When you must coordinate',
    blurb: 'What agreement between machines costs.',
  },
];

export interface CatalogEntry {
  id: string;
  part: 1 | 2 | 3 | 4;
  /** Position in the catalog, 1 to 15. */
  order: number;
  title: string;
  /** One line on what the lesson shows. */
  oneLiner: string;
}

/** The lessons of shared/LESSONS.md not built yet, in the catalog's own words. */
export const PLANNED: readonly CatalogEntry[] = [];

export interface CatalogItem extends CatalogEntry {
  /** The lesson, when it exists. */
  lesson: LessonGuide | undefined;
  minutes: number | undefined;
  steps: number | undefined;
}

/** The catalog in order: every built lesson from its guide, and the planned ones not built yet. */
export function catalogItems(lessons: readonly LessonGuide[]): CatalogItem[] {
  const built: CatalogItem[] = lessons.map((lesson) => ({
    id: lesson.id,
    part: lesson.part,
    order: lesson.order,
    title: lesson.title,
    oneLiner: lesson.summary,
    lesson,
    minutes: lesson.minutes,
    steps: lesson.steps.length,
  }));
  const builtIds = new Set(lessons.map((l) => l.id));
  const planned: CatalogItem[] = PLANNED.filter((p) => !builtIds.has(p.id)).map((entry) => ({
    ...entry,
    lesson: undefined,
    minutes: undefined,
    steps: undefined,
  }));
  return [...built, ...planned].sort((a, b) => a.part - b.part || a.order - b.order);
}

/** The built lessons in catalog order: what "previous" and "next" step through. */
export function builtInOrder(lessons: readonly LessonGuide[]): LessonGuide[] {
  return catalogItems(lessons).flatMap((i) => (i.lesson ? [i.lesson] : []));
}
