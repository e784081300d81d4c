import { useRef, useState } from 'react';
import { Dialog } from './Dialog.tsx';
import { importScenario } from './import.ts';

/** Open a scenario file: pick one, or drop it here. A refused file leaves the current run as it is. */
export function ImportDialog({ onClose }: { onClose: () => void }) {
  const [result, setResult] = useState<{ ok: boolean; message: string } | null>(null);
  const [over, setOver] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  const open = async (file: File | undefined) => {
    if (!file) return;
    const r = await importScenario(file);
    setResult(r);
  };
  return (
    <Dialog id="import-dialog" title="Import a scenario" onClose={onClose}>
      <p>Open a scenario file saved with Export → Scenario. It replaces the run you see.</p>
      <div
        className={`drop-zone${over ? ' over' : ''}`}
        onDragOver={(e) => {
          e.preventDefault();
          setOver(true);
        }}
        onDragLeave={() => setOver(false)}
        onDrop={(e) => {
          e.preventDefault();
          setOver(false);
          void open(e.dataTransfer.files[0]);
        }}
        data-testid="drop-zone"
      >
        <p>Drop a .json file here, or</p>
        <button type="button" className="btn primary" onClick={() => input.current?.click()}>
          Choose a file…
        </button>
        <input
          ref={input}
          type="file"
          accept=".json,application/json"
          hidden
          onChange={(e) => {
            void open(e.currentTarget.files?.[0]);
            e.currentTarget.value = '';
          }}
          data-testid="import-file"
        />
      </div>
      {result && (
        <p
          className={result.ok ? 'share-status' : 'share-warning'}
          role={result.ok ? 'status' : 'alert'}
          data-testid="import-result"
        >
          {result.message}
        </p>
      )}
    </Dialog>
  );
}
