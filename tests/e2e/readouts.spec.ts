/**
 * A lesson's readout and its fix comparison are fetched when the lesson shows them: a lesson page
 * fetches its own readout only, and one that cannot be fetched says so in its panel, not with a
 * blank page, and loads when asked again.
 */
import { test, expect } from './fixtures.ts';

// The page's own requests only (a service worker would answer some of them from its cache).
test.use({ serviceWorkers: 'block' });

test('a lesson page fetches its own readout, and the fix comparison only when it is opened', async ({
  app,
  page,
}) => {
  const fetched: string[] = [];
  page.on('request', (r) => {
    const file = new URL(r.url()).pathname.split('/').pop() ?? '';
    if (/^(readout|FixComparison)-/.test(file)) fetched.push(file.replace(/-[\w-]+\.js$/, ''));
  });
  await app.open('?lesson=idempotency');
  const readout = page.getByRole('region', { name: 'Lesson readout' });
  await expect(readout.getByText('Charges per payment')).toBeVisible();
  expect(fetched).toEqual(['readout']);

  await page.getByRole('button', { name: /Without and with the fix/ }).click();
  const compare = page.getByRole('switch', { name: /Compare side by side/ });
  await expect(compare).toBeEnabled();
  expect(fetched).toEqual(['readout', 'FixComparison']);
  await compare.check();
  await expect(page.locator('.compare-headlines')).toContainText('double charges');
  await expect(page.locator('.compare-side .readout')).toHaveCount(2);
});

test('a readout that cannot be fetched says so in its panel, and Try again loads it', async ({
  app,
  page,
}) => {
  let fail = true;
  await page.route(/\/readout-[\w-]+\.js$/, (route) => (fail ? route.abort() : route.continue()));
  await app.open('?lesson=saga');
  const readout = page.getByRole('region', { name: 'Lesson readout' });
  await expect(readout.getByRole('alert')).toContainText("Could not load this lesson's readout");
  // The rest of the page works: the simulation plays.
  await app.play();
  await expect.poll(async () => (await app.summary()).cursor).toBeGreaterThan(0);
  fail = false;
  await readout.getByRole('button', { name: 'Try again' }).click();
  await expect(readout.getByRole('alert')).toHaveCount(0);
  await expect(readout.locator('.readout').first()).toBeVisible();
});
