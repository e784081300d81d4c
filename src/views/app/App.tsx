/**
 * The page: the home page (the catalog) when the address names no lesson, the lesson player when it
 * does. The header, the messages and the playback toolbar frame both; each view sits in its own
 * error boundary, so one failing view never blanks the page. Everything only a lesson shows is one
 * chunk loaded when a lesson opens (lesson-parts.ts), so the home page does not wait for it; the
 * keyboard help (only a lesson page has the Keys button) is in that chunk too. The home page is its
 * own chunk, which a lesson page never asks for.
 */
import { lazy, Suspense, useEffect, useState, type ReactNode } from 'react';
import { ErrorBoundary } from './ErrorBoundary.tsx';
import { useApp } from '../../store/store.ts';
import { Notices } from './Notices.tsx';
import { WorkerErrorPanel } from './WorkerErrorPanel.tsx';
import { useKeyboardCommands, usePlaybackLoop, useReducedMotionPreference } from './hooks.ts';
import { useUrlState } from './useUrlState.ts';
import { hrefFor, linkTo } from './navigate.ts';
import { useMediaQuery } from './useMediaQuery.ts';
import { lazyPart } from './lazy-part.ts';
import { refetchable } from '../../offline/refetchable.ts';
import { openSpeakerNotes, setPresenting, usePresenterBroadcast } from '../present/presenting.ts';
import '../present/present.css';
import './app.css';

const home = refetchable(() => import('../home/Home.tsx'));
const courses = refetchable(() => import('../course/course-pages.ts'));
const parts = refetchable(() => import('./lesson-parts.ts'));
const LessonPlayer = lazy(() => parts().then((m) => ({ default: m.LessonPlayer })));
const MiniBar = lazy(() => parts().then((m) => ({ default: m.MiniBar })));
const ShareMenu = lazy(() => parts().then((m) => ({ default: m.ShareMenu })));
const Toolbar = lazy(() => parts().then((m) => ({ default: m.Toolbar })));
const Home = lazyPart(() => home().then((m) => m.Home));
const HelpOverlay = lazyPart(() => parts().then((m) => m.HelpOverlay));
const SpeakerNotes = lazyPart(() => courses().then((m) => m.SpeakerNotes));
const CourseBuilder = lazyPart(() => courses().then((m) => m.CourseBuilder));
const CourseOverview = lazyPart(() => courses().then((m) => m.CourseOverview));
const Handout = lazyPart(() => courses().then((m) => m.Handout));

/**
 * Holds the share menu's place until its chunk arrives, the same size and invisible: on a phone the
 * header wraps, and the menu arriving late would push the lesson title down (a layout shift).
 */
function ShareMenuPlaceholder({ compact }: { compact: boolean }) {
  const labels = compact ? ['Share & save ▾'] : ['Share', 'Embed', 'Export', 'Import'];
  return (
    <div className={`share-menu${compact ? ' compact' : ''} placeholder`} aria-hidden="true">
      <div className={compact ? undefined : 'share-buttons'}>
        {labels.map((label) => (
          <span key={label} className="btn">
            {label}
          </span>
        ))}
      </div>
    </div>
  );
}

/** A lazily loaded part of the lesson page: `fallback` until its chunk arrives, a message if it cannot. */
function Part({
  area,
  fallback = null,
  onClose,
  children,
}: {
  area: string;
  fallback?: ReactNode;
  onClose?: () => void;
  children: ReactNode;
}) {
  return (
    <ErrorBoundary area={area} onClose={onClose}>
      <Suspense fallback={fallback}>{children}</Suspense>
    </ErrorBoundary>
  );
}

