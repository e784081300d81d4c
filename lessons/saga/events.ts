/** The saga: the orchestrator's steps and the order's fate, and a service answering a repeat. */
import { defineEvents } from '../../src/engine/vocabulary.ts';

const STATUS_WORDS: Record<string, string> = {
  created: 'is placed',
  completed: 'is complete',
  cancelled: 'is cancelled, and what was done is undone',
  stuck: 'is stuck: a step gave no answer and nothing more is tried',
};

export default defineEvents<{
  'saga-step': { order: string; step: string; attempt: number; compensation: boolean };
  order: { order: string; status: string };
  repeat: { op: string; order: string; ok: boolean };
}>({
  'saga-step': {
    words: (e) =>
      `${e.compensation ? 'undoes' : 'starts'} step "${e.step}" of order ${e.order}${e.attempt > 1 ? ` (try ${e.attempt})` : ''}`,
  },
  order: {
    words: (e) => `order ${e.order} ${STATUS_WORDS[e.status] ?? e.status}`,
    anomaly: { count: 'orders stuck', when: (e) => e.status === 'stuck' },
    narrate: true,
  },
  repeat: {
    words: (e) =>
      `had already done "${e.op}" for order ${e.order}, so sent back the same ${e.ok ? 'yes' : 'no'} without doing it again`,
  },
});
