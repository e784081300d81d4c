/**
 * Every step of every lesson as a learner first sees it, at a phone's width: opened by its own link
 * (`?lesson=…&step=…`), so each picture is the step's clean start. The laptop-size pictures come from
 * the "Show me" walk in lessons.spec.ts. These are for people to look at; the test checks only that
 * each link opens the step it names, with no sideways scrolling.
 */
import { test, expect, ARTIFACTS } from './fixtures.ts';
import { mkdirSync } from 'node:fs';

const PHONE = { width: 390, height: 844 };

test('every step of every lesson opens from its own link at phone width', async ({ app, page }) => {
  test.setTimeout(300_000);
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.setViewportSize(PHONE);
  await page.goto('./');
  await page.locator('.lesson-card a.lesson-link').first().waitFor();
  const ids: string[] = await page.evaluate(() =>
    [...document.querySelectorAll<HTMLAnchorElement>('.lesson-card a.lesson-link')].map((a) =>
      new URL(a.href).searchParams.get('lesson')!,
    ),
  );
  expect(ids.length).toBeGreaterThanOrEqual(6);
  for (const id of ids) {
    await app.open(`?lesson=${id}`);
    const steps = await page.evaluate(() =>
      window.__roundtrip!.state().lesson!.steps.map((s) => ({ id: s.id, title: s.title })),
    );
    for (const [i, step] of steps.entries()) {
      await app.open(`?lesson=${id}&step=${step.id}`);
      await expect(page.locator('#step-title')).toContainText(step.title);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
        PHONE.width + 1,
      );
      // What fits on the first screen, then the whole page.
      await page.screenshot({ path: `${ARTIFACTS}/phone-${id}-step${i + 1}.png` });
      await page.screenshot({ path: `${ARTIFACTS}/phone-${id}-step${i + 1}-full.png`, fullPage: true });
    }
  }
});
