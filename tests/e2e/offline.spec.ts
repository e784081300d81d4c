/**
 * Issue "The app ...": no network requests beyond the app's own files, and it works offline once
 * loaded. One visit installs the service worker (src/offline/), which precaches the whole build;
 * then, with the network off, the home page and lessons (their lazily loaded chunks and the
 * simulation worker included) load and run from the cache.
 */
import type { Page } from '@playwright/test';
import { encodeCourse } from '../../src/store/course.ts';
import { test, expect } from './fixtures.ts';

/** Waits until a service worker is activated and controls the page, reloading once if it does not. */
async function waitControlled(page: Page): Promise<void> {
  const state = () =>
    page.evaluate(async () => {
      const registration = await navigator.serviceWorker.getRegistration();
      return {
        active: registration?.active?.state ?? 'none',
        controlled: navigator.serviceWorker.controller !== null,
      };
    });
  await expect.poll(async () => (await state()).active, { timeout: 30_000 }).toBe('activated');
  if (!(await state()).controlled) await page.reload();
  expect(await state()).toEqual({ active: 'activated', controlled: true });
}

/** Whether a request that no cache holds reaches the server (it must not, with the network off). */
function probeNetwork(page: Page): Promise<string> {
  return page.evaluate(() =>
    fetch(`./no-such-file-${Date.now()}.txt`, { cache: 'no-store' }).then(
      () => 'online',
      () => 'offline',
    ),
  );
}

test('after one visit, the home page, lessons and workshop pages work with the network off', async ({
  app,
  page,
  context,
  baseURL,
}) => {
  const origin = new URL(baseURL!).origin;
  const elsewhere: string[] = [];
  context.on('request', (request) => {
    const url = new URL(request.url());
    if (url.protocol.startsWith('http') && url.origin !== origin) elsewhere.push(request.url());
  });

  // An older build's cache for this app, and another app's cache on the same origin, made from a page
  // of the origin that registers nothing: the new worker must delete the first and keep the second.
  await page.goto('./favicon.svg');
  const stale = `roundtrip:${baseURL}:an-older-build`;
  await page.evaluate(
    async (names) => {
      for (const name of names) await (await caches.open(name)).put('./stale', new Response('stale'));
    },
    [stale, 'another-app'],
  );

  await page.goto('./');
  await expect(page.getByRole('link', { name: /Start with lesson 1/ })).toBeVisible();
  await waitControlled(page);
  const names = await page.evaluate(() => caches.keys());
  expect(names).not.toContain(stale);
  expect(names).toContain('another-app');
  expect(names.filter((name) => name.startsWith(`roundtrip:${baseURL}:`))).toHaveLength(1);

  await context.setOffline(true);
  expect(await probeNetwork(page)).toBe('offline');

  for (const lesson of ['unreliable-network', 'idempotency']) {
    const response = await page.goto(`./?lesson=${lesson}&seed=5`);
    expect(response?.fromServiceWorker(), `${lesson} came from the service worker`).toBe(true);
    await app.waitReady();
    const summary = await app.summary();
    expect(summary.lessonId).toBe(lesson);
    expect(summary.events).toBeGreaterThan(0);
    expect(summary.error).toBeUndefined();
  }

  // A workshop with no network: a course's page, its handout with the stills drawn, presenter mode.
  const course = encodeURIComponent(
    encodeCourse({
      title: 'Offline workshop',
      items: [
        { lessonId: 'three-outcomes', stepId: null, minutes: 10 },
        { lessonId: 'saga', stepId: 'compensate', minutes: 10 },
      ],
    }),
  );
  await page.goto(`./?course=${course}`);
  await page.getByRole('link', { name: 'Print a handout' }).click();
  await expect(page.getByRole('img', { name: /as its scripted solution plays it/ })).toHaveCount(2, {
    timeout: 30_000,
  });
  await page.goto(`./?lesson=saga&present=1&course=${course}`);
  await app.waitReady();
  await expect(page.getByRole('button', { name: 'Present' })).toHaveAttribute('aria-pressed', 'true');

  await page.goto('./');
  await expect(page.getByRole('heading', { level: 1 })).toContainText('distributed systems');
  await page.getByRole('link', { name: /Start with lesson 1/ }).click();
  await app.waitReady();
  expect((await app.summary()).lessonId).toBe('three-outcomes');
  await page.reload();
  await app.waitReady();
  expect(await probeNetwork(page)).toBe('offline');

  expect(elsewhere, 'requests to other origins').toEqual([]);
});
