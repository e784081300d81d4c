/// <reference lib="webworker" />
/**
 * The simulation worker: a thin adapter around the engine (adapter.ts holds its logic). A run's
 * lesson is loaded when the run is (lessons/loader.ts), so the worker's first script holds no lesson.
 * It keeps its own references to posting, timers and its message handler, then locks the rest of its
 * global scope away (lockdown.ts), since a sandbox run executes the user's code in this worker.
 */
import { loadLesson } from '../../lessons/loader.ts';
import { createWorkerAdapter } from './adapter.ts';
import { lockDown } from './lockdown.ts';
import type { ToWorker } from './protocol.ts';

declare const self: DedicatedWorkerGlobalScope;

const postMessage = self.postMessage.bind(self);
const setTimeoutOwn = self.setTimeout.bind(self);

const handle = createWorkerAdapter({
  post: (message, transfer = []) => postMessage(message, transfer),
  loadLesson,
  defer: (work) => void setTimeoutOwn(work, 0),
});

self.addEventListener('message', (event: MessageEvent<ToWorker>) => void handle(event.data));
lockDown(self);
