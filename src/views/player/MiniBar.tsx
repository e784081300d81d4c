/**
 * On a phone the full playback toolbar would cover a quarter of the screen, so it sits at the end of
 * the page and this bar stays at the bottom instead: play or pause, step back and forward, the time,
 * and the step's state ("Your turn" or "Done"), which scrolls back to the step when pressed. Hidden on
 * wider screens, where the full toolbar is always in view.
 */
import type { LessonGuide } from '../../engine/index.ts';
import { appStore, useApp } from '../../store/store.ts';
import { CursorTime, PlayButton, StepButtons } from '../controls/Playback.tsx';

export function MiniBar({ lesson }: { lesson: LessonGuide }) {
  const stepIndex = useApp((s) => s.stepIndex);
  const met = useApp((s) => Boolean(s.results[lesson.steps[s.stepIndex]?.id ?? '']?.met));
  // The sandbox has no steps to count: the button goes back to its build panel.
  const inSandbox = useApp((s) => s.sandbox !== null);
  const toStep = () =>
    document.querySelector('.step-card')?.scrollIntoView({
      behavior: appStore.getState().reducedMotion ? 'auto' : 'smooth',
      block: 'start',
    });
  return (
    <div className="mini-bar" role="toolbar" aria-label="Quick controls">
      <PlayButton />
      <StepButtons compact />
      <CursorTime />
      <button type="button" className={`btn mini-step${met ? ' met' : ''}`} onClick={toStep}>
        {inSandbox ? 'Build' : met ? '✓ Done' : `Step ${stepIndex + 1}/${lesson.steps.length}`}
        <span className="visually-hidden">{inSandbox ? ': go to the build panel' : ': go to the step'}</span>
      </button>
    </div>
  );
}
