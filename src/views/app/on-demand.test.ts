import { describe, expect, it } from 'vitest';
import { onDemand } from './on-demand.ts';

describe('a module fetched on demand', () => {
  it('is fetched once, on first use, and kept', async () => {
    let fetches = 0;
    const mod = onDemand(async () => {
      fetches++;
      return { value: 42 };
    });
    expect(mod.state()).toEqual({ status: 'idle' });
    expect(fetches).toBe(0);
    const seen: string[] = [];
    const stop = mod.subscribe(() => seen.push(mod.state().status));
    const a = mod.load();
    const b = mod.load();
    expect(mod.state()).toEqual({ status: 'loading' });
    expect(await a).toBe(await b);
    expect(mod.state()).toEqual({ status: 'ready', value: { value: 42 } });
    expect(await mod.load()).toEqual({ value: 42 });
    expect(fetches).toBe(1);
    expect(seen).toEqual(['loading', 'ready']);
    stop();
  });

  it('says why a fetch failed, and fetches again when asked', async () => {
    let fail = true;
    const mod = onDemand(async () => {
      if (fail) throw new TypeError('Failed to fetch dynamically imported module');
      return 'here';
    });
    await expect(mod.load()).rejects.toThrow('Failed to fetch');
    const failed = mod.state();
    expect(failed.status).toBe('error');
    expect(failed.status === 'error' && failed.error.message).toMatch(/Failed to fetch/);
    fail = false;
    const again = mod.load();
    expect(mod.state()).toEqual({ status: 'loading' });
    expect(await again).toBe('here');
    expect(mod.state()).toEqual({ status: 'ready', value: 'here' });
  });

  it('keeps the same state object between changes (a stable snapshot for React)', async () => {
    const mod = onDemand(async () => 1);
    expect(mod.state()).toBe(mod.state());
    await mod.load();
    expect(mod.state()).toBe(mod.state());
  });
});
