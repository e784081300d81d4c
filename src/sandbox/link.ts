/**
 * A sandbox in a link: `?sandbox=1&doc=<base64url of deflated JSON>`. The `sandbox` value is the
 * link format's version (the document carries its own). Reading one is open-link.ts, in the
 * sandbox's own chunk: it needs the document parser (and valibot), which a lesson page does not.
 */
import { deflateToBase64Url, PRACTICAL_URL_LENGTH } from '../store/url.ts';
import type { SandboxDoc } from './model.ts';

export const SANDBOX_LINK_VERSION = 1;

export function encodeSandboxQuery(doc: SandboxDoc): string {
  const q = new URLSearchParams();
  q.set('sandbox', String(SANDBOX_LINK_VERSION));
  q.set('doc', deflateToBase64Url(JSON.stringify(doc)));
  return `?${q.toString()}`;
}

/** The address of a sandbox run at a moment: the address bar and the Share dialog both write this. */
export function sandboxRunQuery(doc: SandboxDoc, cursorMs: number): string {
  return encodeSandboxQuery(doc) + (cursorMs > 0 ? `&t=${Math.round(cursorMs)}` : '');
}

/** Whether a link is too long to share, as a lesson link would be (Share offers the file instead). */
export const sandboxLinkTooLong = (doc: SandboxDoc): boolean =>
  encodeSandboxQuery(doc).length > PRACTICAL_URL_LENGTH;
