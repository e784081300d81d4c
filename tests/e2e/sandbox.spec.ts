/**
 * The sandbox (issue 13): a scenario built by mouse and by keyboard alone, run, every edit undone
 * back to empty and redone, then shared and reopened: the same document and the same trace. A
 * damaged link says why and leaves a working page.
 */
import type { Page } from '@playwright/test';
import type { RoundtripTestApi } from '../../src/test-api.ts';
import { expect, test, type RoundtripPage } from './fixtures.ts';

type Api = { __roundtrip: RoundtripTestApi };

/** The document being built, as JSON (null outside the sandbox). */
const docOf = (page: Page) =>
  page.evaluate(() => {
    const h = (window as unknown as Api).__roundtrip.state().sandbox;
    return h ? JSON.stringify(h.doc) : null;
  });
const nodeCount = (page: Page) =>
  page.evaluate(() => (window as unknown as Api).__roundtrip.state().sandbox?.doc.nodes.length ?? -1);

/** What the run shows at its end: the event count and the outcomes the clients saw. */
async function runToEnd(app: RoundtripPage, page: Page): Promise<string> {
  await app.timeline().focus();
  await page.keyboard.press('End');
  const tally = () =>
    page.evaluate(() => {
      const s = (window as unknown as Api).__roundtrip.state();
      if (s.status !== 'ready' || s.cursor < s.durationMs || s.simulatedUntil < s.durationMs) return null;
      const outcomes: Record<string, number> = {};
      for (const e of s.events)
        if (e.type === 'outcome' && e.seq < s.cursorSeq) outcomes[e.result] = (outcomes[e.result] ?? 0) + 1;
      return JSON.stringify({ events: s.cursorSeq, outcomes });
    });
  await expect.poll(tally, { timeout: 20_000 }).not.toBeNull();
  const shown = (await tally())!;
  // The counter on the page says the same number.
  const { events } = JSON.parse(shown) as { events: number };
  await expect(page.getByRole('toolbar', { name: 'Playback' }).getByText(`event ${events} /`)).toBeVisible();
  return shown;
}

/** Shares the run at this moment, opens the link afresh, and returns what it opened. */
async function shareAndReopen(app: RoundtripPage, page: Page): Promise<void> {
  await page.getByRole('group', { name: 'Share and save' }).getByRole('button', { name: 'Share' }).click();
  const dialog = page.getByTestId('share-dialog');
  const url = await dialog.getByTestId('share-url').inputValue();
  expect(new URL(url).searchParams.get('sandbox')).toBe('1');
  expect(new URL(url).searchParams.get('doc')).toBeTruthy();
  await page.goto(url);
  await app.waitReady();
}

const unlinked = /needs a server to call/;

test('a scenario built by mouse runs, undoes back to empty, redoes, and reopens identical from its link', async ({
  app,
  page,
}) => {
  await page.goto('./');
  await page.getByRole('link', { name: 'Open the sandbox' }).click();
  await app.waitReady();
  await page.getByRole('button', { name: 'Start empty' }).click();
  expect(await nodeCount(page)).toBe(0);
  await expect(page.getByText('No nodes yet: add one under')).toBeVisible();

  const add = page.getByRole('form', { name: 'Add a node' });
  for (const behaviour of ['Client', 'Payment server', 'Client']) {
    await add.getByLabel('Behaviour').selectOption({ label: behaviour });
    await add.getByRole('button', { name: 'Add node' }).click();
  }
  expect(await nodeCount(page)).toBe(3);
  // Not connected yet: the network says so on the node, and the panel says what to do.
  const network = page.getByRole('region', { name: /network/i });
  await expect(network.getByText(unlinked).first()).toBeVisible();
  await expect(page.getByTestId('sandbox-next')).toContainText('client needs a server to call');

  const connect = page.getByRole('form', { name: 'Connect two nodes' });
  for (const client of ['client', 'client2']) {
    await connect.getByLabel('From').selectOption(client);
    await connect.getByLabel('To').selectOption('payment');
    await connect.getByRole('button', { name: 'Connect' }).click();
  }
  await expect(page.getByTestId('sandbox-next')).toHaveText(/^Ready: press Play/);
  await expect(network.getByText(unlinked)).toHaveCount(0);
  await app.screenshot('sandbox-built-by-mouse');

  await app.play();
  await expect.poll(async () => (await app.summary()).cursor).toBeGreaterThan(0);
  await app.pause();
  const built = await docOf(page);
  const ran = await runToEnd(app, page);
  expect(JSON.parse(ran).outcomes.success).toBeGreaterThan(0);

  // Three nodes and two links both ways: seven edits, each undone in turn, back to the empty page.
  const undo = page.getByRole('button', { name: 'Undo', exact: true });
  for (let k = 0; k < 7; k++) await undo.click();
  expect(await nodeCount(page)).toBe(0);
  const redo = page.getByRole('button', { name: 'Redo', exact: true });
  for (let k = 0; k < 7; k++) await redo.click();
  await expect(redo).toBeDisabled();
  expect(await docOf(page)).toBe(built);
  expect(await runToEnd(app, page)).toBe(ran);

  await shareAndReopen(app, page);
  expect(await docOf(page)).toBe(built);
  expect(await runToEnd(app, page)).toBe(ran);
});

