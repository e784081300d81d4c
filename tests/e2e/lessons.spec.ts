/**
 * Guided lessons: the home page, the player, progress. The walks below do what a learner does: read
 * the step, press the intervention it suggests, watch the challenge turn green, read why, go on. Every
 * lesson's every step is then shown with "Show me" and photographed, at laptop and phone sizes.
 */
import { test, expect, ARTIFACTS } from './fixtures.ts';
import type { Page } from '@playwright/test';
import { existsSync, mkdirSync, readdirSync } from 'node:fs';

const PHONE = { width: 390, height: 844 };
const PROJECTOR = { width: 1920, height: 1080 };

async function shot(page: Page, name: string): Promise<void> {
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: `${ARTIFACTS}/${name}.png`, fullPage: true });
}

const challenge = (page: Page) => page.getByTestId('challenge');
const stepHeading = (page: Page) => page.locator('#step-title');

async function expectMet(page: Page): Promise<void> {
  await expect(challenge(page)).toContainText('Done!', { timeout: 30_000 });
  await expect(challenge(page)).toHaveClass(/\bmet\b/);
}

/** Playback on, whatever it was (pressing Play while it shows Pause would wait forever). */
async function ensurePlaying(page: Page, playing = true): Promise<void> {
  const now = await page.evaluate(() => window.__roundtrip!.state().playing);
  if (now !== playing)
    await page
      .getByRole('toolbar', { name: 'Playback' })
      .getByRole('button', { name: playing ? 'Play' : 'Pause' })
      .click();
}

async function press(page: Page, label: string): Promise<void> {
  await page
    .getByRole('region', { name: /try this|break things/i })
    .getByRole('button', { name: new RegExp(`^${label}`, 'i') })
    .click();
}

/** Fresh progress for each test (the fixture's page starts with empty storage, but be explicit). */
test.beforeEach(async ({ page }) => {
  await page.addInitScript(() => {
    if (!sessionStorage.getItem('roundtrip.e2e.keep')) localStorage.removeItem('roundtrip.progress');
  });
});

test('the home page says what Roundtrip is, offers one first action, and lists all fifteen lessons by part', async ({
  app,
  page,
}) => {
  await page.goto('./');
  await expect(page.getByRole('heading', { level: 1 })).toContainText('distributed systems');
  const start = page.getByRole('link', { name: /Start with lesson 1: Three outcomes/ });
  await expect(start).toBeVisible();
  for (const part of ['The shift', 'The six truths', 'Patterns that follow', 'When you must coordinate']) {
    await expect(page.getByRole('heading', { name: new RegExp(part) })).toBeVisible();
  }
  await expect(page.locator('.lesson-card')).toHaveCount(15);
  // All fifteen are built: none is marked "Coming later", and every card is a link to its lesson.
  await expect(page.locator('.lesson-card.later')).toHaveCount(0);
  await expect(page.locator('.lesson-card a.lesson-link')).toHaveCount(15);
  await expect(page.getByRole('link', { name: /Retries and idempotency/ })).toContainText('7 min');
  await shot(page, 'home-laptop');
  await start.click();
  await expect(stepHeading(page)).toHaveText('A call that fails');
  await app.waitReady();
  expect(page.url()).toContain('lesson=three-outcomes');
  await page.goBack();
  await expect(start).toBeVisible();
});

test('an unknown lesson id says so and shows the home page', async ({ page }) => {
  await page.goto('./?lesson=no-such-lesson');
  await expect(
    page.getByRole('alert').filter({ hasText: 'no lesson called "no-such-lesson"' }),
  ).toBeVisible();
  await expect(page.getByRole('link', { name: /Start with lesson 1/ })).toBeVisible();
  await shot(page, 'home-unknown-lesson');
});

test('corrupt saved progress is reset with a message, not a crash', async ({ page }) => {
  await page.addInitScript(() => localStorage.setItem('roundtrip.progress', '{"version":1,"lessons":'));
  await page.goto('./');
  await expect(page.getByRole('alert').filter({ hasText: 'Your saved progress was reset' })).toBeVisible();
  await expect(page.getByRole('link', { name: /Start with lesson 1/ })).toBeVisible();
});

