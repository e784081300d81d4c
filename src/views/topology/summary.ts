/**
 * The network picture in words, for screen readers (and as the picture's description): which
 * nodes there are and what state each is in, which links are cut, how many messages are on the wire.
 */
import type { NodeStatus } from '../derive/status.ts';
import { plural } from '../../engine/words.ts';

export interface SummaryInput {
  nodes: (NodeStatus & { kind: string })[];
  /** Cut one-way links as [from, to]. */
  cuts: [string, string][];
  inFlight: number;
}

/** How one node is doing, in words: "server (payment server): working, slowed ×4". */
export function nodeWords(n: NodeStatus & { kind: string }): string {
  const parts: string[] = [];
  if (n.life === 'crashed') parts.push('crashed');
  // A frozen node's own label is what it was doing when it froze, not what it does now.
  else if (n.life === 'paused') parts.push(n.label ? `frozen while ${n.label}` : 'frozen');
  else if (n.label) parts.push(n.label);
  if (n.slowFactor !== 1) parts.push(`slowed ×${n.slowFactor}`);
  const kind = n.kind && n.kind !== n.name ? ` (${n.kind})` : '';
  return `${n.name}${kind}${parts.length ? `: ${parts.join(', ')}` : ''}`;
}

export function summarise({ nodes, cuts, inFlight }: SummaryInput): string {
  if (nodes.length === 0) return 'The network is loading.';
  const out: string[] = [];
  const many = nodes.length > 12;
  if (many) {
    const crashed = nodes.filter((n) => n.life === 'crashed').map((n) => n.name);
    const paused = nodes.filter((n) => n.life === 'paused').map((n) => n.name);
    out.push(`A network of ${nodes.length} nodes.`);
    out.push(crashed.length ? `Crashed: ${list(crashed)}.` : 'None crashed.');
    if (paused.length) out.push(`Paused: ${list(paused)}.`);
  } else {
    out.push(`A network of ${plural(nodes.length, 'node')}: ${nodes.map(nodeWords).join('; ')}.`);
  }
  out.push(
    cuts.length
      ? `Cut link${cuts.length === 1 ? '' : 's'}: ${list(cuts.map(([f, t]) => `${f} → ${t}`))}.`
      : 'No link is cut.',
  );
  out.push(inFlight === 0 ? 'No messages in flight.' : `${plural(inFlight, 'message')} in flight.`);
  return out.join(' ');
}

function list(items: string[], max = 10): string {
  if (items.length <= max) return items.join(', ');
  return `${items.slice(0, max).join(', ')} and ${items.length - max} more`;
}
