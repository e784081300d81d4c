/**
 * What a newcomer saw that must go (issue 9): each rough edge a first-time learner hit, checked the
 * way they met it.
 */
import type { RoundtripTestApi } from '../../src/test-api.ts';
import { ARTIFACTS, expect, test } from './fixtures.ts';

const DEFAULT_NARRATION = 'Press Play, or step through events one at a time.';

test('a lesson opens without the last lesson’s message in its status line', async ({ app, page }) => {
  // Lesson 2, a message dropped: its narration says so.
  await app.open('?lesson=unreliable-network');
  const narration = page.getByTestId('narration');
  if (!(await app.summary()).playing) await app.play();
  await page.getByRole('button', { name: /^Drop the next message/ }).click();
  await expect(narration).not.toHaveText(DEFAULT_NARRATION);
  const said = await narration.innerText();
  expect(said.length).toBeGreaterThan(0);

  // Lesson 1 opens paused: nothing of it has happened, so nothing of lesson 2 may be said.
  await page.getByRole('link', { name: /Previous lesson/ }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Three outcomes');
  await app.waitReady();
  await expect(narration).toHaveText(DEFAULT_NARRATION);
  expect((await app.summary()).playing).toBe(false);
});

test('the Share dialog says "Link copied." only once Copy has copied it', async ({ app, page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await app.open('?lesson=three-outcomes');
  await page.evaluate(() => navigator.clipboard.writeText('something else'));
  await page.getByRole('group', { name: 'Share and save' }).getByRole('button', { name: 'Share' }).click();
  const dialog = page.getByTestId('share-dialog');
  const status = dialog.getByRole('status');
  await expect(dialog.getByTestId('share-url')).toBeVisible();
  await expect(status).toHaveText('');
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe('something else');

  await dialog.getByRole('button', { name: 'Copy link' }).click();
  await expect(status).toHaveText('Link copied.');
  const link = await dialog.getByTestId('share-url').inputValue();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(link);
  await page.screenshot({ path: `${ARTIFACTS}/newcomer-share-copied.png` });
});

test('every node’s menu makes its clock jump and drift, in both directions', async ({ app, page }) => {
  await app.open('?lesson=three-outcomes');
  const driftOf = () =>
    page.evaluate(() => {
      const s = (window as unknown as { __roundtrip: RoundtripTestApi }).__roundtrip.state();
      return s.run!.interventions.flatMap((iv) => (iv.kind === 'skew' ? [iv.driftPpm ?? null] : []));
    });
  for (const node of ['client', 'server']) {
    await page.getByRole('button', { name: new RegExp(`Actions for ${node}$`) }).click();
    const menu = page.getByRole('menu');
    await expect(menu.getByRole('menuitem', { name: /^Clock \+100 ms/ })).toBeVisible();
    await expect(menu.getByRole('menuitem', { name: /^Clock −100 ms/ })).toBeVisible();
    await expect(menu.getByRole('menuitem', { name: /^Clock runs slower/ })).toBeVisible();
    if (node === 'server') await app.screenshot('newcomer-node-menu-drift');
    await menu.getByRole('menuitem', { name: /^Clock runs faster/ }).click();
  }
  await expect.poll(driftOf).toEqual([10_000, 10_000]);
  // The drift shows in the clock the node reads.
  await expect.poll(async () => (await app.summary()).types.clock ?? 0).toBeGreaterThan(2);
});

test('a shared link opened at a later moment shows what happened before it, without Fit', async ({
  app,
  page,
}) => {
  // Three outcomes' one call is over by 1 s; the link opens at 6 s with Follow on.
  await app.open('?lesson=three-outcomes&t=6000');
  const diagram = page.locator('section.spacetime');
  await expect(diagram.getByRole('button', { name: 'Follow' })).toHaveAttribute('aria-pressed', 'true');
  await expect(diagram).toContainText(/^.*0 ms – [\d.]+ s shown/);
  await expect(diagram.locator('.st-arrows [role="button"]').first()).toBeVisible();
  expect(await diagram.locator('.st-arrows [role="button"]').count()).toBeGreaterThan(0);
  await diagram.screenshot({ path: `${ARTIFACTS}/newcomer-shared-link-spacetime.png` });
});

test('a setting shows the value in force at the cursor, and says which action set it', async ({
  app,
  page,
}) => {
  await app.open('?lesson=crash-or-slow');
  await page.evaluate(() => {
    const s = (window as unknown as { __roundtrip: RoundtripTestApi }).__roundtrip.state();
    s.seek(1000);
    s.intervene({ kind: 'set-param', name: 'linkLatencyMs', value: 2000 });
    s.seek(1500);
  });
  const slider = page.locator('#param-linkLatencyMs');
  if (!(await slider.isVisible())) await page.getByRole('button', { name: /^Other settings/ }).click();
  await expect(slider).toHaveAttribute('aria-valuetext', '2000 ms');
  const note = page.getByTestId('param-override-linkLatencyMs');
  await expect(note).toContainText('Slow the link at 1.00 s');
  await slider.scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${ARTIFACTS}/newcomer-param-override.png` });

  // Before the action, the run's own value, with nothing to explain.
  await page.evaluate(() =>
    (window as unknown as { __roundtrip: RoundtripTestApi }).__roundtrip.state().seek(500),
  );
  await expect(slider).toHaveAttribute('aria-valuetext', '10 ms');
  await expect(note).toHaveCount(0);

  // Moved while overridden, it acts now; moved again at the same moment, it replaces that action.
  await page.evaluate(() =>
    (window as unknown as { __roundtrip: RoundtripTestApi }).__roundtrip.state().seek(1500),
  );
  await slider.fill('500');
  await app.waitReady();
  await slider.fill('800');
  await app.waitReady();
  await expect(slider).toHaveAttribute('aria-valuetext', '800 ms');
  const settings = await page.evaluate(() =>
    (window as unknown as { __roundtrip: RoundtripTestApi }).__roundtrip
      .state()
      .run!.interventions.filter((iv) => iv.kind === 'set-param')
      .map((iv) => [iv.at, iv.kind === 'set-param' ? iv.value : null]),
  );
  expect(settings).toEqual([
    [1000, 2000],
    [1500, 800],
  ]);
});

test.describe('on a phone', () => {
  test.use({ viewport: { width: 390, height: 844 } });

  test('Share, Embed, Export and Import are in a menu at the top, by keyboard', async ({ app, page }) => {
    await app.open('?lesson=three-outcomes');
    const toggle = page.getByRole('banner').getByRole('button', { name: /^Share & save/ });
    await expect(toggle).toBeVisible();
    expect((await toggle.boundingBox())!.y).toBeLessThan(200);
    await expect(toggle).toHaveAttribute('aria-expanded', 'false');

    await toggle.focus();
    await page.keyboard.press('Enter');
    const list = page.getByRole('group', { name: 'Share and save' });
    for (const name of ['Share', 'Embed', 'Export', 'Import'])
      await expect(list.getByRole('button', { name, exact: true })).toBeVisible();
    const first = list.getByRole('button', { name: 'Share', exact: true });
    await expect(first).toBeFocused();
    // The focus is drawn: a keyboard user sees where they are.
    const outline = await first.evaluate((el) => getComputedStyle(el).outlineStyle);
    expect(outline).not.toBe('none');
    await page.screenshot({ path: `${ARTIFACTS}/newcomer-phone-share-menu.png` });

    await page.keyboard.press('Escape');
    await expect(list).toHaveCount(0);
    await expect(toggle).toBeFocused();

    await page.keyboard.press('Enter');
    await page.keyboard.press('Tab');
    await expect(list.getByRole('button', { name: 'Embed', exact: true })).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('embed-dialog')).toBeVisible();
  });
});

test('the embed’s calls table is the page’s, in its words, and its legend opens', async ({ app, page }) => {
  await app.open('?lesson=three-outcomes&t=3000');
  const pageTable = page.locator('.truth-table');
  await expect(pageTable).toContainText('Card charged');
  const pageText = await pageTable.innerText();

  await page.setViewportSize({ width: 700, height: 1200 });
  await page.goto('./embed.html?lesson=three-outcomes&t=3000&views=topology,calls');
  await app.waitReady();
  const calls = page.locator('.embed-view[data-view="calls"]');
  await expect(calls.locator('.truth-table')).toContainText('Card charged');
  expect(await calls.locator('.truth-table').innerText()).toBe(pageText);
  await expect(calls.locator('.truth-mark')).toHaveCount(0);
  await expect(calls.locator('circle').first()).toBeVisible();

  // The folded legend says it can be opened, and opens.
  const legend = page.locator('.embed-view[data-view="topology"] details.topo-legend');
  const summary = legend.locator('summary');
  expect(await summary.evaluate((el) => getComputedStyle(el, '::before').content)).toBe('"▸"');
  await summary.click();
  await expect(legend.locator('li').first()).toBeVisible();
  await page.screenshot({ path: `${ARTIFACTS}/newcomer-embed-calls.png`, fullPage: true });
});

test('the legend speaks the open lesson’s words and draws what the picture draws', async ({ app, page }) => {
  await app.open('?lesson=crash-or-slow');
  if (!(await app.summary()).playing) await app.play();
  const legend = page.locator('details.topo-legend').first();
  // Open by default on a wide screen; open it if this one folded it.
  if ((await legend.getAttribute('open')) === null) await legend.locator('summary').click();
  const messages = legend.getByRole('list', { name: 'Messages', exact: true });
  // Pings and pongs are plain messages: one round black entry, naming them, and no payment words.
  await expect(messages).toContainText(/e\.g\. ping, pong/);
  await expect(messages).not.toContainText('charge');
  await expect(messages).not.toContainText('other reply');
  await app.screenshot('newcomer-legend-crash-or-slow');
});

test('space-time arrows say their kind by shape as well as colour, as its legend shows', async ({
  app,
  page,
}) => {
  await app.open('?lesson=saga');
  await page.getByRole('combobox', { name: /Speed/ }).selectOption('5000');
  if (!(await app.summary()).playing) await app.play();
  await expect.poll(async () => (await app.summary()).cursor, { timeout: 20_000 }).toBeGreaterThan(60);
  const legend = page.locator('details.st-legend');
  if ((await legend.getAttribute('open')) === null) await legend.locator('summary').click();
  // Saga's orchestrator sends requests and gets ok and error replies: each kind has its own entry.
  await expect(legend).toContainText('request or message');
  await expect(legend).toContainText('reply: ok');
  await expect(legend).not.toContainText('ping');
  const figure = page.locator('.st-svg').first();
  await figure.scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${ARTIFACTS}/newcomer-spacetime-shapes.png`, fullPage: false });
});
