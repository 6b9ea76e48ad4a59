// Bundles the script tag into dist/widget/loader.js (served as /widget.js): one minified
// classic script, no module loader, so it runs on any site.
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
await build({
  entryPoints: [`${root}widget/loader/main.ts`],
  outfile: `${root}dist/widget/loader.js`,
  bundle: true,
  minify: true,
  format: 'iife',
  target: ['es2019', 'chrome80', 'firefox78', 'safari13'],
  legalComments: 'none',
  logLevel: 'warning',
});