test('a scenario built by keyboard alone runs, undoes and redoes with Ctrl+Z, and reopens identical', async ({
  app,
  page,
}) => {
  await app.open('?sandbox=1');
  const startEmpty = page.getByRole('button', { name: 'Start empty' });
  await startEmpty.focus();
  await page.keyboard.press('Enter');
  expect(await nodeCount(page)).toBe(0);

  // The Add node form: its behaviour, then Tab to the button and Enter.
  const behaviour = page.getByRole('form', { name: 'Add a node' }).getByLabel('Behaviour');
  await behaviour.focus();
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter'); // a Client, the first in the list
  await page.keyboard.press('Shift+Tab');
  await page.keyboard.press('ArrowDown'); // Payment server
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  await page.keyboard.press('Shift+Tab');
  await page.keyboard.press('ArrowUp'); // Client again
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  expect(await nodeCount(page)).toBe(3);

  // Connect: From, To, Both ways, Connect. The first pair is client → payment already.
  const from = page.getByRole('form', { name: 'Connect two nodes' }).getByLabel('From');
  await from.focus();
  for (const key of ['Tab', 'Tab', 'Tab', 'Enter']) await page.keyboard.press(key);
  await from.focus();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown'); // client2
  for (const key of ['Tab', 'Tab', 'Tab', 'Enter']) await page.keyboard.press(key);
  await expect(page.getByTestId('sandbox-next')).toHaveText(/^Ready: press Play/);
  const built = await docOf(page);
  expect(JSON.parse(built!).links).toHaveLength(4);

  // Play and pause with Space, from the page itself rather than a field.
  const leaveField = () => page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await leaveField();
  await page.keyboard.press(' ');
  await expect.poll(async () => (await app.summary()).cursor).toBeGreaterThan(0);
  await page.keyboard.press(' ');
  const ran = await runToEnd(app, page);

  await leaveField();
  for (let k = 0; k < 7; k++) await page.keyboard.press('Control+z');
  expect(await nodeCount(page)).toBe(0);
  for (let k = 0; k < 7; k++) await page.keyboard.press('Control+Shift+z');
  expect(await docOf(page)).toBe(built);
  expect(await runToEnd(app, page)).toBe(ran);

  await shareAndReopen(app, page);
  expect(await docOf(page)).toBe(built);
  expect(await runToEnd(app, page)).toBe(ran);
});

test('a damaged sandbox link says why, and the page still works', async ({ app, page }) => {
  await app.open('?sandbox=1&doc=not-a-scenario');
  await expect(page.getByText(/this sandbox link is damaged/)).toBeVisible();
  // The starter opened instead: a panel to build in and a run that plays.
  await expect(page.getByRole('heading', { name: 'Build your scenario' })).toBeVisible();
  expect(await nodeCount(page)).toBeGreaterThan(0);
  await app.play();
  await expect.poll(async () => (await app.summary()).cursor).toBeGreaterThan(0);
  await app.screenshot('sandbox-damaged-link');
});
