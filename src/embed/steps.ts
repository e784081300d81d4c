/**
 * The lesson's step challenges, evaluated on the trace as of the playback cursor (what has happened
 * so far), for the embed's read-only steps list and its `roundtrip:challenge` events. Evaluation is
 * throttled: challenges scan the trace, and the cursor moves every frame while playing.
 */
import { createStore } from 'zustand/vanilla';
import type { ChallengeResult, LessonStep } from '../engine/index.ts';
import { evaluateSteps, TraceMirror } from '../store/challenges.ts';
import type { AppState } from '../store/types.ts';
import type { AppStore } from '../store/store.ts';

export interface StepsState {
  lessonId: string | null;
  results: Record<string, ChallengeResult>;
}

export const stepsStore = createStore<StepsState>()(() => ({ lessonId: null, results: {} }));

export interface MetStep {
  step: LessonStep;
  index: number;
  result: ChallengeResult;
  t: number;
}

const EVERY_MS = 200;

/** Keeps stepsStore in step with the app store; calls `onMet` when a step's challenge becomes met. */
export function trackSteps(app: AppStore, onMet: (met: MetStep) => void): () => void {
  const mirror = new TraceMirror();
  let timer: ReturnType<typeof setTimeout> | undefined;
  let lastSeq = -1;
  let lastVersion = -1;

  const evaluate = () => {
    timer = undefined;
    const s = app.getState();
    const lesson = s.lesson;
    if (!lesson || !s.run || s.status !== 'ready') return;
    const trace = mirror.sync(s.events, s.cursorSeq - s.baseSeq);
    const results = evaluateSteps(lesson, trace, mirror.paramsAt(s.run.params), s.baseSeq);
    const before = stepsStore.getState();
    const sameLesson = before.lessonId === lesson.id;
    lesson.steps.forEach((step, index) => {
      const result = results[step.id];
      if (result?.met && !(sameLesson && before.results[step.id]?.met))
        onMet({ step, index, result, t: s.cursor });
    });
    stepsStore.setState({ lessonId: lesson.id, results });
  };

  const onChange = (s: AppState) => {
    if (s.cursorSeq === lastSeq && s.traceVersion === lastVersion) return;
    lastSeq = s.cursorSeq;
    lastVersion = s.traceVersion;
    timer ??= setTimeout(evaluate, EVERY_MS);
  };
  const unsubscribe = app.subscribe(onChange);
  onChange(app.getState());
  return () => {
    unsubscribe();
    if (timer) clearTimeout(timer);
  };
}
