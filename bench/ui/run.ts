/**
 * `npm run bench:ui`: the UI benchmark. Builds the production app and the bench pages, then, in one
 * headless Chromium run, measures each figure against a reference measured in that same run:
 *
 *  1. frame cost: the app's topology view playing 100 nodes with ~2,000 messages in flight (real
 *     store, real worker) against a bare canvas drawing 2,000 moving dots, in alternating rounds;
 *  2. receiving one frame of message positions from a worker: a transferred Float32Array against the
 *     same numbers as plain objects;
 *  3. the initial JavaScript of the home page and of every lesson page, and the worker's, gzipped;
 *  4. the embed's script (embed.html's one inlined file, worker included), gzipped;
 *  5. Lighthouse's mobile performance score of the home page and of a lesson page, the build served
 *     compressed as a static host would (lighthouse.ts).
 *
 * Prints each figure beside its target with PASS or MISS (a miss does not fail the command: it is a
 * finding). Options: --rounds=N (frame rounds, default 3), --seconds=S (recorded playback per round,
 * default 10), --skip-build (reuse the last build), --only=frames|receive|bundle|embed|lighthouse, --files (each page's files), --lighthouse-runs=N
 * (Lighthouse runs per page, median reported, default 3). Chromium: $CHROMIUM_PATH, /usr/bin/chromium, or
 * Playwright's own. See docs/performance.md, "UI".
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from '@playwright/test';
import { gzipSync } from 'node:zlib';
import { build } from 'vite';
import type { FramePage, FrameRecord, TransferPage, TransferResult } from './api.ts';
import { breakdown, gzipBytes, initialScripts, manifestFiles, type PageScripts } from './bundle.ts';
import { lighthouseScores, type LighthouseFigures } from './lighthouse.ts';
import { serveStatic } from './server.ts';
import { max, median, p95 } from './stats.ts';
import { BENCH_OUT_DIR } from './vite.config.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '../..');
// BENCH_UI_OUT lets two checkouts that share one node_modules (git worktrees) bench side by side.
const CACHE = process.env.BENCH_UI_OUT ?? path.join(repo, 'node_modules/.cache/bench-ui');
const APP_OUT = path.join(CACHE, 'app');

const TARGET = {
  frameP95Ratio: 1.4,
  frameMaxMs: 50,
  receiveRatio: 0.1,
  initialKiB: 145,
  workerKiB: 25,
  embedKiB: 145,
  lighthouseScore: 95,
  // Lighthouse's own "good" marks for a mobile page: LCP 2.5 s, TBT 200 ms; main-thread work 2 s
  // (where its "minimize main-thread work" audit starts to lose points).
  lcpMs: 2_500,
  tbtMs: 200,
  mainThreadMs: 2_000,
};
/** The lesson page Lighthouse scores (src/store/url.ts: `?lesson=<id>`). */
const LIGHTHOUSE_LESSON = 'three-outcomes';

const arg = (name: string, fallback: number): number => {
  const hit = process.argv.find((a) => a.startsWith(`--${name}=`));
  return hit ? Number(hit.split('=')[1]) : fallback;
};
const ROUNDS = arg('rounds', 3);
const SECONDS = arg('seconds', 10);
const WARMUP_MS = 2_000;
/** --files: list each page's files with their sizes. */
const FILES = process.argv.includes('--files');
const ONLY = process.argv.find((a) => a.startsWith('--only='))?.slice('--only='.length);
const part = (name: 'frames' | 'receive' | 'bundle' | 'embed' | 'lighthouse'): boolean =>
  !ONLY || ONLY === name;
const LIGHTHOUSE_RUNS = arg('lighthouse-runs', 3);
/** Positions transfer: rounds of one batch of each kind, and messages per batch. */
const TRANSFER_ROUNDS = 15;
const TRANSFER_BATCH = 100;

const kib = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KiB`;
const ms = (v: number): string => `${v.toFixed(1)} ms`;
const load = (): string =>
  loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');

function chromiumPath(): string | undefined {
  for (const p of [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser']) {
    if (p && existsSync(p)) return p;
  }
  return undefined; // Playwright's own download, if any
}

async function buildAll(): Promise<void> {
  const t0 = performance.now();
  // The app exactly as `npm run build` makes it, plus a manifest (which files are the page's).
  await build({
    root: repo,
    configFile: path.join(repo, 'vite.config.ts'),
    logLevel: 'warn',
    build: {
      outDir: APP_OUT,
      emptyOutDir: true,
      manifest: true,
      reportCompressedSize: false,
      chunkSizeWarningLimit: 10_000,
    },
  });
  await build({ configFile: path.join(here, 'vite.config.ts'), logLevel: 'warn' });
  console.log(`built the app and the bench pages in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
}

