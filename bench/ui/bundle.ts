/**
 * The initial JavaScript of the production build: every script a page asks for before its first
 * interactive frame (the home page's lesson links shown; a lesson page's Play button enabled, which
 * needs the worker to have loaded the run). Sizes are each file gzipped with node:zlib (default
 * level, as a static host compresses). Scripts of the app's own bundle (in its Vite manifest) are the
 * page's; any other script is the worker's (its bundle is built apart). A service worker's traffic
 * (its own script, and what it precaches for offline use once the page has loaded) is set apart:
 * the page does not wait for it. A source-map breakdown says what fills a file.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Browser } from '@playwright/test';

export interface PageScripts {
  name: string;
  /** Build files the page asked for before it was interactive, in request order. */
  page: string[];
  /** Build files of the worker's bundle (its entry first, then what it imported). */
  worker: string[];
  /** Build files of the app's bundle asked for only after the page was interactive. */
  later: string[];
  /**
   * The service worker's script, if one registered, and how many files it fetched itself, in all and
   * before the page was interactive.
   */
  serviceWorker: string[];
  precached: number;
  precachedEarly: number;
}

export const gzipBytes = (file: string): number => gzipSync(readFileSync(file)).length;

/** Files of the app's own bundle, from the Vite manifest of a build made with `build.manifest`. */
export function manifestFiles(outDir: string): Set<string> {
  const manifest = JSON.parse(readFileSync(path.join(outDir, '.vite/manifest.json'), 'utf8')) as Record<
    string,
    { file: string }
  >;
  return new Set(Object.values(manifest).map((c) => c.file));
}

export async function initialScripts(
  browser: Browser,
  url: string,
  name: string,
  interactive: string,
  buildPrefix: string,
  appFiles: Set<string>,
): Promise<PageScripts> {
  const context = await browser.newContext({ viewport: { width: 1366, height: 860 } });
  // The moment the page is interactive, by the page's own clock (epoch ms): a mutation observer
  // notes when `interactive` first matches. Requests are judged by the browser's own start times
  // against it, so nothing depends on how quickly this process hears of either.
  // (A string, not a function: tsx would wrap the function's inner names in a helper the page lacks.)
  await context.addInitScript({
    content: `new MutationObserver(() => {
      if (window.__interactiveAt === undefined && document.querySelector(${JSON.stringify(interactive)}))
        window.__interactiveAt = performance.timeOrigin + performance.now();
    }).observe(document, { subtree: true, childList: true, attributes: true });`,
  });
  const page = await context.newPage();
  const requested: { file: string; startedAt: number }[] = [];
  const serviceWorker = new Set<string>();
  const precachedAt: number[] = [];
  context.on('requestfinished', (request) => {
    const u = new URL(request.url());
    if (!u.pathname.startsWith(buildPrefix)) return;
    const file = u.pathname.slice(buildPrefix.length);
    const startedAt = request.timing().startTime;
    // Chromium files the service worker's own script under the worker too; what it fetches is fetch().
    if (request.serviceWorker()) {
      if (request.resourceType() === 'script') serviceWorker.add(file);
      else precachedAt.push(startedAt);
    } else if (file.endsWith('.js')) requested.push({ file, startedAt });
  });
  await page.goto(url);
  await page.locator(interactive).first().waitFor({ state: 'visible', timeout: 30_000 });
  await page.waitForLoadState('networkidle');
  const interactiveAt = await page.evaluate(
    () => (window as unknown as { __interactiveAt?: number }).__interactiveAt ?? Infinity,
  );
  await context.close();
  const withEarly = requested.map((r) => ({ file: r.file, early: r.startedAt < interactiveAt }));
  const precached = precachedAt.length;
  const precachedEarly = precachedAt.filter((t) => t < interactiveAt).length;
  const files = (keep: (r: { file: string; early: boolean }) => boolean) => [
    ...new Set(withEarly.filter(keep).map((r) => r.file)),
  ];
  return {
    name,
    page: files((r) => r.early && appFiles.has(r.file)),
    worker: files((r) => !appFiles.has(r.file)),
    later: files((r) => !r.early && appFiles.has(r.file)),
    serviceWorker: [...serviceWorker],
    precached,
    precachedEarly,
  };
}

// ------------------------------------------------------------------ what fills a file

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const DIGIT = new Map([...B64].map((c, i) => [c, i]));

function decodeVlq(segment: string): number[] {
  const out: number[] = [];
  let value = 0;
  let shift = 0;
  for (const c of segment) {
    const d = DIGIT.get(c) ?? 0;
    value += (d & 31) << shift;
    if (d & 32) shift += 5;
    else {
      out.push(value & 1 ? -(value >>> 1) : value >>> 1);
      value = 0;
      shift = 0;
    }
  }
  return out;
}

/** Where a source belongs: an npm package, or a folder of the project (src/views/player, lessons/saga). */
export function ownerOf(source: string): string {
  const nm = source.lastIndexOf('node_modules/');
  if (nm >= 0) {
    const parts = source.slice(nm + 'node_modules/'.length).split('/');
    return parts[0]!.startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0]!;
  }
  const rel = source.replace(/^(\.\.\/)+/, '').replace(/^.*?\b(src|lessons)\//, '$1/');
  const parts = rel.split('/');
  return parts.slice(0, Math.min(parts.length - 1, rel.startsWith('src/views/') ? 3 : 2)).join('/') || rel;
}

/**
 * Minified bytes of a built file by owner, from its source map (code no mapping claims counts as
 * "(bundler)"). Returns [owner, bytes] sorted largest first.
 */
export function breakdown(file: string): [string, number][] {
  const code = readFileSync(file, 'utf8');
  let map: { sources: string[]; mappings: string };
  try {
    map = JSON.parse(readFileSync(`${file}.map`, 'utf8'));
  } catch {
    return [[path.basename(file), code.length]];
  }
  const lines = code.split('\n');
  const bytes = new Map<string, number>();
  let source = 0;
  map.mappings.split(';').forEach((line, li) => {
    const text = lines[li] ?? '';
    const segments: [number, number][] = [];
    let col = 0;
    for (const s of line ? line.split(',') : []) {
      const d = decodeVlq(s);
      col += d[0]!;
      if (d.length > 1) source += d[1]!;
      segments.push([col, d.length > 1 ? source : -1]);
    }
    const add = (owner: string, n: number) => bytes.set(owner, (bytes.get(owner) ?? 0) + n);
    add('(bundler)', segments.length ? segments[0]![0] : text.length);
    segments.forEach(([c, s], i) => {
      const end = i + 1 < segments.length ? segments[i + 1]![0] : text.length;
      add(s < 0 ? '(bundler)' : ownerOf(map.sources[s] ?? ''), end - c);
    });
  });
  return [...bytes].filter(([, b]) => b > 0).sort((a, b) => b[1] - a[1]);
}
