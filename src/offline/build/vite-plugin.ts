/**
 * Emits `sw.js`, the service worker of src/offline/service-worker.ts, with this build's file list
 * inlined, so hashed names are right, and a version hashed from the files' contents: a new build
 * gets a new worker and a new cache, the same build the same ones.
 *
 * The list is taken at the end of the build (a `post` generateBundle, after the HTML and the embed
 * page are emitted): every emitted file except source maps (only developer tools fetch them), plus
 * every file of the public directory, which Vite copies beside the bundle. Paths are relative to the
 * build's root, where sw.js sits, so a deployment under a sub-path works.
 *
 * The worker is compiled as one classic script (IIFE) by a separate small build, as the embed page
 * is: a classic worker registers in every browser that has service workers.
 */
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { build, type Plugin, type ResolvedConfig, type Rollup } from 'vite';

const ENTRY = 'src/offline/service-worker.ts';
const FILE = 'sw.js';

export function serviceWorker(): Plugin {
  let config: ResolvedConfig;
  return {
    name: 'roundtrip:service-worker',
    apply: 'build',
    configResolved(resolved) {
      config = resolved;
    },
    generateBundle: {
      order: 'post',
      async handler(_options, bundle) {
        if (config.build.ssr) return;
        const files = new Map<string, Uint8Array | string>();
        for (const [fileName, output] of Object.entries(bundle)) {
          files.set(fileName, output.type === 'chunk' ? output.code : output.source);
        }
        for (const [fileName, source] of await publicFiles(config.publicDir)) {
          if (!files.has(fileName)) files.set(fileName, source);
        }
        if (files.has(FILE)) throw new Error(`roundtrip:service-worker: the build already has a ${FILE}`);
        const names = [...files.keys()]
          .filter((name) => !name.endsWith('.map') && !name.startsWith('.vite/'))
          .sort();

        const version = createHash('sha256');
        for (const name of names) version.update(`${name}\0`).update(files.get(name)!).update('\0');
        const assets = `${config.build.assetsDir}/`;
        const precache = {
          hashed: names.filter((name) => name.startsWith(assets) && name in bundle),
          other: names.filter((name) => !(name.startsWith(assets) && name in bundle)),
        };

        const result = await build({
          configFile: false,
          root: config.root,
          mode: config.mode,
          publicDir: false,
          logLevel: 'warn',
          define: {
            __ROUNDTRIP_PRECACHE__: JSON.stringify(precache),
            __ROUNDTRIP_VERSION__: JSON.stringify(version.digest('base64url').slice(0, 16)),
          },
          build: {
            write: false,
            target: 'es2022',
            sourcemap: false,
            lib: { entry: path.join(config.root, ENTRY), formats: ['iife'], name: 'RoundtripServiceWorker' },
          },
        });
        const outputs = (Array.isArray(result) ? result : [result]) as Rollup.RollupOutput[];
        const entry = outputs
          .flatMap((o) => o.output)
          .find((f): f is Rollup.OutputChunk => f.type === 'chunk' && f.isEntry);
        if (!entry) throw new Error('roundtrip:service-worker: the worker build made no entry chunk');
        this.emitFile({ type: 'asset', fileName: FILE, source: entry.code });
      },
    },
  };
}

/** The public directory's files by their path in the build (forward slashes), with their bytes. */
async function publicFiles(dir: string): Promise<Map<string, Uint8Array>> {
  const files = new Map<string, Uint8Array>();
  if (!dir) return files;
  let entries;
  try {
    entries = await readdir(dir, { recursive: true, withFileTypes: true });
  } catch {
    return files; // no public directory
  }
  for (const entry of entries) {
    if (!entry.isFile()) continue;
    const full = path.join(entry.parentPath, entry.name);
    files.set(path.relative(dir, full).split(path.sep).join('/'), await readFile(full));
  }
  return files;
}
