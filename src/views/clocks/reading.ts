/**
 * Reading a node's clock at true time t from its latest `clock` event, and saying how far off it is
 * in words. Pure; tested beside.
 */
import type { ClockEvent } from '../../engine/index.ts';

/** What the node's wall clock reads at true time t: local(t) = baseMono + (t − baseTrue) × rate. */
export function localAt(clock: Pick<ClockEvent, 'baseMono' | 'baseTrue' | 'rate'>, t: number): number {
  return clock.baseMono + (t - clock.baseTrue) * clock.rate;
}

export interface ClockReading {
  name: string;
  trueMs: number;
  localMs: number;
  /** local − true: positive when the clock is ahead. */
  offsetMs: number;
  driftPpm: number;
  /** The last time the clock jumped (resync or skew), if it has. */
  lastJump: { t: number; jumpMs: number; reason: 'resync' | 'skew' } | undefined;
}

export function readClock(
  name: string,
  clock: ClockEvent | undefined,
  t: number,
  history: readonly ClockEvent[] = [],
): ClockReading {
  const localMs = clock ? localAt(clock, t) : t;
  let lastJump: ClockReading['lastJump'];
  for (let k = history.length - 1; k >= 0; k--) {
    const c = history[k]!;
    if (c.t > t) continue;
    if (c.reason !== 'start' && c.jumpMs !== 0) {
      lastJump = { t: c.t, jumpMs: c.jumpMs, reason: c.reason };
      break;
    }
  }
  return { name, trueMs: t, localMs, offsetMs: localMs - t, driftPpm: clock?.driftPpm ?? 0, lastJump };
}

/** Within this, a clock reads as in step (float noise, not skew). */
const IN_STEP_MS = 0.05;

/** "+12.4 ms ahead", "−3.1 ms behind", "in step". */
export function describeOffset(offsetMs: number): string {
  if (Math.abs(offsetMs) < IN_STEP_MS) return 'in step';
  const size = Math.abs(offsetMs);
  const text = size >= 1000 ? `${(size / 1000).toFixed(2)} s` : `${size.toFixed(1)} ms`;
  return offsetMs > 0 ? `+${text} ahead` : `−${text} behind`;
}

/** A clock reading as seconds with millisecond digits: "2.512 s". */
export function formatClock(ms: number): string {
  return `${(ms / 1000).toFixed(3)} s`;
}

/** "+100 ppm (gains 0.1 ms a second)". */
export function describeDrift(driftPpm: number): string {
  if (driftPpm === 0) return 'no drift';
  const perSecond = Math.abs(driftPpm) / 1000;
  const sign = driftPpm > 0 ? '+' : '−';
  return `${sign}${Math.abs(driftPpm)} ppm (${driftPpm > 0 ? 'gains' : 'loses'} ${perSecond.toFixed(perSecond < 0.1 ? 3 : 1)} ms a second)`;
}

/** Half-width of the skew bars, ms: the largest offset shown, at least 10 ms so tiny noise stays tiny. */
export function skewScaleMs(offsets: readonly number[]): number {
  let max = 10;
  for (const o of offsets) max = Math.max(max, Math.abs(o));
  return max;
}