// ------------------------------------------------------------------ 1. frames

type FrameResult = FrameRecord & { inFlight: number; note: string };

async function openFramePage(browser: Browser, url: string) {
  const page = await browser.newPage({ viewport: { width: 1366, height: 860 } });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(url);
  await page.waitForFunction(() => window.__bench !== undefined);
  const size = await page.evaluate(() => (window.__bench as FramePage).ready());
  if (errors.length) throw new Error(`${url}: ${errors.join('; ')}`);
  return { page, size };
}

function measureFrames(page: Page): Promise<FrameResult> {
  return page.evaluate(
    ([d, w]) => (window.__bench as FramePage).measure(d!, w!),
    [SECONDS * 1000, WARMUP_MS],
  );
}

interface FrameRun {
  app: FrameResult[];
  bare: FrameResult[];
  size: { width: number; height: number };
}

async function frames(browser: Browser, origin: string): Promise<FrameRun> {
  // One page of each, both kept open; only the one being measured animates.
  const app = await openFramePage(browser, `${origin}/bench/topology.html`);
  const { width, height } = app.size;
  const bare = await openFramePage(browser, `${origin}/bench/canvas.html?w=${width}&h=${height}`);
  const run: FrameRun = { app: [], bare: [], size: app.size };
  for (let r = 0; r < ROUNDS; r++) {
    // ABBA: the order alternates, so warming up or drifting over the run favours neither.
    const order = r % 2 ? (['bare', 'app'] as const) : (['app', 'bare'] as const);
    for (const which of order) {
      const page = which === 'app' ? app.page : bare.page;
      await page.bringToFront();
      run[which].push(await measureFrames(page));
    }
  }
  await app.page.close();
  await bare.page.close();
  return run;
}

// ------------------------------------------------------------------ 2. receiving positions

async function receive(browser: Browser, origin: string): Promise<TransferResult> {
  const page = await browser.newPage();
  await page.goto(`${origin}/bench/transfer.html`);
  await page.waitForFunction(() => window.__bench !== undefined);
  const result = await page.evaluate(
    ([r, n]) => (window.__bench as TransferPage).run(r!, n!),
    [TRANSFER_ROUNDS, TRANSFER_BATCH],
  );
  await page.close();
  return result;
}

// ------------------------------------------------------------------ 3. initial JavaScript

