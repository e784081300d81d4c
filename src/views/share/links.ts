/**
 * Share links and embed code for the current run: the same URL state as the address bar
 * (src/store/url.ts), made absolute, plus the embed's options (src/embed/options.ts). Only the dialogs
 * use this module (it is downloaded with them); the share link itself is in share-url.ts.
 */
import type { LessonGuide } from '../../engine/index.ts';
import { encodeRunToQuery, PRACTICAL_URL_LENGTH } from '../../store/url.ts';
import type { RunSpec } from '../../engine/run-spec.ts';
import { encodeEmbedOptions, type EmbedOptions } from '../../embed/options.ts';
import { appBase } from './share-url.ts';

export { PRACTICAL_URL_LENGTH };
export { appBase, shareUrl } from './share-url.ts';

export function embedUrl(
  href: string,
  run: RunSpec,
  lesson: LessonGuide | null,
  cursorMs: number,
  options: Partial<EmbedOptions>,
): string {
  const extra = encodeEmbedOptions(options);
  return `${appBase(href)}embed.html${encodeRunToQuery(run, lesson, cursorMs)}${extra ? `&${extra}` : ''}`;
}

const escapeAttr = (text: string): string =>
  text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

/** A rough first height (px) until the embed reports its own, by what it shows. */
export function estimatedHeight(options: Partial<EmbedOptions>): number {
  const perView: Record<string, number> = {
    topology: 380,
    spacetime: 360,
    calls: 320,
    clocks: 260,
    log: 320,
  };
  const views = options.views ?? ['topology', 'calls'];
  return 150 + views.reduce((sum, v) => sum + (perView[v] ?? 320), 0) + (options.steps ? 360 : 0);
}

/** A plain `<iframe>`: works anywhere, at a fixed height (see autoSizingSnippet for one that fits). */
export function iframeSnippet(src: string, title: string, height: number): string {
  return (
    `<iframe src="${escapeAttr(src)}" title="${escapeAttr(title)}" width="100%" height="${height}" ` +
    `style="border:0;max-width:100%" loading="lazy" ` +
    `sandbox="allow-scripts allow-popups allow-popups-to-escape-sandbox"></iframe>`
  );
}

/** The same run through public/embed.js, which sizes the frame to its content. */
export function autoSizingSnippet(href: string, src: string, title: string): string {
  const query = new URL(src).search.slice(1);
  return (
    `<div data-roundtrip data-query="${escapeAttr(query)}" data-title="${escapeAttr(title)}"></div>\n` +
    `<script src="${escapeAttr(appBase(href))}embed.js" async></script>`
  );
}
