/**
 * A setting's value in force at a moment: the run's own value, unless an action ("slow the link")
 * set it at or before that moment. The settings panel shows this one, and says which action set it.
 */
import type { Intervention, ParamValue } from '../../engine/index.ts';

export type SetParam = Extract<Intervention, { kind: 'set-param' }>;

export interface ParamNow {
  value: ParamValue;
  /** The action that set it, when one did; absent when the value is the run's own. */
  by?: SetParam;
}

export function paramAt(
  run: { params: Readonly<Record<string, ParamValue>>; interventions: readonly Intervention[] },
  name: string,
  fallback: ParamValue,
  t: number,
): ParamNow {
  let by: SetParam | undefined;
  // The run applies actions in time order and, at one moment, in the order they were made.
  for (const iv of run.interventions) {
    if (iv.kind === 'set-param' && iv.name === name && iv.at <= t && (!by || iv.at >= by.at)) by = iv;
  }
  return by ? { value: by.value, by } : { value: run.params[name] ?? fallback };
}