function lessonIds(): string[] {
  return readdirSync(path.join(repo, 'lessons'), { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(path.join(repo, 'lessons', d.name, 'lesson.ts')))
    .map((d) => d.name)
    .sort();
}

async function initial(browser: Browser, origin: string): Promise<PageScripts[]> {
  const appFiles = manifestFiles(APP_OUT);
  const pages = [await initialScripts(browser, `${origin}/app/`, 'home', 'a.lesson-link', '/app/', appFiles)];
  for (const id of lessonIds()) {
    const url = `${origin}/app/?lesson=${id}`;
    pages.push(await initialScripts(browser, url, id, '.toolbar button.play:enabled', '/app/', appFiles));
  }
  return pages;
}

// ------------------------------------------------------------------ the report

const sizeOf = (files: string[]): number => files.reduce((s, f) => s + gzipBytes(path.join(APP_OUT, f)), 0);

function frameReport(f: FrameRun): { p95Ratio: number; longestMs: number } {
  const pool = (recs: FrameResult[], key: 'workMs' | 'intervalsMs') => recs.flatMap((r) => r[key]);
  console.log(
    `\n1. Frames, ${ROUNDS} rounds × ${SECONDS} s each (after ${WARMUP_MS / 1000} s warm-up), canvas ${f.size.width} × ${f.size.height} px`,
  );
  console.log(`   ${''.padEnd(44)}${'median'.padStart(8)}${'p95'.padStart(8)}${'max'.padStart(8)}  frames`);
  for (const [name, recs] of [
    ['topology view, 100 nodes: work per frame', f.app],
    ['  frame interval', f.app],
    ['bare canvas, 2,000 dots: work per frame', f.bare],
    ['  frame interval', f.bare],
  ] as const) {
    const v = pool(recs, name.includes('interval') ? 'intervalsMs' : 'workMs');
    const cells = [median(v), p95(v), max(v)].map((x) => x.toFixed(1).padStart(8)).join('');
    console.log(`   ${name.padEnd(44)}${cells}  ${name.includes('interval') ? '' : v.length}`);
  }
  const perRound = f.app.map((r, i) => p95(r.workMs) / p95(f.bare[i]!.workMs));
  console.log(`   p95 ratio by round: ${perRound.map((r) => r.toFixed(2)).join(', ')}`);
  for (const [name, recs] of [
    ['topology', f.app],
    ['bare canvas', f.bare],
  ] as const) {
    const long = recs.flatMap((r) => r.longTasksMs);
    const over = pool(recs, 'intervalsMs').filter((v) => v > TARGET.frameMaxMs).length;
    console.log(
      `   ${name}: ${over} frame intervals over ${TARGET.frameMaxMs} ms; long tasks: ${long.length ? long.map((v) => v.toFixed(0)).join(', ') : 'none'}`,
    );
  }
  for (const [i, r] of f.app.entries())
    console.log(`   round ${i + 1}: ${r.inFlight} in flight at the end; ${r.note}`);
  const appWork = pool(f.app, 'workMs');
  return {
    p95Ratio: p95(appWork) / p95(pool(f.bare, 'workMs')),
    longestMs: Math.max(max(pool(f.app, 'intervalsMs')), max(appWork)),
  };
}

function receiveReport(t: TransferResult): number {
  const records = t.bytesPerMessage / 20;
  console.log(
    `\n2. Receiving one frame of positions (${records} messages; ${kib(t.bytesPerMessage)} as floats), main thread, median of ${t.typedMs.length} batches of ${t.messages}:` +
      `\n   transferred Float32Array ${median(t.typedMs).toFixed(3).padStart(6)} ms  (batches ${Math.min(...t.typedMs).toFixed(3)}–${Math.max(...t.typedMs).toFixed(3)} ms)` +
      `\n   plain objects, cloned    ${median(t.objectsMs).toFixed(3).padStart(6)} ms  (batches ${Math.min(...t.objectsMs).toFixed(3)}–${Math.max(...t.objectsMs).toFixed(3)} ms)`,
  );
  return median(t.typedMs) / median(t.objectsMs);
}

function bundleReport(pages: PageScripts[]): { home: number; worst: PageScripts; workerEntry: number } {
  console.log('\n3. Initial JavaScript, gzip: what a page asks for before its first interactive frame');
  const isEntry = (f: string) => /sim\.worker-/.test(f);
  for (const p of pages) {
    const worker = p.worker.length
      ? `   worker ${kib(sizeOf(p.worker.filter(isEntry)))} + ${kib(sizeOf(p.worker.filter((f) => !isEntry(f))))} for the lesson`
      : '';
    console.log(
      `   ${p.name.padEnd(20)} ${kib(sizeOf(p.page)).padStart(10)} in ${p.page.length} files${worker}`,
    );
    if (FILES) for (const f of p.page) console.log(`      ${kib(sizeOf([f])).padStart(10)}  ${f}`);
  }
  const lessonPages = pages.filter((p) => p.name !== 'home');
  const worst = lessonPages.reduce((a, b) => (sizeOf(b.page) > sizeOf(a.page) ? b : a));
  const home = pages.find((p) => p.name === 'home')!;
  const later = [...new Set(pages.flatMap((p) => p.later))];
  if (later.length) console.log(`   asked for only after the first interactive frame: ${later.join(' ')}`);
  const sw = [...new Set(pages.flatMap((p) => p.serviceWorker))];
  if (sw.length) {
    const most = pages.reduce((a, b) => (b.precached > a.precached ? b : a));
    console.log(
      `   not counted: the service worker ${sw.join(' ')} (${kib(sizeOf(sw))}) and the ${most.precached} files it fetches to precache` +
        ` (on ${most.name}, ${most.precachedEarly} of them before the first interactive frame)`,
    );
  }

  // What fills the largest lesson page's scripts and the worker's, by source.
  const workerFiles = [...new Set(pages.flatMap((p) => p.worker))];
  console.log(
    '\n   What fills them (minified bytes by source, from the source maps; gzip share in proportion):',
  );
  const owners = new Map<string, { raw: number; gz: number }>();
  for (const file of worst.page) {
    const parts = breakdown(path.join(APP_OUT, file));
    const total = parts.reduce((s, [, b]) => s + b, 0);
    const gz = gzipBytes(path.join(APP_OUT, file));
    for (const [owner, b] of parts) {
      const o = owners.get(owner) ?? { raw: 0, gz: 0 };
      o.raw += b;
      o.gz += (gz * b) / total;
      owners.set(owner, o);
    }
  }
  console.log(`   lesson page ${worst.name} (${kib(sizeOf(worst.page))}):`);
  for (const [owner, o] of [...owners].sort((a, b) => b[1].raw - a[1].raw).slice(0, 16)) {
    console.log(`     ${kib(o.raw).padStart(10)}  ≈${kib(o.gz).padStart(9)} gz  ${owner}`);
  }
  for (const file of workerFiles.filter(isEntry)) {
    const parts = breakdown(path.join(APP_OUT, file));
    console.log(`   worker ${file} (${kib(sizeOf([file]))}):`);
    for (const [owner, b] of parts.slice(0, 8)) console.log(`     ${kib(b).padStart(10)}  ${owner}`);
  }
  return {
    home: sizeOf(home.page),
    worst,
    workerEntry: Math.max(0, ...pages.map((p) => sizeOf(p.worker.filter(isEntry)))),
  };
}

// ------------------------------------------------------------------ 4. the embed's script

interface EmbedFigures {
  file: string;
  gzip: number;
  raw: number;
  /** The inline worker's source (a string in the script), minified bytes and gzipped alone. */
  workerRaw: number;
  workerGzip: number;
}

function embed(): EmbedFigures {
  const html = readFileSync(path.join(APP_OUT, 'embed.html'), 'utf8');
  const file = /<script defer src="\.\/([^"]+)"/.exec(html)?.[1];
  if (!file) throw new Error('embed.html names no script');
  const code = readFileSync(path.join(APP_OUT, file), 'utf8');
  // Vite inlines the worker as one string literal, the longest in the file.
  const strings = code.match(/'(?:[^'\\\n]|\\.){10000,}'/g) ?? [];
  const worker = strings.reduce((a, b) => (b.length > a.length ? b : a), '');
  const gz = (s: string) => gzipSync(Buffer.from(s)).length;
  return {
    file,
    gzip: gzipBytes(path.join(APP_OUT, file)),
    raw: code.length,
    workerRaw: worker.length,
    workerGzip: worker ? gz(worker) : 0,
  };
}