test('one damaged lesson in saved progress costs only that lesson; the page says which', async ({ page }) => {
  await page.addInitScript(() =>
    localStorage.setItem(
      'roundtrip.progress',
      JSON.stringify({
        version: 1,
        lessons: {
          'three-outcomes': { stepsMet: ['failure'], finished: false },
          saga: { stepsMet: 'garbled', finished: false },
        },
      }),
    ),
  );
  await page.goto('./');
  await expect(
    page
      .getByRole('alert')
      .filter({ hasText: 'Saved progress for lesson "saga" was damaged and was reset; the rest is kept.' }),
  ).toBeVisible();
  await expect(page.getByLabel(/^1 of \d+ steps done$/)).toBeVisible();
  await shot(page, 'home-progress-one-damaged');
});

test('three-outcomes, as a learner: each step turns green from the intervention its text suggests', async ({
  app,
  page,
}) => {
  await page.goto('./');
  await page.getByRole('link', { name: /Start with lesson 1/ }).click();
  await app.waitReady();

  // Step 1: a failure.
  await expect(stepHeading(page)).toHaveText('A call that fails');
  await expect(challenge(page)).toContainText('Your turn');
  await shot(page, 'walk-three-outcomes-1-read');
  await page.getByRole('button', { name: 'Hint' }).click();
  await expect(page.getByText(/Press "Reply with an error next"/)).toBeVisible();
  await press(page, 'Reply with an error next');
  await expectMet(page);
  await expect(page.getByTestId('why-main')).toContainText('answered with an error');
  await shot(page, 'walk-three-outcomes-1-met');

  // Step 2: unknown. The client paid once on its own; the learner slows the server and pays again.
  await page.getByRole('button', { name: 'Next step' }).click();
  await expect(stepHeading(page)).toHaveText('A call with no answer');
  await press(page, 'Slow the server past the deadline');
  await press(page, 'Pay');
  await ensurePlaying(page);
  await expectMet(page);
  await expect(page.getByTestId('why-main')).toContainText('deadline passed');
  await shot(page, 'walk-three-outcomes-2-met');

  // Step 3: unknown, yet charged. The step starts clean (step 2's slow server is gone): the learner
  // slows the server again and pays; it charges after the client gave up, and the chain says why.
  await page.getByRole('button', { name: 'Next step' }).click();
  await expect(stepHeading(page)).toHaveText('Unknown, yet charged');
  await expect(challenge(page)).toContainText('Your turn');
  await press(page, 'Drop the next response');
  await press(page, 'Pay');
  await expectMet(page);
  const why = page.getByTestId('why-main');
  await expect(why).toContainText(/The reply to call \d+ never arrived: you dropped it/);
  await expect(why).toContainText('did carry out the charge');
  await shot(page, 'walk-three-outcomes-3-met');

  // A link in the chain moves the cursor to its event.
  const link = why.getByRole('button', { name: /deadline/ }).first();
  const seq = Number((await link.getAttribute('aria-label'))!.match(/Go to event (\d+)/)![1]);
  await link.click();
  await expect.poll(async () => (await app.summary()).cursorSeq).toBe(seq + 1);
  expect((await app.summary()).playing).toBe(false);
  // The step stays met in progress, and the explanation stays on screen.
  await expect(challenge(page)).toContainText(/Done/);
  await expect(why).toBeVisible();
  await shot(page, 'walk-three-outcomes-3-seek');
  await ensurePlaying(page);

  // Step 4: unknown, and not charged.
  await page.getByRole('button', { name: 'Next step' }).click();
  await expect(stepHeading(page)).toHaveText('Unknown, and not charged');
  await press(page, 'Drop the next request');
  await press(page, 'Pay');
  await expectMet(page);
  await expect(page.getByText('Lesson complete.')).toBeVisible();
  await shot(page, 'walk-three-outcomes-4-met');

  const saved = await page.evaluate(() => JSON.parse(localStorage.getItem('roundtrip.progress')!));
  expect(saved.version).toBe(1);
  expect(saved.lessons['three-outcomes'].finished).toBe(true);
  expect(saved.lessons['three-outcomes'].stepsMet).toEqual(
    expect.arrayContaining(['failure', 'unknown', 'unknown-applied', 'unknown-not-applied']),
  );

  // Home shows it finished.
  await page.getByRole('link', { name: 'All lessons' }).first().click();
  await expect(page.getByRole('link', { name: /Three outcomes/ }).first()).toContainText('Finished');
});

