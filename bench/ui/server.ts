/**
 * A static file server for the built app and bench pages (so the benchmark needs nothing running).
 * With `compress`, it compresses text files as a static host would: brotli when the browser accepts
 * it, else gzip (node:zlib, default quality of each), with `Vary: Accept-Encoding`.
 */
import { createServer, type Server } from 'node:http';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
  '.map': 'application/json',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
};

const COMPRESSIBLE = new Set(['.html', '.js', '.css', '.svg', '.json', '.map']);

/** The body as a static host would send it to a browser that accepts `accept` (an Accept-Encoding). */
function encode(body: Buffer, accept: string): { body: Buffer; encoding?: string } {
  if (/\bbr\b/.test(accept)) {
    // Quality 9 rather than zlib's default 11: what hosts that compress on the fly typically use.
    const params = { [constants.BROTLI_PARAM_QUALITY]: 9, [constants.BROTLI_PARAM_SIZE_HINT]: body.length };
    return { body: brotliCompressSync(body, { params }), encoding: 'br' };
  }
  if (/\bgzip\b/.test(accept)) return { body: gzipSync(body), encoding: 'gzip' };
  return { body };
}

/**
 * Serves each URL prefix ("/app/") from its folder; resolves with the server and its origin.
 * `compress`: compress text files (see the header).
 */
export async function serveStatic(
  mounts: Record<string, string>,
  { compress = false }: { compress?: boolean } = {},
): Promise<{ server: Server; origin: string }> {
  const server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      const prefix = Object.keys(mounts).find((p) => url.pathname.startsWith(p));
      if (!prefix) {
        res.writeHead(404).end();
        return;
      }
      const root = mounts[prefix]!;
      let rel = decodeURIComponent(url.pathname.slice(prefix.length));
      if (rel === '' || rel.endsWith('/')) rel += 'index.html';
      const file = path.join(root, rel);
      if (!file.startsWith(root)) {
        res.writeHead(403).end();
        return;
      }
      try {
        const raw = await readFile(file);
        const ext = path.extname(file);
        const { body, encoding } =
          compress && COMPRESSIBLE.has(ext)
            ? encode(raw, String(req.headers['accept-encoding'] ?? ''))
            : { body: raw };
        res.writeHead(200, {
          'content-type': TYPES[ext] ?? 'application/octet-stream',
          'cache-control': 'no-store',
          ...(compress && COMPRESSIBLE.has(ext) ? { vary: 'Accept-Encoding' } : {}),
          ...(encoding ? { 'content-encoding': encoding } : {}),
        });
        res.end(body);
      } catch {
        res.writeHead(404).end();
      }
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('no server address');
  return { server, origin: `http://127.0.0.1:${address.port}` };
}
