import { describe, expect, it } from 'vitest';
import {
  kindsToShow,
  messageExamples,
  messageKind,
  messageShape,
  MESSAGE_KINDS,
  shapePath,
} from './message-kinds.ts';

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

  it('draws each shape as SVG with the geometry the canvas uses', () => {
    expect(shapePath('square', 0, 0, 2)).toBe('M-2,-2h4v4h-4Z');
    expect(shapePath('diamond', 10, 10, 1)).toBe('M10,8.7L11.3,10L10,11.3L8.7,10Z');
    expect(shapePath('circle', 0, 0, 1)).toBe('M1,0A1,1 0 1 1 -1,0A1,1 0 1 1 1,0');
    expect(new Set(Object.values(MESSAGE_KINDS).map((k) => k.shape)).size).toBe(4);
  });
});
