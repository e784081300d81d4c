/**
 * The calls as the open lesson tells them: its own readout where it has one (three outcomes: "Card
 * charged" with dots), else the list of every call. The lesson page and the embed's "calls" view both
 * show this one, so a reader sees the same table, in the same words, in both places.
 */
import { useApp } from '../../store/store.ts';
import { LessonReadout } from '../compare/LessonReadout.tsx';
import { hasReadout } from '../compare/readouts.ts';
import { CallsPanel } from './CallsPanel.tsx';

/** Whether the lesson's calls are told by its own readout rather than the list of every call. */
export const callsByReadout = hasReadout;

export function CallsView() {
  const lessonId = useApp((s) => s.run?.lessonId);
  return callsByReadout(lessonId) ? <LessonReadout /> : <CallsPanel />;
}
