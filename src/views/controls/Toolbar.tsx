/**
 * Playback controls: play/pause, step back/forward with an event counter, speed, the timeline
 * scrubber over the whole run, reset, and the seed. Every control is a labelled, focusable element.
 */
import { useShallow } from 'zustand/react/shallow';
import { useApp } from '../../store/store.ts';
import { formatMs } from '../../store/describe.ts';
import { appStore } from '../../store/store.ts';
import { SeedControl } from './SeedControl.tsx';

const SPEEDS = [50, 100, 250, 500, 1000, 2000, 5000];

export function Toolbar() {
  const s = useApp(
    useShallow((st) => ({
      playing: st.playing,
      speed: st.speed,
      cursor: st.cursor,
      cursorSeq: st.cursorSeq,
      total: st.baseSeq + st.events.length,
      simulatedUntil: st.simulatedUntil,
      durationMs: st.durationMs,
      ready: st.status === 'ready',
    })),
  );
  const a = appStore.getState();
  const end = Math.max(s.durationMs, s.simulatedUntil);
  return (
    <div className="toolbar" role="toolbar" aria-label="Playback">
      <div className="toolbar-group">
        <button
          type="button"
          className="btn primary play"
          onClick={() => a.togglePlay()}
          aria-keyshortcuts="Space"
          disabled={!s.ready}
        >
          <span aria-hidden="true">{s.playing ? '❚❚' : '▶'}</span> {s.playing ? 'Pause' : 'Play'}
        </button>
        <button
          type="button"
          className="btn"
          onClick={() => a.stepBack()}
          aria-keyshortcuts="ArrowLeft"
          title="Step back one event (←)"
        >
          <span aria-hidden="true">⟨</span> Back
        </button>
        <button
          type="button"
          className="btn"
          onClick={() => a.stepForward()}
          aria-keyshortcuts="ArrowRight"
          title="Step to the next event (→)"
        >
          Step <span aria-hidden="true">⟩</span>
        </button>
        <span className="counter" aria-label={`event ${s.cursorSeq} of ${s.total}`}>
          event {s.cursorSeq} / {s.total}
        </span>
      </div>
      <label className="timeline">
        <span className="visually-hidden">Timeline</span>
        <input
          type="range"
          min={0}
          max={Math.ceil(end)}
          step={1}
          value={Math.round(s.cursor)}
          onChange={(e) => a.seek(Number(e.currentTarget.value))}
          aria-valuetext={`${formatMs(s.cursor)} of ${formatMs(end)}`}
        />
        <output className="time" aria-live="off">
          {formatMs(s.cursor)}
        </output>
      </label>
      <div className="toolbar-group">
        <label className="speed">
          <span>Speed</span>
          <select value={s.speed} onChange={(e) => a.setSpeed(Number(e.currentTarget.value))}>
            {[...new Set([...SPEEDS, s.speed])]
              .sort((x, y) => x - y)
              .map((v) => (
                <option key={v} value={v}>
                  {v >= 1000 ? `${v / 1000} s` : `${v} ms`} per second
                </option>
              ))}
          </select>
        </label>
        <button
          type="button"
          className="btn"
          onClick={() => a.reset()}
          title="Back to the start of this step: its own seed and settings, none of your actions (R)"
        >
          Restart step
        </button>
        <SeedControl />
      </div>
    </div>
  );
}
