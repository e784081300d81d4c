/**
 * Presenter mode and its speaker notes window. The presenting window says where it is on a
 * BroadcastChannel (same machine, same origin, no server); a notes window opened beside it
 * (`?notes=1`) asks once on opening and then follows every step change.
 */
import { useEffect, useState } from 'react';
import { appStore, useApp } from '../../store/store.ts';

const CHANNEL = 'roundtrip-presenter';

export interface PresenterPosition {
  lessonId: string;
  stepIndex: number;
}

type PresenterMessage = { type: 'hello' } | ({ type: 'at' } & PresenterPosition);

export function setPresenting(on: boolean): void {
  appStore.setState({ presenting: on });
}

/** Opens the speaker notes beside this window (a second window the presenter keeps on their laptop). */
export function openSpeakerNotes(): void {
  window.open(`${window.location.pathname}?notes=1`, 'roundtrip-notes', 'popup,width=900,height=700');
}

function channel(): BroadcastChannel | null {
  return typeof BroadcastChannel === 'undefined' ? null : new BroadcastChannel(CHANNEL);
}

/** In the presenting window: announces the lesson and step on every change, and to a notes window that asks. */
export function usePresenterBroadcast(): void {
  const presenting = useApp((s) => s.presenting);
  const lessonId = useApp((s) => s.lesson?.id);
  const stepIndex = useApp((s) => s.stepIndex);
  useEffect(() => {
    if (!presenting || !lessonId) return;
    const ch = channel();
    if (!ch) return;
    const at: PresenterMessage = { type: 'at', lessonId, stepIndex };
    ch.postMessage(at);
    ch.onmessage = (e: MessageEvent<PresenterMessage>) => {
      if (e.data?.type === 'hello') ch.postMessage(at);
    };
    return () => ch.close();
  }, [presenting, lessonId, stepIndex]);
}

/** In the notes window: where the presenter is (null until a presenting window answers). */
export function usePresenterPosition(): PresenterPosition | null {
  const [at, setAt] = useState<PresenterPosition | null>(null);
  useEffect(() => {
    const ch = channel();
    if (!ch) return;
    ch.onmessage = (e: MessageEvent<PresenterMessage>) => {
      const m = e.data;
      if (m?.type === 'at' && typeof m.lessonId === 'string' && Number.isInteger(m.stepIndex))
        setAt({ lessonId: m.lessonId, stepIndex: m.stepIndex });
    };
    ch.postMessage({ type: 'hello' } satisfies PresenterMessage);
    return () => ch.close();
  }, []);
  return at;
}
