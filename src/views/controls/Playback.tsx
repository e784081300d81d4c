/**
 * The playback controls, written once: play/pause, one event back and forward, the event counter,
 * the timeline and "Restart step". The player toolbar, the phone's mini bar and the embed's bar each
 * lay out the ones that fit, so the names, keys, titles and focus order are the same in all three.
 * `compact` shows the step buttons as arrows only (their names stay the same for screen readers).
 */
import { useShallow } from 'zustand/react/shallow';
import { formatMs } from '../../engine/words.ts';
import { appStore, useApp } from '../../store/store.ts';

export function PlayButton() {
  const playing = useApp((s) => s.playing);
  const ready = useApp((s) => s.status === 'ready');
  return (
    <button
      type="button"
      className="btn primary play"
      onClick={() => appStore.getState().togglePlay()}
      aria-keyshortcuts="Space"
      title={playing ? 'Pause (Space)' : 'Play (Space)'}
      disabled={!ready}
    >
      <span aria-hidden="true">{playing ? '❚❚' : '▶'}</span> {playing ? 'Pause' : 'Play'}
    </button>
  );
}

export function StepButtons({ compact = false }: { compact?: boolean }) {
  const a = appStore.getState();
  return (
    <>
      <button
        type="button"
        className="btn"
        onClick={() => a.stepBack()}
        aria-keyshortcuts="ArrowLeft"
        aria-label={compact ? 'Step back one event' : undefined}
        title="Step back one event (←)"
      >
        <span aria-hidden="true">⟨</span>
        {!compact && ' Back'}
      </button>
      <button
        type="button"
        className="btn"
        onClick={() => a.stepForward()}
        aria-keyshortcuts="ArrowRight"
        aria-label={compact ? 'Step to the next event' : undefined}
        title="Step to the next event (→)"
      >
        {!compact && 'Step '}
        <span aria-hidden="true">⟩</span>
      </button>
    </>
  );
}

export function EventCounter() {
  const { cursorSeq, total } = useApp(
    useShallow((s) => ({ cursorSeq: s.cursorSeq, total: s.baseSeq + s.events.length })),
  );
  return (
    <span className="counter" aria-label={`event ${cursorSeq} of ${total}`}>
      event {cursorSeq} / {total}
    </span>
  );
}

/** The scrubber over the whole run, with the time at the cursor. */
export function Timeline() {
  const cursor = useApp((s) => s.cursor);
  const end = useApp((s) => Math.max(s.durationMs, s.simulatedUntil));
  return (
    <label className="timeline">
      <span className="visually-hidden">Timeline</span>
      <input
        type="range"
        min={0}
        max={Math.ceil(end)}
        step={1}
        value={Math.round(cursor)}
        onChange={(e) => appStore.getState().seek(Number(e.currentTarget.value))}
        aria-valuetext={`${formatMs(cursor)} of ${formatMs(end)}`}
      />
      <output className="time" aria-live="off">
        {formatMs(cursor)}
      </output>
    </label>
  );
}

/** The time at the cursor alone, where a timeline does not fit. */
export function CursorTime() {
  const cursor = useApp((s) => s.cursor);
  return <span className="mini-time">{formatMs(cursor)}</span>;
}

/** Back to the start of the current step: its own seed and settings, none of the learner's actions. */
export function RestartButton() {
  // The sandbox has no steps, and its faults are part of the scenario: a restart keeps them.
  const inSandbox = useApp((s) => s.sandbox !== null);
  return (
    <button
      type="button"
      className="btn"
      onClick={() => appStore.getState().reset()}
      aria-keyshortcuts="R"
      title={
        inSandbox
          ? 'Back to the start of the run, with the faults on its timeline (R)'
          : 'Back to the start of this step: its own seed and settings, none of your actions (R)'
      }
    >
      {inSandbox ? 'Restart' : 'Restart step'}
    </button>
  );
}
