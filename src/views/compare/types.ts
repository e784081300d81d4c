/**
 * What a lesson readout is: `lessons/<id>/readout.tsx` default-exports a React component over a trace
 * and the cursor, and may export `summarize` for the headline numbers the fix comparison shows.
 */
import type { ComponentType } from 'react';
import type { Params, TraceEvent } from '../../engine/index.ts';

/** One headline number: "2 double charges". `good` says whether this value is the one to want. */
export interface Headline {
  label: string;
  value: number;
  good: boolean;
  /** A count to read, neither good nor bad (how many payments): shown without a verdict. */
  neutral?: boolean;
  /** Shown after the value ("ms"); absent for counts. */
  unit?: string;
}

export interface ReadoutProps {
  /** The trace (events may run ahead of the cursor: only those with seq < cursorSeq have happened). */
  events: TraceEvent[];
  cursorSeq: number;
  params: Params;
  /** The run's seed, for readouts that re-run the scenario headlessly (crash-or-slow's sweep). */
  seed?: number;
}

export type Summarize = (events: readonly TraceEvent[], cursorSeq: number, params?: Params) => Headline[];

export interface ReadoutModule {
  default: ComponentType<ReadoutProps>;
  summarize?: Summarize;
}
