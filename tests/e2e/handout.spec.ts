/**
 * Workshops, the handout (issue 14): a course's printable page with each item's principle, its
 * challenges, a still of the key moment and space for notes; printed to PDF on A4 and on Letter.
 */
import { writeFileSync } from 'node:fs';
import { encodeCourse } from '../../src/store/course.ts';
import { ARTIFACTS, expect, test } from './fixtures.ts';

const course = encodeCourse({
  title: 'Partial failure, by hand',
  items: [
    { lessonId: 'three-outcomes', stepId: null, minutes: 15 },
    { lessonId: 'idempotency', stepId: 'double-charge', minutes: 10 },
    { lessonId: 'event-driven', stepId: null, minutes: 10 },
  ],
});
const query = `?course=${encodeURIComponent(course)}`;

/** The PDF's page count, read from its page objects (no PDF library needed for that). */
const pageCount = (pdf: Buffer): number => pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g)?.length ?? 0;

test('a course prints as a handout: principle, challenges, a still and notes per item', async ({
  app,
  page,
}) => {
  await page.goto(query);
  await page.getByRole('link', { name: 'Print a handout' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Partial failure, by hand' })).toBeVisible();
  const items = page.locator('.handout-item');
  await expect(items).toHaveCount(3);
  await expect(items.nth(0)).toContainText('The principle: A remote call has three outcomes.');
  // A whole lesson lists every step as a challenge; one step lists only itself, numbered as in the lesson.
  await expect(items.nth(0).locator('.handout-challenges li')).toHaveCount(4);
  await expect(items.nth(1).locator('.handout-challenges li')).toHaveCount(1);
  // The link markup of step text reads as plain words on paper.
  await expect(items.nth(2)).toContainText('see the lesson Retries and idempotency.');
  // Each still is the space-time diagram at its key moment, with words for screen readers.
  const stills = page.getByRole('img', { name: /as its scripted solution plays it/ });
  await expect(stills).toHaveCount(3, { timeout: 30_000 });
  await expect(page.getByTestId('still-pending')).toHaveCount(0);
  await expect(stills.nth(0)).toHaveAttribute('aria-label', /The key moment is at/);
  await expect(items.nth(0).locator('.still-svg text', { hasText: 'challenge met' })).toHaveCount(1);
  await expect(items.nth(0).getByLabel('Space for your notes')).toBeVisible();
  await app.screenshot('handout-screen');

  await page.emulateMedia({ media: 'print' });
  await expect(page.locator('.handout-controls')).toBeHidden();
  await expect(page.locator('.app-header')).toBeHidden();
  await app.screenshot('handout-print-media');

  // Printed to PDF: one item a page, notes and all, on either paper.
  for (const paper of ['A4', 'Letter'] as const) {
    const pdf = await page.pdf({ format: paper, printBackground: true, preferCSSPageSize: false });
    writeFileSync(`${ARTIFACTS}/handout-${paper}.pdf`, pdf);
    const pages = pageCount(pdf);
    expect(pages, `${paper} pages`).toBe(3);
  }
});

test('the paper choice sets the printed page size', async ({ page }) => {
  await page.goto(`${query}&handout=1`);
  await expect(page.locator('.handout-item')).toHaveCount(3);
  const pageRule = () =>
    page.evaluate(
      () =>
        [...document.querySelectorAll('style')].find((s) => s.textContent?.includes('@page'))?.textContent,
    );
  await expect.poll(pageRule).toMatch(/size: A4/);
  await page.getByRole('radio', { name: 'US Letter' }).check();
  await expect.poll(pageRule).toMatch(/size: letter/);
  // The page's own size wins when the printer is told to use it.
  const pdf = await page.pdf({ preferCSSPageSize: true });
  // US Letter is 612 x 792 points.
  expect(pdf.toString('latin1')).toMatch(/\/MediaBox\s*\[\s*0 0 612 792\s*\]/);
});
