import { useApp, appStore } from '../../store/store.ts';

/** Messages about bad input (a malformed link, a bad parameter): said once, dismissible. */
export function Notices() {
  const notices = useApp((s) => s.notices);
  if (!notices.length) return null;
  return (
    <div className="notices">
      {notices.map((n) => (
        <div key={n.id} className={`notice ${n.tone}`} role={n.tone === 'info' ? 'status' : 'alert'}>
          <span>{n.text}</span>
          <button
            type="button"
            className="btn small"
            onClick={() => appStore.getState().dismiss(n.id)}
            aria-label="Dismiss this message"
          >
            ✕
          </button>
        </div>
      ))}
    </div>
  );
}

/** Narrates what just happened, for screen readers (and as a caption for everyone). */
export function Narration() {
  const narration = useApp((s) => s.narration);
  return (
    <p className="narration" aria-live="polite" aria-atomic="true" data-testid="narration">
      {narration || 'Press Play, or step through events one at a time.'}
    </p>
  );
}
