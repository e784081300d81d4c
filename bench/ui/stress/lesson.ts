/**
 * The UI benchmark's scenario, registered only in the bench build (see ../vite.config.ts): 100 nodes
 * forwarding messages to random peers with about 2,000 on the wire at any moment. It is the engine
 * benchmark's forwarding workload (../../workloads.ts) slowed to the pace of a lesson: a message takes
 * about a second of simulated time, two seconds on screen at this lesson's playback speed, so the
 * canvas has 2,000 dots moving visibly rather than flickering across, and the worker streams about
 * 2,000 events per second to the page.
 */
import { defineGuide, defineLesson } from '../../../src/engine/lesson.ts';
import { forwardScenario, type ForwardOptions } from '../../workloads.ts';

export const STRESS_LESSON_ID = 'bench-forward-100';
/** Simulated ms per real second. */
export const STRESS_SPEED = 500;

/**
 * Mean one-way delay latency + jitter / 2 = 1,000 ms, so 2,000 messages in flight deliver 2 per ms;
 * 1% of them are lost (0.02 per ms) and each node's timer injects one every 5,000 ms (100 nodes:
 * 0.02 per ms), so the number in flight stays near the 2,000 the nodes start with.
 */
export const STRESS: ForwardOptions = {
  nodes: 100,
  initialPerNode: 20,
  tickMs: 5_000,
  latencyMs: 400,
  jitterMs: 1_200,
  loss: 0.01,
  duplicate: 0,
};

/** What the page sees of it; the scenario is the forwarding workload. */
export const stressGuide = defineGuide({
  id: STRESS_LESSON_ID,
  title: 'UI benchmark: 100 nodes, 2,000 messages in flight',
  summary: 'Not a lesson: the scenario the UI benchmark plays.',
  principle: 'Drawing many messages stays cheap',
  part: 4,
  order: 99,
  minutes: 1,
  params: {},
  nodeNames: () => Array.from({ length: STRESS.nodes }, (_, i) => `n${i}`),
  durationMs: 120_000,
  playbackSpeed: STRESS_SPEED,
  defaultSeed: 1,
  interventions: [],
  // One step whose challenge reads the trace, so the player's periodic re-check runs as in a lesson.
  steps: [
    {
      id: 'watch',
      title: 'Watch',
      text: 'Messages fly.',
      hint: '',
      challenge: (trace) => ({ met: trace.length < 0 }),
      solution: { interventions: [] },
    },
  ],
});

export default defineLesson(stressGuide, forwardScenario(STRESS));
