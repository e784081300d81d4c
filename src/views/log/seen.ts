/**
 * How far into the run the learner has already been: the high-water mark of the cursor. After a
 * rewind, what lies between the cursor and this mark has been seen, so the log and the diagram show
 * it faded ("later") and it can be clicked to jump forward; what was never reached stays hidden, so
 * the worker simulating ahead never spoils what happens next. A branch forgets what it replaced.
 */
import { useStore } from 'zustand';
import { createStore } from 'zustand/vanilla';
import { appStore } from '../../store/store.ts';

export interface SeenInput {
  cursorSeq: number;
  baseSeq: number;
  eventCount: number;
}

/** The next high-water mark: never past the trace's end (a branch truncated it), never behind the cursor. */
export function nextSeen(seen: number, s: SeenInput): number {
  return Math.max(Math.min(seen, s.baseSeq + s.eventCount), s.cursorSeq);
}

const seenStore = createStore<{ seq: number }>(() => ({ seq: 0 }));

appStore.subscribe((s) => {
  const seq = nextSeen(seenStore.getState().seq, {
    cursorSeq: s.cursorSeq,
    baseSeq: s.baseSeq,
    eventCount: s.events.length,
  });
  if (seq !== seenStore.getState().seq) seenStore.setState({ seq });
});

/** Events with seq below this have been seen at some point of this run (at or before the high-water mark). */
export function useSeenSeq(): number {
  return useStore(seenStore, (s) => s.seq);
}
