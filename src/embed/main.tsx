/**
 * The embed's entry (embed.html). Order matters: storage guards first (a sandboxed iframe throws on
 * storage), then the inline worker (a sandboxed iframe may not start a worker from a URL), then the
 * host API, the run from the URL, and the page.
 */
import './install-guards.ts';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import InlineSimWorker from '../worker/sim.worker.ts?worker&inline';
import { setWorkerFactory } from '../store/sim-client.ts';
import { appStore } from '../store/store.ts';
import { openRunQuery } from '../store/open-link.ts';
import { loadAllGuides } from '../../lessons/registry.ts';
import { installTestApi } from '../test-api.ts';
import { connectHost } from './host-api.ts';
import { parseEmbedOptions } from './options.ts';
import { EmbedApp } from './EmbedApp.tsx';
import '../views/styles.css';
import './embed.css';

setWorkerFactory(() => new InlineSimWorker({ name: 'roundtrip-sim' }));
if (import.meta.env.DEV || import.meta.env.MODE === 'e2e') installTestApi();

const { options, problems } = parseEmbedOptions(window.location.search);
document.documentElement.dataset.theme = options.theme;
const host = connectHost(appStore, options);

/** Opens the run the embed's address describes, or the first lesson when it names none it can open. */
async function openRun(): Promise<void> {
  const store = appStore.getState();
  // The embed's script holds every guide already (one inlined file), so loading them all costs nothing.
  const fallback = (await loadAllGuides())[0]?.id ?? null;
  const parsed = await openRunQuery(window.location.search, fallback);
  for (const problem of [...problems, ...parsed.problems]) store.notify(problem, 'warning');
  const run = parsed.run ?? (fallback ? (await openRunQuery(`?lesson=${fallback}`, fallback)).run : null);
  if (run) store.load(run, parsed.cursorMs);
  else host.post({ type: 'roundtrip:error', message: 'There is no lesson to show.' });
}
openRun().catch((error: unknown) => {
  const message = `The lesson could not be opened: ${error instanceof Error ? error.message : String(error)}`;
  appStore.getState().notify(message, 'error');
  host.post({ type: 'roundtrip:error', message });
});

if (options.autoplay) {
  const stop = appStore.subscribe((s) => {
    if (s.status === 'ready') {
      stop();
      s.play();
    }
  });
}
// Report a worker failure to the host too: the page shows it, the host may want to.
appStore.subscribe((s, prev) => {
  if (s.error && s.error !== prev.error) host.post({ type: 'roundtrip:error', message: s.error.message });
});

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <EmbedApp options={options} host={host} />
  </StrictMode>,
);
