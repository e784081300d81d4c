/**
 * Trace events in plain words, for the event log and the narration read to screen readers:
 * "client → server: charge (call 3) dropped: link cut".
 */
import type { TraceEvent } from '../engine/index.ts';
import { formatMs } from '../engine/words.ts';

const DROP_REASONS: Record<string, string> = {
  loss: 'lost by the network',
  cut: 'link cut',
  crashed: 'the receiver is down',
  'dropped-by-you': 'dropped by you',
};

function callTag(e: { call?: number }): string {
  return e.call !== undefined && e.call >= 0 ? ` (call ${e.call})` : '';
}

/** Whether any effect in `events` applied this call: the server's ground truth. */
function applied(events: readonly TraceEvent[], call: number): boolean {
  return events.some((e) => e.type === 'effect' && e.call === call);
}

export function describeEvent(e: TraceEvent, events: readonly TraceEvent[] = []): string {
  switch (e.type) {
    case 'send':
      return `${e.node} → ${e.to}: ${e.label}${callTag(e)} sent`;
    case 'deliver':
      return `${e.from} → ${e.node}: ${e.label}${callTag(e)} arrived`;
    case 'drop':
      return `${e.from} → ${e.node}: ${e.label}${callTag(e)} dropped: ${DROP_REASONS[e.reason] ?? e.reason}`;
    case 'duplicate':
      return `the network duplicated ${e.label}${callTag(e)}`;
    case 'timer':
      return `${e.node}: timer "${e.tag}" fired`;
    case 'crash':
      return `${e.node} crashed`;
    case 'recover':
      return `${e.node} recovered`;
    case 'pause':
      return `${e.node} paused (a long pause, like garbage collection)`;
    case 'resume':
      return `${e.node} resumed`;
    case 'partition':
      return `link ${e.from} → ${e.to} cut`;
    case 'heal':
      return `link ${e.from} → ${e.to} healed`;
    case 'clock':
      return e.reason === 'start'
        ? `${e.node}'s clock starts ${signed(e.offsetMs)} off, drifting ${e.driftPpm} ppm`
        : `${e.node}'s clock ${e.reason === 'resync' ? 'resynchronised' : 'skewed'}: jumped ${signed(e.jumpMs)}`;
    case 'state':
      return `${e.node} is now ${e.label || 'idle'}`;
    case 'call':
      return `${e.from} calls ${e.op} on ${e.to} (call ${e.call}, request ${e.request})`;
    case 'outcome': {
      const head = `call ${e.call} (${e.op}) from ${e.from}`;
      if (e.result === 'success') return `${head} succeeded`;
      if (e.result === 'failure') return `${head} failed: ${e.reason}`;
      const truth = events.length
        ? applied(events, e.call)
          ? '; the server did apply it'
          : '; the server never applied it'
        : '';
      return `${head}: outcome unknown (${e.reason})${truth}`;
    }
    case 'effect':
      return `${e.node} applied ${e.op} (call ${e.call}, request ${e.request})`;
    case 'param':
      return `parameter ${e.name} set to ${String(e.value)}`;
    case 'intervention':
      return `you: ${interventionWords(e as unknown as Record<string, unknown>)}`;
    default: {
      const custom = e as unknown as { node: string; type: string };
      return `${custom.node}: ${custom.type}${describeFields(e as unknown as Record<string, unknown>)}`;
    }
  }
}

function signed(x: number): string {
  return `${x >= 0 ? '+' : '−'}${formatMs(Math.abs(x))}`;
}

function describeFields(e: Record<string, unknown>): string {
  const skip = new Set(['type', 'seq', 't', 'node', 'local']);
  const parts = Object.entries(e)
    .filter(([k]) => !skip.has(k))
    .map(([k, v]) => `${k} ${typeof v === 'object' ? JSON.stringify(v) : String(v)}`);
  return parts.length ? ` (${parts.join(', ')})` : '';
}

export function interventionWords(iv: Record<string, unknown>): string {
  switch (iv.kind) {
    case 'crash':
    case 'recover':
    case 'pause':
    case 'resume':
      return `${String(iv.kind)} ${String(iv.node)}`;
    case 'slow':
      return `slow ${String(iv.node)} ×${String(iv.factor)}`;
    case 'partition':
      return `cut ${String(iv.from)} ${iv.oneWay ? '→' : '↔'} ${String(iv.to)}`;
    case 'heal':
      return `heal ${String(iv.from)} ${iv.oneWay ? '→' : '↔'} ${String(iv.to)}`;
    case 'drop-next':
      return `drop the next message ${String(iv.from)} → ${String(iv.to)}`;
    case 'skew':
      return `skew ${String(iv.node)}'s clock${iv.offsetMs !== undefined ? ` by ${signed(Number(iv.offsetMs))}` : ''}${iv.driftPpm !== undefined ? `, drift ${String(iv.driftPpm)} ppm` : ''}`;
    case 'set-param':
      return `set ${String(iv.name)} to ${String(iv.value)}`;
    case 'signal':
      return `${String(iv.signal)} (${String(iv.node)})`;
    default:
      return String(iv.kind);
  }
}

/** Events worth saying out loud as they happen (not every send and timer). */
export function isNarrated(e: TraceEvent): boolean {
  return (
    e.type === 'outcome' ||
    e.type === 'drop' ||
    e.type === 'crash' ||
    e.type === 'recover' ||
    e.type === 'pause' ||
    e.type === 'resume' ||
    e.type === 'partition' ||
    e.type === 'heal' ||
    e.type === 'effect' ||
    e.type === 'intervention' ||
    e.type === 'duplicate'
  );
}

export { formatMs };
