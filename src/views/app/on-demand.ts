/**
 * A module fetched the first time a view needs it, kept once it has arrived. A view reads its state
 * with `useOnDemand` (which starts the fetch), so it can draw a placeholder while it loads and a
 * message if it fails; `load()` again tries once more after a failure.
 */
import { useCallback, useEffect, useSyncExternalStore } from 'react';

export type Loaded<T> =
  | { status: 'idle' }
  | { status: 'loading' }
  | { status: 'ready'; value: T }
  | { status: 'error'; error: Error };

export interface OnDemand<T> {
  /** Fetches the module (once; again only after a failure) and resolves to it. */
  load(): Promise<T>;
  state(): Loaded<T>;
  subscribe(listener: () => void): () => void;
}

const IDLE = { status: 'idle' } as const;
const LOADING = { status: 'loading' } as const;

export function onDemand<T>(fetch: () => Promise<T>): OnDemand<T> {
  let state: Loaded<T> = IDLE;
  let pending: Promise<T> | null = null;
  const listeners = new Set<() => void>();
  const set = (next: Loaded<T>) => {
    state = next;
    for (const l of listeners) l();
  };
  return {
    load() {
      if (state.status === 'ready') return Promise.resolve(state.value);
      if (!pending) {
        pending = fetch().then(
          (value) => {
            set({ status: 'ready', value });
            return value;
          },
          (e: unknown) => {
            pending = null;
            set({ status: 'error', error: e instanceof Error ? e : new Error(String(e)) });
            throw e;
          },
        );
        set(LOADING);
      }
      return pending;
    },
    state: () => state,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

const NONE = () => undefined;
const NO_SUBSCRIPTION = () => () => {};

/**
 * The module's state, kept current; fetching it when nothing has yet (and `wait` is not set).
 * Undefined for no module.
 */
export function useOnDemand<T>(mod: OnDemand<T> | undefined, { wait = false } = {}): Loaded<T> | undefined {
  const subscribe = useCallback(
    (listener: () => void) => (mod ? mod.subscribe(listener) : NO_SUBSCRIPTION()),
    [mod],
  );
  const state = useSyncExternalStore(subscribe, mod ? mod.state : NONE);
  useEffect(() => {
    if (!wait && mod?.state().status === 'idle') mod.load().catch(() => undefined);
  }, [mod, wait]);
  return state;
}
