/**
 * The presenter's speaker notes (`?notes=1`), in a second window on the presenter's laptop: the
 * lesson and step the presenting window shows, its notes, what turns it green, and what comes next.
 */
import { useEffect, useState } from 'react';
import type { LessonGuide } from '../../engine/lesson.ts';
import { loadGuide } from '../../../lessons/registry.ts';
import { usePresenterPosition } from './presenting.ts';
import './present.css';

export function SpeakerNotes() {
  const at = usePresenterPosition();
  const [lesson, setLesson] = useState<LessonGuide | null>(null);
  useEffect(() => {
    if (!at) return;
    let live = true;
    void loadGuide(at.lessonId).then((g) => live && setLesson(g ?? null));
    return () => {
      live = false;
    };
  }, [at]);
  if (!at || !lesson || lesson.id !== at.lessonId)
    return (
      <main className="speaker-notes" id="main">
        <h1>Speaker notes</h1>
        <p role="status">
          Waiting for the presenting window. Open a lesson there and press P (or Present) to present it; these
          notes follow its steps.
        </p>
      </main>
    );
  const step = lesson.steps[at.stepIndex];
  const next = lesson.steps[at.stepIndex + 1];
  return (
    <main className="speaker-notes" id="main" aria-live="polite">
      <p className="notes-where">
        Lesson {lesson.order}: {lesson.title} · step {at.stepIndex + 1} of {lesson.steps.length}
      </p>
      <h1>{step?.title}</h1>
      <section aria-label="Notes">
        <p className="notes-text">{step?.notes ?? 'No notes for this step.'}</p>
      </section>
      <section aria-label="What turns it green">
        <h2>What turns it green</h2>
        <p>{step?.hint}</p>
      </section>
      <p className="notes-next">
        {next
          ? `Next: step ${at.stepIndex + 2}, ${next.title}`
          : `Last step. The principle: ${lesson.principle}.`}
      </p>
    </main>
  );
}
