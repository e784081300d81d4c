/**
 * The only code that talks to the worker. The store calls these functions; replies are dispatched
 * back into the store. Views never see the worker.
 */
import type { Intervention } from '../engine/index.ts';
import type { RunSpec } from '../engine/run-spec.ts';
import type { FromWorker, ToWorker } from '../worker/protocol.ts';

export interface SimClientHandlers {
  onMessage(message: FromWorker): void;
  onCrash(message: string): void;
}

export interface SimClient {
  load(run: RunSpec, untilMs: number): number;
  extend(untilMs: number): void;
  intervene(intervention: Intervention, untilMs: number): void;
  requestPositions(t: number): void;
  crashTest(): void;
  readonly generation: number;
}

/** Starts the simulation worker. */
export type WorkerFactory = () => Worker;

const urlWorker: WorkerFactory = () =>
  new Worker(new URL('../worker/sim.worker.ts', import.meta.url), { type: 'module', name: 'roundtrip-sim' });
let workerFactory: WorkerFactory = urlWorker;

/**
 * Replaces how the worker is started, before the first run loads. The embed uses an inline worker:
 * a page in a sandboxed iframe has an opaque origin and may not start a worker from a URL.
 */
export function setWorkerFactory(factory: WorkerFactory): void {
  workerFactory = factory;
}

export function createSimClient(handlers: SimClientHandlers): SimClient {
  let worker: Worker | null = null;
  let generation = 0;
  let lastRun: { run: RunSpec; untilMs: number } | null = null;

  function start(): Worker {
    const w = workerFactory();
    w.onmessage = (event: MessageEvent<FromWorker>) => {
      if ('generation' in event.data && event.data.generation === generation) handlers.onMessage(event.data);
    };
    w.onerror = (event) => {
      event.preventDefault();
      handlers.onCrash(event.message || 'The simulation worker stopped unexpectedly.');
    };
    return w;
  }

  function send(message: ToWorker): void {
    worker ??= start();
    worker.postMessage(message);
  }

  return {
    get generation() {
      return generation;
    },
    load(run, untilMs) {
      generation++;
      lastRun = { run, untilMs };
      send({ type: 'load', generation, run, untilMs });
      return generation;
    },
    extend(untilMs) {
      if (lastRun) send({ type: 'extend', generation, untilMs });
    },
    intervene(intervention, untilMs) {
      send({ type: 'intervene', generation, intervention, untilMs });
    },
    requestPositions(t) {
      send({ type: 'positions', generation, t });
    },
    crashTest() {
      send({ type: 'crash-test' });
    },
  };
}
