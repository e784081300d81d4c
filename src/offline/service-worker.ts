/**
 * The service worker: after one visit, every page of the app works with the network off.
 *
 * It is built by src/offline/build/vite-plugin.ts as one classic script, `sw.js` at the root of the
 * build, with the build's own file list inlined (`__ROUNDTRIP_PRECACHE__`, relative to sw.js, so a
 * deployment under a sub-path works) and a version hashed from those files' contents.
 *  - install: precache every file of the build into a cache named after the scope and the version.
 *    Hashed assets already held by an older version's cache are copied over, not fetched again.
 *  - activate: delete this scope's caches of other versions, then take control of open pages (so the
 *    first visit is covered too: those pages run the build just precached).
 *  - fetch, same-origin GETs in scope only (the app makes no other request): pages network-first,
 *    falling back to the precached page when the network fails; everything else cache-first.
 * No skipWaiting(): a new build's worker waits until no page runs the old one, so an open page never
 * finds the chunks it still lazy-loads deleted from under it. Nothing here asks any other origin.
 *
 * The few service-worker types are declared locally: this file is also type-checked with the DOM
 * library (tsconfig.app.json), which has none of them.
 */
export {};

interface Precache {
  /** Content-hashed files (Vite's assets directory): the same name always holds the same bytes. */
  readonly hashed: readonly string[];
  /** Everything else: HTML pages and public files, whose content may change under the same name. */
  readonly other: readonly string[];
}

declare const __ROUNDTRIP_PRECACHE__: Precache;
declare const __ROUNDTRIP_VERSION__: string;

interface ExtendableEvent extends Event {
  waitUntil(promise: Promise<unknown>): void;
}

interface FetchEvent extends ExtendableEvent {
  readonly request: Request;
  respondWith(response: Promise<Response>): void;
}

interface ServiceWorkerScope {
  readonly location: { readonly href: string };
  readonly registration: { readonly scope: string };
  readonly clients: { claim(): Promise<void> };
  addEventListener(type: 'install' | 'activate', listener: (event: ExtendableEvent) => void): void;
  addEventListener(type: 'fetch', listener: (event: FetchEvent) => void): void;
}

const sw = self as unknown as ServiceWorkerScope;
const files = __ROUNDTRIP_PRECACHE__;
const scope = sw.registration.scope;
// Caches are per origin, not per path: two deployments under sub-paths of one host must not delete
// each other's caches, hence the scope in the name.
const prefix = `roundtrip:${scope}:`;
const cacheName = prefix + __ROUNDTRIP_VERSION__;
const absolute = (file: string): string => new URL(file, sw.location.href).href;
// A precached file is the one answer for its URL: ignore `Vary` (`vite preview` sends `Vary: Origin`,
// and a module script's request carries an Origin header that the precaching request did not).
const exact: CacheQueryOptions = { ignoreVary: true };

async function precache(): Promise<void> {
  const cache = await caches.open(cacheName);
  const toFetch = [...files.other];
  for (const file of files.hashed) {
    const url = absolute(file);
    const kept = await caches.match(url, exact);
    if (kept) await cache.put(url, kept);
    else toFetch.push(file);
  }
  // `cache: 'reload'`: the new version's files from the server, never from the HTTP cache. `priority:
  // 'low'`: installing starts at the page's load, while the page may still be fetching its own
  // chunks (the home page's guides, a lesson's readout); the page's requests go first.
  await cache.addAll(
    toFetch.map((file) => new Request(absolute(file), { cache: 'reload', priority: 'low' })),
  );
}

async function dropOtherVersions(): Promise<void> {
  const names = await caches.keys();
  await Promise.all(
    names.filter((name) => name.startsWith(prefix) && name !== cacheName).map((name) => caches.delete(name)),
  );
}

/** The precached copy of a page: its path without the query, `dir/` read as `dir/index.html`. */
async function cachedPage(request: Request): Promise<Response | undefined> {
  const cache = await caches.open(cacheName);
  const found = await cache.match(request, { ...exact, ignoreSearch: true });
  if (found) return found;
  const url = new URL(request.url);
  return url.pathname.endsWith('/') ? cache.match(new URL('index.html', url).href, exact) : undefined;
}

async function networkFirst(request: Request): Promise<Response> {
  try {
    return await fetch(request);
  } catch (error) {
    const cached = await cachedPage(request);
    if (cached) return cached;
    throw error;
  }
}

async function cacheFirst(request: Request): Promise<Response> {
  const cache = await caches.open(cacheName);
  return (await cache.match(request, exact)) ?? fetch(request);
}

sw.addEventListener('install', (event) => event.waitUntil(precache()));

sw.addEventListener('activate', (event) =>
  event.waitUntil(dropOtherVersions().then(() => sw.clients.claim())),
);

sw.addEventListener('fetch', (event) => {
  const { request } = event;
  // The scope is an absolute URL: other origins and paths outside the app go past untouched.
  if (request.method !== 'GET' || !request.url.startsWith(scope)) return;
  const page = request.mode === 'navigate' || request.destination === 'document';
  event.respondWith(page ? networkFirst(request) : cacheFirst(request));
});
