/**
 * Headline numbers for a lesson with no `summarize` of its own: what any trace can say (outcome
 * tallies, double applications) and the anomalies its guide's vocabulary names, counted up to the cursor.
 */
import type { AnyVocabulary, LooseEvent, TraceEvent } from '../../engine/index.ts';
import { isAnomalyEvent } from '../../engine/vocabulary.ts';
import { countBefore } from './events.ts';
import type { Headline } from './types.ts';

export function genericSummary(
  events: readonly TraceEvent[],
  cursorSeq: number,
  vocabulary: AnyVocabulary = {},
): Headline[] {
  const n = countBefore(events, cursorSeq);
  const outcomes = { success: 0, failure: 0, unknown: 0 };
  let sawOutcome = false;
  const effects = new Map<string, number>();
  const anomalies = new Map<string, number>();
  let drops = 0;
  for (let i = 0; i < n; i++) {
    const e = events[i]!;
    if (e.type === 'outcome') {
      sawOutcome = true;
      outcomes[(e as Extract<TraceEvent, { type: 'outcome' }>).result] += 1;
    } else if (e.type === 'effect') {
      const ef = e as Extract<TraceEvent, { type: 'effect' }>;
      const key = `${ef.request}\u0000${ef.op}`;
      effects.set(key, (effects.get(key) ?? 0) + 1);
    } else if (e.type === 'drop') drops += 1;
    else if (isAnomalyEvent(vocabulary, e as LooseEvent)) {
      const label = vocabulary[e.type]!.anomaly!.count;
      anomalies.set(label, (anomalies.get(label) ?? 0) + 1);
    }
  }
  const out: Headline[] = [];
  if (sawOutcome) {
    out.push({ label: 'successes', value: outcomes.success, good: true, neutral: true });
    out.push({ label: 'failures', value: outcomes.failure, good: outcomes.failure === 0 });
    out.push({ label: 'unknown outcomes', value: outcomes.unknown, good: outcomes.unknown === 0 });
  }
  if (effects.size > 0) {
    const doubles = [...effects.values()].filter((c) => c > 1).length;
    out.push({ label: 'applied more than once', value: doubles, good: doubles === 0 });
  }
  for (const [label, count] of anomalies) out.push({ label, value: count, good: count === 0 });
  if (out.length === 0) out.push({ label: 'messages lost', value: drops, good: drops === 0 });
  return out;
}
