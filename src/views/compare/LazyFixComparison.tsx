/**
 * The fix comparison (FixComparison.tsx), fetched the first time it is shown: folded away when a
 * lesson opens, it need not be part of the lesson page's first load. Until it arrives it stands in
 * with the same heading and a switch that is not yet live, so the panel keeps its size.
 */
import { useApp } from '../../store/store.ts';
import { onDemand, useOnDemand } from './on-demand.ts';
import { LoadFailed } from './Loading.tsx';

const comparison = onDemand(() => import('./FixComparison.tsx'));

export function LazyFixComparison() {
  const state = useOnDemand(comparison);
  const fix = useApp((s) => s.lesson?.fix);
  const hasRun = useApp((s) => s.run !== null);
  if (state?.status === 'ready') return <state.value.FixComparison />;
  if (!fix || !hasRun) return null;
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
          <p className="hint" role="status">
            Loading the comparison…
          </p>
        </>
      )}
    </section>
  );
}
