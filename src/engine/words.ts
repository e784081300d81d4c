/**
 * The few number words every layer writes for a learner (a guide's challenge detail, the status line,
 * a readout's caption): one definition each, so "1.20 s" and "2 retries" read the same everywhere.
 */

/** A duration or moment in ms: "350 ms" below a second, "1.25 s" from one second up. */
export function formatMs(ms: number): string {
  return Math.abs(ms) >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${Math.round(ms)} ms`;
}

/** "1 retry", "2 retries": the count and its noun (`many` for irregular plurals). */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}
