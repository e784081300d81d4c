/**
 * The share link of the current run: the same URL state as the address bar (src/store/url.ts), made
 * absolute. links.ts builds the embed code on it.
 */
import type { LessonGuide } from '../../engine/index.ts';
import { encodeRunToQuery } from '../../store/url.ts';
import type { RunSpec } from '../../engine/run-spec.ts';
import { sandboxRunQuery } from '../../sandbox/link.ts';

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
  // A sandbox run is its document: the link carries that, not a lesson's seed and settings.
  const query = run.sandbox
    ? sandboxRunQuery(run.sandbox, cursorMs)
    : encodeRunToQuery(run, lesson, cursorMs, stepId);
  return `${appBase(href)}${query}`;
}
