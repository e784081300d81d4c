/**
 * Issue 3: direct manipulation (a node crashed by click, a link cut by keyboard), accessibility
 * (axe finds nothing serious), and a screenshot of every view for people to look at.
 */
import AxeBuilder from '@axe-core/playwright';
import { test, expect, framesPass } from './fixtures.ts';

test('crashing a node by clicking it: the trace records it and the node is drawn crashed', async ({
  app,
  page,
}) => {
  await app.open('?lesson=three-outcomes&seed=5');
  await page.getByRole('button', { name: /Actions for server$/ }).click();
  const menu = page.getByRole('menu');
  await expect(menu).toBeVisible();
  await app.screenshot('view-topology-node-menu');
  await menu.getByRole('menuitem', { name: 'Crash' }).click();
  await expect.poll(async () => (await app.summary()).types.crash ?? 0).toBe(1);
  await page.getByRole('toolbar', { name: 'Playback' }).getByRole('button', { name: /^Step/ }).click();
  await expect(page.getByRole('button', { name: /Actions for server$/ })).toHaveAccessibleName(/crashed/i);
  await app.screenshot('view-topology-crashed');
});

test('cutting a link with the keyboard alone', async ({ app, page }) => {
  await app.open('?lesson=three-outcomes&seed=5');
  // Tab to the first link, as a keyboard user would.
  let found = false;
  for (let i = 0; i < 80 && !found; i++) {
    await page.keyboard.press('Tab');
    found = await page.evaluate(() =>
      (document.activeElement?.getAttribute('aria-label') ?? '').endsWith('Actions for this link'),
    );
  }
  expect(found, 'a link is reachable with Tab').toBe(true);
  await page.keyboard.press('Enter');
  const menu = page.getByRole('menu');
  await expect(menu).toBeVisible();
  const cut = menu.getByRole('menuitem', { name: 'Cut both ways' });
  for (let i = 0; i < 8 && !(await cut.evaluate((el) => el === document.activeElement)); i++) {
    await page.keyboard.press('ArrowDown');
  }
  await expect(cut).toBeFocused();
  await page.keyboard.press('Enter');
  await expect.poll(async () => (await app.summary()).types.partition ?? 0).toBe(2);
  await expect(menu).toBeHidden();
});

for (const [name, query] of [
  ['home', ''],
  ['three-outcomes', '?lesson=three-outcomes'],
  ['idempotency', '?lesson=idempotency'],
  ['saga', '?lesson=saga'],
] as const) {
  test(`no serious accessibility violations: ${name}`, async ({ app, page }) => {
    await page.goto(`./${query}`);
    await page.waitForLoadState('networkidle');
    // The page as a learner meets it: the catalog listed, or the lesson's run loaded and drawn.
    if (query) await app.waitReady();
    else await page.locator('.lesson-card a.lesson-link').first().waitFor();
    await framesPass(page);
    const results = await new AxeBuilder({ page }).analyze();
    const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    expect(
      serious.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join('; ')})`),
    ).toEqual([]);
  });
}

test('every view, after a short run with faults, as screenshots to look at', async ({ app, page }) => {
  await app.open('?lesson=three-outcomes&seed=5');
  await page
    .getByRole('button', { name: /Actions for client → server|Actions for this link/ })
    .first()
    .click();
  await page.getByRole('menuitem', { name: /^Drop the next server → client message$/ }).click();
  await app.timeline().fill('4000');
  await expect.poll(async () => Math.round((await app.summary()).cursor)).toBe(4000);
  for (const title of ['Every call, one by one', 'Clocks', 'Event log']) {
    const toggle = page.getByRole('button', { name: new RegExp(title) });
    if ((await toggle.count()) && (await toggle.first().getAttribute('aria-expanded')) === 'false')
      await toggle.first().click();
  }
  await app.screenshot('views-all');
  const shots: [string, string][] = [
    ['view-topology', '.topo-stage'],
    ['view-spacetime', '[aria-label="Space-time diagram"]'],
    ['view-calls', '[aria-label="Calls, newest first"]'],
    ['view-event-log', '[aria-label^="Events, oldest first"]'],
  ];
  for (const [file, selector] of shots) {
    const el = page.locator(selector).first();
    await expect(el, `${file} is on the page`).toBeVisible();
    await el.screenshot({ path: `tests/e2e/artifacts/${file}.png` });
  }
});
