/**
 * The main-thread cost of receiving message positions from a worker: a Float32Array transferred, as
 * the simulation worker sends them, against the same numbers as plain objects. The page asks for a
 * batch, then blocks while the worker posts it, so that every message is already queued when the
 * page lets go; the time from letting go to handling the batch's last message is what receiving the
 * batch cost the main thread (dispatch, deserialisation, and a handler that reads each record once).
 */
import type { TransferPage, TransferResult } from './api.ts';
import type { PositionObject, TransferKind, TransferRequest } from './transfer.worker.ts';

type Reply =
  | { type: 'positions'; count: number; data: Float32Array | PositionObject[] }
  | { type: 'done'; postedAt: number; count: number };

const worker = new Worker(new URL('./transfer.worker.ts', import.meta.url), {
  type: 'module',
  name: 'bench-transfer',
});

let sink = 0; // keeps the reads below from being optimised away

function read(data: Float32Array | PositionObject[]): void {
  if (data instanceof Float32Array) {
    for (let k = 2; k < data.length; k += 5) sink += data[k]!;
  } else {
    for (const p of data) sink += p.progress;
  }
}

function batch(
  kind: TransferKind,
  count: number,
  holdMs: number,
): Promise<{ ms: number; late: boolean; records: number }> {
  return new Promise((resolve) => {
    let released = 0;
    worker.onmessage = (event: MessageEvent<Reply>) => {
      const reply = event.data;
      if (reply.type === 'positions') read(reply.data);
      else
        resolve({
          ms: performance.now() - released,
          late: reply.postedAt > performance.timeOrigin + released,
          records: reply.count,
        });
    };
    worker.postMessage({ kind, count } satisfies TransferRequest);
    const until = performance.now() + holdMs;
    while (performance.now() < until) {
      // Blocked on purpose: the worker's messages queue up meanwhile.
    }
    released = performance.now();
  });
}

const page: TransferPage = {
  async run(rounds, perBatch) {
    const result: TransferResult = { typedMs: [], objectsMs: [], messages: perBatch, bytesPerMessage: 0 };
    let holdMs = 400;
    // A first pair to warm both paths up (and the worker's engine run), not recorded.
    await batch('typed', perBatch, holdMs);
    await batch('objects', perBatch, holdMs);
    for (let r = 0; r < rounds; r++) {
      // Alternate which kind goes first, so drift over the run falls on both alike.
      const order: TransferKind[] = r % 2 ? ['objects', 'typed'] : ['typed', 'objects'];
      for (const kind of order) {
        let b = await batch(kind, perBatch, holdMs);
        while (b.late) {
          holdMs *= 2; // the worker was still posting when the page let go: hold longer, measure again
          b = await batch(kind, perBatch, holdMs);
        }
        (kind === 'typed' ? result.typedMs : result.objectsMs).push(b.ms / perBatch);
        result.bytesPerMessage = b.records * 5 * 4;
      }
    }
    if (sink === 42) console.log(sink);
    return result;
  },
};
window.__bench = page;
