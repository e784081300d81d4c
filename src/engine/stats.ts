/** Small statistics the lessons' checks and readouts share. */

/** The q-quantile of an ascending list (nearest rank); 0 for an empty one. */
export function percentile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

/** Two standard errors of a share measured over n independent requests (never 0 while n is small). */
export function twoStandardErrors(p: number, n: number): number {
  return n === 0 ? 0 : 2 * Math.sqrt(Math.max(p * (1 - p), 1 / n) / n);
}
