/**
 * The crash-or-slow readout: the timeout trade-off. The lesson's scenario is re-run headlessly (the
 * engine is pure and these runs are small) with the same seed, parameters and interventions, once per
 * timeout; the chart plots false alarms (declared dead while alive) and the time to notice a real
 * crash against the timeout, with the learner's own timeout marked. If the learner has not crashed the
 * worker, the sweep assumes a crash so that detection delay has something to measure.
 */
import { useMemo } from 'react';
import { line } from 'd3-shape';
import { scaleLinear } from 'd3-scale';
import type { TraceEvent } from '../../src/engine/trace.ts';
import type { Intervention, Params, ParamValue } from '../../src/engine/types.ts';
import {
  AxisBottom,
  AxisLeft,
  formatMs,
  interventionsFromEvents,
  Legend,
  markPath,
  palette,
  plural,
  ReadoutFigure,
  Stats,
  traceUpTo,
  useElementSize,
  type Headline,
  type ReadoutProps,
} from '../../src/views/readout-kit.ts';
import guide, { WORKER, suspicionStats } from './guide.ts';
// The sweep runs the simulation, so it lives in lesson.ts with the scenario rather than in the guide.
import { sweepTimeouts, type SweepPoint } from './lesson.ts';

/** The timeouts the sweep tries (the learner's own is added). */
export const SWEEP_TIMEOUTS_MS: readonly number[] = Array.from({ length: 30 }, (_, i) => 100 + i * 100);
/** Where the sweep puts a crash when the learner has not made one. */
export const ASSUMED_CRASH_MS = 7000;

export interface SweepPlan {
  timeouts: number[];
  seed: number;
  params: Record<string, ParamValue>;
  interventions: Intervention[];
  untilMs: number;
  /** Set when the learner made no crash and the sweep adds one at this time. */
  assumedCrashMs: number | undefined;
}

/** What to run for the trade-off chart, from the run's params, seed and interventions. */
export function sweepPlan(
  params: Params,
  seed: number | undefined,
  interventions: readonly Intervention[],
): SweepPlan {
  const current = Number(params.timeoutMs);
  const timeouts = [...new Set([...SWEEP_TIMEOUTS_MS, ...(Number.isFinite(current) ? [current] : [])])].sort(
    (a, b) => a - b,
  );
  const crashes = interventions.filter((iv) => iv.kind === 'crash' && iv.node === WORKER);
  const assumedCrashMs = crashes.length === 0 ? ASSUMED_CRASH_MS : undefined;
  const all =
    assumedCrashMs === undefined
      ? [...interventions]
      : [...interventions, { at: assumedCrashMs, kind: 'crash', node: WORKER } as const];
  const lastCrash = Math.max(...all.filter((iv) => iv.kind === 'crash').map((iv) => iv.at));
  // Run long enough for the longest timeout to notice the last crash.
  const untilMs = Math.max(guide.durationMs, lastCrash + Math.max(...timeouts) + 500);
  return {
    timeouts,
    seed: seed ?? guide.defaultSeed,
    params: { ...params },
    interventions: all,
    untilMs,
    assumedCrashMs,
  };
}

export function runSweep(plan: SweepPlan): SweepPoint[] {
  return sweepTimeouts(plan);
}

/**
 * The timeouts with no false alarm whose crash detection fits the budget: the choices that meet both
 * goals (empty when none does).
 */
export function sweetSpot(points: readonly SweepPoint[], budgetMs: number): SweepPoint[] {
  return points.filter(
    (p) => p.falseSuspicions === 0 && p.worstDetectionMs !== undefined && p.worstDetectionMs <= budgetMs,
  );
}

export function summarize(events: readonly TraceEvent[], cursorSeq: number, params?: Params): Headline[] {
  const stats = suspicionStats(traceUpTo(events, cursorSeq));
  const out: Headline[] = [
    { label: 'false alarms', value: stats.falseSuspicions.length, good: stats.falseSuspicions.length === 0 },
    {
      label: 'time wrongly declared dead',
      value: Math.round(stats.wronglySuspectedMs),
      unit: 'ms',
      good: stats.wronglySuspectedMs === 0,
    },
  ];
  if (stats.worstDetectionMs !== undefined) {
    const budget = params ? Number(params.budgetMs) : Infinity;
    out.push({
      label: 'time to notice the crash',
      value: Math.round(stats.worstDetectionMs),
      unit: 'ms',
      good: stats.worstDetectionMs <= budget,
    });
  }
  return out;
}

const PANEL_H = 120;
const GAP = 46;
const M = { top: 26, right: 14, bottom: 40, left: 48 };
const FALSE_CLIP = 8;

