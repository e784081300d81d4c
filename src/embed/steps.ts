/**
 * The lesson's step challenges, evaluated on the trace as of the playback cursor (what has happened
 * so far), for the embed's read-only steps list and its `roundtrip:challenge` events. Evaluation is
 * throttled: challenges scan the trace, and the cursor moves every frame while playing.
 */
import { createStore } from 'zustand/vanilla';
import type { ChallengeResult, LessonStep, ParamValue, TraceEvent } from '../engine/index.ts';
import type { AppState } from '../store/types.ts';
import type { AppStore } from '../store/store.ts';
import { PageTrace } from './trace-from-events.ts';

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
  let page: PageTrace | null = null;
  let pushed: TraceEvent[] = [];
  let runKey: unknown = null;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let lastSeq = -1;
  let lastVersion = -1;

  const evaluate = () => {
    timer = undefined;
    const s = app.getState();
    const lesson = s.lesson;
    if (!lesson || !s.run || s.status !== 'ready' || s.baseSeq > 0 || s.nodes.length === 0) return;
    const count = Math.min(s.cursorSeq, s.events.length);
    // Events are shared objects: if the ones held are still at their places, only the cursor moved;
    // otherwise (a new run, or a branch that replaced events) the mirror starts again.
    const held = pushed.length;
    if (
      !page ||
      runKey !== s.nodes ||
      (held > 0 && (s.events[0] !== pushed[0] || s.events[held - 1] !== pushed[held - 1]))
    ) {
      page = new PageTrace(s.nodes.map((n) => n.name));
      runKey = s.nodes;
      pushed = [];
    }
    const mirror = page;
    if (count < mirror.length) {
      mirror.truncate(count);
      pushed.length = count;
    }
    for (let i = mirror.length; i < count; i++) {
      mirror.push(s.events[i]!);
      pushed.push(s.events[i]!);
    }

    const params: Record<string, ParamValue> = { ...s.run.params };
    for (let i = 0; i < count; i++) {
      const e = s.events[i]!;
      if (e.type === 'param') params[e.name] = e.value;
    }
    const before = stepsStore.getState();
    const sameLesson = before.lessonId === lesson.id;
    const results: Record<string, ChallengeResult> = {};
    lesson.steps.forEach((step, index) => {
      let result: ChallengeResult;
      try {
        result = step.challenge(mirror.trace, params);
      } catch (error) {
        console.warn(`Roundtrip: the challenge of step "${step.id}" failed`, error);
        result = { met: false };
      }
      results[step.id] = result;
      if (result.met && !(sameLesson && before.results[step.id]?.met))
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
