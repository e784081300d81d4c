import { useEffect, useState } from 'react';
import { useApp, appStore } from '../../store/store.ts';

/** The seed: editable, with a button for a new one. The same seed replays the same run. */
export function SeedControl() {
  const seed = useApp((s) => s.run?.seed ?? 0);
  const [draft, setDraft] = useState(String(seed));
  useEffect(() => setDraft(String(seed)), [seed]);
  const commit = () => {
    const value = Number(draft);
    if (Number.isInteger(value) && value >= 0 && value <= 0xffffffff) appStore.getState().setSeed(value);
    else {
      appStore.getState().notify(`A seed is a whole number from 0 to 4294967295; kept ${seed}.`, 'warning');
      setDraft(String(seed));
    }
  };
  return (
    <span className="seed">
      <label>
        Seed{' '}
        <input
          inputMode="numeric"
          size={8}
          value={draft}
          onChange={(e) => setDraft(e.currentTarget.value)}
          onBlur={commit}
          onKeyDown={(e) => e.key === 'Enter' && commit()}
        />
      </label>
      <button
        type="button"
        className="btn"
        onClick={() => appStore.getState().newSeed()}
        title="A new random seed (N)"
      >
        New seed
      </button>
    </span>
  );
}
