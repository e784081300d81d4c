/**
 * Measures bench pages one after another, a few seconds each, to compare ways of drawing: e.g.
 *   npx tsx bench/ui/explore.ts 'canvas.html?mode=fill' 'canvas.html?mode=outline' topology.html
 * Uses the bench build `npm run bench:ui` made (node_modules/.cache/bench-ui/bench), or another one
 * given as --out=DIR (to compare a change: build the bench pages of a checkout of the commit before
 * with `npx vite build --config bench/ui/vite.config.ts --outDir DIR`); --seconds=S.
 */
import { existsSync } from 'node:fs';
import { chromium } from '@playwright/test';
import type { FramePage } from './api.ts';
import { BENCH_OUT_DIR } from './vite.config.ts';
import { serveStatic } from './server.ts';
import { median, p95 } from './stats.ts';

const seconds = Number(process.argv.find((a) => a.startsWith('--seconds='))?.split('=')[1] ?? 4);
const out = process.argv.find((a) => a.startsWith('--out='))?.slice('--out='.length) ?? BENCH_OUT_DIR;
const pages = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const { server, origin } = await serveStatic({ '/bench/': `${out}/` });
const browser = await chromium.launch({
  executablePath: [process.env.CHROMIUM_PATH, '/usr/bin/chromium'].find((p) => p && existsSync(p)),
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
});
try {
  for (const url of pages) {
    const page = await browser.newPage({ viewport: { width: 1366, height: 860 } });
    await page.goto(`${origin}/bench/${url}`);
    await page.waitForFunction(() => window.__bench !== undefined);
    await page.evaluate(() => (window.__bench as FramePage).ready());
    const r = await page.evaluate((ms) => (window.__bench as FramePage).measure(ms, 1_000), seconds * 1000);
    console.log(
      `${url.padEnd(40)} work median ${median(r.workMs).toFixed(2).padStart(6)} ms, p95 ${p95(r.workMs).toFixed(2).padStart(6)} ms;` +
        ` interval median ${median(r.intervalsMs).toFixed(1)} ms; ${r.workMs.length} frames ${r.note}`,
    );
    await page.close();
  }
} finally {
  await browser.close();
  server.close();
}
