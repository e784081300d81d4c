/**
 * What a lesson page shows beside the simulation (its readout, the links to other lessons) is
 * fetched after the simulation is ready to play and the browser is idle, so it never competes with
 * the lesson's own chunks and the worker for the connection or the main thread. Once a page has been
 * interactive it stays so: later reloads of the run do not hold anything back again.
 */
import { useEffect, useState } from 'react';
import { useApp } from '../../store/store.ts';

let interactive = false;

/** How long an idle moment may be waited for before going ahead anyway. */
const IDLE_TIMEOUT_MS = 1_000;

function whenIdle(run: () => void): () => void {
  if (typeof requestIdleCallback === 'function') {
    const id = requestIdleCallback(run, { timeout: IDLE_TIMEOUT_MS });
    return () => cancelIdleCallback(id);
  }
  const id = setTimeout(run, 0);
  return () => clearTimeout(id);
}

/** True once the run has been ready to play and the browser has been idle since. */
export function useAfterInteractive(): boolean {
  const ready = useApp((s) => s.status === 'ready');
  const [after, setAfter] = useState(interactive);
  useEffect(() => {
    if (after || !ready) return;
    return whenIdle(() => {
      interactive = true;
      setAfter(true);
    });
  }, [after, ready]);
  return after;
}
