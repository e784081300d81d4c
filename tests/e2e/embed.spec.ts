/**
 * Share and embed: the embed route in sandboxed iframes, the host-page API (commands and events),
 * embed.js, a build served under a sub-path, share links and scenario import.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Frame, Page } from '@playwright/test';
import { test, expect, ARTIFACTS, RoundtripPage, framesPass } from './fixtures.ts';
import type { RoundtripTestApi } from '../../src/test-api.ts';

interface HostEntry {
  frame: string;
  data: { type: string; [k: string]: unknown };
}

const hostLog = (page: Page): Promise<HostEntry[]> =>
  page.evaluate(() => (window as unknown as { hostLog: HostEntry[] }).hostLog);
const eventsOf = async (page: Page, frame: string, type: string) =>
  (await hostLog(page)).filter((e) => e.frame === frame && e.data.type === type).map((e) => e.data);
const send = (page: Page, frameId: string, message: unknown) =>
  page.evaluate(
    ([id, msg]) =>
      (document.getElementById(id as string) as HTMLIFrameElement).contentWindow!.postMessage(msg, '*'),
    [frameId, message] as const,
  );

/** The embed's store, read through the test API inside the (sandboxed) frame. */
async function frameState(frame: Frame) {
  await frame.waitForFunction(() => '__roundtrip' in window);
  return frame.evaluate(() => {
    const s = (window as unknown as { __roundtrip: RoundtripTestApi }).__roundtrip.state();
    return {
      status: s.status,
      playing: s.playing,
      cursor: s.cursor,
      lessonId: s.run?.lessonId,
      seed: s.run?.seed,
      params: s.run?.params,
      interventions: s.run?.interventions ?? [],
    };
  });
}

/**
 * A screenshot of the whole page, iframes included: Chromium paints frame content only inside the
 * viewport, so the viewport is stretched to the page's height first (then put back).
 */
async function fullShot(page: Page, name: string): Promise<void> {
  const size = page.viewportSize()!;
  await page.evaluate(() => document.fonts.ready);
  await framesPass(page);
  const height = await page.evaluate(() => document.documentElement.scrollHeight);
  await page.setViewportSize({ width: size.width, height: Math.max(size.height, height) });
  // The frames lay out again at the new size (and report their heights) before the picture.
  await framesPass(page, 4);
  await page.screenshot({ path: `${ARTIFACTS}/${name}.png`, fullPage: true });
  await page.setViewportSize(size);
}

async function embedFrame(page: Page, id: string): Promise<Frame> {
  const handle = await page.locator(`iframe#${id}`).elementHandle();
  const frame = await handle!.contentFrame();
  if (!frame) throw new Error(`no frame ${id}`);
  return frame;
}

