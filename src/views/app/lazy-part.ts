/**
 * A part of the page whose code is downloaded the first time it is shown (React.lazy: put it in a
 * Suspense and an ErrorBoundary). A bare React.lazy keeps a failed download for good, so "Try again"
 * could never succeed; here the failure is a PartLoadError, and the ErrorBoundary's "Try again" (or
 * "Close", for a dialog opened again later) makes the next render download again. It does not try
 * again by itself: React re-renders a failed tree at once, and offline that would never end. The
 * failure reads as what happened, not as the browser's "Failed to fetch dynamically imported module".
 */
import { createElement, lazy, type ComponentType, type LazyExoticComponent } from 'react';

export const LOAD_FAILED = 'it could not be downloaded. Check the connection, then try again.';

/** A part that could not be downloaded; `retry()` makes its next render download it again. */
export class PartLoadError extends Error {
  constructor(
    readonly retry: () => void,
    cause: unknown,
  ) {
    super(LOAD_FAILED, { cause });
    this.name = 'PartLoadError';
  }
}

export function lazyPart<P extends object>(load: () => Promise<ComponentType<P>>): ComponentType<P> {
  const attempt = (): LazyExoticComponent<ComponentType<P>> => {
    const part = lazy(() =>
      load().then(
        (component) => ({ default: component }),
        (error: unknown) => {
          throw new PartLoadError(() => {
            if (current === part) current = attempt();
          }, error);
        },
      ),
    );
    return part;
  };
  let current = attempt();
  function LazyPart(props: P) {
    return createElement(current, props);
  }
  return LazyPart;
}
