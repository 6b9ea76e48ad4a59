// Bundles the script tag into dist/widget/loader.js (served as /widget.js): one minified
// classic script, no module loader, so it runs on any site. Vite (Rolldown, minified by Oxc)
// as for the window: its output is 50 B gzip smaller than esbuild's, out of a 3 KB budget.
import { build } from 'vite';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
await build({
  configFile: false,
  root,
  publicDir: false,
  logLevel: 'warn',
  build: {
    outDir: `${root}dist/widget`,
    // dist/widget/app, the window, is built beside it.
    emptyOutDir: false,
    // The browsers the chat window itself is built for (vite's default, baseline widely
    // available): a launcher that runs where the window can't would open an empty box.
    target: ['chrome111', 'edge111', 'firefox114', 'safari16.4'],
    minify: 'oxc',
    reportCompressedSize: false,
    // An immediately run function that defines no global; strict, as the module it comes from.
    lib: { entry: `${root}widget/loader/main.ts`, formats: ['iife'], name: 'ParleyLoader', fileName: () => 'loader.js' },
    rolldownOptions: { output: { strict: true } },
  },
});
