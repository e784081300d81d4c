/**
 * Frame timing for the bench pages. Imported first, it wraps requestAnimationFrame so that the first
 * callback of each frame marks the frame's start, and posts a task that runs once the frame's
 * rendering is done: the gap is the frame's main-thread work (rAF callbacks, the microtasks they
 * queue, style, layout, paint). The same probe measures the app's page and the bare canvas page.
 */
import type { FrameRecord } from './api.ts';

const nativeRaf = window.requestAnimationFrame.bind(window);
const channel = new MessageChannel();

let recording = false;
let frameTs = -1;
let lastTs = -1;
let startedAt = 0;
let record: FrameRecord = { intervalsMs: [], workMs: [], longTasksMs: [] };

channel.port1.onmessage = () => {
  if (recording) record.workMs.push(performance.now() - startedAt);
};

function frameStarts(ts: number): void {
  frameTs = ts;
  if (!recording) return;
  if (lastTs >= 0) record.intervalsMs.push(ts - lastTs);
  lastTs = ts;
  startedAt = performance.now();
  channel.port2.postMessage(0);
}

window.requestAnimationFrame = (callback: FrameRequestCallback): number =>
  nativeRaf((ts) => {
    if (ts !== frameTs) frameStarts(ts);
    callback(ts);
  });

new PerformanceObserver((list) => {
  if (!recording) return;
  for (const entry of list.getEntries()) record.longTasksMs.push(entry.duration);
}).observe({ type: 'longtask' });

// A loop of our own, so every frame is seen even when the page has nothing to draw.
const keepAlive = () => window.requestAnimationFrame(keepAlive);
window.requestAnimationFrame(keepAlive);

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Records frames for durationMs. */
export async function recordFrames(durationMs: number): Promise<FrameRecord> {
  record = { intervalsMs: [], workMs: [], longTasksMs: [] };
  lastTs = -1;
  recording = true;
  await sleep(durationMs);
  recording = false;
  // The last frame's work may still be pending: keep equal counts of intervals and work.
  record.workMs.length = Math.min(record.workMs.length, record.intervalsMs.length + 1);
  return record;
}
