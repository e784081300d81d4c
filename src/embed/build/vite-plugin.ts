/**
 * Builds embed.html as a page that works inside `<iframe sandbox="allow-scripts">` on any static host.
 *
 * Such a page has an opaque origin ("null"), and Chromium then (measured, see docs/embedding.md):
 *  - fetches `<script type="module">` and `<link crossorigin>` in CORS mode with `Origin: null`, so
 *    they fail unless the host sends `Access-Control-Allow-Origin` (most static hosts do not);
 *  - refuses `new Worker(url)` for any http(s) URL ("cannot be accessed from origin 'null'"), and a
 *    module worker from a blob: URL fails too; a classic worker from a blob: URL works.
 * So the embed is built separately as one classic script (IIFE, no chunks to import), its CSS is
 * inlined into the page, and the simulation worker is inlined as a classic (IIFE) worker started from
 * a blob: URL. The app's own entry (index.html) is untouched. In `vite` dev, embed.html is served
 * as written (module script), which is fine outside a sandbox.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import react from '@vitejs/plugin-react';
import { build, type Plugin, type ResolvedConfig, type Rollup } from 'vite';

const ENTRY = 'src/embed/main.tsx';
const TEMPLATE = 'embed.html';
const MODULE_TAG = /<script type="module" src="\.\/src\/embed\/main\.tsx"><\/script>/;

export function embedPage(): Plugin {
  let config: ResolvedConfig;
  return {
    name: 'roundtrip:embed-page',
    apply: 'build',
    configResolved(resolved) {
      config = resolved;
    },
    async generateBundle() {
      if (config.build.ssr) return;
      const result = await build({
        configFile: false,
        root: config.root,
        mode: config.mode,
        base: './',
        publicDir: false,
        logLevel: 'warn',
        plugins: [react()],
        worker: { format: 'iife' },
        // process.env.NODE_ENV: library mode leaves it to the bundler; import.meta.url: the IIFE has no
        // import.meta (only the app's URL worker uses it, which the embed replaces by the inline one).
        define: {
          'process.env.NODE_ENV': JSON.stringify('production'),
          'import.meta.url': 'self.location.href',
        },
        build: {
          write: false,
          target: 'es2022',
          sourcemap: false,
          cssCodeSplit: false,
          lib: {
            entry: path.join(config.root, ENTRY),
            formats: ['iife'],
            name: 'RoundtripEmbed',
            fileName: () => 'embed.js',
            cssFileName: 'embed',
          },
        },
      });
      const outputs = (Array.isArray(result) ? result : [result]) as Rollup.RollupOutput[];
      const files = outputs.flatMap((o) => o.output);
      const entry = files.find((f): f is Rollup.OutputChunk => f.type === 'chunk' && f.isEntry);
      if (!entry) throw new Error('roundtrip:embed-page: the embed build made no entry chunk');
      const css = files
        .filter((f): f is Rollup.OutputAsset => f.type === 'asset' && f.fileName.endsWith('.css'))
        .map((f) => String(f.source))
        .join('\n');

      const hash = createHash('sha256').update(entry.code).digest('base64url').slice(0, 10);
      const scriptFile = `${config.build.assetsDir}/embed-${hash}.js`;
      this.emitFile({ type: 'asset', fileName: scriptFile, source: entry.code });

      const template = await readFile(path.join(config.root, TEMPLATE), 'utf8');
      if (!MODULE_TAG.test(template))
        throw new Error(`roundtrip:embed-page: ${TEMPLATE} lost its module script tag`);
      const html = template
        .replace('</head>', `    <style>${css.replace(/<\/style/gi, '<\\/style')}</style>\n  </head>`)
        .replace(MODULE_TAG, `<script defer src="./${scriptFile}"></script>`);
      this.emitFile({ type: 'asset', fileName: 'embed.html', source: html });
    },
  };
}
