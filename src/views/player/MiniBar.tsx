/**
 * On a phone the full playback toolbar would cover a quarter of the screen, so it sits at the end of
 * the page and this bar stays at the bottom instead: play or pause, step back and forward, the time,
 * and the step's state ("Your turn" or "Done"), which scrolls back to the step when pressed. Hidden on
 * wider screens, where the full toolbar is always in view.
 */
import type { LessonGuide } from '../../engine/index.ts';
import { formatMs } from '../../store/describe.ts';
import { appStore, useApp } from '../../store/store.ts';

export function MiniBar({ lesson }: { lesson: LessonGuide }) {
  const playing = useApp((s) => s.playing);
  const ready = useApp((s) => s.status === 'ready');
  const cursor = useApp((s) => s.cursor);
  const stepIndex = useApp((s) => s.stepIndex);
  const met = useApp((s) => Boolean(s.results[lesson.steps[s.stepIndex]?.id ?? '']?.met));
  const a = appStore.getState();
  const toStep = () =>
    document.querySelector('.step-card')?.scrollIntoView({ behavior: 'smooth', block: 'start' });
  return (
    <div className="mini-bar" role="toolbar" aria-label="Quick controls">
      <button type="button" className="btn primary" onClick={() => a.togglePlay()} disabled={!ready}>
        <span aria-hidden="true">{playing ? '❚❚' : '▶'}</span> {playing ? 'Pause' : 'Play'}
      </button>
      <button type="button" className="btn" onClick={() => a.stepBack()} aria-label="Step back one event">
        <span aria-hidden="true">⟨</span>
      </button>
      <button
        type="button"
        className="btn"
        onClick={() => a.stepForward()}
        aria-label="Step to the next event"
      >
        <span aria-hidden="true">⟩</span>
      </button>
      <span className="mini-time">{formatMs(cursor)}</span>
      <button type="button" className={`btn mini-step${met ? ' met' : ''}`} onClick={toStep}>
        {met ? '✓ Done' : `Step ${stepIndex + 1}/${lesson.steps.length}`}
        <span className="visually-hidden">: go to the step</span>
      </button>
    </div>
  );
}