test('a lesson URL opens at its first unfinished step', async ({ app, page }) => {
  await page.addInitScript(() => {
    sessionStorage.setItem('roundtrip.e2e.keep', '1');
    localStorage.setItem(
      'roundtrip.progress',
      JSON.stringify({
        version: 1,
        lessons: { 'three-outcomes': { stepsMet: ['failure', 'unknown'], finished: false } },
      }),
    );
  });
  await app.open('?lesson=three-outcomes');
  await expect(stepHeading(page)).toHaveText('Unknown, yet charged');
  await expect(page.getByRole('button', { name: /Step 1: A call that fails \(done\)/ })).toBeVisible();
});

test('idempotency, as a learner: cause a double charge, then turn the key on and survive a retry storm', async ({
  app,
  page,
}) => {
  await app.open('?lesson=idempotency');
  await expect(stepHeading(page)).toHaveText('Charged twice');
  await shot(page, 'walk-idempotency-1-read');
  await press(page, 'Drop the next response');
  await expectMet(page);
  const why = page.getByTestId('why-main');
  await expect(why).toContainText('was carried out twice');
  await expect(why).toContainText('tried again');
  await shot(page, 'walk-idempotency-1-met');

  await page.getByRole('button', { name: 'Next step' }).click();
  await expect(stepHeading(page)).toHaveText('A storm of retries, one charge each');
  // The step's own settings are in view: the key, response loss and retries.
  const settings = page.getByRole('group', { name: 'Settings for this step' });
  await settings.getByRole('switch', { name: 'Idempotency key' }).check();
  await settings.getByRole('slider', { name: /Response loss/ }).fill('0.7');
  await settings.getByRole('slider', { name: /Retries/ }).fill('4');
  await expect
    .poll(async () => page.evaluate(() => window.__roundtrip!.state().run?.params))
    .toMatchObject({
      idempotencyKey: true,
      responseLoss: 0.7,
      retries: 4,
    });
  await ensurePlaying(page);
  await expectMet(page);
  await expect(why).toContainText('changed nothing');
  await expect(page.getByText('Lesson complete.')).toBeVisible();
  await shot(page, 'walk-idempotency-2-met');
  // Compare without and with the fix, side by side.
  // Idempotency has a fix, so the comparison is offered; it is ready once the second run has events.
  const compare = page.getByRole('switch', { name: /Compare side by side/ });
  await expect(compare).toBeVisible();
  await compare.check();
  await expect
    .poll(async () =>
      page.evaluate(() => {
        const c = window.__roundtrip!.state().comparison;
        return c.status === 'ready' && c.events.length > 0;
      }),
    )
    .toBe(true);
  await shot(page, 'walk-idempotency-2-compare');
});

/** Every lesson folder with a guide: one "Show me" test each, so one slow lesson cannot starve the rest. */
const LESSON_IDS = readdirSync(new URL('../../lessons/', import.meta.url), { withFileTypes: true })
  .filter((d) => d.isDirectory() && existsSync(new URL(`../../lessons/${d.name}/guide.ts`, import.meta.url)))
  .map((d) => d.name)
  .sort();

test('the home page links every lesson folder, so the "Show me" tests below cover them all', async ({
  page,
}) => {
  await page.goto('./');
  await page.locator('.lesson-card a.lesson-link').first().waitFor(); // the guides load as the page opens
  const linked: string[] = await page.evaluate(() =>
    [...document.querySelectorAll<HTMLAnchorElement>('.lesson-card a.lesson-link')].map((a) =>
      new URL(a.href).searchParams.get('lesson')!,
    ),
  );
  expect([...linked].sort()).toEqual(LESSON_IDS);
});

