import { useEffect, useRef, type ReactNode } from 'react';

/** A modal dialog (the platform's <dialog>: focus trap, Escape to close, inert page behind). */
export function Dialog({
  id,
  title,
  onClose,
  children,
  wide,
}: {
  id: string;
  title: string;
  onClose: () => void;
  children: ReactNode;
  wide?: boolean;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
  }, []);
  return (
    <dialog
      ref={ref}
      className={`share-dialog${wide ? ' wide' : ''}`}
      aria-labelledby={`${id}-title`}
      onClose={onClose}
      data-testid={id}
    >
      <div className="share-dialog-head">
        <h2 id={`${id}-title`}>{title}</h2>
        <form method="dialog">
          <button className="btn small" aria-label="Close">
            ✕
          </button>
        </form>
      </div>
      {children}
    </dialog>
  );
}
