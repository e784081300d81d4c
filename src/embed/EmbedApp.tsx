/**
 * The embedded simulation: a lesson's chosen views with minimal chrome (a title line, the narration,
 * compact playback controls), sized to a blog column or a phone. The host page learns its height
 * from `roundtrip:resize`.
 */
import { useEffect, useRef, type ComponentType } from 'react';
import { useApp } from '../store/store.ts';
import { encodeRunToQuery } from '../store/url.ts';
import { ErrorBoundary } from '../views/app/ErrorBoundary.tsx';
import { Narration, Notices } from '../views/app/Notices.tsx';
import { WorkerErrorPanel } from '../views/app/WorkerErrorPanel.tsx';
import { useKeyboardCommands, usePlaybackLoop, useReducedMotionPreference } from '../views/app/hooks.ts';
import { Topology } from '../views/topology/Topology.tsx';
import { Clocks } from '../views/clocks/Clocks.tsx';
import { SpaceTime } from '../views/spacetime/SpaceTime.tsx';
import { CallsView } from '../views/calls/CallsView.tsx';
import { EventLog } from '../views/log/EventLog.tsx';
import {
  EventCounter,
  PlayButton,
  RestartButton,
  StepButtons,
  Timeline,
} from '../views/controls/Playback.tsx';
import type { HostApi } from './host-api.ts';
import { VIEWS, type EmbedOptions, type ViewId } from './options.ts';

const VIEW_COMPONENTS: Record<ViewId, ComponentType> = {
  topology: Topology,
  spacetime: SpaceTime,
  // The same calls table as the lesson page: the lesson's own readout where it has one.
  calls: CallsView,
  clocks: Clocks,
  log: EventLog,
};

export function EmbedApp({ options, host }: { options: EmbedOptions; host: HostApi }) {
  usePlaybackLoop();
  useKeyboardCommands();
  useReducedMotionPreference();
  const lesson = useApp((s) => s.lesson);
  const rootRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const el = rootRef.current;
    if (!el) return;
    let last = -1;
    const report = () => {
      const height = Math.ceil(el.getBoundingClientRect().height);
      if (height !== last) {
        last = height;
        host.post({ type: 'roundtrip:resize', height });
      }
    };
    const observer = new ResizeObserver(report);
    observer.observe(el);
    report();
    return () => observer.disconnect();
  }, [host]);

  return (
    <div ref={rootRef} className="embed" data-theme={options.theme}>
      <header className="embed-head">
        <div className="embed-title">
          <span className="embed-brand" aria-hidden="true">
            ⇄
          </span>{' '}
          {lesson ? (
            <>
              <strong>{lesson.title}</strong>
              <span className="embed-principle"> · {lesson.principle}</span>
            </>
          ) : (
            <strong>Roundtrip</strong>
          )}
        </div>
        <OpenLink />
      </header>
      <Notices />
      <WorkerErrorPanel />
      <Narration />
      {options.steps && <EmbedSteps />}
      <main className="embed-views" data-count={options.views.length}>
        {options.views.map((id) => {
          const View = VIEW_COMPONENTS[id];
          return (
            <div key={id} className="embed-view" data-view={id}>
              <ErrorBoundary area={`the ${VIEWS[id].toLowerCase()}`}>
                <View />
              </ErrorBoundary>
            </div>
          );
        })}
      </main>
      <EmbedControls />
    </div>
  );
}

/** Opens this exact run in the full app (a new tab: the iframe needs allow-popups for it). */
function OpenLink() {
  const href = useApp((s) =>
    s.run ? new URL(`./${encodeRunToQuery(s.run, s.lesson, 0)}`, window.location.href).href : null,
  );
  if (!href) return null;
  return (
    <a className="embed-open" href={href} target="_blank" rel="noopener noreferrer">
      Open in Roundtrip <span aria-hidden="true">↗</span>
    </a>
  );
}

/**
 * The lesson's steps, read-only: the first one not yet met is open (its text says what to try),
 * the others are one line each and open on demand; a step is ticked when its challenge is met.
 */
function EmbedSteps() {
  const lesson = useApp((s) => s.lesson);
  const results = useApp((s) => s.results);
  if (!lesson) return null;
  const current = lesson.steps.find((step) => !results[step.id]?.met)?.id;
  const done = lesson.steps.filter((step) => results[step.id]?.met).length;
  return (
    <section className="embed-steps panel" aria-labelledby="embed-steps-title">
      <h2 id="embed-steps-title">
        Try this{' '}
        <span className="embed-steps-count">
          ({done} of {lesson.steps.length} done)
        </span>
      </h2>
      <ol>
        {lesson.steps.map((step) => {
          const result = results[step.id];
          return (
            <li
              key={step.id}
              className={result?.met ? 'met' : step.id === current ? 'current' : undefined}
              data-step={step.id}
            >
              <details open={step.id === current}>
                <summary>
                  <span className="embed-step-mark" aria-hidden="true">
                    {result?.met ? '✓' : '○'}
                  </span>
                  <strong>{step.title}</strong>
                  <span className="visually-hidden">{result?.met ? ' (done)' : ' (not yet)'}</span>
                </summary>
                <p>{step.text}</p>
                {result?.met && result.detail && <p className="embed-step-detail">Seen: {result.detail}</p>}
              </details>
            </li>
          );
        })}
      </ol>
    </section>
  );
}

/** The shared playback controls that fit a phone: play/pause, single-event steps, the timeline, restart. */
function EmbedControls() {
  return (
    <div className="embed-controls toolbar" role="toolbar" aria-label="Playback">
      <PlayButton />
      <StepButtons compact />
      <Timeline />
      <EventCounter />
      <RestartButton />
    </div>
  );
}
