/**
 * A section that can be folded away: a full-width button with the title (and a count or a word on what
 * is inside), the content mounted only while open, so a folded view costs nothing and never draws at
 * zero size.
 */
import { useId, useState, type ReactNode } from 'react';

export interface CollapsibleProps {
  title: string;
  /** A few words shown beside the title while folded: "3 more", "38 events". */
  note?: string;
  defaultOpen?: boolean;
  className?: string;
  children: ReactNode;
}

export function Collapsible({
  title,
  note,
  defaultOpen = false,
  className = '',
  children,
}: CollapsibleProps) {
  const [open, setOpen] = useState(defaultOpen);
  const id = useId();
  return (
    <section className={`collapsible ${open ? 'open' : ''} ${className}`}>
      <h2 className="collapsible-heading">
        <button
          type="button"
          className="collapsible-toggle"
          aria-expanded={open}
          aria-controls={id}
          onClick={() => setOpen(!open)}
        >
          <span className="chevron" aria-hidden="true">
            {open ? '▾' : '▸'}
          </span>
          <span className="collapsible-title">{title}</span>
          {note && !open && <span className="collapsible-note">{note}</span>}
        </button>
      </h2>
      <div id={id} className="collapsible-body" hidden={!open}>
        {open && children}
      </div>
    </section>
  );
}
