/**
 * The page: the home page (the catalog) when the address names no lesson, the lesson player when it
 * does. The header, the messages and the playback toolbar frame both; each view sits in its own
 * error boundary, so one failing view never blanks the page.
 */
import { useState } from 'react';
import { useApp } from '../../store/store.ts';
import { HelpOverlay } from './HelpOverlay.tsx';
import { Notices } from './Notices.tsx';
import { WorkerErrorPanel } from './WorkerErrorPanel.tsx';
import { useKeyboardCommands, usePlaybackLoop, useReducedMotionPreference } from './hooks.ts';
import { useUrlState } from './useUrlState.ts';
import { hrefFor, linkTo } from './navigate.ts';
import { Toolbar } from '../controls/Toolbar.tsx';
import { Home } from '../home/Home.tsx';
import { LessonPlayer } from '../player/LessonPlayer.tsx';
import { MiniBar } from '../player/MiniBar.tsx';
import { ShareMenu } from '../share/ShareMenu.tsx';
import { useMediaQuery } from './useMediaQuery.ts';
import { CATALOG } from '../home/catalog.ts';
import './app.css';

export function App() {
  usePlaybackLoop();
  useKeyboardCommands();
  useReducedMotionPreference();
  useUrlState();
  const [help, setHelp] = useState(false);
  // On a phone the header keeps to the essentials; sharing moves to the end of the page.
  const narrow = useMediaQuery('(max-width: 700px)');
  const lesson = useApp((s) => s.lesson);
  const status = useApp((s) => s.status);
  const order = lesson ? (CATALOG.find((c) => c.id === lesson.id)?.order ?? lesson.order) : undefined;

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
                <span className="lesson-order">Lesson {order}:</span> {lesson.title}
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
            {!narrow && <ShareMenu />}
            <a className="btn header-link" href={hrefFor(null)} onClick={linkTo(null)}>
              All lessons
            </a>
            <button type="button" className="btn" onClick={() => setHelp(true)} aria-haspopup="dialog">
              Keys
            </button>
          </>
        )}
      </header>
      <Notices />
      <WorkerErrorPanel />
      {lesson ? <LessonPlayer key={lesson.id} lesson={lesson} /> : <Home />}
      {lesson && (
        <footer className="controls">
          <Toolbar />
          {narrow && (
            <div className="footer-share">
              <ShareMenu />
            </div>
          )}
        </footer>
      )}
      {lesson && <MiniBar lesson={lesson} />}
      {help && <HelpOverlay onClose={() => setHelp(false)} />}
    </div>
  );
}
