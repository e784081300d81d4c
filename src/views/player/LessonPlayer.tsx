/**
 * A lesson: the narrative beside the live simulation. On a wide screen the step, its explanation and
 * the way on sit in a column at the left, the simulation at the right; on a narrow one they stack in
 * the order a learner needs them: the step, what to press, the network, then the rest. The views
 * that matter for the step are open; the others are folded, one press away.
 */
import type { LessonGuide } from '../../engine/index.ts';
import { useApp } from '../../store/store.ts';
import { ErrorBoundary } from '../app/ErrorBoundary.tsx';
import { Narration } from '../app/Notices.tsx';
import { hrefFor, linkTo } from '../app/navigate.ts';
import { builtInOrder } from '../home/catalog.ts';
import { Topology } from '../topology/Topology.tsx';
import { Clocks } from '../clocks/Clocks.tsx';
import { SpaceTime } from '../spacetime/SpaceTime.tsx';
import { CallsPanel } from '../calls/CallsPanel.tsx';
import { EventLog } from '../log/EventLog.tsx';
import { LazyFixComparison } from '../compare/LazyFixComparison.tsx';
import { CallsView, callsByReadout } from '../calls/CallsView.tsx';
import { RequestPathPanel } from '../path/RequestPath.tsx';
import { useAllGuides } from '../app/useAllGuides.ts';
import { useAfterInteractive } from '../app/useAfterInteractive.ts';
import { Collapsible } from './Collapsible.tsx';
import { StepActions, StepSettings } from './StepActions.tsx';
import { StepPanel } from './StepPanel.tsx';
import { WhyPanel } from './WhyPanel.tsx';
import { stepUsesFix, viewRelevance } from './relevance.ts';
import { CourseBar } from '../course/CourseBar.tsx';
import { Predictions } from './Prediction.tsx';
import './player.css';
import { lazy, Suspense } from 'react';
import { SANDBOX_ID } from '../../sandbox/guide.ts';

// The build panel, only the sandbox shows: its own chunk, so a lesson page does not load it.
const sandboxEditor = () => import('../sandbox/SandboxEditor.tsx');
const SandboxStart = lazy(() => sandboxEditor().then((m) => ({ default: m.SandboxStart })));
const SandboxBuild = lazy(() => sandboxEditor().then((m) => ({ default: m.SandboxBuild })));

function LessonNav({ lesson }: { lesson: LessonGuide }) {
  const all = useAllGuides({ wait: !useAfterInteractive() });
  // Until the other lessons' guides arrive (a moment after the page), only "All lessons" is shown.
  const order = all.status === 'ready' ? builtInOrder(all.value) : [];
  const i = order.findIndex((l) => l.id === lesson.id);
  // In a course, previous and next follow its path (the course bar), not the catalog.
  const inCourse = useApp((s) => s.course !== null);
  const prev = inCourse ? undefined : order[i - 1];
  const next = inCourse ? undefined : order[i + 1];
  return (
    <nav className="lesson-nav" aria-label="Other lessons">
      {prev ? (
        <a className="btn" href={hrefFor(prev.id)} onClick={linkTo(prev.id)} rel="prev">
          <span aria-hidden="true">←</span> Previous lesson: {prev.title}
        </a>
      ) : (
        <span />
      )}
      <a className="btn" href={hrefFor(null)} onClick={linkTo(null)}>
        All lessons
      </a>
      {next && (
        <a className="btn" href={hrefFor(next.id)} onClick={linkTo(next.id)} rel="next">
          Next lesson: {next.title} <span aria-hidden="true">→</span>
        </a>
      )}
    </nav>
  );
}

export function LessonPlayer({ lesson }: { lesson: LessonGuide }) {
  const stepIndex = useApp((s) => s.stepIndex);
  const events = useApp((s) => s.events);
  const course = useApp((s) => s.course);
  const step = lesson.steps[Math.min(stepIndex, lesson.steps.length - 1)];
  const views = viewRelevance(lesson, events.length > 400 ? events.slice(0, 400) : events);
  // The lesson's own readout says what matters about its calls; the list of every call is one press away.
  const callsFirst = views.calls && !callsByReadout(lesson.id);
  if (!step) return null;
  const fixFirst = stepUsesFix(lesson, step);

  const inSandbox = lesson.id === SANDBOX_ID;

  return (
    <main className="player" id="main">
      <div className="player-narrative">
        {inSandbox ? (
          <ErrorBoundary area="the sandbox's build panel">
            <Suspense fallback={<p className="panel step-card">Loading the sandbox…</p>}>
              <SandboxStart />
              {/* On a phone this follows the network (sandbox.css), so a new node is seen at once. */}
              <div className="order-build">
                <SandboxBuild />
              </div>
            </Suspense>
          </ErrorBoundary>
        ) : (
          <>
            {course && <CourseBar active={course} />}
            <StepPanel lesson={lesson} />
            <Predictions lesson={lesson} />
          </>
        )}
        <div className="order-why">
          <WhyPanel lesson={lesson} />
        </div>
        {!inSandbox && (
          <div className="order-nav">
            <LessonNav lesson={lesson} />
          </div>
        )}
      </div>

      <div className="player-sim" id="stage" aria-label="Simulation">
        <div className="order-narration">
          <Narration />
        </div>
        <div className="order-actions">
          <StepActions lesson={lesson} step={step} />
        </div>
        <div className="order-topology">
          <ErrorBoundary area="the network view">
            <Topology />
          </ErrorBoundary>
        </div>
        <div className="order-readout">
          {views.clocks && (
            <ErrorBoundary area="the clocks">
              <Clocks />
            </ErrorBoundary>
          )}
          {(callsFirst || callsByReadout(lesson.id)) && (
            <ErrorBoundary area="the lesson readout">
              <CallsView />
            </ErrorBoundary>
          )}
          {views.requestPath && (
            <ErrorBoundary area="the request path">
              <RequestPathPanel />
            </ErrorBoundary>
          )}
        </div>
        <div className="order-spacetime">
          <ErrorBoundary area="the space-time diagram">
            <SpaceTime />
          </ErrorBoundary>
        </div>
        <div className="order-settings">
          <StepSettings lesson={lesson} step={step} />
        </div>
        {lesson.fix && (
          <div className="order-fix">
            {fixFirst ? (
              <ErrorBoundary area="the comparison">
                <LazyFixComparison />
              </ErrorBoundary>
            ) : (
              <Collapsible title="Without and with the fix" note={lesson.fix.label} className="panel">
                <ErrorBoundary area="the comparison">
                  <LazyFixComparison />
                </ErrorBoundary>
              </Collapsible>
            )}
          </div>
        )}
        <div className="order-more">
          {!callsFirst && views.calls && (
            <Collapsible
              title="Every call, one by one"
              note="what the client saw, what really happened"
              className="panel"
            >
              <ErrorBoundary area="the calls panel">
                <CallsPanel />
              </ErrorBoundary>
            </Collapsible>
          )}
          {!views.clocks && (
            <Collapsible title="Clocks" note="each node's own time" className="panel">
              <ErrorBoundary area="the clocks">
                <Clocks />
              </ErrorBoundary>
            </Collapsible>
          )}
          <Collapsible title="Event log" note="every event, in words" className="panel">
            <ErrorBoundary area="the event log">
              <EventLog />
            </ErrorBoundary>
          </Collapsible>
        </div>
      </div>
    </main>
  );
}
