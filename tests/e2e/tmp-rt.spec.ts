import { test } from './fixtures.ts';
test('tmp round-trips params', async ({ app, page }) => {
  await app.open('?lesson=round-trips');
  const s = await page.evaluate(() => {
    const st = window.__roundtrip!.state() as unknown as Record<string, unknown>;
    return JSON.stringify({ params: st.params, keys: Object.keys(st) });
  });
  console.log('STATE', s);
});
