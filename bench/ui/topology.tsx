/**
 * The app's topology view (SVG nodes and links, canvas messages) alone on a page, driven by the real
 * store, playback loop and simulation worker through the stress scenario: 100 nodes, about 2,000
 * messages in flight. The frame probe is imported first so it sees every frame. ?svg=0 hides the SVG
 * layer (nodes and links), to see what it costs (bench/ui/explore.ts).
 */
import { sleep, recordFrames } from './frame-probe.ts';
import { createRoot } from 'react-dom/client';
import { Topology } from '../../src/views/topology/Topology.tsx';
import { usePlaybackLoop } from '../../src/views/app/hooks.ts';
import { appStore } from '../../src/store/store.ts';
import { syncMessageSpans } from '../../src/views/derive/spans.ts';
import '../../src/views/styles.css';
import type { FramePage } from './api.ts';
import { STRESS_LESSON_ID, STRESS_SPEED } from './stress/lesson.ts';

export const STAGE_WIDTH_PX = 1200;

function Bench() {
  usePlaybackLoop();
  return (
    <main style={{ width: STAGE_WIDTH_PX, margin: '16px auto' }}>
      <Topology />
    </main>
  );
}

async function until(test: () => boolean, what: string, timeoutMs = 30_000): Promise<void> {
  const start = performance.now();
  while (!test()) {
    if (performance.now() - start > timeoutMs) throw new Error(`bench: timed out waiting for ${what}`);
    await sleep(50);
  }
}

function inFlightNow(): number {
  const s = appStore.getState();
  return syncMessageSpans(s.events, s.baseSeq).inFlightAt(s.cursor).length;
}

const page: FramePage = {
  async ready() {
    const store = appStore.getState();
    store.load({ lessonId: STRESS_LESSON_ID, seed: 1, params: {}, interventions: [] });
    await until(
      () => appStore.getState().status === 'ready' && appStore.getState().simulatedUntil >= 2_000,
      'the run',
    );
    if (appStore.getState().error) throw new Error(appStore.getState().error!.message);
    await until(() => document.querySelectorAll('.topo-node').length === 100, 'the nodes');
    // Start mid-run, with the network at its steady ~2,000 in flight.
    appStore.getState().seek(1_500);
    const canvas = document.querySelector<HTMLCanvasElement>('.topo-canvas');
    if (!canvas) throw new Error('bench: no message canvas');
    return { width: canvas.clientWidth, height: canvas.clientHeight };
  },
  async measure(durationMs, warmupMs) {
    const s = appStore.getState();
    s.setSpeed(STRESS_SPEED); // the lesson's own pace, as it opened
    s.play();
    await sleep(warmupMs);
    const from = appStore.getState().cursor;
    const frames = await recordFrames(durationMs);
    const end = appStore.getState();
    end.pause();
    const advanced = end.cursor - from;
    const inFlight = inFlightNow();
    return {
      ...frames,
      inFlight,
      note: `played ${Math.round(advanced)} simulated ms in ${durationMs} ms (expected ${(STRESS_SPEED * durationMs) / 1000})`,
    };
  },
};

if (new URLSearchParams(location.search).get('svg') === '0') {
  document.head.append(
    Object.assign(document.createElement('style'), { textContent: '.topo-svg { display: none; }' }),
  );
}
window.__bench = page;
createRoot(document.getElementById('root')!).render(<Bench />);
