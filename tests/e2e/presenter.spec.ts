/**
 * Workshops, presenter mode (issue 14): large type and high contrast for a projector, driven by the
 * keyboard (a clicker's Page Down and Page Up), with speaker notes in a second window that follows.
 */
import type { Page } from '@playwright/test';
import { ARTIFACTS, expect, test } from './fixtures.ts';

test.use({ viewport: { width: 1920, height: 1080 } });

/** The WCAG contrast ratio of an element's text against its own background (the nearest one set). */
async function textContrast(page: Page, selector: string): Promise<number> {
  return page
    .locator(selector)
    .first()
    .evaluate((el) => {
      const rgba = (css: string) => css.match(/[\d.]+/g)!.map(Number);
      const luminance = ([r, g, b]: number[]) => {
        const lin = [r!, g!, b!].map((c) => {
          const v = c / 255;
          return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
        });
        return 0.2126 * lin[0]! + 0.7152 * lin[1]! + 0.0722 * lin[2]!;
      };
      let bg: number[] = [255, 255, 255];
      for (let n: Element | null = el; n; n = n.parentElement) {
        const c = rgba(getComputedStyle(n).backgroundColor);
        if (c.length < 4 || c[3]! > 0) {
          bg = c;
          break;
        }
      }
      const [a, b] = [luminance(rgba(getComputedStyle(el).color)), luminance(bg)];
      return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
    });
}

const fontPx = (page: Page, selector: string) =>
  page
    .locator(selector)
    .first()
    .evaluate((el) => parseFloat(getComputedStyle(el).fontSize));

test('presenter mode: large type, high contrast, the keyboard moves the steps, the notes follow', async ({
  app,
  page,
  context,
}) => {
  await app.open('?lesson=crash-or-slow');
  await page.keyboard.press('p');
  await expect(page.getByRole('button', { name: 'Present' })).toHaveAttribute('aria-pressed', 'true');
  for (const selector of [
    '#step-title',
    '.step-card p',
    '.step-card button',
    '.controls button',
    '.narration',
  ]) {
    expect(await fontPx(page, selector), selector).toBeGreaterThanOrEqual(28);
    expect(await textContrast(page, selector), selector).toBeGreaterThanOrEqual(7);
  }
  await expect.poll(() => page.url()).toContain('present=1');
  // The room sees the network without scrolling: the whole of it above the playback bar.
  const network = await page.locator('.topo-stage').boundingBox();
  const bar = await page.locator('footer.controls').boundingBox();
  expect(network!.y + network!.height).toBeLessThanOrEqual(bar!.y + 1);
  await page.screenshot({ path: `${ARTIFACTS}/presenter-1920.png` });

  // The speaker notes, in a second window on the same machine.
  const notesOpened = context.waitForEvent('page');
  await page.getByRole('button', { name: 'Speaker notes' }).click();
  const notes = await notesOpened;
  await expect(notes.getByRole('heading', { level: 1 })).toHaveText('Dead, or just paused?');
  await expect(notes.getByRole('region', { name: 'Notes' })).toContainText('The monitor only sees silence');

  // A clicker's Page Down is the next step, in both windows; Page Up goes back.
  await page.locator('body').click({ position: { x: 5, y: 300 } });
  await page.keyboard.press('PageDown');
  await expect(page.locator('#step-title')).toHaveText('Dead, or just far away?');
  await expect(notes.getByRole('heading', { level: 1 })).toHaveText('Dead, or just far away?');
  await expect(notes.getByText('Next: step 3, Choose the timeout as a budget')).toBeVisible();
  await notes.setViewportSize({ width: 1280, height: 800 });
  await notes.screenshot({ path: `${ARTIFACTS}/presenter-notes.png` });
  await page.keyboard.press('PageUp');
  await expect(notes.getByRole('heading', { level: 1 })).toHaveText('Dead, or just paused?');

  // Space plays; in presenter mode the step's prediction stops the run to ask the room first.
  await page.keyboard.press(' ');
  await expect(page.getByTestId('prediction')).toContainText('will the monitor wrongly declare it dead');
  expect((await app.summary()).playing).toBe(false);
  await page.keyboard.press('p');
  await expect(page.getByRole('button', { name: 'Present' })).toHaveAttribute('aria-pressed', 'false');
  expect(await fontPx(page, '.step-card p')).toBeLessThan(28);
});

test('a notes window opened alone says what it is waiting for', async ({ page }) => {
  await page.goto('./?notes=1');
  await expect(page.getByRole('status')).toContainText('Waiting for the presenting window');
});

test('predict, then reveal: the run stops to ask, plays on, and says whether the prediction was right', async ({
  app,
  page,
}) => {
  await app.open('?lesson=three-outcomes&present=1');
  await page.getByRole('combobox', { name: /Speed/ }).selectOption('1000');
  await app.play();
  const card = page.getByTestId('prediction');
  await expect(card.getByRole('group', { name: 'Your prediction' })).toBeVisible();
  expect((await app.summary()).playing).toBe(false);
  expect((await app.summary()).cursor).toBeGreaterThanOrEqual(450);
  expect(await app.eventsOfType('outcome')).toHaveLength(0);
  await page.screenshot({ path: `${ARTIFACTS}/prediction-asked.png` });
  await card.getByRole('button', { name: /^Success/ }).click();
  await expect(card).toContainText('You said: Success');
  await expect(card.getByRole('status')).toContainText('✓ Right.', { timeout: 20_000 });
  await page.screenshot({ path: `${ARTIFACTS}/prediction-right.png` });

  // A wrong prediction, in another lesson: the card says what happened instead, and shows the moment.
  await app.open('?lesson=crash-or-slow&present=1');
  await page.getByRole('combobox', { name: /Speed/ }).selectOption('5000');
  await app.play();
  await card.getByRole('button', { name: 'Yes, a false alarm' }).click();
  await expect(card.getByRole('status')).toContainText('✗ Not this time: No, it stays trusted.', {
    timeout: 30_000,
  });
  await card.getByRole('button', { name: 'Show that moment' }).click();
  await expect.poll(async () => (await app.summary()).cursor).toBeGreaterThan(5000);
  expect((await app.summary()).playing).toBe(false);
  await page.screenshot({ path: `${ARTIFACTS}/prediction-wrong.png` });
});