test.describe('the example host page', () => {
  test('embeds two lessons side by side, drives one through the API and hears its events', async ({
    app,
    page,
  }) => {
    const requests: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    await page.goto('./examples/host.html');
    await expect.poll(async () => (await eventsOf(page, 'left', 'roundtrip:ready')).length).toBe(1);
    await expect.poll(async () => (await eventsOf(page, 'right', 'roundtrip:ready')).length).toBe(1);
    const [ready] = await eventsOf(page, 'left', 'roundtrip:ready');
    expect(ready).toMatchObject({
      version: 1,
      lesson: 'three-outcomes',
      seed: 7,
      nodes: ['client', 'server'],
      id: 'left',
    });
    expect((ready!.commands as string[]).sort()).toContain('roundtrip:intervene');

    // The frames told the page their height, and the page sized them.
    await expect
      .poll(async () => (await eventsOf(page, 'left', 'roundtrip:resize')).length)
      .toBeGreaterThan(0);
    const leftHeight = await page.locator('iframe#left').evaluate((f) => f.getBoundingClientRect().height);
    const reported = (await eventsOf(page, 'left', 'roundtrip:resize')).at(-1)!.height as number;
    expect(Math.abs(leftHeight - reported)).toBeLessThan(2);

    const left = await embedFrame(page, 'left');
    const right = await embedFrame(page, 'right');
    // Sandboxed: an opaque origin, and yet the worker runs and storage does not throw.
    expect(await left.evaluate(() => window.origin)).toBe('null');
    expect(await left.evaluate(() => localStorage.getItem('anything'))).toBeNull();

    // A step's challenge met through the API: make the server answer with an error, then seek on.
    await send(page, 'left', {
      type: 'roundtrip:intervene',
      intervention: { at: 100, kind: 'signal', node: 'server', signal: 'error-next' },
    });
    await expect.poll(async () => (await frameState(left)).interventions.length).toBe(1);
    await send(page, 'left', { type: 'roundtrip:seek', t: 4000 });
    await expect.poll(async () => Math.round((await frameState(left)).cursor)).toBe(4000);
    await expect
      .poll(async () => (await eventsOf(page, 'left', 'roundtrip:outcome')).length)
      .toBeGreaterThan(0);
    const outcomes = await eventsOf(page, 'left', 'roundtrip:outcome');
    expect(outcomes.some((o) => o.result === 'failure')).toBe(true);
    for (const o of outcomes) expect(typeof o.applied).toBe('boolean');
    await expect
      .poll(async () => (await eventsOf(page, 'left', 'roundtrip:challenge')).map((c) => c.step))
      .toContain('failure');

    // Play and pause.
    await send(page, 'left', { type: 'roundtrip:play' });
    await expect.poll(async () => (await frameState(left)).cursor).toBeGreaterThan(4100);
    await send(page, 'left', { type: 'roundtrip:pause' });
    await expect.poll(async () => (await frameState(left)).playing).toBe(false);

    // A parameter, and an intervention at the moment shown.
    await send(page, 'left', { type: 'roundtrip:setParam', name: 'responseLoss', value: 0.5 });
    await expect.poll(async () => (await frameState(left)).params?.responseLoss).toBe(0.5);
    await send(page, 'left', {
      type: 'roundtrip:intervene',
      intervention: { kind: 'crash', node: 'server' },
    });
    await expect
      .poll(async () => (await frameState(left)).interventions.map((i) => i.kind))
      .toEqual(['signal', 'crash']);

    // Reset goes back to the start; the other frame was never touched.
    await send(page, 'left', { type: 'roundtrip:reset' });
    await expect.poll(async () => (await frameState(left)).cursor).toBe(0);
    const r = await frameState(right);
    expect(r).toMatchObject({ lessonId: 'idempotency', cursor: 0, playing: false, interventions: [] });

    // No request left the origin.
    const origin = new URL(page.url()).origin;
    expect(
      requests.filter((u) => !u.startsWith(origin) && !u.startsWith('blob:') && !u.startsWith('data:')),
    ).toEqual([]);
    await fullShot(page, 'embed-host-page');
    void app;
  });

  test('a malformed message is ignored with a console warning and a roundtrip:error, and never throws', async ({
    app,
    page,
  }) => {
    const warnings: string[] = [];
    page.on('console', (m) => m.type() === 'warning' && warnings.push(m.text()));
    await page.goto('./examples/host.html');
    await expect.poll(async () => (await eventsOf(page, 'left', 'roundtrip:ready')).length).toBe(1);
    const left = await embedFrame(page, 'left');
    for (const bad of [
      { type: 'roundtrip:seek', t: 'soon' },
      { type: 'roundtrip:fly' },
      { type: 'roundtrip:play', speed: 3 },
      { type: 'roundtrip:intervene', intervention: { kind: 'crash', node: 'mars' } },
      { type: 'roundtrip:setParam', name: 'deadline', value: 'banana' },
    ]) {
      await send(page, 'left', bad);
    }
    // Not ours at all: ignored without a word.
    await send(page, 'left', 'hello');
    await send(page, 'left', { type: 'webpackOk' });
    await expect.poll(async () => (await eventsOf(page, 'left', 'roundtrip:error')).length).toBe(5);
    const errors = (await eventsOf(page, 'left', 'roundtrip:error')).map((e) => e.message as string);
    expect(errors[0]).toMatch(/roundtrip:seek: "t" expected number, got "soon"/);
    expect(errors[1]).toMatch(/"roundtrip:fly" is not a command/);
    expect(errors[2]).toMatch(/unknown field "speed"/);
    expect(errors[3]).toMatch(/"node" must be one of client, server/);
    expect(errors[4]).toMatch(/deadlineMs must be/);
    expect(warnings.filter((w) => w.startsWith('Roundtrip: ignored a message'))).toHaveLength(5);
    const s = await frameState(left);
    expect(s).toMatchObject({ status: 'ready', playing: false, cursor: 0, interventions: [] });
    // And it still obeys a good one.
    await send(page, 'left', { type: 'roundtrip:seek', t: 1500 });
    await expect.poll(async () => Math.round((await frameState(left)).cursor)).toBe(1500);
    void app;
  });

  test('allowedOrigins: commands from any other origin are ignored', async ({ app, page }) => {
    const warnings: string[] = [];
    page.on('console', (m) => m.type() === 'warning' && warnings.push(m.text()));
    await page.goto('./examples/host.html');
    await page.evaluate(() => {
      const f = document.createElement('iframe');
      f.id = 'locked';
      f.setAttribute('sandbox', 'allow-scripts');
      f.src = '../embed.html?lesson=three-outcomes&allowedOrigins=https://blog.example';
      document.body.appendChild(f);
    });
    const locked = await embedFrame(page, 'locked');
    await expect.poll(async () => (await frameState(locked)).status).toBe('ready');
    await send(page, 'locked', { type: 'roundtrip:seek', t: 2000 });
    await expect.poll(() => warnings.some((w) => w.includes('not in allowedOrigins'))).toBe(true);
    expect((await frameState(locked)).cursor).toBe(0);
    // Its events go only to https://blog.example, so this page hears none of them.
    expect(await eventsOf(page, 'locked', 'roundtrip:ready')).toEqual([]);
    void app;
  });
});

