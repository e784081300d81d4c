/** What the bench pages expose on `window.__bench` for the runner (run.ts) to drive. */

export interface FrameRecord {
  /** requestAnimationFrame timestamp deltas, ms: how often a frame was produced. */
  intervalsMs: number[];
  /**
   * Main-thread work per frame, ms: from the first requestAnimationFrame callback of the frame to the
   * first task after it (so every rAF callback, the microtasks they queue, such as React's re-render,
   * and style, layout, paint and canvas flush).
   */
  workMs: number[];
  /** Long tasks (over 50 ms) while recording, ms. */
  longTasksMs: number[];
}

export interface FramePage {
  /** Resolves when the page is ready to be measured. */
  ready(): Promise<{ width: number; height: number }>;
  /** Animates for warmupMs, then records frames for durationMs. */
  measure(durationMs: number, warmupMs: number): Promise<FrameRecord & { inFlight: number; note: string }>;
}

export interface TransferResult {
  /** Main-thread ms per received message, one figure per batch of messages, per kind. */
  typedMs: number[];
  objectsMs: number[];
  messages: number;
  bytesPerMessage: number;
}

export interface TransferPage {
  run(rounds: number, perBatch: number): Promise<TransferResult>;
}

declare global {
  interface Window {
    __bench?: FramePage | TransferPage;
  }
}
