import { useApp, appStore } from '../../store/store.ts';

/** When the simulation worker fails: what happened, and ways out that keep the learner's work. */
export function WorkerErrorPanel() {
  const error = useApp((s) => s.error);
  if (!error) return null;
  const download = () => {
    const { events } = appStore.getState();
    const blob = new Blob([events.map((e) => JSON.stringify(e)).join('\n') + '\n'], {
      type: 'application/x-ndjson',
    });
    const url = URL.createObjectURL(blob);
    const a = document.createElement('a');
    a.href = url;
    a.download = 'roundtrip-trace.jsonl';
    a.click();
    URL.revokeObjectURL(url);
  };
  return (
    <div className="panel error-panel" role="alert" data-testid="worker-error">
      <h2>The simulation stopped</h2>
      <p>{error.message}</p>
      <details>
        <summary>Details</summary>
        <pre>{error.detail}</pre>
      </details>
      <div className="row">
        <button type="button" className="btn primary" onClick={() => appStore.getState().reset()}>
          Reset the run
        </button>
        <button type="button" className="btn" onClick={download}>
          Download trace
        </button>
      </div>
    </div>
  );
}
