/**
 * Registers the service worker (src/offline/service-worker.ts, built as `sw.js` beside index.html)
 * so that the app works offline after one visit. Only in builds (the e2e build included: dev has no
 * sw.js), only where service workers exist (secure contexts), and only in a top-level page: a frame
 * is someone else's page, and a sandboxed one has an opaque origin that cannot register anyway. The
 * embed page has its own entry and never comes here. Registration waits for the page's `load` so it
 * does not compete with the first load, and never throws: the app works the same without it.
 */
export function registerServiceWorker(): void {
  try {
    if (!import.meta.env.PROD || !('serviceWorker' in navigator) || window.self !== window.top) return;
    const register = () => {
      // Relative to the page, like every URL of this build (`base: './'`): a sub-path works.
      navigator.serviceWorker.register('./sw.js').catch((error: unknown) => {
        console.warn('Roundtrip: no offline support, the service worker did not register:', error);
      });
    };
    if (document.readyState === 'complete') register();
    else window.addEventListener('load', register, { once: true });
  } catch {
    // Offline support is a bonus; never let it break the page.
  }
}

registerServiceWorker();
