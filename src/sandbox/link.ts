/**
 * A sandbox in a link: `?sandbox=1&doc=<base64url of deflated JSON>`. The `sandbox` value is the
 * link format's version (the document carries its own). Opening one never throws: a damaged link
 * says what is wrong and opens an empty sandbox instead.
 */
import { deflateToBase64Url, inflateFromBase64Url, PRACTICAL_URL_LENGTH } from '../store/url.ts';
import { parseSandboxDoc, type SandboxDoc } from './document.ts';

export const SANDBOX_LINK_VERSION = 1;

export function encodeSandboxQuery(doc: SandboxDoc): string {
  const q = new URLSearchParams();
  q.set('sandbox', String(SANDBOX_LINK_VERSION));
  q.set('doc', deflateToBase64Url(JSON.stringify(doc)));
  return `?${q.toString()}`;
}

/** Whether a link is too long to share, as a lesson link would be (Share offers the file instead). */
export const sandboxLinkTooLong = (doc: SandboxDoc): boolean =>
  encodeSandboxQuery(doc).length > PRACTICAL_URL_LENGTH;

export type SandboxLinkResult =
  { ok: true; doc: SandboxDoc } | { ok: false; error: string } | { ok: 'absent' };

/** Reads the sandbox a query names; `absent` when it names none. */
export function parseSandboxQuery(search: string): SandboxLinkResult {
  const q = new URLSearchParams(search);
  const version = q.get('sandbox');
  if (version === null) return { ok: 'absent' };
  if (version !== String(SANDBOX_LINK_VERSION))
    return {
      ok: false,
      error: `this sandbox link has format ${version.slice(0, 10)}, which this Roundtrip cannot read`,
    };
  const doc = q.get('doc');
  if (doc === null) return { ok: false, error: 'this sandbox link has no scenario in it' };
  let data: unknown;
  try {
    data = JSON.parse(inflateFromBase64Url(doc));
  } catch {
    return { ok: false, error: 'this sandbox link is damaged (cut short or edited by hand?)' };
  }
  const parsed = parseSandboxDoc(data);
  return parsed.ok ? parsed : { ok: false, error: `this sandbox link cannot be opened: ${parsed.error}` };
}
