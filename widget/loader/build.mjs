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
  // The browsers the chat window itself is built for (vite's default, baseline widely
  // available): a launcher that runs where the window can't would open an empty box.
  target: ['chrome111', 'edge111', 'firefox114', 'safari16.4'],
  legalComments: 'none',
  logLevel: 'warning',
});
