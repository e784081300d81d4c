/**
 * A node's clocks. `mono` is the node's monotonic time (it drifts but never jumps): timers use it.
 * `wall = mono + offset` is what the node reads as the time of day: it drifts and also jumps when it
 * is resynchronised or skewed. Both are piecewise linear in true time, rebased at each change.
 */
/**
 * The range a clock may be set to, from links, files, the embed and the CLI alike. Drift beyond
 * ±100,000 ppm (10%) is no longer a drifting clock: at -1,000,000 it stops, below that it runs backwards.
 */
export const CLOCK_DRIFT_PPM_MAX = 100_000;
/** An offset of more than an hour teaches nothing a smaller one does not. */
export const CLOCK_OFFSET_MS_MAX = 3_600_000;

/** Why `value` is outside ±max, naming the range; undefined when it is inside. */
function outsideRange(what: string, unit: string, max: number, value: number): string | undefined {
  if (Number.isFinite(value) && Math.abs(value) <= max) return undefined;
  const grouped = (n: number) => (Number.isFinite(n) ? n.toLocaleString('en-US') : String(n));
  return `a clock's ${what} must be between -${grouped(max)} and ${grouped(max)} ${unit}, not ${grouped(value)}`;
}

/** Why a drift cannot be used, in plain words; undefined when it is within ±CLOCK_DRIFT_PPM_MAX. */
export const driftProblem = (driftPpm: number): string | undefined =>
  outsideRange('drift', 'ppm', CLOCK_DRIFT_PPM_MAX, driftPpm);

/** Why a clock offset (or a step of one) cannot be used; undefined when it is within ±CLOCK_OFFSET_MS_MAX. */
export const offsetProblem = (offsetMs: number): string | undefined =>
  outsideRange('offset', 'ms', CLOCK_OFFSET_MS_MAX, offsetMs);

export interface NodeClock {
  baseTrue: number;
  baseMono: number;
  /** Local ms per true ms: 1 + driftPpm / 1e6. */
  rate: number;
  driftPpm: number;
  offset: number;
}

export function makeClock(offsetMs: number, driftPpm: number): NodeClock {
  return { baseTrue: 0, baseMono: 0, rate: 1 + driftPpm / 1e6, driftPpm, offset: offsetMs };
}

export function monoAt(clock: NodeClock, t: number): number {
  return clock.baseMono + (t - clock.baseTrue) * clock.rate;
}

export function wallAt(clock: NodeClock, t: number): number {
  return monoAt(clock, t) + clock.offset;
}

/** The true time at which the node's monotonic clock reaches `mono`. */
export function trueTimeOfMono(clock: NodeClock, mono: number): number {
  return clock.baseTrue + (mono - clock.baseMono) / clock.rate;
}

/** Changes the drift rate from true time t on, keeping the clock continuous. */
export function setDrift(clock: NodeClock, t: number, driftPpm: number): void {
  clock.baseMono = monoAt(clock, t);
  clock.baseTrue = t;
  clock.driftPpm = driftPpm;
  clock.rate = 1 + driftPpm / 1e6;
}

/** Steps the wall clock so that it reads `wall` at true time t; returns the jump. */
export function stepWallTo(clock: NodeClock, t: number, wall: number): number {
  const jump = wall - wallAt(clock, t);
  clock.offset += jump;
  return jump;
}
