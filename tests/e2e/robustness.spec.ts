/** Issue 3: bad input gets a clear message and a working page; a worker crash is survivable. */
import { test, expect } from './fixtures.ts';

test('an unknown lesson id says so and shows the list of lessons', async ({ app, page }) => {
  await page.goto('./?lesson=no-such-lesson');
  await expect(
    page.getByRole('alert').filter({ hasText: 'no lesson called "no-such-lesson"' }),
  ).toBeVisible();
  await expect(page.getByRole('link', { name: /Start with lesson 1/ })).toBeVisible();
  expect((await app.summary()).lessonId).toBeUndefined();
  await app.screenshot('robust-unknown-lesson');
});

test('damaged interventions and bad parameters are named, and the run still starts', async ({
  app,
  page,
}) => {
  await app.open('?lesson=three-outcomes&iv=%%%not-base64&p.deadline=banana&seed=-4');
  const alerts = page.getByRole('alert');
  await expect(alerts.filter({ hasText: 'interventions in this link' })).toBeVisible();
  await expect(alerts.filter({ hasText: 'deadlineMs must be' })).toBeVisible();
  await expect(alerts.filter({ hasText: 'seed' })).toBeVisible();
  const s = await app.summary();
  expect(s.status).toBe('ready');
  expect(s.interventions).toBe(0);
});

test('a link from a newer format is refused with a message, not replayed wrongly', async ({ app, page }) => {
  await page.goto('./?v=99&lesson=three-outcomes&seed=3');
  await expect(page.getByRole('alert').filter({ hasText: 'newer version of Roundtrip' })).toBeVisible();
  // Nothing from the link was replayed: the list of lessons is shown instead.
  await expect(page.getByRole('link', { name: /Start with lesson 1/ })).toBeVisible();
  expect((await app.summary()).lessonId).toBeUndefined();
});

test('an error inside the worker shows what happened, with reset and download, and the UI stays responsive', async ({
  app,
  page,
}) => {
  await app.open();
  await page.evaluate(() => window.__roundtrip!.crashWorker());
  const panel = page.getByTestId('worker-error');
  await expect(panel).toBeVisible();
  await expect(panel).toContainText('Injected worker error');
  await expect(panel.getByRole('button', { name: 'Download trace' })).toBeVisible();
  await app.screenshot('robust-worker-error');
  const download = page.waitForEvent('download');
  await panel.getByRole('button', { name: 'Download trace' }).click();
  expect((await download).suggestedFilename()).toBe('roundtrip-trace.jsonl');
  await panel.getByRole('button', { name: 'Reset the run' }).click();
  await app.waitReady();
  await expect(panel).toBeHidden();
  await app.play();
  await expect.poll(async () => (await app.summary()).cursor).toBeGreaterThan(100);
});
