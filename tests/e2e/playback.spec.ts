/** Issue 3: load, play, pause, step, scrub, reload at the same moment. */
import { test, expect, framesPass } from './fixtures.ts';

test('loads a lesson and shows the simulation ready to play', async ({ app, page }) => {
  await app.open();
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  const s = await app.summary();
  expect(s.lessonId).toBe('three-outcomes');
  expect(s.events).toBeGreaterThan(0);
  await app.screenshot('app-loaded');
});

test('play moves time forward and pause stops it', async ({ app, page }) => {
  await app.open();
  await app.play();
  await expect.poll(async () => (await app.summary()).cursor).toBeGreaterThan(300);
  await app.pause();
  const stopped = (await app.summary()).cursor;
  // Playing, 20 frames would move the cursor; paused, it stays where it stopped.
  await framesPass(page, 20);
  expect((await app.summary()).cursor).toBe(stopped);
  expect((await app.summary()).playing).toBe(false);
  await app.screenshot('app-after-play');
});

test('space plays and pauses; arrows step one event at a time', async ({ app, page }) => {
  await app.open();
  await page.locator('body').click({ position: { x: 5, y: 5 } });
  // The events at time 0 (clocks starting, first states) have happened at the start.
  const start = (await app.summary()).cursorSeq;
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  expect((await app.summary()).cursorSeq).toBe(start + 3);
  await page.keyboard.press('ArrowLeft');
  expect((await app.summary()).cursorSeq).toBe(start + 2);
  await expect(page.getByText(`event ${start + 2} /`)).toBeVisible();
  await page.keyboard.press(' ');
  await expect.poll(async () => (await app.summary()).playing).toBe(true);
  await page.keyboard.press(' ');
  await expect.poll(async () => (await app.summary()).playing).toBe(false);
});

test('keys belong to an open dialog: Escape closes it, and the run behind it does not move', async ({
  app,
  page,
}) => {
  await app.open();
  await page.getByRole('button', { name: 'Keys' }).click();
  const help = page.getByRole('dialog');
  await expect(help).toBeVisible();
  const before = (await app.summary()).cursorSeq;
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press(' ');
  expect(await app.summary()).toMatchObject({ cursorSeq: before, playing: false });
  await page.keyboard.press('Escape');
  await expect(help).toBeHidden();

  const menu = page.getByRole('group', { name: 'Share and save' });
  await menu.getByRole('button', { name: 'Embed' }).click();
  await expect(page.getByRole('dialog')).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog')).toBeHidden();
});

test('the step buttons step forward and back', async ({ app, page }) => {
  await app.open();
  const toolbar = page.getByRole('toolbar', { name: 'Playback' });
  const start = (await app.summary()).cursorSeq;
  await toolbar.getByRole('button', { name: /^Step/ }).click();
  await toolbar.getByRole('button', { name: /^Step/ }).click();
  expect((await app.summary()).cursorSeq).toBe(start + 2);
  await toolbar.getByRole('button', { name: /Back/ }).click();
  expect((await app.summary()).cursorSeq).toBe(start + 1);
});

test('scrubbing the timeline goes back and forth in time', async ({ app }) => {
  await app.open();
  await app.timeline().fill('3000');
  await expect.poll(async () => Math.round((await app.summary()).cursor)).toBe(3000);
  const later = (await app.summary()).cursorSeq;
  await app.timeline().fill('500');
  await expect.poll(async () => Math.round((await app.summary()).cursor)).toBe(500);
  expect((await app.summary()).cursorSeq).toBeLessThan(later);
  await app.timeline().fill('3000');
  await expect.poll(async () => (await app.summary()).cursorSeq).toBe(later);
});

test('a reload restores the same run at the same moment from the URL', async ({ app, page }) => {
  await app.open('?lesson=three-outcomes&seed=42');
  // Not the first step's own action: it is among the lesson's other interventions.
  await page.getByRole('button', { name: 'More things to try' }).click();
  await page
    .getByRole('button', { name: /drop the next response/i })
    .first()
    .click();
  // Acting before anything has happened starts playback; stop it to scrub to a moment.
  await expect.poll(async () => (await app.summary()).playing).toBe(true);
  await app.pause();
  await app.timeline().fill('2500');
  await expect.poll(() => page.url()).toContain('t=2500');
  await expect.poll(() => page.url()).toContain('iv=');
  const before = await app.summary();
  const outcomesBefore = await app.eventsOfType('outcome');
  await page.reload();
  await app.waitReady();
  await expect.poll(async () => (await app.summary()).cursorSeq).toBe(before.cursorSeq);
  const after = await app.summary();
  expect(after.seed).toBe(42);
  expect(after.interventions).toBe(before.interventions);
  expect(Math.round(after.cursor)).toBe(2500);
  expect(await app.eventsOfType('outcome')).toEqual(outcomesBefore);
});
