/**
 * The current lesson's own readout (the outcome × truth table, the charges per payment, ...), fed from
 * the store. Renders nothing for a lesson without one. The player mounts it beside the other views.
 */
import { useApp } from '../../store/store.ts';
import { readoutFor } from './readouts.ts';

export function LessonReadout() {
  const lessonId = useApp((s) => s.run?.lessonId);
  const events = useApp((s) => s.events);
  const cursorSeq = useApp((s) => s.cursorSeq);
  const params = useApp((s) => s.run?.params);
  const seed = useApp((s) => s.run?.seed);
  const mod = readoutFor(lessonId);
  if (!mod || !params) return null;
  const Readout = mod.default;
  return (
    <section className="panel readout-panel" aria-label="Lesson readout">
      <Readout events={events} cursorSeq={cursorSeq} params={params} seed={seed} />
    </section>
  );
}
