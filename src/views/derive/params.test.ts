import { describe, expect, it } from 'vitest';
import { paramAt } from './params.ts';

describe('paramAt', () => {
  const slow = { at: 2000, kind: 'set-param', name: 'linkLatencyMs', value: 2000 } as const;
  const restore = { at: 5000, kind: 'set-param', name: 'linkLatencyMs', value: 10 } as const;
  const run = { params: { linkLatencyMs: 10 }, interventions: [restore, slow] };

  it('is the run’s own value until an action sets it', () => {
    expect(paramAt(run, 'linkLatencyMs', 0, 1999)).toEqual({ value: 10 });
  });
  it('is what the latest action at or before the moment set, and says which action', () => {
    expect(paramAt(run, 'linkLatencyMs', 0, 2000)).toEqual({ value: 2000, by: slow });
    expect(paramAt(run, 'linkLatencyMs', 0, 6000)).toEqual({ value: 10, by: restore });
  });
  it('at one moment, the action made last wins; other settings are not affected', () => {
    const again = { ...slow, value: 500 };
    expect(paramAt({ ...run, interventions: [slow, again] }, 'linkLatencyMs', 0, 3000).value).toBe(500);
    expect(paramAt(run, 'timeoutMs', 300, 3000)).toEqual({ value: 300 });
  });
});
