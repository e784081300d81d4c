/**
 * What a panel shows while the code it draws with is still on its way (a quiet line in the space the
 * panel will take), and what it shows if that code could not be fetched (a message and a retry).
 */
import type { CSSProperties } from 'react';
import { RELOAD_HINT } from '../../offline/refetchable.ts';

export function Pending({ what, style }: { what: string; style?: CSSProperties }) {
  return (
    <div className="pending" style={style}>
      <p className="hint" role="status">
        Loading {what}…
      </p>
    </div>
  );
}

export function LoadFailed({ what, error, retry }: { what: string; error: Error; retry: () => void }) {
  return (
    <div className="notice error" role="alert">
      <span>
        Could not load {what}: {error.message} {RELOAD_HINT}
      </span>
      <button type="button" className="btn small" onClick={retry}>
        Try again
      </button>
    </div>
  );
}
