/**
 * A small popover menu of plain buttons beside a node or link: what you can do to it right now.
 * Arrow keys move between items, Escape closes it and returns focus to what opened it; a tap
 * outside closes it too. Every item is a 44 px touch target.
 */
import { useEffect, useRef, type FocusEvent, type KeyboardEvent } from 'react';
import type { Action } from './actions.ts';

export interface ActionMenuProps {
  id: string;
  title: string;
  note?: string;
  actions: Action[];
  /** Where the menu points to, in the panel's px. */
  anchor: { x: number; y: number };
  panelWidth: number;
  panelHeight: number;
  onPick(action: Action): void;
  /** `returnFocus`: put focus back on what opened the menu (Escape, an action), not on an outside tap. */
  onClose(returnFocus: boolean): void;
}

const MENU_WIDTH = 250;
const SHEET_BELOW_PX = 560;

export function ActionMenu({
  id,
  title,
  note,
  actions,
  anchor,
  panelWidth,
  panelHeight,
  onPick,
  onClose,
}: ActionMenuProps) {
  const ref = useRef<HTMLDivElement>(null);

  useEffect(() => {
    ref.current?.querySelector<HTMLButtonElement>('button[role="menuitem"]')?.focus();
  }, []);

  useEffect(() => {
    const onDown = (e: PointerEvent) => {
      const target = e.target as Node | null;
      if (
        ref.current &&
        target &&
        !ref.current.contains(target) &&
        !(target as Element).closest?.('[aria-expanded="true"]')
      ) {
        onClose(false);
      }
    };
    document.addEventListener('pointerdown', onDown);
    return () => document.removeEventListener('pointerdown', onDown);
  }, [onClose]);

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const items = Array.from(
      ref.current?.querySelectorAll<HTMLButtonElement>('button[role="menuitem"]') ?? [],
    );
    const at = items.indexOf(document.activeElement as HTMLButtonElement);
    let next = -1;
    if (e.key === 'Escape') {
      e.preventDefault();
      e.stopPropagation(); // Escape here closes the menu; it should not also clear the selection
      onClose(true);
      return;
    }
    if (e.key === 'ArrowDown') next = (at + 1) % items.length;
    else if (e.key === 'ArrowUp') next = (at - 1 + items.length) % items.length;
    else if (e.key === 'Home') next = 0;
    else if (e.key === 'End') next = items.length - 1;
    if (next >= 0) {
      e.preventDefault();
      e.stopPropagation(); // arrows here move in the menu, not the playback cursor
      items[next]?.focus();
    } else if (e.key === ' ' || e.key === 'Enter' || e.key.startsWith('Arrow')) {
      e.stopPropagation();
    }
  };

  const onBlur = (e: FocusEvent<HTMLDivElement>) => {
    const to = e.relatedTarget as Node | null;
    if (to && ref.current && !ref.current.contains(to)) onClose(false);
  };

  // On a phone the menu is a sheet over the picture (two columns of buttons), so it never runs under
  // the playback bar; on a wide screen it points at what it acts on.
  const sheet = panelWidth < SHEET_BELOW_PX;
  const width = sheet ? panelWidth - 8 : Math.min(MENU_WIDTH, panelWidth - 8);
  const left = sheet ? 4 : Math.max(4, Math.min(anchor.x - width / 2, panelWidth - width - 4));
  const style = sheet
    ? { left, top: 4, width, maxHeight: Math.max(160, panelHeight - 8) }
    : { left, top: anchor.y, width };
  return (
    <div
      ref={ref}
      id={id}
      className={`topo-menu${sheet ? ' is-sheet' : ''}`}
      style={style}
      onKeyDown={onKeyDown}
      onBlur={onBlur}
    >
      <div className="topo-menu-head">
        <strong id={`${id}-title`}>{title}</strong>
        <button
          type="button"
          className="topo-menu-close"
          aria-label="Close the menu"
          onClick={() => onClose(true)}
        >
          ✕
        </button>
      </div>
      {note && <p className="topo-menu-note">{note}</p>}
      <div role="menu" aria-labelledby={`${id}-title`} className="topo-menu-items">
        {actions.map((a) => (
          <button
            key={a.id}
            type="button"
            role="menuitem"
            className={`topo-menu-item${a.fault ? ' is-fault' : ''}`}
            onClick={() => onPick(a)}
          >
            {a.label}
          </button>
        ))}
      </div>
    </div>
  );
}
