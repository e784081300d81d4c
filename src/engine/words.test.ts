import { describe, expect, it } from 'vitest';
import { formatMs, plural } from './words.ts';

describe('number words', () => {
  it('writes ms below a second and seconds from one up, negative times too', () => {
    expect(formatMs(0)).toBe('0 ms');
    expect(formatMs(349.6)).toBe('350 ms');
    expect(formatMs(1000)).toBe('1.00 s');
    expect(formatMs(1250)).toBe('1.25 s');
    expect(formatMs(-1500)).toBe('-1.50 s');
  });

  it('pluralises by count, with irregular plurals', () => {
    expect(plural(1, 'retry', 'retries')).toBe('1 retry');
    expect(plural(2, 'retry', 'retries')).toBe('2 retries');
    expect(plural(0, 'message')).toBe('0 messages');
  });
});
