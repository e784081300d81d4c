/**
 * Moving between the home page and lessons without reloading the page. Links stay real links (they
 * open in a new tab, they can be copied); a plain click is turned into a history entry and the store
 * opens what the new address describes, so Back and Forward work too.
 */
import type { MouseEvent } from 'react';
import { appStore } from '../../store/store.ts';
import { openFromUrl } from './useUrlState.ts';

/** The address of a lesson, or of the home page for null. */
export function hrefFor(lessonId: string | null): string {
  return lessonId ? `?lesson=${encodeURIComponent(lessonId)}` : './';
}

export function navigate(lessonId: string | null): void {
  navigateTo(lessonId ? hrefFor(lessonId) : '');
}

/** Goes to any of the page's addresses (`?…`, or '' for home) in place, as a new history entry. */
export function navigateTo(query: string): void {
  window.history.pushState(null, '', `${window.location.pathname}${query}`);
  // Messages about the page being left no longer apply.
  appStore.setState({ notices: [] });
  void openFromUrl(query);
  window.scrollTo(0, 0);
}

/** onClick for a link to a lesson (or home): a plain left click navigates in place. */
export function linkTo(lessonId: string | null): (event: MouseEvent<HTMLAnchorElement>) => void {
  return linkToQuery(lessonId ? hrefFor(lessonId) : '');
}

/** onClick for a link to any address of the page (a course, one of its items). */
export function linkToQuery(query: string): (event: MouseEvent<HTMLAnchorElement>) => void {
  return (event) => {
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    navigateTo(query);
  };
}
