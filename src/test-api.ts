/**
 * A typed handle for end-to-end tests (tldraw's pattern): read the store, inject a worker error.
 * Installed only in development and in the e2e build (`vite build --mode e2e`), never in production.
 */
import { appStore } from './store/store.ts';
import type { AppState } from './store/types.ts';

export interface RoundtripTestApi {
  state(): AppState;
  crashWorker(): void;
}

declare global {
  interface Window {
    __roundtrip?: RoundtripTestApi;
  }
}

export function installTestApi(): void {
  window.__roundtrip = {
    state: () => appStore.getState(),
    crashWorker: () => appStore.client().crashTest(),
  };
}
