/**
 * The one typed protocol between the page and the simulation worker. The page never runs the
 * simulation: it asks the worker to load a run, to simulate ahead of the playback cursor, and to
 * branch with an intervention; the worker streams trace events back in chunks.
 */
import type { Intervention, TraceEvent } from '../engine/index.ts';
import type { NodeInfo, RunSpec } from '../engine/run-spec.ts';
import type { FaultInvariant, FaultTestResult } from '../sandbox/fault-test.ts';
import type { SandboxDoc } from '../sandbox/model.ts';

export type ToWorker =
  /** Starts a run from scratch; `generation` tags every reply so stale replies can be ignored. */
  | { type: 'load'; generation: number; run: RunSpec; untilMs: number }
  /** Simulates ahead until true time `untilMs` (the worker streams what it makes). */
  | { type: 'extend'; generation: number; untilMs: number }
  /** Adds an intervention; one in the past of what was simulated branches the run from there. */
  | { type: 'intervene'; generation: number; intervention: Intervention; untilMs: number }
  /** The in-flight messages at true time t, as a transferable typed array (see positions.ts). */
  | { type: 'positions'; generation: number; t: number }
  /** Test hook: make the worker throw, to check the page survives it. */
  | { type: 'crash-test' }
  /** "Test against faults" (fault-runner.ts): `test` tags its replies; a newer test replaces it. */
  | { type: 'fault-test'; test: number; doc: SandboxDoc; runs: number; invariants: FaultInvariant[] }
  | { type: 'fault-cancel'; test: number };

export type FromWorker =
  | {
      type: 'loaded';
      generation: number;
      nodes: NodeInfo[];
      links: [from: string, to: string][];
      durationMs: number;
    }
  /** Events from seq `fromSeq` on; `truncateTo` < fromSeq never happens: a branch sends `truncated` first. */
  | { type: 'chunk'; generation: number; fromSeq: number; events: TraceEvent[]; simulatedUntil: number }
  /** The run branched: every event from `length` on is void and will be re-sent. */
  | { type: 'truncated'; generation: number; length: number }
  | { type: 'positions'; generation: number; t: number; count: number; data: Float32Array }
  | { type: 'error'; generation: number; message: string; detail: string }
  /** A fault test's runs so far (no `generation`: a test is not a run, and outlives a reload). */
  | { type: 'fault-progress'; test: number; done: number; runs: number; events: number }
  | { type: 'fault-result'; test: number; result: FaultTestResult };
