/**
 * "Test against faults" in the worker: the runs of a test a few at a time, between which the worker
 * reads its commands, so a Cancel or a newer test is heard within one slice. Each slice posts how
 * many runs are done; the end posts the result. A newer test replaces the one in progress.
 */
import { runFaultTestCase, type FaultTestResult } from '../sandbox/fault-test.ts';
import type { FromWorker, ToWorker } from './protocol.ts';

/** Events simulated per slice, at least one run (a few tens of ms in a browser). */
const SLICE_EVENTS = 20_000;
/** And at most this many runs: a small run still costs a few ms to set up. */
const SLICE_RUNS = 10;

type FaultCommand = Extract<ToWorker, { type: 'fault-test' | 'fault-cancel' }>;

export function createFaultRunner(
  post: (message: FromWorker) => void,
  defer: (work: () => void) => void,
): (msg: FaultCommand) => void {
  let job: (Extract<FaultCommand, { type: 'fault-test' }> & { done: number; events: number }) | null = null;
  let working = false;

  function finish(result: FaultTestResult): void {
    post({ type: 'fault-result', test: job!.test, result });
    job = null;
  }

  function work(): void {
    working = false;
    if (!job) return;
    let slice = 0;
    const stop = job.done + SLICE_RUNS;
    while (job.done < Math.min(job.runs, stop) && slice < SLICE_EVENTS) {
      const { case: c, result } = runFaultTestCase(job.doc, job.done, job.invariants);
      job.done += 1;
      job.events += result.events;
      slice += Math.max(1, result.events);
      if (result.broken) {
        finish({ kind: 'broken', runs: job.done, events: job.events, case: c, broken: result.broken });
        return;
      }
    }
    if (job.done >= job.runs) finish({ kind: 'held', runs: job.runs, events: job.events });
    else {
      post({ type: 'fault-progress', test: job.test, done: job.done, runs: job.runs, events: job.events });
      schedule();
    }
  }

  function schedule(): void {
    if (working) return;
    working = true;
    defer(work);
  }

  return (msg) => {
    if (msg.type === 'fault-cancel') {
      if (job?.test === msg.test) job = null;
      return;
    }
    job = { ...msg, done: 0, events: 0 };
    post({ type: 'fault-progress', test: msg.test, done: 0, runs: msg.runs, events: 0 });
    schedule();
  };
}
