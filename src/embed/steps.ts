/**
 * The embed's `roundtrip:challenge` events: a step's challenge newly met at the playback cursor.
 * The store's player slice evaluates the challenges (throttled, on the trace up to the cursor) for
 * the embed as for the app; this only watches its results.
 */
import type { ChallengeResult, LessonStep } from '../engine/index.ts';
import type { AppStore } from '../store/store.ts';

export interface MetStep {
  step: LessonStep;
  index: number;
  result: ChallengeResult;
  t: number;
}

/** Calls `onMet` for each step whose challenge becomes met; returns the unsubscribe. */
export function trackSteps(app: AppStore, onMet: (met: MetStep) => void): () => void {
  return app.subscribe((s, prev) => {
    if (s.results === prev.results || !s.lesson) return;
    const sameLesson = s.lesson.id === prev.lesson?.id;
    s.lesson.steps.forEach((step, index) => {
      const result = s.results[step.id];
      if (result?.met && !(sameLesson && prev.results[step.id]?.met))
        onMet({ step, index, result, t: s.cursor });
    });
  });
}
