/**
 * The page: a lesson's live simulation with its views, controls and narration. Each view sits in its
 * own error boundary, so one failing view never blanks the page.
 */
import { useState } from 'react';
import { useApp } from '../../store/store.ts';
import { ErrorBoundary } from './ErrorBoundary.tsx';
import { HelpOverlay } from './HelpOverlay.tsx';
import { Narration, Notices } from './Notices.tsx';
import { WorkerErrorPanel } from './WorkerErrorPanel.tsx';
import { useKeyboardCommands, usePlaybackLoop, useReducedMotionPreference } from './hooks.ts';
import { useUrlState } from './useUrlState.ts';
import { Toolbar } from '../controls/Toolbar.tsx';
import { InterventionsPanel } from '../controls/InterventionsPanel.tsx';
import { ParamsPanel } from '../controls/ParamsPanel.tsx';
import { Topology } from '../topology/Topology.tsx';
import { Clocks } from '../clocks/Clocks.tsx';
import { SpaceTime } from '../spacetime/SpaceTime.tsx';
import { CallsPanel } from '../calls/CallsPanel.tsx';
import { EventLog } from '../log/EventLog.tsx';

export function App() {
  usePlaybackLoop();
  useKeyboardCommands();
  useReducedMotionPreference();
  useUrlState();
  const [help, setHelp] = useState(false);
  const lesson = useApp((s) => s.lesson);
  const status = useApp((s) => s.status);

  return (
    <div className="app">
      <a className="skip-link" href="#stage">
        Skip to the simulation
      </a>
      <header className="app-header">
        <a className="brand" href="./" aria-label="Roundtrip home">
          <span aria-hidden="true" className="logo">
            ⇄
          </span>{' '}
          Roundtrip
        </a>
        <div className="lesson-title">
          {lesson ? (
            <>
              <h1>{lesson.title}</h1>
              <p className="principle">{lesson.principle}</p>
            </>
          ) : (
            <h1>{status === 'loading' ? 'Loading…' : 'Roundtrip'}</h1>
          )}
        </div>
        <button type="button" className="btn" onClick={() => setHelp(true)} aria-haspopup="dialog">
          Keys
        </button>
      </header>
      <Notices />
      <WorkerErrorPanel />
      <Narration />
      <main className="workspace">
        <section id="stage" className="stage" aria-label="Simulation">
          <ErrorBoundary area="the network view">
            <Topology />
          </ErrorBoundary>
          <ErrorBoundary area="the clocks">
            <Clocks />
          </ErrorBoundary>
        </section>
        <aside className="side">
          <InterventionsPanel />
          <ErrorBoundary area="the calls panel">
            <CallsPanel />
          </ErrorBoundary>
          <ParamsPanel />
        </aside>
        <section className="bottom">
          <ErrorBoundary area="the space-time diagram">
            <SpaceTime />
          </ErrorBoundary>
          <ErrorBoundary area="the event log">
            <EventLog />
          </ErrorBoundary>
        </section>
      </main>
      <footer className="controls">
        <Toolbar />
      </footer>
      {help && <HelpOverlay onClose={() => setHelp(false)} />}
    </div>
  );
}
