/**
 * The simulation worker gives up its ways out before any code runs in it: the sandbox lets a user
 * write a behaviour in JavaScript, and that code runs here, so it must find no network, no storage,
 * no timers of its own (an action outside a handler would not be in the trace) and no way to post
 * to the page or take over the worker's commands. The worker keeps its own references to what it
 * needs (see sim.worker.ts) before it calls this.
 *
 * Each name becomes an own, read-only, undefined property of the worker's global scope, which
 * shadows the one its prototype chain has (for the worker's global scope most are own properties
 * already, and are replaced). Dynamic `import()` is syntax, not a property: the sandbox refuses it
 * in the code itself (src/sandbox/user-code.ts), and since code made from a string at run time
 * would escape that check, `eval` and every function constructor go too (user-code.ts keeps its
 * own `Function`, taken when the worker's script loads, before this runs).
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
  // code from a string, which the check for import() never saw
  'eval',
  'Function',
] as const;

const gone = { value: undefined, writable: false, configurable: false } as const;

/** The prototypes whose `constructor` compiles a string: `(() => {}).constructor('return import(…)')`. */
function functionPrototypes(scope: object): object[] {
  const F = (scope as { Function?: unknown }).Function;
  if (typeof F !== 'function') return [];
  // Made in `scope`'s own realm, so a test may lock a fresh realm without touching its own.
  const kinds = (F as FunctionConstructor)(
    'return [function () {}, async function () {}, function* () {}, async function* () {}];',
  )() as object[];
  return kinds.map((f) => Object.getPrototypeOf(f) as object);
}

export function lockDown(scope: object): void {
  for (const proto of functionPrototypes(scope)) Object.defineProperty(proto, 'constructor', gone);
  for (const name of LOCKED_GLOBALS) Object.defineProperty(scope, name, gone);
}
