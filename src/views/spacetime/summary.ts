/**
 * The diagram in words, for screen readers (and anyone who wants the gist): what has happened up to
 * the cursor, in the same terms the marks use.
 */
import type { OutcomeResult } from '../../engine/index.ts';
import { formatMs, plural } from '../../engine/words.ts';

export interface SummaryInput {
  nodes: readonly string[];
  cursorT: number;
  window: [number, number];
  sent: number;
  drops: number;
  outcomes: Record<OutcomeResult, number>;
  applied: number;
  doubles: number;
  down: readonly string[];
  paused: readonly string[];
  cuts: readonly (readonly [string, string])[];
}

export function summaryText(s: SummaryInput): string {
  const parts = [
    `Space-time diagram: one lane per node (${s.nodes.join(', ')}), time running left to right, showing ${formatMs(Math.max(0, s.window[0]))} to ${formatMs(s.window[1])}.`,
    `Up to now (${formatMs(s.cursorT)}): ${plural(s.sent, 'message')} sent, ${s.drops} dropped.`,
  ];
  const calls = s.outcomes.success + s.outcomes.failure + s.outcomes.unknown;
  if (calls > 0) {
    parts.push(
      `${plural(calls, 'call')} answered: ${s.outcomes.success} success, ${s.outcomes.failure} failure, ${s.outcomes.unknown} unknown; the servers applied ${plural(s.applied, 'operation')}${
        s.doubles ? `, ${s.doubles} of them a second time` : ''
      }.`,
    );
  }
  if (s.down.length) parts.push(`Down now: ${s.down.join(', ')}.`);
  if (s.paused.length) parts.push(`Paused now: ${s.paused.join(', ')}.`);
  if (s.cuts.length) parts.push(`Cut now: ${s.cuts.map(([a, b]) => `${a} → ${b}`).join(', ')}.`);
  return parts.join(' ');
}
