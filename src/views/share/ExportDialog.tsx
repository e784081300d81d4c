import { useState } from 'react';
import { appStore } from '../../store/store.ts';
import { Dialog } from './Dialog.tsx';
import { download, findDiagram, saveScenarioFile, serializeSvg, svgToPng, toJSONL } from './export.ts';

const baseName = (): string => {
  const run = appStore.getState().run;
  return run ? `roundtrip-${run.lessonId}-seed${run.seed}` : 'roundtrip';
};

/** Waits (up to `timeoutMs`) until the worker has simulated the whole run, so the export is complete. */
async function simulateToEnd(timeoutMs = 10_000): Promise<void> {
  const s = appStore.getState();
  const end = Math.max(s.durationMs, s.cursor);
  if (s.simulatedUntil >= end) return;
  appStore.client().extend(end);
  await new Promise<void>((resolve) => {
    const timer = setTimeout(done, timeoutMs);
    const stop = appStore.subscribe((st) => st.simulatedUntil >= end && done());
    function done() {
      clearTimeout(timer);
      stop();
      resolve();
    }
  });
}

/** Downloads: the trace, the space-time diagram (SVG, PNG) and the scenario. */
export function ExportDialog({ onClose }: { onClose: () => void }) {
  const [status, setStatus] = useState('');
  const [busy, setBusy] = useState(false);
  const act = (what: () => Promise<string>) => async () => {
    setBusy(true);
    try {
      setStatus(await what());
    } catch (error) {
      setStatus(`That did not work: ${error instanceof Error ? error.message : String(error)}.`);
    } finally {
      setBusy(false);
    }
  };

  const trace = act(async () => {
    await simulateToEnd();
    const { events, baseSeq } = appStore.getState();
    download(`${baseName()}.trace.jsonl`, new Blob([toJSONL(events)], { type: 'application/x-ndjson' }));
    return `Saved ${events.length.toLocaleString('en')} events as JSON Lines${baseSeq > 0 ? ` (from event ${baseSeq} on: earlier ones were let go on this long run)` : ''}.`;
  });
  const diagram = (format: 'svg' | 'png') =>
    act(async () => {
      const svg = findDiagram();
      if (!svg) return 'The space-time diagram is not on this page, so there is nothing to save.';
      const doc = serializeSvg(svg);
      if (format === 'svg')
        download(`${baseName()}.spacetime.svg`, new Blob([doc.text], { type: 'image/svg+xml' }));
      else download(`${baseName()}.spacetime.png`, await svgToPng(doc.text, doc.width, doc.height));
      return `Saved the space-time diagram as ${format.toUpperCase()}, as it is shown now.`;
    });
  const scenario = act(async () => {
    const { run, cursor } = appStore.getState();
    return saveScenarioFile(run, cursor);
  });

  return (
    <Dialog id="export-dialog" title="Export" onClose={onClose}>
      <ul className="export-list">
        <li>
          <button type="button" className="btn" onClick={trace} disabled={busy}>
            Trace (.jsonl)
          </button>
          <span>Every event of the run, one JSON object a line: for your own tools.</span>
        </li>
        <li>
          <button type="button" className="btn" onClick={diagram('svg')} disabled={busy}>
            Diagram (.svg)
          </button>
          <span>The space-time diagram as shown, as a vector image.</span>
        </li>
        <li>
          <button type="button" className="btn" onClick={diagram('png')} disabled={busy}>
            Diagram (.png)
          </button>
          <span>The same, as a picture for slides and chats.</span>
        </li>
        <li>
          <button type="button" className="btn" onClick={scenario} disabled={busy}>
            Scenario (.json)
          </button>
          <span>Lesson, seed, settings, interventions and moment: a small file to reopen this run.</span>
        </li>
      </ul>
      <p className="share-status" role="status" aria-live="polite">
        {status}
      </p>
    </Dialog>
  );
}
