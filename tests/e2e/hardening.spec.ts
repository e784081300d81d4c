/** Issue 15: hostile input (names like "constructor", damaged progress, very long links). */
import { test, expect } from './fixtures.ts';

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
  expect(errors).toEqual([]);
  await app.screenshot('hardening-constructor-param');
});
