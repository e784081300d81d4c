import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { outsideName } from '../engine/testing/arbitraries.ts';
import { checkProperty } from '../engine/testing/property.ts';
import { checkEvent, parseAllowedOrigins, parseCommand } from './messages.ts';

describe('host-page commands', () => {
  it('accepts each command in its documented shape', () => {
    for (const data of [
      { type: 'roundtrip:play' },
      { type: 'roundtrip:pause' },
      { type: 'roundtrip:reset' },
      { type: 'roundtrip:seek', t: 1200 },
      { type: 'roundtrip:setParam', name: 'requestLoss', value: 0.5 },
      { type: 'roundtrip:setParam', name: 'idempotent', value: true },
      { type: 'roundtrip:intervene', intervention: { kind: 'crash', node: 'server' } },
    ]) {
      expect(parseCommand(data)).toEqual({ ok: true, command: data });
    }
  });

  it('ignores messages that are not for Roundtrip, quietly', () => {
    for (const data of [
      null,
      'roundtrip:play',
      42,
      [],
      { type: 'webpackOk' },
      { source: 'react-devtools' },
    ]) {
      expect(parseCommand(data)).toEqual({ ok: false, ours: false });
    }
  });

  it('says what is wrong with a malformed command', () => {
    const bad = (data: unknown) => {
      const r = parseCommand(data);
      if (r.ok || !r.ours) throw new Error('expected an error');
      return r.error;
    };
    expect(bad({ type: 'roundtrip:seek', t: 'soon' })).toMatch(/roundtrip:seek: "t" expected number/);
    expect(bad({ type: 'roundtrip:seek', t: -5 })).toMatch(/"t"/);
    expect(bad({ type: 'roundtrip:seek' })).toMatch(/"t"/);
    expect(bad({ type: 'roundtrip:play', speed: 2 })).toMatch(/unknown field "speed"/);
    expect(bad({ type: 'roundtrip:fly' })).toMatch(/not a command; the commands are roundtrip:play/);
    expect(bad({ type: 'roundtrip:setParam', name: 'x', value: null })).toMatch(/"value"/);
    expect(bad({ type: 'roundtrip:intervene', intervention: 'crash' })).toMatch(/"intervention"/);
  });

  it('checks events before they go out', () => {
    expect(checkEvent({ type: 'roundtrip:resize', height: 480 })).toBeNull();
    expect(checkEvent({ type: 'roundtrip:resize', height: 'tall' } as never)).toMatch(/height/);
  });
});

describe('allowedOrigins', () => {
  it('parses a comma-separated list of origins and reports the rest', () => {
    expect(parseAllowedOrigins(null)).toEqual({ origins: null, problems: [] });
    const r = parseAllowedOrigins('https://blog.example/path, http://127.0.0.1:8080,nonsense');
    expect(r.origins).toEqual(['https://blog.example', 'http://127.0.0.1:8080']);
    expect(r.problems[0]).toMatch(/"nonsense"/);
  });
});

describe('host-page commands, with names from outside', () => {
  it('a type or field named like a built-in is refused in words, never thrown or taken', () => {
    checkProperty(
      fc.property(outsideName, (name) => {
        const asType = parseCommand({ type: `roundtrip:${name}` });
        expect(asType).toEqual({ ok: false, ours: true, error: expect.stringContaining('is not a command') });
        const asField = parseCommand(JSON.parse(`{"type":"roundtrip:play",${JSON.stringify(name)}:1}`));
        expect(asField).toMatchObject({ ok: false, ours: true });
      }),
      { file: 'src/embed/messages.test.ts', test: 'names from outside' },
    );
  });
});
