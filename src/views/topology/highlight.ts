/**
 * What to highlight in the network picture for the store's selection and hover, whichever view set
 * them: a message, every message of a call, a node, a link; an event selected in the log or the
 * space-time diagram highlights the message, call, node or link it is about.
 */
import type { TraceEvent } from '../../engine/index.ts';
import type { MessageSpan } from '../../engine/spans.ts';
import type { Selection } from '../../store/types.ts';

export interface Highlight {
  msgs: Set<number>;
  calls: Set<number>;
  nodes: Set<string>;
  /** Pairs, keyed by pairKey. */
  links: Set<string>;
}

/** An unordered pair's key: the same for a → b and b → a. */
export function pairKey(x: string, y: string): string {
  return x < y ? `${x}\u0000${y}` : `${y}\u0000${x}`;
}

export function highlightOf(
  selections: readonly (Selection | null)[],
  eventAt: (seq: number) => TraceEvent | undefined,
): Highlight {
  const h: Highlight = { msgs: new Set(), calls: new Set(), nodes: new Set(), links: new Set() };
  for (const sel of selections) {
    if (!sel) continue;
    switch (sel.kind) {
      case 'message':
        h.msgs.add(sel.msg);
        break;
      case 'call':
        h.calls.add(sel.call);
        break;
      case 'node':
        h.nodes.add(sel.name);
        break;
      case 'link':
        h.links.add(pairKey(sel.from, sel.to));
        break;
      case 'event': {
        const e = eventAt(sel.seq);
        if (!e) break;
        const f = e as unknown as { msg?: number; call?: number; from?: string; to?: string };
        if (typeof f.msg === 'number') h.msgs.add(f.msg);
        else if (e.type === 'call' || e.type === 'outcome' || e.type === 'effect') {
          if (typeof f.call === 'number') h.calls.add(f.call);
          h.nodes.add(e.node);
        } else if ((e.type === 'partition' || e.type === 'heal') && f.from && f.to)
          h.links.add(pairKey(f.from, f.to));
        else h.nodes.add(e.node);
        break;
      }
    }
  }
  return h;
}

export function isMessageHot(h: Highlight, span: MessageSpan): boolean {
  return h.msgs.has(span.msg) || (span.call !== undefined && span.call >= 0 && h.calls.has(span.call));
}

export function selectionKey(sel: Selection | null): string {
  return sel ? JSON.stringify(sel) : '';
}
