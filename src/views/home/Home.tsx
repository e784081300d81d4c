/**
 * The home page: what Roundtrip is in two sentences, one obvious first action, how a lesson works,
 * and the whole catalog by part with the learner's progress. Lessons not built yet are listed, marked
 * "coming later", and are not links.
 */
import { useMemo } from 'react';
import { lessonProgress, type Progress } from '../../store/progress.ts';
import { useApp } from '../../store/store.ts';
import { hrefFor, linkTo, linkToQuery } from '../app/navigate.ts';
import { useAllGuides } from '../app/useAllGuides.ts';
import { catalogItems, PARTS, type CatalogItem } from './catalog.ts';
import './home.css';

function ProgressLine({ item, progress }: { item: CatalogItem; progress: Progress }) {
  if (!item.lesson || !item.steps) return null;
  const p = lessonProgress(progress, item.id);
  const met = item.lesson.steps.filter((s) => p.stepsMet.includes(s.id)).length;
  if (p.finished) {
    return (
      <span className="lesson-progress finished">
        <span aria-hidden="true">✓</span> Finished
      </span>
    );
  }
  return (
    <span className="lesson-progress" aria-label={`${met} of ${item.steps} steps done`}>
      <span className="bar" aria-hidden="true">
        <span style={{ width: `${(100 * met) / item.steps}%` }} />
      </span>
      {met === 0 ? 'Not started' : `${met} of ${item.steps} steps`}
    </span>
  );
}

function LessonCard({ item, progress }: { item: CatalogItem; progress: Progress }) {
  if (!item.lesson) {
    return (
      <li className="lesson-card later" aria-label={`Lesson ${item.order}: ${item.title}. Coming later.`}>
        <div className="lesson-card-head">
          <span className="lesson-number" aria-hidden="true">
            {item.order}
          </span>
          <span className="lesson-name">{item.title}</span>
        </div>
        <p className="lesson-line">{item.oneLiner}</p>
        <div className="lesson-meta">
          <span className="badge-later">Coming later</span>
        </div>
      </li>
    );
  }
  return (
    <li className="lesson-card">
      <a className="lesson-link" href={hrefFor(item.id)} onClick={linkTo(item.id)}>
        <div className="lesson-card-head">
          <span className="lesson-number" aria-hidden="true">
            {item.order}
          </span>
          <span className="lesson-name">
            <span className="visually-hidden">Lesson {item.order}: </span>
            {item.title}
          </span>
        </div>
        <p className="lesson-line">{item.oneLiner}</p>
        <div className="lesson-meta">
          <span>
            {item.minutes} min · {item.steps} steps
          </span>
          <ProgressLine item={item} progress={progress} />
        </div>
      </a>
    </li>
  );
}

/** Where to go first: lesson 1, or back to where the learner left off. */
function useStart(items: CatalogItem[], progress: Progress) {
  const built = items.filter((i) => i.lesson);
  const started = built.some((i) => lessonProgress(progress, i.id).stepsMet.length > 0);
  const next = built.find((i) => !lessonProgress(progress, i.id).finished);
  const first = built[0];
  if (!started || !next) return { primary: first, continuing: false, first };
  return { primary: next, continuing: true, first };
}

export function Home() {
  const progress = useApp((s) => s.progress);
  const all = useAllGuides();
  // The catalog needs every guide (titles, lengths, steps); they load in parallel as the page opens.
  const items = useMemo(() => (all.status === 'ready' ? catalogItems(all.value) : []), [all]);
  const { primary, continuing, first } = useStart(items, progress);
  const built = items.filter((i) => i.lesson).length;

  return (
    <main className="home" id="main">
      <section className="hero" aria-labelledby="home-title">
        <h1 id="home-title">Learn how distributed systems fail, by breaking one yourself.</h1>
        <p className="hero-lede">
          When one program asks another machine to do something, a lot can go wrong on the way. Each lesson
          here is a small live simulation: you drop a message, crash a server or skew a clock, and watch what
          happens next.
        </p>
        {primary && (
          <div className="hero-actions">
            <a className="btn primary big" href={hrefFor(primary.id)} onClick={linkTo(primary.id)}>
              {continuing
                ? `Continue: lesson ${primary.order}, ${primary.title}`
                : `Start with lesson ${primary.order}: ${primary.title}`}
              <span aria-hidden="true"> →</span>
            </a>
            {continuing && first && first.id !== primary.id && (
              <a className="btn" href={hrefFor(first.id)} onClick={linkTo(first.id)}>
                Start again from lesson 1
              </a>
            )}
          </div>
        )}
        <ol className="how" aria-label="How a lesson works">
          <li>
            <strong>Read a short step.</strong> A few sentences on one idea.
          </li>
          <li>
            <strong>Break something.</strong> Press a button to drop a message or crash a server.
          </li>
          <li>
            <strong>See it turn green.</strong> The step checks the simulation and explains what caused what.
          </li>
        </ol>
        <p className="home-course">
          Teaching a workshop?{' '}
          <a href="?make=course" onClick={linkToQuery('?make=course')}>
            Make a course
          </a>
          : pick lessons and steps in your order, and share one link with the room.
        </p>
        <p className="home-course">
          A scenario no lesson has?{' '}
          <a href="?sandbox=1" onClick={linkToQuery('?sandbox=1')}>
            Open the sandbox
          </a>
          : put clients, payment servers and heartbeats together, and run them against faults.
        </p>
      </section>

      {all.status !== 'ready' ? (
        <section className="catalog" aria-labelledby="catalog-title" aria-busy={all.status !== 'error'}>
          <h2 id="catalog-title">All lessons</h2>
          {all.status !== 'error' ? (
            <p>Loading the lessons…</p>
          ) : (
            <p role="alert">
              The lessons could not be loaded ({all.error.message}). Check the connection and reload the page.
            </p>
          )}
        </section>
      ) : (
        <section className="catalog" aria-labelledby="catalog-title">
          <h2 id="catalog-title">
            All lessons{' '}
            <span className="catalog-count">
              ({built} of {items.length} ready)
            </span>
          </h2>
          {PARTS.map((part) => {
            const inPart = items.filter((i) => i.part === part.part);
            return (
              <section key={part.part} className="part" aria-labelledby={`part-${part.part}`}>
                <h3 id={`part-${part.part}`}>
                  <span className="part-numeral">{part.numeral}.</span> {part.title}
                </h3>
                <p className="part-blurb">{part.blurb}</p>
                <ul className="lesson-list">
                  {inPart.map((item) => (
                    <LessonCard key={item.id} item={item} progress={progress} />
                  ))}
                </ul>
              </section>
            );
          })}
        </section>
      )}
    </main>
  );
}
