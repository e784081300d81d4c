/**
 * The player's playback toolbar: the shared controls (Playback.tsx) laid out in full, with the speed
 * and the seed, which only the player offers.
 */
import { appStore, useApp } from '../../store/store.ts';
import { EventCounter, PlayButton, RestartButton, StepButtons, Timeline } from './Playback.tsx';
import { SeedControl } from './SeedControl.tsx';

const SPEEDS = [50, 100, 250, 500, 1000, 2000, 5000];

export function Toolbar() {
  const speed = useApp((s) => s.speed);
  return (
    <div className="toolbar" role="toolbar" aria-label="Playback">
      <div className="toolbar-group">
        <PlayButton />
        <StepButtons />
        <EventCounter />
      </div>
      <Timeline />
      <div className="toolbar-group">
        <label className="speed">
          <span>Speed</span>
          <select value={speed} onChange={(e) => appStore.getState().setSpeed(Number(e.currentTarget.value))}>
            {[...new Set([...SPEEDS, speed])]
              .sort((x, y) => x - y)
              .map((v) => (
                <option key={v} value={v}>
                  {v >= 1000 ? `${v / 1000} s` : `${v} ms`} per second
                </option>
              ))}
          </select>
        </label>
        <RestartButton />
        <SeedControl />
      </div>
    </div>
  );
}
