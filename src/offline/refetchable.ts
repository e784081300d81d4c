/**
 * A dynamic import that can be tried again after its download failed. Browsers keep a failed module
 * in their module map (Chromium does, as the HTML spec long said), so a second `import()` of the same
 * URL fails at once without asking the network: "Try again" could never work. After a failure this
 * imports the same chunk again under a fresh URL (`?retry=N`), which the browser treats as a new
 * module. The chunk's URL comes from the browser's error message (Chromium and Firefox name it);
 * when the message does not name one, the next try simply calls `load` again.
 *
 * A chunk whose own static imports failed still fails under a fresh URL (they keep their URLs);
 * RELOAD_HINT says what helps then.
 */

/** What to suggest when trying again keeps failing: a reload, which keeps the run (it is in the link). */
export const RELOAD_HINT = 'If it keeps failing, reload the page: your run is kept in its link.';

// "Failed to fetch dynamically imported module: URL" (Chromium), "error loading dynamically imported module: URL" (Firefox).
const FAILED_URL = /dynamically imported module:\s*(\S+)/;

/** The same-origin chunk URL a failed import names in its message, or undefined. */
export function failedChunkUrl(error: unknown): string | undefined {
  const message = error instanceof Error ? error.message : String(error);
  const named = FAILED_URL.exec(message)?.[1];
  const origin = globalThis.location?.origin;
  if (!named || !origin) return undefined;
  try {
    const url = new URL(named, origin);
    return url.origin === origin ? url.href : undefined;
  } catch {
    return undefined;
  }
}

function withRetryQuery(href: string, attempt: number): string {
  const url = new URL(href);
  url.searchParams.set('retry', String(attempt));
  return url.href;
}

export function refetchable<T>(
  load: () => Promise<T>,
  importUrl: (url: string) => Promise<unknown> = (url) => import(/* @vite-ignore */ url),
): () => Promise<T> {
  let failedUrl: string | undefined;
  let attempts = 0;
  return async () => {
    const retryUrl = failedUrl;
    try {
      return retryUrl ? ((await importUrl(withRetryQuery(retryUrl, ++attempts))) as T) : await load();
    } catch (error) {
      // Keep the first URL the browser named: a retry's own URL would only grow a second query.
      failedUrl = retryUrl ?? failedChunkUrl(error);
      throw error;
    }
  };
}
