#!/usr/bin/env node
// Runs the Playwright end-to-end tests in a Chromium we can find: $CHROMIUM_PATH, the system
// /usr/bin/chromium, or Playwright's own download. With none, say how to get one and fail.
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

function findChromium() {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'];
  for (const path of candidates) if (path && existsSync(path)) return path;
  return null;
}

async function playwrightsOwnChromium() {
  try {
    const { chromium } = await import('@playwright/test');
    const path = chromium.executablePath();
    return path && existsSync(path) ? path : null;
  } catch {
    return null;
  }
}

const chromiumPath = findChromium() ?? (await playwrightsOwnChromium());
if (!chromiumPath) {
  console.error(
    'No Chromium found for the end-to-end tests. Install one with `apt-get install -y chromium` ' +
      '(Debian/Ubuntu), or `npx playwright install chromium`, or point CHROMIUM_PATH at a Chromium binary.',
  );
  process.exit(1);
}
const result = spawnSync('npx', ['playwright', 'test', ...process.argv.slice(2)], {
  stdio: 'inherit',
  env: { ...process.env, CHROMIUM_PATH: chromiumPath },
});
process.exit(result.status ?? 1);
