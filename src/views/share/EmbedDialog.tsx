import { useRef, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useApp } from '../../store/store.ts';
import {
  DEFAULT_VIEWS,
  VIEW_IDS,
  VIEWS,
  type EmbedOptions,
  type Theme,
  type ViewId,
} from '../../embed/options.ts';
import { CopyButton } from './CopyButton.tsx';
import { Dialog } from './Dialog.tsx';
import {
  autoSizingSnippet,
  embedUrl,
  estimatedHeight,
  iframeSnippet,
  PRACTICAL_URL_LENGTH,
} from './links.ts';

/** Embed code for this run, with the embed's options: views, steps, autoplay, start moment, theme. */
export function EmbedDialog({ onClose }: { onClose: () => void }) {
  const { run, lesson, cursor } = useApp(
    useShallow((s) => ({ run: s.run, lesson: s.lesson, cursor: s.cursor })),
  );
  const [views, setViews] = useState<ViewId[]>([...DEFAULT_VIEWS]);
  const [steps, setSteps] = useState(false);
  const [autoplay, setAutoplay] = useState(false);
  const [atMoment, setAtMoment] = useState(cursor > 0);
  const [theme, setTheme] = useState<Theme>('light');
  const [kind, setKind] = useState<'auto' | 'iframe'>('auto');
  const [status, setStatus] = useState('');
  // A run whose address is too long for a host is embedded as the lesson starts, if the author agrees.
  const [withoutActions, setWithoutActions] = useState(false);
  const field = useRef<HTMLTextAreaElement>(null);
  if (!run) return null;
  if (run.sandbox)
    return (
      <Dialog id="embed-dialog" title="Embed this run" onClose={onClose}>
        <p role="status">
          A sandbox cannot be embedded yet: the embed opens lessons only. Share its link, or save the scenario
          file with Export, instead.
        </p>
      </Dialog>
    );

  const options: Partial<EmbedOptions> = { views, steps, autoplay, theme };
  const embedded = withoutActions ? { ...run, interventions: [] } : run;
  const src = embedUrl(window.location.href, embedded, lesson, atMoment ? cursor : 0, options);
  const tooLong = src.length > PRACTICAL_URL_LENGTH;
  const title = `Roundtrip: ${lesson?.title ?? run.lessonId}`;
  const code =
    kind === 'auto'
      ? autoSizingSnippet(window.location.href, src, title)
      : iframeSnippet(src, title, estimatedHeight(options));
  const toggleView = (id: ViewId, on: boolean) => {
    setStatus('');
    setViews((current) =>
      on ? VIEW_IDS.filter((v) => v === id || current.includes(v)) : current.filter((v) => v !== id),
    );
  };

  return (
    <Dialog id="embed-dialog" title="Embed this run" onClose={onClose} wide>
      <p>
        Paste this into a blog post or a page. The simulation runs in the reader&apos;s browser, from this
        site only.
      </p>
      <div className="embed-options">
        <fieldset>
          <legend>Views</legend>
          {VIEW_IDS.map((id) => (
            <label key={id} className="switch">
              <input
                type="checkbox"
                checked={views.includes(id)}
                disabled={views.length === 1 && views.includes(id)}
                onChange={(e) => toggleView(id, e.currentTarget.checked)}
              />
              {VIEWS[id]}
            </label>
          ))}
        </fieldset>
        <fieldset>
          <legend>Playback</legend>
          <label className="switch">
            <input type="checkbox" checked={steps} onChange={(e) => setSteps(e.currentTarget.checked)} />
            Show the lesson&apos;s steps
          </label>
          <label className="switch">
            <input
              type="checkbox"
              checked={autoplay}
              onChange={(e) => setAutoplay(e.currentTarget.checked)}
            />
            Play on its own when loaded
          </label>
          <label className="switch">
            <input
              type="checkbox"
              checked={atMoment}
              onChange={(e) => setAtMoment(e.currentTarget.checked)}
            />
            Start at this moment ({Math.round(cursor)} ms)
          </label>
        </fieldset>
        <fieldset>
          <legend>Look</legend>
          {(['light', 'dark'] as const).map((t) => (
            <label key={t} className="switch">
              <input type="radio" name="embed-theme" checked={theme === t} onChange={() => setTheme(t)} />
              {t === 'light' ? 'Light' : 'Dark'}
            </label>
          ))}
        </fieldset>
        <fieldset>
          <legend>Code</legend>
          <label className="switch">
            <input
              type="radio"
              name="embed-kind"
              checked={kind === 'auto'}
              onChange={() => setKind('auto')}
            />
            Fits its content (a small script)
          </label>
          <label className="switch">
            <input
              type="radio"
              name="embed-kind"
              checked={kind === 'iframe'}
              onChange={() => setKind('iframe')}
            />
            Plain iframe (fixed height)
          </label>
        </fieldset>
      </div>
      {withoutActions && (
        <p className="share-note" data-testid="embed-without-actions">
          This code embeds the lesson as it starts, without your{' '}
          {run.interventions.length.toLocaleString('en')} actions.{' '}
          <button type="button" className="btn" onClick={() => setWithoutActions(false)}>
            Put them back
          </button>
        </p>
      )}
      {tooLong ? (
        // The embed's address is a link like any other: hosts cut or refuse one this long.
        <div className="share-warning" role="alert" data-testid="embed-too-long">
          <p>
            The embed&apos;s address would be {src.length.toLocaleString('en')} characters long, more than the{' '}
            {PRACTICAL_URL_LENGTH.toLocaleString('en')} a link can safely carry: the reader&apos;s browser or
            the server would cut or refuse it. So no code is made.
          </p>
          <button type="button" className="btn primary" onClick={() => setWithoutActions(true)}>
            Embed the lesson without my actions
          </button>
        </div>
      ) : (
        <>
          <label className="share-field">
            <span>Embed code</span>
            <textarea
              ref={field}
              readOnly
              rows={kind === 'auto' ? 4 : 5}
              value={code}
              onFocus={(e) => e.currentTarget.select()}
              data-testid="embed-code"
            />
          </label>
          <div className="row">
            <CopyButton
              text={code}
              field={field}
              label="Copy code"
              copied="Embed code copied."
              refused="Copying was not allowed: select the code and copy it."
              onStatus={setStatus}
            />
            <a className="btn" href={src} target="_blank" rel="noopener noreferrer">
              Preview <span aria-hidden="true">↗</span>
            </a>
          </div>
        </>
      )}
      <p className="share-status" role="status" aria-live="polite">
        {status}
      </p>
    </Dialog>
  );
}
