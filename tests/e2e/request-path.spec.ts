/**
 * The request path view in a real browser: one page request of round-trips drawn as its tree of
 * calls (desktop and phone), hovering a hop highlights that call everywhere, pressing it selects it.
 */
import { test, expect } from './fixtures.ts';
import type { Page } from '@playwright/test';

const panel = (page: Page) => page.getByRole('region', { name: /Request path/ });

async function oneRequestAnswered(page: Page): Promise<void> {
  await page
    .getByRole('region', { name: /try this/i })
    .getByRole('button', { name: /^Send one request/ })
    .first()
    .click();
  // Sending may start playback itself; otherwise press Play.
  if (!(await page.evaluate(() => window.__roundtrip!.state().playing)))
    await page.getByRole('toolbar', { name: 'Playback' }).getByRole('button', { name: 'Play' }).click();
  await expect(page.getByTestId('challenge')).toContainText('Done!', { timeout: 45_000 });
}

test('one request of round-trips: nine round trips, the client and the source of truth marked', async ({
  app,
  page,
}) => {
  await app.open('?lesson=round-trips');
  await oneRequestAnswered(page);
  const path = panel(page);
  await expect(path).toContainText('Round trips');
  await expect(path.locator('.path-row')).toHaveCount(9);
  await expect(path).toContainText('the client');
  await expect(path).toContainText('of 160 ms');
  await path.scrollIntoViewIfNeeded();
  await app.screenshot('request-path-round-trips');

  // Hover a hop: that call is highlighted in every view; press it: it is selected and the cursor
  // moves to its outcome.
  const user = path.getByRole('button', { name: /^gateway to user/ });
  await user.hover();
  const hovered = await page.evaluate(() => window.__roundtrip!.state().hovered);
  expect(hovered).toMatchObject({ kind: 'call' });
  await user.click();
  const selected = await page.evaluate(() => window.__roundtrip!.state().selected);
  expect(selected).toEqual(hovered);
  await expect(user).toHaveClass(/hot/);
});

test.describe('on a phone', () => {
  test.use({ viewport: { width: 390, height: 844 } });
  test('the request path reads top to bottom', async ({ app, page }) => {
    await app.open('?lesson=round-trips');
    await oneRequestAnswered(page);
    const rows = panel(page).locator('.path-row');
    await expect(rows).toHaveCount(9);
    // Each hop sits below the one before it, never beside it.
    const tops = await rows.evaluateAll((els) => els.map((e) => e.getBoundingClientRect().top));
    for (let i = 1; i < tops.length; i++) expect(tops[i]!).toBeGreaterThan(tops[i - 1]!);
    const box = await panel(page).boundingBox();
    expect(box!.x + box!.width).toBeLessThanOrEqual(390);
    await panel(page).screenshot({ path: 'tests/e2e/artifacts/phone-request-path.png' });
  });
});

test('state-is-hard with a single owner: a write through c2 fans out to c1, the owner, in the path', async ({
  app,
  page,
}) => {
  await app.open('?lesson=state-is-hard&step=single-owner');
  await page
    .getByRole('switch', { name: /^Single owner/ })
    .first()
    .check();
  await page.getByRole('toolbar', { name: 'Playback' }).getByRole('button', { name: 'Play' }).click();
  // Before the crash at 1.5 s, every write is answered.
  await expect.poll(async () => (await app.summary()).cursor, { timeout: 20_000 }).toBeGreaterThan(600);
  await page.getByRole('toolbar', { name: 'Playback' }).getByRole('button', { name: 'Pause' }).click();
  const path = panel(page);
  const forward = path.getByRole('button', { name: /^c2 to c1/ });
  // Two writes in three go through w2 or w3, and so through c2: step on until the latest one does.
  for (let i = 0; i < 60 && (await forward.count()) === 0; i++)
    await page.getByRole('toolbar', { name: 'Playback' }).getByRole('button', { name: /^Step/ }).click();
  await expect(forward).toBeVisible();
  await expect(path.getByRole('button', { name: /^balancer to w[23]/ })).toBeVisible();
  await expect(path.getByRole('button', { name: /^w[23] to c2/ })).toBeVisible();
  await path.scrollIntoViewIfNeeded();
  await app.screenshot('request-path-state-is-hard');
});
