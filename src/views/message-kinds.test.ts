import { describe, expect, it } from 'vitest';
import { kindsToShow, messageExamples, messageKind, messageShape, MESSAGE_KINDS } from './message-kinds.ts';

describe('message kinds: one table for drawing and legend', () => {
  it('a pong is a plain message, drawn as the legend says a message is drawn', () => {
    expect(messageKind('pong')).toBe('message');
    expect(messageShape('pong')).toBe(MESSAGE_KINDS.message.shape);
  });

  it('replies are named by their answer', () => {
    expect(messageKind('charge:ok')).toBe('ok');
    expect(messageKind('charge:error')).toBe('error');
    expect(messageKind('write:refused')).toBe('error');
    expect(messageKind('ping:pong')).toBe('reply');
  });

  it('examples are the run’s own labels, first seen first, at most three per kind', () => {
    const examples = messageExamples(['ping', 'pong', 'ping', 'a', 'b', 'c:ok', 'd']);
    expect(examples.get('message')).toEqual(['ping', 'pong', 'a']);
    expect(examples.get('ok')).toEqual(['c:ok']);
    expect(examples.has('error')).toBe(false);
  });

  it('a legend shows only the kinds the run sends, or every kind before anything is sent', () => {
    expect(kindsToShow(messageExamples(['ping', 'pong'])).map(([k]) => k)).toEqual(['message']);
    expect(kindsToShow(new Map()).map(([k]) => k)).toEqual(['message', 'ok', 'error', 'reply']);
  });
});
