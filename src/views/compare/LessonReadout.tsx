/**
 * The current lesson's own readout (the outcome × truth table, the charges per payment, ...), fed from
 * the store. Renders nothing for a lesson without one. The player mounts it beside the other views.
 * The readout's code is fetched once the lesson is ready to play (readouts.ts); until it arrives the panel holds
 * a readout's usual height, so the views below do not jump when it is drawn.
 */
import { useApp } from '../../store/store.ts';
import { useAfterInteractive } from '../app/useAfterInteractive.ts';
import { LoadFailed, Pending } from './Loading.tsx';
import { retryReadout, useReadout } from './readouts.ts';

/** About the height of a readout on a wide screen (they run from about 300 to 650 px). */
const USUAL_HEIGHT = '25rem';

export function LessonReadout() {
  const lessonId = useApp((s) => s.run?.lessonId);
  const events = useApp((s) => s.events);
  const cursorSeq = useApp((s) => s.cursorSeq);
  const params = useApp((s) => s.run?.params);
  const seed = useApp((s) => s.run?.seed);
  // Beside the simulation, not part of it: fetched once the lesson is ready to play.
  const readout = useReadout(lessonId, { wait: !useAfterInteractive() });
  if (!readout || !lessonId || !params) return null;
  let body;
  if (readout.status === 'ready') {
    const Readout = readout.value.default;
    body = <Readout events={events} cursorSeq={cursorSeq} params={params} seed={seed} />;
  } else if (readout.status === 'error') {
    body = (
      <LoadFailed what="this lesson's readout" error={readout.error} retry={() => retryReadout(lessonId)} />
    );
  } else {
    body = <Pending what="this lesson's readout" style={{ minHeight: USUAL_HEIGHT }} />;
  }
  return (
    <section
      className="panel readout-panel"
      aria-label="Lesson readout"
      aria-busy={readout.status === 'loading' || readout.status === 'idle'}
    >
      {body}
    </section>
  );
}