test('embed.js turns a data-roundtrip element into a sized, sandboxed iframe and relays its events', async ({
  app,
  page,
}) => {
  // The loader re-dispatches each frame's events on its element; they bubble to the document.
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { seen: string[] }).seen = seen;
    for (const type of ['roundtrip:ready', 'roundtrip:resize'])
      document.addEventListener(type, (e) =>
        seen.push(`${(e.target as Element).id} ${(e as CustomEvent).detail.type}`),
      );
  });
  await page.goto('./examples/blog.html');
  const iframe = page.locator('#fig-1 iframe');
  await expect(iframe).toHaveAttribute('sandbox', /allow-scripts/);
  const src = await iframe.getAttribute('src');
  expect(src).toMatch(
    /embed\.html\?lesson=three-outcomes&seed=7&views=topology%2Ccalls&steps=1&id=fig-1&allowedOrigins=http/,
  );
  await expect
    .poll(() => page.evaluate(() => (window as unknown as { seen: string[] }).seen))
    .toContain('fig-1 roundtrip:ready');
  await expect.poll(async () => (await iframe.boundingBox())!.height).not.toBe(480);
  // Commands through the loader's helper (the frame allows this page's origin).
  await page.evaluate(() =>
    (window as unknown as { Roundtrip: { send(el: Element, m: unknown): boolean } }).Roundtrip.send(
      document.getElementById('fig-1')!,
      {
        type: 'roundtrip:seek',
        t: 2500,
      },
    ),
  );
  const frame = (await iframe.elementHandle())!.contentFrame();
  await expect.poll(async () => Math.round((await frameState((await frame)!)).cursor)).toBe(2500);
  await fullShot(page, 'embed-blog-desktop');
  await page.setViewportSize({ width: 390, height: 844 });
  await expect.poll(async () => (await iframe.boundingBox())!.width).toBeLessThanOrEqual(390);
  await fullShot(page, 'embed-blog-390');
  // Nothing is wider than the phone.
  const overflow = await (await frame)!.evaluate(
    () => document.documentElement.scrollWidth - window.innerWidth,
  );
  expect(overflow).toBeLessThanOrEqual(0);
  void app;
});

