/** Issue 15: hostile input (names like "constructor", damaged progress, very long links). */
import type { RoundtripTestApi } from '../../src/test-api.ts';
import type { Page } from '@playwright/test';
import { test, expect, ARTIFACTS, type RoundtripPage } from './fixtures.ts';

test('a parameter named "constructor" in a link is named as a problem, and the lesson opens', async ({
  app,
  page,
}) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await app.open('?lesson=three-outcomes&p.constructor=1&p.__proto__=2&p.deadline=400');
  const alerts = page.getByRole('alert');
  await expect(alerts.filter({ hasText: 'unknown parameter "constructor"' })).toBeVisible();
  await expect(alerts.filter({ hasText: 'unknown parameter "__proto__"' })).toBeVisible();
  const s = await app.summary();
  expect(s.lessonId).toBe('three-outcomes');
  // `deadline` is the parameter's former name (now deadlineMs): an old link keeps its setting.
  const deadlineMs = await page.evaluate(
    () => (window as unknown as { __roundtrip: RoundtripTestApi }).__roundtrip.state().run?.params.deadlineMs,
  );
  expect(deadlineMs).toBe(400);
  expect(errors).toEqual([]);
  await app.screenshot('hardening-constructor-param');
});

/** Lesson 1 with thousands of crashes and recoveries at scattered moments: a file holds them; a link cannot. */
async function openWithManyActions(app: RoundtripPage, page: Page) {
  await app.open('?lesson=three-outcomes&seed=7');
  const menu = page.getByRole('group', { name: 'Share and save' });
  await menu.getByRole('button', { name: 'Import' }).click();
  const importDialog = page.getByTestId('import-dialog');
  const interventions = Array.from({ length: 3000 }, (_, i) => ({
    at: (i * 7919) % 9973,
    kind: i % 2 ? 'recover' : 'crash',
    node: 'server',
  }));
  const file = { format: 'roundtrip-scenario', version: 1, lesson: 'three-outcomes', seed: 7, interventions };
  await importDialog.getByTestId('import-file').setInputFiles({
    name: 'many.json',
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify(file)),
  });
  await expect(importDialog.getByTestId('import-result')).toContainText('Opened "many.json"');
  await app.waitReady();
  await page.keyboard.press('Escape');
  return menu;
}

test('a run whose link would be too long for a host gets no link, and the scenario file instead', async ({
  app,
  page,
}) => {
  const menu = await openWithManyActions(app, page);
  await menu.getByRole('button', { name: 'Share' }).click();
  const dialog = page.getByTestId('share-dialog');
  await expect(dialog.getByTestId('share-too-long')).toContainText('So no link is made');
  await expect(dialog.getByTestId('share-url')).toHaveCount(0);
  await expect(dialog.getByRole('button', { name: 'Copy link' })).toHaveCount(0);
  await page.screenshot({ path: `${ARTIFACTS}/share-too-long.png` });
  const download = page.waitForEvent('download');
  await dialog.getByRole('button', { name: 'Save the scenario file' }).click();
  expect((await download).suggestedFilename()).toMatch(/\.json$/);
  await expect(dialog.getByRole('status')).toContainText('Saved the scenario');
});

test('a run whose embed address would be too long gets no code, and can be embedded as the lesson starts', async ({
  app,
  page,
}) => {
  const menu = await openWithManyActions(app, page);
  await menu.getByRole('button', { name: 'Embed' }).click();
  const dialog = page.getByTestId('embed-dialog');
  await expect(dialog.getByTestId('embed-too-long')).toContainText('So no code is made');
  await expect(dialog.getByTestId('embed-code')).toHaveCount(0);
  await page.screenshot({ path: `${ARTIFACTS}/embed-too-long.png` });
  await dialog.getByRole('button', { name: 'Embed the lesson without my actions' }).click();
  await expect(dialog.getByTestId('embed-without-actions')).toContainText('without your 3,000 actions');
  const code = await dialog.getByTestId('embed-code').inputValue();
  expect(code.length).toBeLessThan(8000);
  expect(code).toContain('lesson=three-outcomes');
  await dialog.getByRole('button', { name: 'Put them back' }).click();
  await expect(dialog.getByTestId('embed-too-long')).toBeVisible();
});

test('lessons run in the locked-down simulation worker: an XState lesson, a new seed, a fault', async ({
  app,
  page,
}) => {
  // The circuit breaker: an XState lesson whose run keeps making events (three-outcomes' default run
  // is 17 events in all, which once looked like a stalled worker). What the lockdown leaves to code in
  // the worker is checked by the sandbox's own code (sandbox-code.spec.ts): with eval gone,
  // Playwright cannot evaluate in the worker.
  await app.open('?lesson=circuit-breaker');
  const playback = page.getByRole('toolbar', { name: 'Playback' });
  await playback.getByRole('button', { name: 'Play' }).click();
  await expect.poll(async () => (await app.summary()).events).toBeGreaterThan(200);
  // A new run (another seed) is still taken in and simulated.
  const before = (await app.summary()).seed;
  await page.getByRole('button', { name: 'New seed' }).click();
  await expect.poll(async () => (await app.summary()).seed).not.toBe(before);
  await expect.poll(async () => (await app.summary()).events).toBeGreaterThan(200);
  // A fault pressed mid-run branches it in the worker, which keeps simulating.
  await page.getByRole('button', { name: /^Slow the dependency/ }).click();
  await expect.poll(async () => (await app.summary()).interventions).toBe(1);
  await expect.poll(async () => (await app.summary()).events).toBeGreaterThan(200);
});
