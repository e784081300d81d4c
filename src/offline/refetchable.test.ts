import { afterEach, describe, expect, it, vi } from 'vitest';
import { failedChunkUrl, refetchable } from './refetchable.ts';

const ORIGIN = 'http://127.0.0.1:4173';
const chromiumError = (url: string) => new TypeError(`Failed to fetch dynamically imported module: ${url}`);

describe('refetchable', () => {
  afterEach(() => vi.unstubAllGlobals());
  const atOrigin = () => vi.stubGlobal('location', new URL(`${ORIGIN}/?lesson=saga`));

  it('reads the chunk URL from Chromium and Firefox messages, only on this origin', () => {
    atOrigin();
    expect(failedChunkUrl(chromiumError(`${ORIGIN}/assets/readout-a1.js`))).toBe(
      `${ORIGIN}/assets/readout-a1.js`,
    );
    expect(
      failedChunkUrl(new TypeError(`error loading dynamically imported module: ${ORIGIN}/assets/b.js`)),
    ).toBe(`${ORIGIN}/assets/b.js`);
    expect(failedChunkUrl(chromiumError('https://elsewhere.example/x.js'))).toBeUndefined();
    expect(failedChunkUrl(new TypeError('Importing a module script failed.'))).toBeUndefined();
  });

  it('after a failure, imports the same chunk under a fresh URL each time, and keeps what arrives', async () => {
    atOrigin();
    const load = vi.fn(() => Promise.reject(chromiumError(`${ORIGIN}/assets/readout-a1.js`)));
    const imported: string[] = [];
    let online = false;
    const importUrl = (url: string) => {
      imported.push(url);
      return online ? Promise.resolve({ default: 'readout' }) : Promise.reject(chromiumError(url));
    };
    const get = refetchable(load, importUrl);
    await expect(get()).rejects.toThrow('Failed to fetch');
    await expect(get()).rejects.toThrow('Failed to fetch');
    online = true;
    await expect(get()).resolves.toEqual({ default: 'readout' });
    expect(load).toHaveBeenCalledTimes(1);
    expect(imported).toEqual([
      `${ORIGIN}/assets/readout-a1.js?retry=1`,
      `${ORIGIN}/assets/readout-a1.js?retry=2`,
    ]);
  });

  it('calls load again when the failure names no URL, and never imports one of its own', async () => {
    atOrigin();
    const load = vi
      .fn<() => Promise<string>>()
      .mockRejectedValueOnce(new TypeError('Importing a module script failed.'))
      .mockResolvedValue('module');
    const importUrl = vi.fn(() => Promise.resolve('other'));
    const get = refetchable(load, importUrl);
    await expect(get()).rejects.toThrow();
    await expect(get()).resolves.toBe('module');
    expect(importUrl).not.toHaveBeenCalled();
  });
});
