/**
 * Page objects for the end-to-end tests: they speak in the learner's terms (play, step, crash the
 * server) and read the app's state through the typed test API, not through pixels.
 */
import { test as base, expect, type Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import type { RoundtripTestApi } from '../../src/test-api.ts';

export const ARTIFACTS = 'tests/e2e/artifacts';

/**
 * Resolves once the page has painted `count` more frames: a wait for a state (the playback loop and
 * layout have had their turns), not for a stretch of wall-clock time.
 */
export async function framesPass(page: Page, count = 2): Promise<void> {
  await page.evaluate(
    (n) =>
      new Promise<void>((done) => {
        const tick = (left: number) => (left <= 0 ? done() : requestAnimationFrame(() => tick(left - 1)));
        tick(n);
      }),
    count,
  );
}

interface StateSummary {
  status: string;
  playing: boolean;
  cursor: number;
  cursorSeq: number;
  events: number;
  simulatedUntil: number;
  interventions: number;
  lessonId: string | undefined;
  seed: number | undefined;
  error: string | undefined;
  types: Record<string, number>;
}

export class RoundtripPage {
  constructor(readonly page: Page) {}

  async open(query = '?lesson=three-outcomes'): Promise<void> {
    await this.page.goto(`./${query}`);
    await this.waitReady();
  }

  async waitReady(): Promise<void> {
    await expect.poll(async () => (await this.summary()).status, { timeout: 15_000 }).toBe('ready');
  }

  /** A plain-data summary of the store (the test API is typed; results cross the page boundary as JSON). */
  async summary(): Promise<StateSummary> {
    return this.page.evaluate(() => {
      const api = (window as unknown as { __roundtrip: RoundtripTestApi }).__roundtrip;
      const s = api.state();
      const types: Record<string, number> = {};
      for (const e of s.events) types[e.type] = (types[e.type] ?? 0) + 1;
      return {
        status: s.status,
        playing: s.playing,
        cursor: s.cursor,
        cursorSeq: s.cursorSeq,
        events: s.events.length,
        simulatedUntil: s.simulatedUntil,
        interventions: s.run?.interventions.length ?? 0,
        lessonId: s.run?.lessonId,
        seed: s.run?.seed,
        error: s.error?.message,
        types,
      };
    });
  }

  /** Events of one type up to the cursor. */
  async eventsOfType(type: string): Promise<Record<string, unknown>[]> {
    return this.page.evaluate((t) => {
      const s = (window as unknown as { __roundtrip: RoundtripTestApi }).__roundtrip.state();
      return s.events.filter((e) => e.type === t && e.seq < s.cursorSeq) as unknown as Record<
        string,
        unknown
      >[];
    }, type);
  }

  playButton() {
    return this.page
      .getByRole('toolbar', { name: 'Playback' })
      .getByRole('button', { name: /^(Play|Pause)$/ });
  }

  async play(): Promise<void> {
    await this.page.getByRole('button', { name: 'Play', exact: true }).click();
  }

  async pause(): Promise<void> {
    await this.page.getByRole('button', { name: 'Pause', exact: true }).click();
  }

  timeline() {
    return this.page.getByRole('slider', { name: 'Timeline' });
  }

  async screenshot(name: string): Promise<void> {
    mkdirSync(ARTIFACTS, { recursive: true });
    await this.page.screenshot({ path: `${ARTIFACTS}/${name}.png`, fullPage: true });
  }
}

export const test = base.extend<{ app: RoundtripPage }>({
  app: async ({ page }, use) => {
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await use(new RoundtripPage(page));
    expect(errors, 'uncaught errors in the page').toEqual([]);
  },
});

export { expect };