for (const id of LESSON_IDS) {
  test(`"Show me" plays the scripted solution of every step of ${id}, and it turns green`, async ({
    app,
    page,
  }) => {
    test.setTimeout(300_000);
    await app.open(`?lesson=${id}`);
    const steps = await page.locator('.step-dot').count();
    for (let i = 0; i < steps; i++) {
      await page.locator('.step-dot').nth(i).click();
      await expect(stepHeading(page)).toBeVisible();
      await shot(page, `lesson-${id}-step${i + 1}-read`);
      // A step the run so far already shows is green on arrival; otherwise "Show me" does it.
      if (!(await page.getByRole('button', { name: 'Show me' }).isVisible())) {
        await expectMet(page);
      } else {
        await page.getByRole('button', { name: 'Show me' }).click();
        await page.getByRole('combobox', { name: /Speed/ }).selectOption('5000');
        await expectMet(page);
      }
      await ensurePlaying(page, false);
      await shot(page, `lesson-${id}-step${i + 1}-met`);
      // What the learner sees with the explanation scrolled into view.
      await page.getByRole('region', { name: 'Why did that happen?' }).scrollIntoViewIfNeeded();
      await page.screenshot({ path: `${ARTIFACTS}/lesson-${id}-step${i + 1}-why.png` });
    }
  });
}

test('phone: the narrative and the simulation stack, and the controls stay large enough to touch', async ({
  app,
  page,
}) => {
  await page.setViewportSize(PHONE);
  await page.goto('./');
  await expect(page.locator('.lesson-card').first()).toBeVisible(); // the catalog's guides load with the page
  await shot(page, 'phone-home');
  await page.getByRole('link', { name: /Start with lesson 1/ }).click();
  await app.waitReady();
  await shot(page, 'phone-three-outcomes-read');
  // No sideways scrolling.
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
    PHONE.width + 1,
  );
  // The step comes before the simulation.
  const stepBox = (await page.locator('.step-card').boundingBox())!;
  const topoBox = (await page.locator('.order-topology').boundingBox())!;
  expect(stepBox.y).toBeLessThan(topoBox.y);
  expect(stepBox.width).toBeGreaterThan(PHONE.width - 40);
  // Every button and link of the lesson's narrative, actions and toolbar is at least 44 px tall.
  const small = await page.evaluate(() =>
    [
      ...document.querySelectorAll<HTMLElement>(
        '.step-card button, .actions button, .why button, .settings button, .lesson-nav a, .collapsible-toggle, .controls button, .app-header a, .app-header button',
      ),
    ]
      .filter((el) => el.offsetParent !== null)
      .map((el) => ({ text: el.textContent?.trim().slice(0, 40), h: el.getBoundingClientRect().height }))
      .filter((x) => x.h < 43.5),
  );
  expect(small).toEqual([]);
  await press(page, 'Reply with an error next');
  await expectMet(page);
  await shot(page, 'phone-three-outcomes-met');
  // What fits on the phone's screen: the step, then (scrolled) the explanation.
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: `${ARTIFACTS}/phone-three-outcomes-met-screen.png` });
  await page.getByRole('region', { name: 'Why did that happen?' }).scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${ARTIFACTS}/phone-three-outcomes-why-screen.png` });
  await page.getByRole('button', { name: 'Next step' }).click();
  await expect(stepHeading(page)).toHaveText('A call with no answer');
  await shot(page, 'phone-three-outcomes-step2');
});

test('projector: a big screen shows the same layout, larger', async ({ app, page }) => {
  await page.setViewportSize(PROJECTOR);
  await page.goto('./');
  await expect(page.locator('.lesson-card').first()).toBeVisible(); // the catalog's guides load with the page
  await shot(page, 'projector-home');
  await app.open('?lesson=idempotency');
  await press(page, 'Drop the next response');
  await expectMet(page);
  await shot(page, 'projector-idempotency-met');
});