function embedReport(e: EmbedFigures): void {
  console.log(
    `\n4. The embed's script ${e.file}: ${kib(e.raw)} minified, ${kib(e.gzip)} gzip;` +
      ` of it the inline worker ${kib(e.workerRaw)} (${kib(e.workerGzip)} gzipped alone)`,
  );
}

// ------------------------------------------------------------------ 5. Lighthouse

async function lighthousePages(): Promise<{ name: string; figures: LighthouseFigures }[]> {
  const { server, origin } = await serveStatic({ '/app/': `${APP_OUT}/` }, { compress: true });
  try {
    const pages = [
      { name: 'home', url: `${origin}/app/` },
      { name: `lesson ${LIGHTHOUSE_LESSON}`, url: `${origin}/app/?lesson=${LIGHTHOUSE_LESSON}` },
    ];
    const figures = await lighthouseScores(
      pages.map((p) => p.url),
      chromiumPath(),
      LIGHTHOUSE_RUNS,
    );
    return pages.map((p, i) => ({ name: p.name, figures: figures[i]! }));
  } finally {
    server.close();
  }
}

function lighthouseReport(pages: { name: string; figures: LighthouseFigures }[]): void {
  console.log(
    `\n5. Lighthouse ${'mobile'} performance, served compressed (brotli), median of ${LIGHTHOUSE_RUNS} runs per page`,
  );
  for (const { name, figures: f } of pages) {
    console.log(
      `   ${name.padEnd(22)} score ${String(f.score).padStart(3)} (runs ${f.scores.join(', ')})  FCP ${(f.fcpMs / 1000).toFixed(1)} s` +
        `  LCP ${(f.lcpMs / 1000).toFixed(1)} s  TBT ${f.tbtMs.toFixed(0)} ms  CLS ${f.cls.toFixed(3)}` +
        `  SI ${(f.speedIndexMs / 1000).toFixed(1)} s  main thread ${(f.mainThreadMs / 1000).toFixed(1)} s  JS ${(f.bootupMs / 1000).toFixed(1)} s`,
    );
  }
}

