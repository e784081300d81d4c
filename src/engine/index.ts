export * from './types.ts';
export * from './trace.ts';
export * from './params.ts';
export * from './lesson.ts';
export { callsFrom, type CallEnd } from './calls-from.ts';
export * from './vocabulary.ts';
export { Simulation, runTrace, type SimulationOptions } from './simulation.ts';
export {
  machineBehaviour,
  stateValueLabel,
  type HostedMachineState,
  type EffectArgs,
} from './xstate-host.ts';
export { lamport, vector, type VectorClock } from './logical-clocks.ts';
export { Pcg32, deriveStream, hashString } from './prng.ts';
export {
  wallAt,
  monoAt,
  driftProblem,
  offsetProblem,
  CLOCK_DRIFT_PPM_MAX,
  CLOCK_OFFSET_MS_MAX,
  type NodeClock,
} from './clock.ts';
