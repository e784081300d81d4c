/**
 * What names a run, and what a run says about its nodes: the engine's input and the topology's
 * description, shared by the worker protocol, the store, links and scenario files. They live in the
 * engine (not the worker) so that a view or a link parser can name them without depending on the worker.
 */
import type { Intervention, ParamValue } from './types.ts';
// A type only: the engine runs a sandbox as any lesson, and never loads the sandbox's code itself.
import type { SandboxDoc } from '../sandbox/model.ts';

/** `(lesson, seed, params, interventions)`: everything a trace is a function of. */
export interface RunSpec {
  lessonId: string;
  seed: number;
  params: Record<string, ParamValue>;
  interventions: Intervention[];
  /**
   * A sandbox run's scenario (lessonId "sandbox"): the document the sandbox built, which the worker
   * compiles in place of a lesson folder's scenario.
   */
  sandbox?: SandboxDoc;
}

/** One node as the topology draws it. */
export interface NodeInfo {
  name: string;
  kind: string;
  position: { x: number; y: number };
}
