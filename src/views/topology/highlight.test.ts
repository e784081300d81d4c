import { describe, expect, it } from 'vitest';
import type { TraceEvent } from '../../engine/index.ts';
import { SPAN_END, type MessageSpan } from '../../engine/spans.ts';
import { highlightOf, isMessageHot, pairKey } from './highlight.ts';

const events: TraceEvent[] = [
  { seq: 0, t: 0, node: 'client', local: 0, type: 'send', msg: 7, to: 'server', label: 'charge', call: 2 },
  { seq: 1, t: 1, node: 'server', local: 1, type: 'crash' },
  { seq: 2, t: 2, node: 'client', local: 2, type: 'partition', from: 'client', to: 'server' },
  {
    seq: 3,
    t: 3,
    node: 'client',
    local: 3,
    type: 'outcome',
    call: 2,
    request: 2,
    from: 'client',
    to: 'server',
    op: 'charge',
    result: 'unknown',
    reason: 'deadline',
  },
];
const get = (seq: number) => events[seq];
const span = { msg: 9, call: 2, from: 'client', to: 'server', end: SPAN_END.delivered } as MessageSpan;

describe('highlightOf', () => {
  it('resolves events selected elsewhere to what they are about', () => {
    expect(highlightOf([{ kind: 'event', seq: 0 }], get).msgs.has(7)).toBe(true);
    expect(highlightOf([{ kind: 'event', seq: 1 }], get).nodes.has('server')).toBe(true);
    expect(highlightOf([{ kind: 'event', seq: 2 }], get).links.has(pairKey('server', 'client'))).toBe(true);
    const call = highlightOf([{ kind: 'event', seq: 3 }], get);
    expect(isMessageHot(call, span)).toBe(true);
  });
  it('combines selection and hover', () => {
    const h = highlightOf(
      [
        { kind: 'node', name: 'a' },
        { kind: 'message', msg: 9 },
      ],
      get,
    );
    expect(h.nodes.has('a')).toBe(true);
    expect(isMessageHot(h, span)).toBe(true);
    expect(isMessageHot(highlightOf([null, null], get), span)).toBe(false);
  });
});
