import { describe, expect, it } from 'vitest';
import type { FromWorker, ToWorker } from '../worker/protocol.ts';
import { createSimClient, setWorkerFactory } from './sim-client.ts';

/** A stand-in for the worker: records what it is sent and lets the test reply as it. */
class FakeWorker {
  sent: ToWorker[] = [];
  onmessage: ((event: MessageEvent<FromWorker>) => void) | null = null;
  onerror: ((event: ErrorEvent) => void) | null = null;
  postMessage(message: ToWorker): void {
    this.sent.push(message);
  }
  reply(message: FromWorker): void {
    this.onmessage?.({ data: message } as MessageEvent<FromWorker>);
  }
}

const run = { lessonId: 'three-outcomes', seed: 1, params: {}, interventions: [] };
const chunk = (generation: number): FromWorker => ({
  type: 'chunk',
  generation,
  fromSeq: 0,
  events: [],
  simulatedUntil: 0,
});

describe('the page’s side of the worker', () => {
  it('passes on only the replies of the run it loaded last', () => {
    const worker = new FakeWorker();
    setWorkerFactory(() => worker as unknown as Worker);
    const heard: FromWorker[] = [];
    const client = createSimClient({ onMessage: (m) => void heard.push(m), onCrash: () => {} });
    expect(client.load(run, 1000)).toBe(1);
    expect(client.load(run, 1000)).toBe(2);
    worker.reply(chunk(1)); // late, from the superseded run
    worker.reply(chunk(2));
    expect(heard).toEqual([chunk(2)]);
    // Commands carry the current generation, so the worker can ignore stale ones too.
    client.extend(5000);
    expect(worker.sent.map((m) => ('generation' in m ? m.generation : undefined))).toEqual([1, 2, 2]);
  });

  it('reports a crash of the worker in words, and does not let it escape', () => {
    const worker = new FakeWorker();
    setWorkerFactory(() => worker as unknown as Worker);
    const crashes: string[] = [];
    const client = createSimClient({ onMessage: () => {}, onCrash: (m) => void crashes.push(m) });
    client.load(run, 1000);
    let prevented = false;
    worker.onerror?.({ message: '', preventDefault: () => (prevented = true) } as unknown as ErrorEvent);
    expect(prevented).toBe(true);
    expect(crashes).toEqual(['The simulation worker stopped unexpectedly.']);
  });
});
