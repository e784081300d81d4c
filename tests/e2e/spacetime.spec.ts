/**
 * Panning and zooming the space-time diagram with a mouse, a wheel, a finger and its buttons, read
 * the way a learner reads it: the time window the diagram says it shows ("1.50 s – 4.25 s shown").
 */
import type { Page } from '@playwright/test';
import { test, expect, ARTIFACTS } from './fixtures.ts';

/** The shown window in ms, from the diagram's own words. */
async function shown(page: Page): Promise<[number, number]> {
  const text = (await page.locator('.st-range').textContent()) ?? '';
  const m = /([\d.,]+) (ms|s) – ([\d.,]+) (ms|s) shown/.exec(text);
  if (!m) throw new Error(`no window in "${text}"`);
  const ms = (v: string, unit: string) => Number(v.replace(/,/g, '')) * (unit === 's' ? 1000 : 1);
  return [ms(m[1]!, m[2]!), ms(m[3]!, m[4]!)];
}
const span = ([a, b]: [number, number]) => b - a;

test('the diagram pans and zooms with the mouse, the wheel and its buttons', async ({ app, page }) => {
  await app.open('?v=2&lesson=three-outcomes&seed=5&t=3000');
  const svg = page.locator('svg.st-svg');
  await svg.scrollIntoViewIfNeeded();
  const follow = page.getByRole('button', { name: /Follow/ });
  const box = (await svg.boundingBox())!;
  const start = await shown(page);

  // Buttons, also from the keyboard.
  await page.getByRole('button', { name: 'Zoom in (show less time)' }).focus();
  await page.keyboard.press('Enter');
  const zoomedIn = await shown(page);
  expect(span(zoomedIn)).toBeCloseTo(span(start) / 2, -1);
  await page.getByRole('button', { name: 'Zoom out (show more time)' }).click();
  expect(span(await shown(page))).toBeGreaterThan(span(zoomedIn) * 1.8);

  // Ctrl+wheel zooms about the pointer and leaves the page where it was.
  const y = box.y + 30;
  await page.mouse.move(box.x + box.width * 0.6, y);
  const scrollY = await page.evaluate(() => window.scrollY);
  const before = await shown(page);
  await page.keyboard.down('Control');
  await page.mouse.wheel(0, -100);
  await page.keyboard.up('Control');
  await expect.poll(async () => span(await shown(page))).toBeLessThan(span(before) / 3);
  const wheeled = await shown(page);
  expect(wheeled[0]).toBeGreaterThan(before[0]);
  expect(wheeled[1]).toBeLessThan(before[1]);
  expect(await page.evaluate(() => window.scrollY)).toBe(scrollY);
  await expect(follow).toHaveAttribute('aria-pressed', 'true');

  // Shift+wheel pans later in time and stops following the cursor.
  await page.keyboard.down('Shift');
  await page.mouse.wheel(0, 120);
  await page.keyboard.up('Shift');
  await expect.poll(async () => (await shown(page))[0]).toBeGreaterThan(wheeled[0]);
  await expect(follow).toHaveAttribute('aria-pressed', 'false');

  // A drag to the left shows later times; Fit shows the run so far and follows again.
  await page.getByRole('button', { name: 'Fit' }).click();
  await expect(follow).toHaveAttribute('aria-pressed', 'true');
  const fitted = await shown(page);
  await page.mouse.move(box.x + box.width * 0.7, y);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * 0.7 - 200, y, { steps: 8 });
  await page.mouse.up();
  const dragged = await shown(page);
  expect(dragged[0]).toBeGreaterThan(fitted[0] + 500);
  expect(span(dragged)).toBeCloseTo(span(fitted), -1);
  await expect(follow).toHaveAttribute('aria-pressed', 'false');

  // A drag that starts on an arrow does not select it; a click does.
  await page.getByRole('button', { name: 'Fit' }).click();
  const ab = (await page.locator('.st-msg.past').nth(1).boundingBox())!;
  const [ax, ay] = [ab.x + ab.width / 2, ab.y + ab.height / 2];
  await page.mouse.move(ax, ay);
  await page.mouse.down();
  await page.mouse.move(ax + 40, ay, { steps: 4 });
  await page.mouse.up();
  await expect(page.locator('.st-msg.hot-2')).toHaveCount(0);
  await page.getByRole('button', { name: 'Fit' }).click();
  await page.mouse.click(ax, ay);
  await expect(page.locator('.st-msg.hot-2')).toHaveCount(1);

  // Zoomed in no further than 40 ms across the plot.
  for (let i = 0; i < 12; i++) await page.getByRole('button', { name: 'Zoom in (show less time)' }).click();
  expect(span(await shown(page))).toBeCloseTo(40, -1);
  await page.locator('section.spacetime').screenshot({ path: `${ARTIFACTS}/spacetime-zoomed-in.png` });
});

test('on a touch screen, a finger pans the diagram and two fingers pinch it', async ({
  browser,
  baseURL,
}) => {
  const context = await browser.newContext({
    baseURL,
    viewport: { width: 390, height: 800 },
    hasTouch: true,
    isMobile: true,
    serviceWorkers: 'block',
  });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto('./?v=2&lesson=three-outcomes&seed=5&t=3000');
  const svg = page.locator('svg.st-svg');
  await svg.waitFor();
  await svg.scrollIntoViewIfNeeded();
  const box = (await svg.boundingBox())!;
  const cdp = await context.newCDPSession(page);
  type P = [number, number];
  /** One touch gesture: each frame lists where every finger is. */
  const touch = async (frames: P[][]) => {
    const points = (f: P[]) => f.map(([x, y], id) => ({ x, y, id }));
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: points(frames[0]!) });
    for (const f of frames.slice(1))
      await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: points(f) });
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
  };
  const glide = (from: P[], to: P[], n = 8): P[][] =>
    Array.from({ length: n + 1 }, (_, i) =>
      from.map(([x, y], j) => [x + ((to[j]![0] - x) * i) / n, y + ((to[j]![1] - y) * i) / n] as P),
    );
  const [cx, cy] = [box.x + box.width * 0.6, box.y + Math.min(box.height / 2, 120)];

  const start = await shown(page);
  await touch(glide([[cx, cy]], [[cx - 120, cy]]));
  await expect.poll(async () => (await shown(page))[0]).toBeGreaterThan(start[0] + 500);
  const panned = await shown(page);
  expect(span(panned)).toBeCloseTo(span(start), -1);

  await touch(
    glide(
      [
        [cx - 40, cy],
        [cx + 40, cy],
      ],
      [
        [cx - 100, cy],
        [cx + 100, cy],
      ],
    ),
  );
  // The fingers spread 2.5 times as far: 2.5 times less time shown.
  await expect.poll(async () => span(await shown(page))).toBeLessThan(span(panned) / 2.2);
  expect(errors, 'uncaught errors in the page').toEqual([]);
  await context.close();
});
