/// <reference lib="webworker" />
/**
 * Posts frames of message positions to the page, either as the simulation worker does (a Float32Array
 * whose buffer is transferred) or as the same numbers in plain objects (structured clone). The
 * positions are real: the stress scenario run by the engine, read with MessageSpans.positionsAt, the
 * function the simulation worker answers `positions` requests with.
 */
import { Simulation } from '../../src/engine/simulation.ts';
import { MessageSpans, POSITION_STRIDE } from '../../src/engine/spans.ts';
import stress from './stress/lesson.ts';

declare const self: DedicatedWorkerGlobalScope;

export type TransferKind = 'typed' | 'objects';
export interface TransferRequest {
  kind: TransferKind;
  count: number;
}
export interface PositionObject {
  from: number;
  to: number;
  progress: number;
  end: number;
  msg: number;
}

const sim = new Simulation({ scenario: stress.scenario, seed: 1, params: {}, interventions: [] });
sim.runUntil(4_000);
const spans = new MessageSpans();
spans.add(sim.trace.slice(0, sim.trace.length));
const names = new Map(sim.nodeNames.map((n, i) => [n, i]));
const frameAt = (k: number): Float32Array => spans.positionsAt(1_000 + k * 16, (n) => names.get(n) ?? -1);

function toObjects(data: Float32Array): PositionObject[] {
  const out: PositionObject[] = [];
  for (let k = 0; k < data.length; k += POSITION_STRIDE) {
    out.push({
      from: data[k]!,
      to: data[k + 1]!,
      progress: data[k + 2]!,
      end: data[k + 3]!,
      msg: data[k + 4]!,
    });
  }
  return out;
}

self.onmessage = (event: MessageEvent<TransferRequest>) => {
  const { kind, count } = event.data;
  // Build every frame first, so that posting them is all the worker does while the page waits.
  const frames = Array.from({ length: count }, (_, k) => frameAt(k));
  const objects = kind === 'objects' ? frames.map(toObjects) : [];
  for (let k = 0; k < count; k++) {
    const data = frames[k]!;
    const n = data.length / POSITION_STRIDE;
    if (kind === 'typed')
      self.postMessage({ type: 'positions', generation: 1, t: k, count: n, data }, [data.buffer]);
    else self.postMessage({ type: 'positions', generation: 1, t: k, count: n, data: objects[k]! });
  }
  self.postMessage({
    type: 'done',
    postedAt: performance.timeOrigin + performance.now(),
    count: frames[0]!.length / POSITION_STRIDE,
  });
};
