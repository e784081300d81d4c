/**
 * The open run's own message labels by kind, for the legends' examples (message-kinds.ts). Read from
 * the whole trace the store holds, not up to the cursor, so the legend does not change as time plays.
 */
import { useMemo } from 'react';
import { useApp } from '../../store/store.ts';
import { messageExamples, type MessageKind } from '../message-kinds.ts';

export function useMessageExamples(): Map<MessageKind, string[]> {
  const events = useApp((s) => s.events);
  return useMemo(
    () =>
      messageExamples(
        (function* () {
          for (const e of events) if (e.type === 'send') yield e.label;
        })(),
      ),
    [events],
  );
}
