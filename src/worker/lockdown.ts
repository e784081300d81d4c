/**
 * The simulation worker gives up its ways out before any code runs in it: the sandbox lets a user
 * write a behaviour in JavaScript, and that code runs here, so it must find no network, no storage,
 * no timers of its own (an action outside a handler would not be in the trace) and no way to post
 * to the page or take over the worker's commands. The worker keeps its own references to what it
 * needs (see sim.worker.ts) before it calls this.
 *
 * Each name becomes an own, read-only, undefined property of the worker's global scope, which
 * shadows the one its prototype chain has. Dynamic `import()` is syntax, not a property: the
 * sandbox refuses it in the code itself (src/sandbox/user-code.ts).
 */
export const LOCKED_GLOBALS = [
  // the network
  'fetch',
  'XMLHttpRequest',
  'WebSocket',
  'WebTransport',
  'EventSource',
  'importScripts',
  // storage
  'indexedDB',
  'caches',
  'navigator',
  // other threads and the page
  'BroadcastChannel',
  'Worker',
  'SharedWorker',
  'postMessage',
  'close',
  'onmessage',
  'addEventListener',
  'removeEventListener',
  // time outside the simulation
  'setTimeout',
  'setInterval',
  'clearTimeout',
  'clearInterval',
  'queueMicrotask',
  'requestAnimationFrame',
] as const;

export function lockDown(scope: object): void {
  for (const name of LOCKED_GLOBALS)
    Object.defineProperty(scope, name, { value: undefined, writable: false, configurable: false });
}
