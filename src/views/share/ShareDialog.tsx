import { useRef, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useApp } from '../../store/store.ts';
import { CopyButton } from './CopyButton.tsx';
import { Dialog } from './Dialog.tsx';
import { PRACTICAL_URL_LENGTH, shareUrl } from './links.ts';
import { currentStepId } from '../../store/player.ts';
import { saveScenarioFile } from './export.ts';

/** The link to this exact run (lesson, seed, settings, interventions and, if wanted, this moment). */
export function ShareDialog({ onClose }: { onClose: () => void }) {
  const { run, lesson, cursor, stepId } = useApp(
    useShallow((s) => ({ run: s.run, lesson: s.lesson, cursor: s.cursor, stepId: currentStepId(s) })),
  );
  const [withMoment, setWithMoment] = useState(true);
  // Empty until Copy is pressed: only then is there a copy to report.
  const [status, setStatus] = useState('');
  const field = useRef<HTMLInputElement>(null);
  if (!run) return null;
  const url = shareUrl(window.location.href, run, lesson, withMoment ? cursor : 0, stepId);
  const tooLong = url.length > PRACTICAL_URL_LENGTH;
  return (
    <Dialog id="share-dialog" title="Share this run" onClose={onClose}>
      {tooLong ? (
        // Hosts cut or refuse links this long (one answered 16 KB with its own error page), so none is made.
        <div className="share-warning" role="alert" data-testid="share-too-long">
          <p>
            A link to this run would be {url.length.toLocaleString('en')} characters long, more than the{' '}
            {PRACTICAL_URL_LENGTH.toLocaleString('en')} a link can safely carry: servers, chat apps and mail
            programs cut or refuse longer ones. So no link is made. Save the scenario file instead, and open
            it with Import.
          </p>
          <button
            type="button"
            className="btn primary"
            onClick={() => setStatus(saveScenarioFile(run, withMoment ? cursor : 0))}
          >
            Save the scenario file
          </button>
        </div>
      ) : (
        <>
          <p>
            {run.sandbox
              ? 'Anyone who opens this link gets your sandbox as it is, and sees the same run: its nodes, links, seed and faults.'
              : 'Anyone who opens this link sees the same run: lesson, seed, settings and everything you did to it.'}
          </p>
          <label className="share-field">
            <span>Link ({url.length.toLocaleString('en')} characters)</span>
            <input
              ref={field}
              readOnly
              value={url}
              onFocus={(e) => e.currentTarget.select()}
              data-testid="share-url"
            />
          </label>
          <div className="row">
            <CopyButton
              text={url}
              field={field}
              label="Copy link"
              copied="Link copied."
              refused="Copying was not allowed: select the link and copy it."
              onStatus={setStatus}
            />
          </div>
        </>
      )}
      <label className="switch">
        <input
          type="checkbox"
          checked={withMoment}
          onChange={(e) => {
            setWithMoment(e.currentTarget.checked);
            setStatus('');
          }}
        />
        Open at this moment ({Math.round(cursor)} ms)
      </label>
      <p className="share-status" role="status" aria-live="polite">
        {status}
      </p>
    </Dialog>
  );
}
