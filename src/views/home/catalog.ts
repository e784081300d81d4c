/**
 * The whole catalog of shared/LESSONS.md: four parts, fifteen lessons, in order. A lesson that exists
 * (a folder under lessons/ found by the registry) takes its title, summary and length from its own
 * definition; the others are listed from here as coming later.
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

/** The catalog's own words, for lessons not built yet (and as a fallback). */
export const CATALOG: readonly CatalogEntry[] = [
  {
    id: 'three-outcomes',
    part: 1,
    order: 1,
    title: 'A remote call has three outcomes',
    oneLiner:
      'A client charges a card and learns that no answer is an answer of its own: success, failure, or unknown.',
  },
  {
    id: 'unreliable-network',
    part: 2,
    order: 2,
    title: 'Packets are dropped, reordered, duplicated and delayed',
    oneLiner:
      'A numbered stream crosses a lossy network; sequence numbers and acknowledgements put it back together.',
  },
  {
    id: 'crash-or-slow',
    part: 2,
    order: 3,
    title: 'You cannot tell a crashed node from a slow one',
    oneLiner:
      'A monitor declares a worker dead after a timeout, and every timeout is wrong one way or the other.',
  },
  {
    id: 'no-global-now',
    part: 2,
    order: 4,
    title: 'There is no global now',
    oneLiner: 'Two clients write one key; clock skew throws away the write that came later.',
  },
  {
    id: 'round-trips',
    part: 2,
    order: 5,
    title: 'Every coordination step costs a round trip',
    oneLiner: 'One request crosses nine services; count the round trips, then merge half the boxes.',
  },
  {
    id: 'failures-multiply',
    part: 2,
    order: 6,
    title: 'Failure modes multiply, they do not add',
    oneLiner: 'Chain services that are each up 99.9% of the time and watch availability fall.',
  },
  {
    id: 'state-is-hard',
    part: 2,
    order: 7,
    title: 'Compute is trivial, state is the hard part',
    oneLiner: 'Stateless workers fail over without fuss; a replicated counter loses an increment.',
  },
  {
    id: 'idempotency',
    part: 3,
    order: 8,
    title: 'Retries without idempotency charge twice',
    oneLiner: 'A client retries after silence and charges a card twice, until each payment carries an id.',
  },
  {
    id: 'circuit-breaker',
    part: 3,
    order: 9,
    title: 'Fail fast instead of failing slowly',
    oneLiner: 'A caller waits on a dying service until a breaker fails fast and probes for recovery.',
  },
  {
    id: 'event-driven',
    part: 3,
    order: 10,
    title: 'Decoupling stops partial failure from cascading',
    oneLiner:
      'A service goes down and takes its callers with it, until they leave events on a queue instead.',
  },
  {
    id: 'saga',
    part: 3,
    order: 11,
    title: 'Compensation instead of a distributed transaction',
    oneLiner:
      'An order reserves stock, charges and notifies; when a step fails, the earlier ones are undone.',
  },
  {
    id: 'rolling-deploy',
    part: 3,
    order: 12,
    title: 'Systems are always in transition',
    oneLiner:
      'Old and new versions run side by side during a deploy; expand, then contract, to fail no request.',
  },
  {
    id: 'partitions',
    part: 4,
    order: 13,
    title: 'CAP during a partition, PACELC the rest of the time',
    oneLiner:
      'Cut the link between two sites: refuse writes or let them diverge, then measure how stale reads get.',
  },
  {
    id: 'consensus',
    part: 4,
    order: 14,
    title: 'What Raft costs',
    oneLiner: 'Elect a leader, replicate a log, and count the round trips behind one committed write.',
  },
  {
    id: 'one-machine',
    part: 4,
    order: 15,
    title: 'Default to one machine',
    oneLiner:
      'The same workload on one big machine and on many services: what would really change the answer?',
  },
];

export interface CatalogItem extends CatalogEntry {
  /** The lesson, when it exists. */
  lesson: LessonGuide | undefined;
  minutes: number | undefined;
  steps: number | undefined;
}

/** The catalog in order, each entry joined with its lesson where there is one (lessons not in the list go last in their part). */
export function catalogItems(lessons: readonly LessonGuide[]): CatalogItem[] {
  const byId = new Map(lessons.map((l) => [l.id, l]));
  const items: CatalogItem[] = CATALOG.map((entry) => {
    const lesson = byId.get(entry.id);
    return lesson
      ? {
          ...entry,
          title: lesson.title,
          oneLiner: lesson.summary,
          lesson,
          minutes: lesson.minutes,
          steps: lesson.steps.length,
        }
      : { ...entry, lesson: undefined, minutes: undefined, steps: undefined };
  });
  for (const lesson of lessons) {
    if (CATALOG.some((c) => c.id === lesson.id)) continue;
    items.push({
      id: lesson.id,
      part: lesson.part,
      order: lesson.order,
      title: lesson.title,
      oneLiner: lesson.summary,
      lesson,
      minutes: lesson.minutes,
      steps: lesson.steps.length,
    });
  }
  return items.sort((a, b) => a.part - b.part || a.order - b.order);
}

/** The built lessons in catalog order: what "previous" and "next" step through. */
export function builtInOrder(lessons: readonly LessonGuide[]): LessonGuide[] {
  return catalogItems(lessons).flatMap((i) => (i.lesson ? [i.lesson] : []));
}
