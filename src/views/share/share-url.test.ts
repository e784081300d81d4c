import { describe, expect, it } from 'vitest';
import { parseSandboxQuery } from '../../sandbox/open-link.ts';
import { starterDoc } from '../../sandbox/model.ts';
import { sandboxRun } from '../../store/sandbox.ts';
import { shareUrl } from './share-url.ts';

describe('the share link of a sandbox run', () => {
  it('is ?sandbox=1&doc=…, with the moment, and reopens the same document', () => {
    const doc = { ...starterDoc(), seed: 9 };
    const url = new URL(shareUrl('https://example.org/rt/?sandbox=1', sandboxRun(doc), null, 1234.4));
    expect(url.pathname).toBe('/rt/');
    expect(url.searchParams.get('sandbox')).toBe('1');
    expect(url.searchParams.get('t')).toBe('1234');
    expect(url.searchParams.has('lesson')).toBe(false);
    expect(parseSandboxQuery(url.search)).toEqual({ ok: true, doc });
  });
});