async function main(): Promise<void> {
  if (!process.argv.includes('--skip-build')) await buildAll();
  const { server, origin } = await serveStatic({ '/app/': `${APP_OUT}/`, '/bench/': `${BENCH_OUT_DIR}/` });
  const browser = await chromium.launch({
    executablePath: chromiumPath(),
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  console.log(`Chromium ${browser.version()}; load average before: ${load()}`);
  try {
    const f = part('frames') ? await frames(browser, origin) : null;
    const t = part('receive') ? await receive(browser, origin) : null;
    const pages = part('bundle') ? await initial(browser, origin) : null;
    console.log(`load average after: ${load()}`);
    const e = part('embed') ? embed() : null;
    // Lighthouse launches its own Chromium: after the measurements above, so the two never overlap.
    const lh = part('lighthouse') ? await lighthousePages() : null;

    const rows: [string, string, string, boolean][] = [];
    if (f) {
      const fr = frameReport(f);
      rows.push(
        [
          'frame p95, topology ÷ bare canvas',
          `${fr.p95Ratio.toFixed(2)}x`,
          `≤ ${TARGET.frameP95Ratio}x`,
          fr.p95Ratio <= TARGET.frameP95Ratio,
        ],
        [
          `longest frame in ${ROUNDS} × ${SECONDS} s of playback`,
          ms(fr.longestMs),
          `≤ ${TARGET.frameMaxMs} ms`,
          fr.longestMs <= TARGET.frameMaxMs,
        ],
      );
    }
    if (t) {
      const receiveRatio = receiveReport(t);
      rows.push([
        'receive positions, Float32Array ÷ objects',
        `${receiveRatio.toFixed(3)}x`,
        `≤ ${TARGET.receiveRatio}x`,
        receiveRatio <= TARGET.receiveRatio,
      ]);
    }
    if (pages) {
      const b = bundleReport(pages);
      const worst = sizeOf(b.worst.page);
      rows.push(
        [
          'initial JS, home page',
          kib(b.home),
          `≤ ${TARGET.initialKiB} KiB`,
          b.home <= TARGET.initialKiB * 1024,
        ],
        [
          `initial JS, largest lesson page (${b.worst.name})`,
          kib(worst),
          `≤ ${TARGET.initialKiB} KiB`,
          worst <= TARGET.initialKiB * 1024,
        ],
        [
          'worker chunk',
          kib(b.workerEntry),
          `≤ ${TARGET.workerKiB} KiB`,
          b.workerEntry <= TARGET.workerKiB * 1024,
        ],
      );
    }

    if (e) {
      embedReport(e);
      rows.push([
        'embed script (embed.html)',
        kib(e.gzip),
        `≤ ${TARGET.embedKiB} KiB`,
        e.gzip <= TARGET.embedKiB * 1024,
      ]);
    }
    if (lh) {
      lighthouseReport(lh);
      for (const { name, figures: f } of lh) {
        rows.push(
          [
            `Lighthouse mobile score, ${name}`,
            String(f.score),
            `≥ ${TARGET.lighthouseScore}`,
            f.score >= TARGET.lighthouseScore,
          ],
          [
            `  largest contentful paint`,
            `${(f.lcpMs / 1000).toFixed(2)} s`,
            `≤ ${TARGET.lcpMs / 1000} s`,
            f.lcpMs <= TARGET.lcpMs,
          ],
          [`  total blocking time`, ms(f.tbtMs), `≤ ${TARGET.tbtMs} ms`, f.tbtMs <= TARGET.tbtMs],
          [
            `  main-thread work`,
            `${(f.mainThreadMs / 1000).toFixed(2)} s`,
            `≤ ${TARGET.mainThreadMs / 1000} s`,
            f.mainThreadMs <= TARGET.mainThreadMs,
          ],
        );
      }
    }

    console.log('\nResults');
    for (const [what, value, target, ok] of rows) {
      console.log(
        `   ${what.padEnd(50)} ${value.padStart(10)}   target ${target.padEnd(10)} ${ok ? 'PASS' : 'MISS'}`,
      );
    }
    const missed = rows.filter((r) => !r[3]).length;
    console.log(missed ? `\n${missed} of ${rows.length} targets missed.` : '\nAll targets met.');
  } finally {
    await browser.close();
    server.close();
  }
}

await main();
