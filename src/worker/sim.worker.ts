/// <reference lib="webworker" />
/**
 * The simulation worker: a thin adapter around the engine (adapter.ts holds its logic). A run's
 * lesson is loaded when the run is (lessons/loader.ts), so the worker's first script holds no lesson.
 */
import { loadLesson } from '../../lessons/loader.ts';
import { createWorkerAdapter } from './adapter.ts';
import type { ToWorker } from './protocol.ts';

declare const self: DedicatedWorkerGlobalScope;

const handle = createWorkerAdapter({
  post: (message, transfer = []) => self.postMessage(message, transfer),
  loadLesson,
  defer: (work) => void setTimeout(work, 0),
});

self.onmessage = (event: MessageEvent<ToWorker>) => void handle(event.data);
