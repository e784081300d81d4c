/**
 * The one trace-buffer client: how a run's worker replies become a window of trace events. The main
 * run and the fix comparison both use it; each says only where its window lives (a TraceSink).
 */
import type { TraceEvent } from '../engine/index.ts';
import type { FromWorker } from '../worker/protocol.ts';
import { createSimClient, type SimClient } from './sim-client.ts';

/** The trace window kept per run (lesson runs are short; this only bounds the worst case). */
export const MAX_EVENTS = 200_000;

export interface TraceWindow {
  events: TraceEvent[];
  baseSeq: number;
}

/**
 * `window` with a chunk appended, the oldest events dropped past MAX_EVENTS; null when the chunk is
 * out of step (a stale reply from before a reload or a branch).
 */
export function appendChunk(
  window: TraceWindow,
  fromSeq: number,
  chunk: readonly TraceEvent[],
): TraceWindow | null {
  if (fromSeq !== window.baseSeq + window.events.length) return null;
  let events = chunk.length ? window.events.concat(chunk) : window.events;
  let baseSeq = window.baseSeq;
  if (events.length > MAX_EVENTS) {
    const drop = events.length - MAX_EVENTS;
    events = events.slice(drop);
    baseSeq += drop;
  }
  return { events, baseSeq };
}

/** The window's events up to `length` (a trace length in seq numbers): what a branch keeps. */
export function truncateWindow(window: TraceWindow, length: number): TraceEvent[] {
  return window.events.slice(0, Math.max(0, length - window.baseSeq));
}

/** Where one run's replies go. */
export interface TraceSink {
  loaded?(message: Extract<FromWorker, { type: 'loaded' }>): void;
  chunk(fromSeq: number, events: TraceEvent[], simulatedUntil: number): void;
  truncated(length: number): void;
  /** The run failed (`detail` for the error panel) or its worker stopped. */
  failed(message: string, detail?: string): void;
}

export function createTraceClient(sink: () => TraceSink): SimClient {
  return createSimClient({
    onMessage(message) {
      const s = sink();
      switch (message.type) {
        case 'loaded':
          s.loaded?.(message);
          return;
        case 'chunk':
          s.chunk(message.fromSeq, message.events, message.simulatedUntil);
          return;
        case 'truncated':
          s.truncated(message.length);
          return;
        case 'error':
          s.failed(message.message, message.detail);
          return;
        case 'positions':
          return;
      }
    },
    onCrash(message) {
      sink().failed(message, message);
    },
  });
}
