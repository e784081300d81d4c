/**
 * Workshops, course paths (issue 14): an instructor makes a course, an attendee opens its link, sees
 * the path and where they are on it, and next and previous follow the path; progress shows on it.
 */
import { ARTIFACTS, expect, test } from './fixtures.ts';

test('an instructor makes a course; an attendee follows its path, not the catalog', async ({ app, page }) => {
  await page.goto('./');
  await page.getByRole('link', { name: 'Make a course' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Make a course' })).toBeVisible();
  await page.getByRole('textbox', { name: 'Title' }).fill('Partial failure in 20 minutes');
  await page.getByRole('combobox', { name: 'Lesson', exact: true }).selectOption('three-outcomes');
  await page
    .getByRole('combobox', { name: 'Step', exact: true })
    .selectOption({ label: 'Step 2: A call with no answer' });
  await page.getByRole('spinbutton', { name: 'Minutes' }).fill('5');
  await page.getByRole('button', { name: 'Add' }).click();
  // The next lesson, whole: the catalog's lesson 2, so the path's "next" and the catalog's agree here;
  // the third item goes back to lesson 1, which only the path would do.
  await page.getByRole('combobox', { name: 'Lesson', exact: true }).selectOption('unreliable-network');
  await page.getByRole('spinbutton', { name: 'Minutes' }).fill('10');
  await page.getByRole('button', { name: 'Add' }).click();
  await page.getByRole('combobox', { name: 'Lesson', exact: true }).selectOption('three-outcomes');
  await page
    .getByRole('combobox', { name: 'Step', exact: true })
    .selectOption({ label: 'Step 1: A call that fails' });
  await page.getByRole('button', { name: 'Add' }).click();
  const path = page.getByRole('list', { name: 'The path' });
  await expect(path.getByRole('listitem')).toHaveCount(3);
  await expect(page.getByText('3 items, 25 min')).toBeVisible();
  // Reordering and removing work from the keyboard's buttons too.
  await page.getByRole('button', { name: 'Move item 3 up' }).click();
  await expect(path.getByRole('listitem').nth(1)).toContainText('step 1: A call that fails');
  await page.getByRole('button', { name: 'Move item 2 down' }).click();
  await expect(path.getByRole('listitem').nth(2)).toContainText('step 1: A call that fails');
  const link = await page.getByTestId('course-link').inputValue();
  expect(link).toContain('course=');
  await app.screenshot('course-builder');

  // The attendee opens the link in a fresh page.
  await page.goto(link);
  await expect(page.getByRole('heading', { level: 1, name: 'Partial failure in 20 minutes' })).toBeVisible();
  await expect(page.getByText('3 items, about 25 minutes.')).toBeVisible();
  await app.screenshot('course-overview');
  await page.getByRole('link', { name: /Start the course/ }).click();
  await app.waitReady();
  const bar = page.getByRole('navigation', { name: 'Course' });
  await expect(bar).toContainText('Item 1 of 3');
  await expect(page.locator('#step-title')).toHaveText('A call with no answer');
  // The catalog's previous and next give way to the path's.
  await expect(page.getByRole('link', { name: /Next lesson:/ })).toHaveCount(0);
  await app.screenshot('course-bar');

  // Meet the step (how is not the point here), then follow the path.
  await page.getByRole('button', { name: 'Show me' }).click();
  await page.getByRole('combobox', { name: /Speed/ }).selectOption('5000');
  await expect(page.getByTestId('challenge')).toContainText('Done!', { timeout: 45_000 });
  await bar.getByRole('link', { name: /Next item/ }).click();
  await app.waitReady();
  expect((await app.summary()).lessonId).toBe('unreliable-network');
  await expect(bar).toContainText('Item 2 of 3 · 1 done');
  await bar.getByRole('link', { name: /Next item/ }).click();
  await app.waitReady();
  expect((await app.summary()).lessonId).toBe('three-outcomes');
  await expect(page.locator('#step-title')).toHaveText('A call that fails');
  await expect(bar).toContainText('Item 3 of 3');
  await expect(bar.getByRole('link', { name: 'End of the course' })).toBeVisible();

  // A reload stays in the course; the overview shows what is done.
  await page.reload();
  await app.waitReady();
  await expect(bar).toContainText('Item 3 of 3');
  // On a phone the course bar sits above the step, its buttons in reach.
  await page.setViewportSize({ width: 390, height: 844 });
  await expect(bar.getByRole('link', { name: 'End of the course' })).toBeInViewport();
  await page.screenshot({ path: `${ARTIFACTS}/course-bar-phone.png` });
  await page.setViewportSize({ width: 1366, height: 860 });
  await bar.getByRole('link', { name: 'Partial failure in 20 minutes' }).click();
  await expect(page.getByRole('link', { name: /Continue with item 2/ })).toBeVisible();
  await expect(page.getByRole('list', { name: 'The path' }).getByRole('listitem').first()).toContainText(
    'done',
  );
  await page.screenshot({ path: `${ARTIFACTS}/course-overview-progress.png` });
});

test('a damaged course link says so and the page still works', async ({ page }) => {
  await page.goto('./?course=not-a-course');
  await expect(page.getByText(/This course link could not be read/)).toBeVisible();
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Make a course' })).toBeVisible();
});
