/**
 * Share, Embed, Export and Import: four plain buttons (for the app header) and their dialogs. On a
 * phone (`compact`) the four sit behind one "Share & save" button in the header, so they are at the
 * top of the page, not below 3,000 px of lesson; the list opens on a press, its first button
 * focused, and Escape or a press elsewhere closes it.
 * A scenario file dropped anywhere on the page is opened too.
 *
 * Only the buttons are part of the lesson page. The dialogs (dialogs.ts) are downloaded when a button
 * is pressed, or before, when the pointer or the focus comes to the menu; the scenario reader
 * (import.ts) when a file is dropped. Share only opens its dialog: the link is copied when its Copy
 * button is pressed, so "Link copied." is never said of a copy nobody asked for. Until a dialog's
 * code is there the menu says "Opening…"; if it cannot be downloaded, a message says so and offers
 * to try again.
 */
import { Suspense, useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { appStore, useApp } from '../../store/store.ts';
import { ErrorBoundary } from '../app/ErrorBoundary.tsx';
import { lazyPart } from '../app/lazy-part.ts';
import { refetchable } from '../../offline/refetchable.ts';
import './share.css';

const scenarioReader = refetchable(() => import('./import.ts'));
const dialogs = refetchable(() => import('./dialogs.ts'));
const ShareDialog = lazyPart(() => dialogs().then((m) => m.ShareDialog));
const EmbedDialog = lazyPart(() => dialogs().then((m) => m.EmbedDialog));
const ExportDialog = lazyPart(() => dialogs().then((m) => m.ExportDialog));
const ImportDialog = lazyPart(() => dialogs().then((m) => m.ImportDialog));

/** Starts downloading the dialogs ahead of a press; if that fails, the press itself tries again. */
const preload = (): void => void dialogs().catch(() => {});

const NAMES = { share: 'Share', embed: 'Embed', export: 'Export', import: 'Import' } as const;

type Open = { kind: 'share' | 'embed' | 'export' | 'import' } | null;

export function ShareMenu({ compact = false }: { compact?: boolean }) {
  const [open, setOpen] = useState<Open>(null);
  const [listOpen, setListOpen] = useState(false);
  const ready = useApp((s) => s.run !== null);
  const root = useRef<HTMLDivElement>(null);
  const toggle = useRef<HTMLButtonElement>(null);
  useScenarioDrop();
  const close = () => setOpen(null);
  const pick = (kind: NonNullable<Open>['kind']) => {
    setListOpen(false);
    setOpen({ kind });
  };

  useEffect(() => {
    if (!listOpen) return;
    root.current?.querySelector<HTMLButtonElement>('.share-list button:not(:disabled)')?.focus();
    const onDown = (e: PointerEvent) => {
      if (root.current && !root.current.contains(e.target as Node)) setListOpen(false);
    };
    document.addEventListener('pointerdown', onDown);
    return () => document.removeEventListener('pointerdown', onDown);
  }, [listOpen]);

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.key !== 'Escape' || !listOpen) return;
    e.preventDefault();
    e.stopPropagation();
    setListOpen(false);
    toggle.current?.focus();
  };

  const buttons = (
    <div
      className={compact ? 'share-list' : 'share-buttons'}
      role="group"
      aria-label="Share and save"
      id={compact ? 'share-list' : undefined}
    >
      <button
        type="button"
        className="btn"
        onClick={() => pick('share')}
        disabled={!ready}
        aria-haspopup="dialog"
        title="A link to this exact run"
      >
        Share
      </button>
      <button
        type="button"
        className="btn"
        onClick={() => pick('embed')}
        disabled={!ready}
        aria-haspopup="dialog"
        title="Code to put this run in a blog post"
      >
        Embed
      </button>
      <button
        type="button"
        className="btn"
        onClick={() => pick('export')}
        disabled={!ready}
        aria-haspopup="dialog"
        title="Download the trace, the diagram or the scenario"
      >
        Export
      </button>
      <button
        type="button"
        className="btn"
        onClick={() => pick('import')}
        aria-haspopup="dialog"
        title="Open a scenario file"
      >
        Import
      </button>
    </div>
  );

  return (
    <div
      ref={root}
      className={`share-menu${compact ? ' compact' : ''}`}
      onPointerEnter={preload}
      onFocus={preload}
      onKeyDown={onKeyDown}
    >
      {compact ? (
        <>
          <button
            ref={toggle}
            type="button"
            className="btn"
            aria-expanded={listOpen}
            aria-controls="share-list"
            onClick={() => setListOpen(!listOpen)}
          >
            Share &amp; save <span aria-hidden="true">{listOpen ? '▴' : '▾'}</span>
          </button>
          {listOpen && buttons}
        </>
      ) : (
        buttons
      )}
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
      const reader = await scenarioReader().catch(() => null);
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