export default function CrashOrSlowReadout({ events, cursorSeq, params, seed }: ReadoutProps) {
  const [ref, { width }] = useElementSize<HTMLDivElement>({ width: 360 });
  const interventions = useMemo(() => interventionsFromEvents(events), [events]);
  // The timeout itself only moves the marker: the sweep already covers every timeout.
  const { timeoutMs: _t, ...otherParams } = params;
  const key = JSON.stringify([seed, otherParams, interventions]);
  const plan = useMemo(
    () => sweepPlan(params, seed, interventions),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [key, params.timeoutMs],
  );
  const points = useMemo(
    () => runSweep({ ...plan, timeouts: plan.timeouts.filter((t) => SWEEP_TIMEOUTS_MS.includes(t)) }),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [key],
  );
  const current = Number(params.timeoutMs);
  const budget = Number(params.budgetMs);
  const here = useMemo(
    () => points.find((p) => p.timeoutMs === current) ?? runSweep({ ...plan, timeouts: [current] })[0]!,
    [points, plan, current],
  );
  const live = useMemo(() => suspicionStats(traceUpTo(events, cursorSeq)), [events, cursorSeq]);

  const innerW = Math.max(140, width - M.left - M.right);
  const height = M.top + PANEL_H * 2 + GAP + M.bottom;
  const xMax = Math.max(3000, current);
  const x = useMemo(() => scaleLinear().domain([0, xMax]).range([0, innerW]), [xMax, innerW]);
  const maxFalse = Math.max(1, ...points.map((p) => p.falseSuspicions));
  const yFalse = useMemo(
    () =>
      scaleLinear()
        .domain([0, Math.min(FALSE_CLIP, maxFalse)])
        .range([PANEL_H, 0])
        .clamp(true)
        .nice(),
    [maxFalse],
  );
  const delays = points.flatMap((p) => (p.worstDetectionMs === undefined ? [] : [p.worstDetectionMs]));
  const yDelay = useMemo(
    () =>
      scaleLinear()
        .domain([0, Math.max(budget, ...delays, 500)])
        .range([PANEL_H, 0])
        .nice(),
    [budget, delays],
  );
  const falseLine =
    line<SweepPoint>()
      .x((p) => x(p.timeoutMs))
      .y((p) => yFalse(p.falseSuspicions))(points) ?? '';
  const delayLine =
    line<SweepPoint>()
      .defined((p) => p.worstDetectionMs !== undefined)
      .x((p) => x(p.timeoutMs))
      .y((p) => yDelay(p.worstDetectionMs ?? 0))(points) ?? '';
  const sweet = sweetSpot(points, budget);
  const sweetFrom = sweet.length ? sweet[0]!.timeoutMs : undefined;
  const sweetTo = sweet.length ? sweet[sweet.length - 1]!.timeoutMs : undefined;
  const bandHalf = innerW / SWEEP_TIMEOUTS_MS.length / 2 / (xMax / 3000);
  const cx = x(current);
  const y2 = PANEL_H + GAP;

  const summary =
    `Timeout trade-off over ${plural(points.length, 'run')}. At your timeout of ${current} ms: ` +
    `${plural(here.falseSuspicions, 'false alarm')}, ` +
    (here.worstDetectionMs === undefined
      ? 'the crash was not noticed in time. '
      : `the crash noticed after ${Math.round(here.worstDetectionMs)} ms. `) +
    (sweet.length
      ? `Timeouts from ${sweetFrom} to ${sweetTo} ms give no false alarms and notice the crash within the ${budget} ms budget.`
      : `No timeout gives both no false alarms and detection within the ${budget} ms budget.`);

  return (
    <ReadoutFigure
      title="Choosing the timeout: false alarms against time to notice a crash"
      summary={summary}
      caption={
        <>
          Each point is a full run of this scenario with that timeout, the same seed and your interventions
          {plan.assumedCrashMs !== undefined
            ? `, plus a crash of the worker at ${formatMs(plan.assumedCrashMs)} (crash it yourself to use your own moment)`
            : ''}
          . A shorter timeout notices a crash sooner but mistakes pauses for deaths.
        </>
      }
    >
      <Stats
        title={`Your timeout, ${formatMs(current)}, over the whole run`}
        items={[
          { label: 'false alarms', value: here.falseSuspicions, bad: here.falseSuspicions > 0 },
          {
            label: `to notice the crash (budget ${formatMs(budget)})`,
            value: here.worstDetectionMs === undefined ? 'never' : formatMs(here.worstDetectionMs),
            bad: here.worstDetectionMs === undefined || here.worstDetectionMs > budget,
          },
        ]}
      />
      <Stats
        title="This run so far"
        items={[
          { label: 'false alarms', value: live.falseSuspicions.length, bad: live.falseSuspicions.length > 0 },
          {
            label: 'crash noticed after',
            value:
              live.worstDetectionMs !== undefined
                ? formatMs(live.worstDetectionMs)
                : live.detections.length > 0
                  ? 'not yet'
                  : 'no crash yet',
            bad: live.worstDetectionMs !== undefined && live.worstDetectionMs > budget,
          },
        ]}
      />
      <Legend
        items={[
          {
            key: 'false',
            label: 'false alarms (declared dead while alive)',
            color: palette.vermillion,
            shape: 'circle',
          },
          { key: 'none', label: 'no false alarm', color: palette.green, shape: 'circle', hollow: true },
          { key: 'delay', label: 'time to notice the crash', color: palette.blue, shape: 'square' },
          { key: 'you', label: 'your timeout', color: palette.ink, line: { dash: '5 3' } },
          { key: 'sweet', label: '✓ meets both goals', color: palette.green, bar: {} },
        ]}
      />
      <div ref={ref} className="readout-chart">
        <svg width={width} height={height} aria-hidden="true">
          <g transform={`translate(${M.left},${M.top})`}>
            {sweetFrom !== undefined && sweetTo !== undefined && (
              <g className="sweet-spot">
                <rect
                  x={x(sweetFrom) - bandHalf}
                  width={x(sweetTo) - x(sweetFrom) + 2 * bandHalf}
                  y={-4}
                  height={PANEL_H * 2 + GAP + 4}
                  fill={palette.green}
                  opacity="0.13"
                />
                <text x={(x(sweetFrom) + x(sweetTo)) / 2} y={12} textAnchor="middle" className="ref-label">
                  ✓ both goals
                </text>
              </g>
            )}
            {/* Panel 1: false alarms */}
            <AxisLeft
              scale={yFalse}
              tickValues={yFalse.ticks(4).filter(Number.isInteger)}
              gridWidth={innerW}
              format={(d) => String(d)}
            />
            <AxisBottom
              scale={x}
              y={PANEL_H}
              ticks={Math.max(2, Math.floor(innerW / 70))}
              format={() => ''}
            />
            <text x={-M.left + 2} y={-12} className="axis-label">
              false alarms
            </text>
            <path d={falseLine} fill="none" stroke={palette.vermillion} strokeWidth="1.5" />
            {points.map((p) => {
              const clipped = p.falseSuspicions > yFalse.domain()[1]!;
              const none = p.falseSuspicions === 0;
              return (
                <g
                  key={`f${p.timeoutMs}`}
                  transform={`translate(${x(p.timeoutMs)},${yFalse(p.falseSuspicions)})`}
                >
                  <path
                    d={markPath(clipped ? 'triangle' : 'circle', 8)}
                    fill={none ? 'white' : palette.vermillion}
                    stroke={none ? palette.green : palette.vermillion}
                    strokeWidth="1.5"
                  />
                  {clipped && (
                    <text x={6} y={4} className="point-label">
                      {p.falseSuspicions}
                    </text>
                  )}
                </g>
              );
            })}
            {/* Panel 2: time to notice the crash */}
            <g transform={`translate(0,${y2})`}>
              <AxisLeft scale={yDelay} ticks={3} gridWidth={innerW} format={(d) => formatMs(Number(d))} />
              <AxisBottom
                scale={x}
                y={PANEL_H}
                ticks={Math.max(2, Math.floor(innerW / 70))}
                format={(d) => String(d)}
              />
              <text x={-M.left + 2} y={-9} className="axis-label">
                time to notice the crash
              </text>
              <line
                x1={0}
                x2={innerW}
                y1={yDelay(budget)}
                y2={yDelay(budget)}
                stroke={palette.green}
                strokeWidth="1.5"
                strokeDasharray="6 4"
              />
              <text x={innerW} y={yDelay(budget) - 4} textAnchor="end" className="ref-label">
                budget {formatMs(budget)}
              </text>
              <path d={delayLine} fill="none" stroke={palette.blue} strokeWidth="1.5" />
              {points.map((p) =>
                p.worstDetectionMs === undefined ? (
                  <path
                    key={`d${p.timeoutMs}`}
                    d={markPath('times', 8)}
                    transform={`translate(${x(p.timeoutMs)},4)`}
                    stroke={palette.muted}
                    strokeWidth="2"
                    fill="none"
                  >
                    <title>not noticed before the end of the run</title>
                  </path>
                ) : (
                  <path
                    key={`d${p.timeoutMs}`}
                    d={markPath('square', 7)}
                    transform={`translate(${x(p.timeoutMs)},${yDelay(p.worstDetectionMs)})`}
                    fill={palette.blue}
                  />
                ),
              )}
              <text x={innerW / 2} y={PANEL_H + 34} textAnchor="middle" className="axis-label">
                timeout (ms)
              </text>
            </g>
            {/* The learner's timeout, across both panels */}
            <line
              x1={cx}
              x2={cx}
              y1={-6}
              y2={PANEL_H}
              stroke={palette.ink}
              strokeWidth="2"
              strokeDasharray="5 3"
            />
            <line
              x1={cx}
              x2={cx}
              y1={y2}
              y2={y2 + PANEL_H}
              stroke={palette.ink}
              strokeWidth="2"
              strokeDasharray="5 3"
            />
            <text
              x={cx + (cx > innerW - 90 ? -5 : 5)}
              y={PANEL_H + 15}
              textAnchor={cx > innerW - 90 ? 'end' : 'start'}
              className="marker-label"
            >
              your timeout
            </text>
          </g>
        </svg>
      </div>
    </ReadoutFigure>
  );
}