export function App() {
  usePlaybackLoop();
  useKeyboardCommands();
  useReducedMotionPreference();
  useUrlState();
  // Until useUrlState's first effect has read the address, the page does not know whether it shows
  // the home page or a lesson: it shows neither, so a lesson page never downloads the home page.
  const [addressRead, setAddressRead] = useState(false);
  useEffect(() => setAddressRead(true), []);
  const [help, setHelp] = useState(false);
  // On a phone the header keeps to the essentials; sharing folds into one menu there.
  const narrow = useMediaQuery('(max-width: 700px)');
  const lesson = useApp((s) => s.lesson);
  const status = useApp((s) => s.status);
  const course = useApp((s) => s.course);
  const courseBuilder = useApp((s) => s.courseBuilder);
  const presenting = useApp((s) => s.presenting) && lesson !== null;
  const speakerNotes = useApp((s) => s.speakerNotes);
  const handout = useApp((s) => s.handout);
  usePresenterBroadcast();
  useEffect(() => {
    document.documentElement.classList.toggle('presenting', presenting);
  }, [presenting]);

  return (
    <div className={`app ${lesson ? 'in-lesson' : 'at-home'}`}>
      <a className="skip-link" href={lesson ? '#stage' : '#main'}>
        {lesson ? 'Skip to the simulation' : 'Skip to the lessons'}
      </a>
      <header className="app-header">
        <a className="brand" href={hrefFor(null)} onClick={linkTo(null)} aria-label="Roundtrip: all lessons">
          <span aria-hidden="true" className="logo">
            ⇄
          </span>{' '}
          Roundtrip
        </a>
        <div className="lesson-title">
          {lesson ? (
            <>
              <h1>
                {lesson.order > 0 && <span className="lesson-order">Lesson {lesson.order}:</span>}{' '}
                {lesson.title}
              </h1>
              <p className="principle">{lesson.principle}</p>
            </>
          ) : status === 'loading' ? (
            <p className="principle">Loading…</p>
          ) : (
            <p className="principle">A hands-on course in distributed systems</p>
          )}
        </div>
        {lesson && (
          <>
            <Part area="the share menu" fallback={<ShareMenuPlaceholder compact={narrow || presenting} />}>
              <ShareMenu compact={narrow || presenting} />
            </Part>
            <a className="btn header-link" href={hrefFor(null)} onClick={linkTo(null)}>
              All lessons
            </a>
            <button
              type="button"
              className="btn"
              aria-pressed={presenting}
              onClick={() => setPresenting(!presenting)}
              title="Large type and high contrast for a projector (P)"
            >
              Present
            </button>
            {presenting && (
              <button type="button" className="btn" onClick={openSpeakerNotes}>
                Speaker notes
              </button>
            )}
            <button type="button" className="btn" onClick={() => setHelp(true)} aria-haspopup="dialog">
              Keys
            </button>
          </>
        )}
      </header>
      {help && (
        <Part area="the keyboard help" onClose={() => setHelp(false)}>
          <HelpOverlay onClose={() => setHelp(false)} />
        </Part>
      )}
      <Notices />
      <WorkerErrorPanel />
      {lesson ? (
        <Part area="the lesson" fallback={<p className="panel">Loading the lesson…</p>}>
          <LessonPlayer key={lesson.id} lesson={lesson} />
        </Part>
      ) : status === 'loading' ? (
        // A lesson's address, its guide on the way: not the home page in the meantime.
        <p className="panel" role="status">
          Loading the lesson…
        </p>
      ) : (
        addressRead &&
        (speakerNotes ? (
          <Part area="the speaker notes" fallback={<main id="main" className="speaker-notes" />}>
            <SpeakerNotes />
          </Part>
        ) : courseBuilder ? (
          <Part area="the course builder" fallback={<main id="main" className="course-page" />}>
            <CourseBuilder />
          </Part>
        ) : course && handout ? (
          <Part area="the handout" fallback={<main id="main" className="course-page" />}>
            <Handout active={course} />
          </Part>
        ) : course ? (
          <Part area="the course" fallback={<main id="main" className="course-page" />}>
            <CourseOverview active={course} />
          </Part>
        ) : (
          <Part area="the home page" fallback={<main id="main" className="home" />}>
            <Home />
          </Part>
        ))
      )}
      {lesson && (
        <footer className="controls">
          <Part area="the playback controls">
            <Toolbar />
          </Part>
        </footer>
      )}
      {lesson && (
        <Part area="the lesson bar">
          <MiniBar lesson={lesson} />
        </Part>
      )}
    </div>
  );
}
