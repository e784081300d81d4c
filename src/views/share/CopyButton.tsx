/** The dialogs' "Copy …" button: copies `text`, or selects it in `field`, and says which happened. */
import type { RefObject } from 'react';
import { copyText } from './copy.ts';

export function CopyButton({
  text,
  field,
  label,
  copied,
  refused,
  onStatus,
}: {
  text: string;
  field: RefObject<HTMLInputElement | HTMLTextAreaElement | null>;
  /** "Copy link" */
  label: string;
  /** The status after copying, and after the browser refused (the text is then selected). */
  copied: string;
  refused: string;
  onStatus: (status: string) => void;
}) {
  return (
    <button
      type="button"
      className="btn primary"
      onClick={async () => onStatus((await copyText(text, field.current)) ? copied : refused)}
    >
      {label}
    </button>
  );
}