test('the embed page alone: dark theme, chosen views, steps, start paused at a moment', async ({
  app,
  page,
}) => {
  await page.setViewportSize({ width: 720, height: 900 });
  await page.goto(
    './embed.html?lesson=three-outcomes&seed=7&t=2500&views=topology,spacetime&steps=1&theme=dark',
  );
  await app.waitReady();
  expect(Math.round((await app.summary()).cursor)).toBe(2500);
  expect((await app.summary()).playing).toBe(false);
  await expect(page.locator('[data-view]')).toHaveCount(2);
  await expect(page.getByRole('heading', { name: 'Try this' })).toBeVisible();
  await fullShot(page, 'embed-dark-720');
  await page.goto('./embed.html?lesson=three-outcomes&autoplay=1&views=bogus,calls');
  await app.waitReady();
  await expect.poll(async () => (await app.summary()).cursor).toBeGreaterThan(200);
  await expect(page.getByText(/Unknown view "bogus"/)).toBeVisible();
});

test.describe('a build served under a sub-path', () => {
  let dir = '';
  let server: Server;
  const served: { path: string; status: number }[] = [];
  const port = 4183;

  test.beforeAll(async () => {
    test.setTimeout(180_000);
    dir = mkdtempSync(path.join(tmpdir(), 'roundtrip-subpath-'));
    execFileSync(
      'npx',
      ['vite', 'build', '--mode', 'e2e', '--outDir', dir, '--emptyOutDir', '--logLevel', 'error'],
      { stdio: 'pipe' },
    );
    const types: Record<string, string> = {
      '.html': 'text/html',
      '.js': 'text/javascript',
      '.css': 'text/css',
      '.svg': 'image/svg+xml',
      '.json': 'application/json',
    };
    server = createServer((req, res) => {
      const pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
      const file = pathname.startsWith('/roundtrip/')
        ? path.join(dir, pathname.slice('/roundtrip/'.length) || 'index.html')
        : '';
      let ok: boolean;
      try {
        ok = file.startsWith(dir) && statSync(file).isFile();
      } catch {
        ok = false;
      }
      served.push({ path: pathname, status: ok ? 200 : 404 });
      if (!ok) {
        res.writeHead(404).end();
        return;
      }
      res
        .writeHead(200, { 'content-type': types[path.extname(file)] ?? 'application/octet-stream' })
        .end(readFileSync(file));
    });
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  });
  test.afterAll(async () => {
    await new Promise<void>((resolve) => server?.close(() => resolve()));
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test('the app, the embed and the example host load with their worker from /roundtrip/', async ({
    app,
    page,
  }) => {
    const base = `http://127.0.0.1:${port}/roundtrip/`;
    await page.goto(`${base}?lesson=three-outcomes&seed=7`);
    await app.waitReady();
    await page.goto(`${base}embed.html?lesson=idempotency&views=spacetime,log`);
    await app.waitReady();
    await page.goto(`${base}examples/host.html`);
    await expect
      .poll(async () => (await hostLog(page)).filter((e) => e.data.type === 'roundtrip:ready').length)
      .toBe(2);
    await page.goto(`${base}examples/blog.html`);
    await expect(page.locator('#fig-1 iframe')).toHaveAttribute('src', new RegExp(`^${base}embed\\.html\\?`));
    const misses = served.filter((s) => s.status !== 200 && !s.path.endsWith('favicon.ico'));
    expect(misses).toEqual([]);
    expect(served.every((s) => s.path.startsWith('/roundtrip/') || s.path === '/favicon.ico')).toBe(true);
  });
});

test.describe('share links and scenario files', () => {
  test('a share link reopens the same lesson, seed, parameters, interventions and moment', async ({
    app,
    page,
    context,
  }) => {
    await app.open('?lesson=three-outcomes&seed=7');
    await page.evaluate(() => {
      const s = (window as unknown as { __roundtrip: RoundtripTestApi }).__roundtrip.state();
      s.setParam('deadlineMs', 600);
    });
    await app.waitReady();
    await page.evaluate(() => {
      const s = (window as unknown as { __roundtrip: RoundtripTestApi }).__roundtrip.state();
      s.seek(1500);
      s.intervene({ at: 1500, kind: 'crash', node: 'server' } as Parameters<typeof s.intervene>[0]);
      s.seek(2600);
    });
    const share = page.getByRole('group', { name: 'Share and save' }).getByRole('button', { name: 'Share' });
    let link: string;
    if (await share.count()) {
      await context.grantPermissions(['clipboard-read', 'clipboard-write']);
      await share.click();
      const dialog = page.getByTestId('share-dialog');
      await dialog.getByRole('button', { name: 'Copy link' }).click();
      await expect(dialog.getByRole('status')).toHaveText('Link copied.');
      link = await dialog.getByTestId('share-url').inputValue();
      expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(link);
      await page.screenshot({ path: `${ARTIFACTS}/share-dialog.png` });
      await dialog.getByRole('button', { name: 'Close' }).click();
    } else {
      // ShareMenu is not mounted in this build: the address bar carries the same state.
      await expect.poll(() => page.url()).toContain('t=2600');
      link = page.url();
    }
    const before = await app.summary();
    const other = await context.newPage();
    await other.goto(link);
    const again = new RoundtripPage(other);
    await again.waitReady();
    const after = await again.summary();
    expect(after.lessonId).toBe(before.lessonId);
    expect(after.seed).toBe(7);
    expect(Math.round(after.cursor)).toBe(2600);
    const runs = await Promise.all(
      [page, other].map((p) =>
        p.evaluate(() => (window as unknown as { __roundtrip: RoundtripTestApi }).__roundtrip.state().run),
      ),
    );
    expect(runs[1]).toEqual(runs[0]);
    expect(runs[1]!.interventions).toEqual([{ at: 1500, kind: 'crash', node: 'server' }]);
    expect(runs[1]!.params.deadlineMs).toBe(600);
    await other.close();
  });

  test('the embed dialog makes code for the chosen options', async ({ app, page }) => {
    await app.open('?lesson=three-outcomes&seed=7');
    const menu = page.getByRole('group', { name: 'Share and save' });
    await expect(menu).toBeVisible();
    await menu.getByRole('button', { name: 'Embed' }).click();
    const dialog = page.getByTestId('embed-dialog');
    await dialog.getByLabel('Space-time diagram').check();
    await dialog.getByLabel("Show the lesson's steps").check();
    await dialog.getByLabel('Dark').check();
    const code = await dialog.getByTestId('embed-code').inputValue();
    expect(code).toContain(
      'data-query="v=2&amp;lesson=three-outcomes&amp;seed=7&amp;views=topology%2Cspacetime%2Ccalls&amp;steps=1&amp;theme=dark"',
    );
    expect(code).toMatch(/<script src="http:\/\/127\.0\.0\.1:\d+\/embed\.js" async><\/script>/);
    await dialog.getByLabel('Plain iframe (fixed height)').check();
    expect(await dialog.getByTestId('embed-code').inputValue()).toMatch(
      /^<iframe src="http:\/\/127\.0\.0\.1:\d+\/embed\.html\?v=2&amp;lesson=three-outcomes.*sandbox="allow-scripts/,
    );
    await page.screenshot({ path: `${ARTIFACTS}/embed-dialog.png` });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: `${ARTIFACTS}/embed-dialog-390.png` });
  });

  test('a malformed, oversized or future-version scenario file is refused and the run is kept', async ({
    app,
    page,
  }) => {
    await app.open('?lesson=three-outcomes&seed=7');
    const menu = page.getByRole('group', { name: 'Share and save' });
    await expect(menu).toBeVisible();
    const before = await app.summary();
    await menu.getByRole('button', { name: 'Import' }).click();
    const dialog = page.getByTestId('import-dialog');
    const input = dialog.getByTestId('import-file');
    const result = dialog.getByTestId('import-result');
    await input.setInputFiles({
      name: 'broken.json',
      mimeType: 'application/json',
      buffer: Buffer.from('{"format": "roundtrip-scen'),
    });
    await expect(result).toContainText('Could not open "broken.json". This file is not JSON');
    await input.setInputFiles({
      name: 'big.json',
      mimeType: 'application/json',
      buffer: Buffer.alloc(1_100_000, 32),
    });
    await expect(result).toContainText('a scenario file is at most 1 MB');
    const future = {
      format: 'roundtrip-scenario',
      version: 9,
      lesson: 'three-outcomes',
      seed: 1,
      params: {},
      interventions: [],
    };
    await input.setInputFiles({
      name: 'future.json',
      mimeType: 'application/json',
      buffer: Buffer.from(JSON.stringify(future)),
    });
    await expect(result).toContainText('newer version of Roundtrip (format version 9');
    await page.screenshot({ path: `${ARTIFACTS}/import-refused.png` });
    const after = await app.summary();
    expect(after.seed).toBe(before.seed);
    expect(after.lessonId).toBe(before.lessonId);
    // A good one opens.
    const good = {
      format: 'roundtrip-scenario',
      version: 1,
      lesson: 'idempotency',
      seed: 42,
      params: {},
      interventions: [],
    };
    await input.setInputFiles({
      name: 'good.json',
      mimeType: 'application/json',
      buffer: Buffer.from(JSON.stringify(good)),
    });
    await expect(result).toContainText('Opened "good.json"');
    await app.waitReady();
    expect(await app.summary()).toMatchObject({ lessonId: 'idempotency', seed: 42 });
  });

  test('export downloads the trace as JSON Lines, the diagram and the scenario', async ({ app, page }) => {
    await app.open('?lesson=three-outcomes&seed=7&t=2500');
    const menu = page.getByRole('group', { name: 'Share and save' });
    await expect(menu).toBeVisible();
    await menu.getByRole('button', { name: 'Export' }).click();
    const dialog = page.getByTestId('export-dialog');
    const save = async (name: string) => {
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        dialog.getByRole('button', { name }).click(),
      ]);
      const file = await download.path();
      await download.saveAs(`${ARTIFACTS}/export-${download.suggestedFilename()}`);
      return {
        name: download.suggestedFilename(),
        text: readFileSync(file!, 'utf8'),
        bytes: statSync(file!).size,
      };
    };
    const trace = await save('Trace (.jsonl)');
    expect(trace.name).toBe('roundtrip-three-outcomes-seed7.trace.jsonl');
    const lines = trace.text
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as { seq: number; t: number });
    expect(lines[0]).toMatchObject({ seq: 0 });
    expect(lines.map((l) => l.seq)).toEqual(lines.map((_, i) => i));
    // The whole run was simulated before saving, and the file holds every event of it.
    const s = await app.summary();
    expect(s.simulatedUntil).toBeGreaterThanOrEqual(10_000);
    expect(lines.length).toBe(s.events);
    const svg = await save('Diagram (.svg)');
    expect(svg.text).toMatch(/^<\?xml[^]*<svg[^>]*xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    const png = await save('Diagram (.png)');
    expect(png.name).toMatch(/\.png$/);
    expect(png.bytes).toBeGreaterThan(1000);
    const scenario = await save('Scenario (.json)');
    expect(JSON.parse(scenario.text)).toMatchObject({
      format: 'roundtrip-scenario',
      version: 1,
      lesson: 'three-outcomes',
      seed: 7,
    });
  });
});
