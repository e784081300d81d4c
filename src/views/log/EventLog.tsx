/**
 * The event log: every event of the run in plain words with its time, filterable by kind and by
 * text. The line at the cursor is marked "now" and kept in view; lines after it (seen before a
 * rewind) are faded. Clicking a line, or Enter on it, moves the cursor there. It is a listbox that
 * renders only the rows in view, so a run of a hundred thousand events scrolls as fast as ten.
 */
import { useDeferredValue, useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import type { TraceEvent } from '../../engine/index.ts';
import { formatMs } from '../../store/describe.ts';
import { plural } from '../../engine/words.ts';
import { useElementSize } from '../useElementSize.ts';
import { appStore, useApp } from '../../store/store.ts';
import {
  countBelow,
  filterLines,
  glyphOf,
  LOG_KINDS,
  lineText,
  relatesTo,
  selectionFor,
  visibleRange,
  type LogKind,
} from './lines.ts';
import { useSeenSeq } from './seen.ts';

const ROW_PX = 44;
/** After the learner scrolls the log by hand, it stops following the cursor for this long. */
const HANDS_OFF_MS = 4000;

export function EventLog() {
  const events = useApp((s) => s.events);
  const lesson = useApp((s) => s.lesson);
  const baseSeq = useApp((s) => s.baseSeq);
  const cursorSeq = useApp((s) => s.cursorSeq);
  const selected = useApp((s) => s.selected);
  const hovered = useApp((s) => s.hovered);
  const seen = useSeenSeq();

  const [kinds, setKinds] = useState<ReadonlySet<LogKind>>(() => new Set(LOG_KINDS.map((k) => k.id)));
  const [text, setText] = useState('');
  const query = useDeferredValue(text);
  const allSeqs = useMemo(() => filterLines(events, kinds, query, lesson), [events, kinds, query, lesson]);
  // Lines are shown up to what the learner has reached; the worker's look-ahead stays hidden.
  const count = countBelow(allSeqs, Math.max(seen, cursorSeq));
  const currentIndex = countBelow(allSeqs, cursorSeq) - 1;

  const [listRef, { height: viewportPx }] = useElementSize<HTMLDivElement>({ height: 320 });
  const [scrollTop, setScrollTop] = useState(0);
  // The keyboard's place in the list; it follows the cursor again as soon as the cursor moves.
  const [active, setActive] = useState<{ seq: number; atCursor: number } | null>(null);
  const activeSeq = active && active.atCursor === cursorSeq ? active.seq : null;
  const setActiveSeq = (seq: number) => setActive({ seq, atCursor: cursorSeq });
  const lastHandScroll = useRef(-Infinity);

  const scrollToIndex = (index: number, align: 'nearest' | 'end') => {
    const el = listRef.current;
    if (!el || index < 0) return;
    const top = index * ROW_PX;
    const bottom = top + ROW_PX;
    if (align === 'end' && (top < el.scrollTop || bottom > el.scrollTop + el.clientHeight)) {
      el.scrollTop = Math.max(0, bottom - el.clientHeight + ROW_PX / 2);
    } else if (top < el.scrollTop) el.scrollTop = top;
    else if (bottom > el.scrollTop + el.clientHeight) el.scrollTop = bottom - el.clientHeight;
    setScrollTop(el.scrollTop);
  };

  // Keep the line at the cursor in view, unless the learner is scrolling the log themselves.
  useLayoutEffect(() => {
    if (performance.now() - lastHandScroll.current < HANDS_OFF_MS) return;
    scrollToIndex(currentIndex, 'end');
    // Only a moving cursor (or a new filter) scrolls the log.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [currentIndex, count]);

  const eventAt = (seq: number): TraceEvent | undefined => events[seq - baseSeq];
  const activeIndex = activeSeq !== null ? countBelow(allSeqs, activeSeq) : currentIndex;
  const activeId = activeIndex >= 0 && activeIndex < count ? `log-line-${allSeqs[activeIndex]}` : undefined;

  const go = (seq: number) => {
    const e = eventAt(seq);
    if (!e) return;
    const s = appStore.getState();
    s.seekToEvent(seq);
    s.select(selectionFor(e));
  };

  const onKeyDown = (ev: KeyboardEvent<HTMLDivElement>) => {
    if (count === 0) return;
    const page = Math.max(1, Math.floor(viewportPx / ROW_PX) - 1);
    const from = Math.min(Math.max(activeIndex, 0), count - 1);
    let to: number;
    switch (ev.key) {
      case 'ArrowDown':
        to = Math.min(count - 1, from + 1);
        break;
      case 'ArrowUp':
        to = Math.max(0, from - 1);
        break;
      case 'PageDown':
        to = Math.min(count - 1, from + page);
        break;
      case 'PageUp':
        to = Math.max(0, from - page);
        break;
      case 'Home':
        to = 0;
        break;
      case 'End':
        to = count - 1;
        break;
      case 'Enter':
      case ' ':
        ev.preventDefault();
        ev.stopPropagation();
        go(allSeqs[from]!);
        return;
      default:
        return;
    }
    ev.preventDefault();
    ev.stopPropagation(); // these keys move within the list, not the playback
    lastHandScroll.current = performance.now();
    setActiveSeq(allSeqs[to]!);
    scrollToIndex(to, 'nearest');
  };

  const [first, last] = visibleRange(scrollTop, viewportPx, ROW_PX, count);
  const rows = [];
  for (let i = first; i < last; i++) {
    const seq = allSeqs[i]!;
    const e = eventAt(seq);
    if (!e) continue;
    const { glyph, color } = glyphOf(e);
    const isCurrent = i === currentIndex;
    const later = seq >= cursorSeq;
    const related = relatesTo(e, selected) || relatesTo(e, hovered);
    const cls = [
      'log-line',
      isCurrent && 'current',
      later && 'later',
      related && 'related',
      i === activeIndex && 'active',
    ]
      .filter(Boolean)
      .join(' ');
    rows.push(
      <div
        key={seq}
        id={`log-line-${seq}`}
        role="option"
        aria-selected={isCurrent}
        aria-posinset={i + 1}
        aria-setsize={count}
        className={cls}
        style={{ top: i * ROW_PX, height: ROW_PX }}
        onClick={() => {
          listRef.current?.focus({ preventScroll: true });
          go(seq);
        }}
        onPointerEnter={() => {
          const sel = selectionFor(e);
          if (sel.kind !== 'event') appStore.getState().hover(sel);
        }}
        onPointerLeave={() => appStore.getState().hover(null)}
      >
        <span className="log-time">{formatMs(e.t)}</span>
        <span className="log-glyph" aria-hidden="true" style={{ color }}>
          {glyph}
        </span>
        <span className="log-text">
          {later && <span className="visually-hidden">later: </span>}
          {lineText(e, lesson)}
        </span>
        {isCurrent && <span className="log-now">now</span>}
      </div>,
    );
  }

  const toggleKind = (id: LogKind) =>
    setKinds((prev) => {
      const next = new Set(prev);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });

  const empty =
    count > 0
      ? null
      : allSeqs.length === 0 && (query || kinds.size < LOG_KINDS.length)
        ? 'No lines match the filter.'
        : 'Nothing has happened yet: press Play.';

  return (
    <section className="panel event-log" aria-labelledby="log-title">
      <div className="log-head">
        <h2 id="log-title">Event log</h2>
        <span className="log-count" aria-live="off">
          {plural(count, 'line')}
        </span>
      </div>
      <fieldset className="log-filters">
        <legend className="visually-hidden">Show these kinds of events</legend>
        {LOG_KINDS.map((k) => (
          <label key={k.id} className="log-kind">
            <input type="checkbox" checked={kinds.has(k.id)} onChange={() => toggleKind(k.id)} /> {k.label}
          </label>
        ))}
        <label className="log-search">
          <span className="visually-hidden">Filter lines by text</span>
          <input
            type="search"
            placeholder="Filter: e.g. dropped, call 3"
            value={text}
            onChange={(e) => setText(e.currentTarget.value)}
          />
        </label>
      </fieldset>
      <div
        ref={listRef}
        className="log-list"
        role="listbox"
        tabIndex={0}
        aria-label="Events, oldest first. Enter moves the cursor to the chosen line."
        aria-activedescendant={activeId}
        onKeyDown={onKeyDown}
        onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)}
        onWheel={() => (lastHandScroll.current = performance.now())}
        onTouchStart={() => (lastHandScroll.current = performance.now())}
      >
        <div role="none" className="log-spacer" style={{ height: count * ROW_PX }}>
          {rows}
        </div>
        {empty && <p className="log-empty">{empty}</p>}
      </div>
      <p className="hint">
        Click a line (or use ↑ ↓ and Enter) to jump the cursor there. Faded lines come later than the cursor.
      </p>
    </section>
  );
}
