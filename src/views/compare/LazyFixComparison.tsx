/**
 * The fix comparison (FixComparison.tsx), fetched the first time it is shown: folded away when a
 * lesson opens, it need not be part of the lesson page's first load. Until it arrives it stands in
 * with the same heading and words and a switch that is not yet live, so the panel keeps its size.
 */
import { fixIsOn } from '../../store/comparison.ts';
import { useApp } from '../../store/store.ts';
import { onDemand, useOnDemand } from '../app/on-demand.ts';
import { refetchable } from '../../offline/refetchable.ts';
import { LoadFailed } from './Loading.tsx';

const comparison = onDemand(refetchable(() => import('./FixComparison.tsx')));

export function LazyFixComparison() {
  const state = useOnDemand(comparison);
  const lesson = useApp((s) => s.lesson);
  const run = useApp((s) => s.run);
  if (state?.status === 'ready') return <state.value.FixComparison />;
  const fix = lesson?.fix;
  if (!fix || !run) return null;
  return (
    <section
      className="panel fix-compare"
      aria-labelledby="fix-compare-title"
      aria-busy={state?.status !== 'error'}
    >
      <h2 id="fix-compare-title">Without and with the fix</h2>
      {state?.status === 'error' ? (
        <LoadFailed
          what="the comparison"
          error={state.error}
          retry={() => comparison.load().catch(() => undefined)}
        />
      ) : (
        <>
          <label className="switch">
            <input type="checkbox" role="switch" checked={false} disabled readOnly />
            <span>Compare side by side: {fix.label}</span>
          </label>
          <p className="hint">
            Runs this same run a second time with the fix {fixIsOn(run, lesson) ? 'off' : 'on'}, and shows the
            two next to each other at the same moment.
          </p>
          <p className="visually-hidden" role="status">
            Loading the comparison…
          </p>
        </>
      )}
    </section>
  );
}
