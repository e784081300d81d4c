/** Reading a sandbox link (link.ts writes them). It never throws: a damaged link says what is wrong. */
import { inflateFromBase64Url } from '../store/url.ts';
import { parseSandboxDoc, type SandboxDoc } from './document.ts';
import { SANDBOX_LINK_VERSION } from './link.ts';

export type SandboxLinkResult =
  { ok: true; doc: SandboxDoc } | { ok: false; error: string } | { ok: 'absent' };

/** Reads the sandbox a query names; `absent` when it names none (`?sandbox=1` alone: the starter). */
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
  if (doc === null) return { ok: 'absent' };
  let data: unknown;
  try {
    data = JSON.parse(inflateFromBase64Url(doc));
  } catch {
    return { ok: false, error: 'this sandbox link is damaged (cut short or edited by hand?)' };
  }
  const parsed = parseSandboxDoc(data);
  return parsed.ok ? parsed : { ok: false, error: `this sandbox link cannot be opened: ${parsed.error}` };
}
