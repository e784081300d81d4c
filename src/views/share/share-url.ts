/**
 * The share link of the current run: the same URL state as the address bar (src/store/url.ts), made
 * absolute. links.ts builds the embed code on it.
 */
import type { LessonGuide } from '../../engine/index.ts';
import { encodeRunToQuery } from '../../store/url.ts';
import type { RunSpec } from '../../engine/run-spec.ts';

/** The folder the app is served from ("https://host/roundtrip/"), whatever page of it is open. */
export function appBase(href: string): string {
  const url = new URL(href);
  url.search = '';
  url.hash = '';
  url.pathname = url.pathname.replace(/[^/]*$/, '');
  return url.href;
}

export function shareUrl(
  href: string,
  run: RunSpec,
  lesson: LessonGuide | null,
  cursorMs: number,
  stepId: string | null = null,
): string {
  return `${appBase(href)}${encodeRunToQuery(run, lesson, cursorMs, stepId)}`;
}
