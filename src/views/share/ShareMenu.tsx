/**
 * Share, Embed, Export and Import: four plain buttons (for the app header) and their dialogs.
 * A scenario file dropped anywhere on the page is opened too.
 */
import { useEffect, useState } from 'react';
import { appStore, useApp } from '../../store/store.ts';
import { copyText } from './Dialog.tsx';
import { EmbedDialog } from './EmbedDialog.tsx';
import { ExportDialog } from './ExportDialog.tsx';
import { ImportDialog } from './ImportDialog.tsx';
import { importScenario } from './import.ts';
import { shareUrl } from './links.ts';
import { ShareDialog } from './ShareDialog.tsx';
import './share.css';

type Open = { kind: 'share'; copied: boolean | null } | { kind: 'embed' | 'export' | 'import' } | null;

export function ShareMenu() {
  const [open, setOpen] = useState<Open>(null);
  const ready = useApp((s) => s.run !== null);
  useScenarioDrop();
  const close = () => setOpen(null);

  const share = async () => {
    const { run, lesson, cursor } = appStore.getState();
    if (!run) return;
    // Copy at once (the click is the user's gesture), then show the link and what happened.
    const copied = await copyText(shareUrl(window.location.href, run, lesson, cursor));
    setOpen({ kind: 'share', copied });
  };

  return (
    <div className="share-menu" role="group" aria-label="Share and save">
      <button
        type="button"
        className="btn"
        onClick={share}
        disabled={!ready}
        aria-haspopup="dialog"
        title="Copy a link to this exact run"
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
      {open?.kind === 'share' && <ShareDialog onClose={close} copiedAtOpen={open.copied} />}
      {open?.kind === 'embed' && <EmbedDialog onClose={close} />}
      {open?.kind === 'export' && <ExportDialog onClose={close} />}
      {open?.kind === 'import' && <ImportDialog onClose={close} />}
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
      const file = e.dataTransfer?.files[0];
      if (!file) return;
      const result = await importScenario(file);
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
