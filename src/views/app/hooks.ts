/** App-wide effects: the animation loop, keyboard commands, reduced motion. */
import { useEffect } from 'react';
import { appStore } from '../../store/store.ts';
import { commandForKey } from '../commands.ts';

/** Drives playback from requestAnimationFrame; the store decides how far each frame moves. */
export function usePlaybackLoop(): void {
  useEffect(() => {
    let last = performance.now();
    let frame = 0;
    const loop = (now: number) => {
      const dt = Math.min(100, now - last); // a background tab must not leap ahead on return
      last = now;
      appStore.getState().tick(dt);
      frame = requestAnimationFrame(loop);
    };
    frame = requestAnimationFrame(loop);
    return () => cancelAnimationFrame(frame);
  }, []);
}

export function useKeyboardCommands(): void {
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const command = commandForKey(event);
      if (!command) return;
      event.preventDefault();
      command.run(appStore.getState());
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}

export function useReducedMotionPreference(): void {
  useEffect(() => {
    const query = window.matchMedia('(prefers-reduced-motion: reduce)');
    const apply = () => appStore.getState().setReducedMotion(query.matches);
    apply();
    query.addEventListener('change', apply);
    return () => query.removeEventListener('change', apply);
  }, []);
}
