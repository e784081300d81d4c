/**
 * Share, Embed, Export and Import: four plain buttons (for the app header) and their dialogs.
 * A scenario file dropped anywhere on the page is opened too.
 *
 * Only the buttons are part of the lesson page. The dialogs (dialogs.ts) are downloaded when a button
 * is pressed, or before, when the pointer or the focus comes to the menu; the scenario reader
 * (import.ts) when a file is dropped. Share only opens its dialog: the link is copied when its Copy
 * button is pressed, so "Link copied." is never said of a copy nobody asked for. Until a dialog's
 * code is there the menu says "Opening…"; if it cannot be downloaded, a message says so and offers
 * to try again.
 */
import { Suspense, useEffect, useState } from 'react';
import { appStore, useApp } from '../../store/store.ts';
import { ErrorBoundary } from '../app/ErrorBoundary.tsx';
import { lazyPart } from '../app/lazy-part.ts';
import './share.css';

const dialogs = () => import('./dialogs.ts');
const ShareDialog = lazyPart(() => dialogs().then((m) => m.ShareDialog));
const EmbedDialog = lazyPart(() => dialogs().then((m) => m.EmbedDialog));
const ExportDialog = lazyPart(() => dialogs().then((m) => m.ExportDialog));
const ImportDialog = lazyPart(() => dialogs().then((m) => m.ImportDialog));

/** Starts downloading the dialogs ahead of a press; if that fails, the press itself tries again. */
const preload = (): void => void dialogs().catch(() => {});

const NAMES = { share: 'Share', embed: 'Embed', export: 'Export', import: 'Import' } as const;

type Open = { kind: 'share' | 'embed' | 'export' | 'import' } | null;

export function ShareMenu() {
  const [open, setOpen] = useState<Open>(null);
  const ready = useApp((s) => s.run !== null);
  useScenarioDrop();
  const close = () => setOpen(null);

  return (
    <div
      className="share-menu"
      role="group"
      aria-label="Share and save"
      onPointerEnter={preload}
      onFocus={preload}
    >
      <button
        type="button"
        className="btn"
        onClick={() => setOpen({ kind: 'share' })}
        disabled={!ready}
        aria-haspopup="dialog"
        title="A link to this exact run"
      >
        Share
      </button>
      <button
        type="button"
        className="btn"
        onClick={() => setOpen({ kind: 'embed' })}
        disabled={!ready}
        aria-haspopup="dialog"
        title="Code to put this run in a blog post"
      >
        Embed
      </button>
      <button
        type="button"
        className="btn"
        onClick={() => setOpen({ kind: 'export' })}
        disabled={!ready}
        aria-haspopup="dialog"
        title="Download the trace, the diagram or the scenario"
      >
        Export
      </button>
      <button
        type="button"
        className="btn"
        onClick={() => setOpen({ kind: 'import' })}
        aria-haspopup="dialog"
        title="Open a scenario file"
      >
        Import
      </button>
      {open && (
        <div className="share-popup">
          <ErrorBoundary key={open.kind} area={`the ${NAMES[open.kind]} dialog`} onClose={close}>
            <Suspense
              fallback={
                <p className="share-pending" role="status">
                  Opening…
                </p>
              }
            >
              {open.kind === 'share' && <ShareDialog onClose={close} />}
              {open.kind === 'embed' && <EmbedDialog onClose={close} />}
              {open.kind === 'export' && <ExportDialog onClose={close} />}
              {open.kind === 'import' && <ImportDialog onClose={close} />}
            </Suspense>
          </ErrorBoundary>
        </div>
      )}
    </div>
  );
}

/** A file dropped on the page (outside the import dialog) is opened as a scenario, with a notice. */
export function useScenarioDrop(): void {
  useEffect(() => {
    const hasFiles = (e: DragEvent) => Array.from(e.dataTransfer?.types ?? []).includes('Files');
    const onOver = (e: DragEvent) => {
      if (hasFiles(e)) e.preventDefault();
    };
    const onDrop = async (e: DragEvent) => {
      if (!hasFiles(e) || e.defaultPrevented) return;
      e.preventDefault();
      // Taken now: the drop's files cannot be read once the event is over.
      const file = e.dataTransfer?.files[0];
      if (!file) return;
      const reader = await import('./import.ts').catch(() => null);
      if (!reader) {
        const label = file.name ? `"${file.name}"` : 'the file';
        const why = 'the code that reads scenario files could not be downloaded';
        appStore
          .getState()
          .notify(`Could not open ${label}: ${why}. Check the connection, then drop it again.`, 'warning');
        return;
      }
      const result = await reader.importScenario(file);
      appStore.getState().notify(result.message, result.ok ? 'info' : 'warning');
    };
    window.addEventListener('dragover', onOver);
    window.addEventListener('drop', onDrop);
    return () => {
      window.removeEventListener('dragover', onOver);
      window.removeEventListener('drop', onDrop);
    };
  }, []);
}
