import { defineConfig } from 'vite';
import preact from '@preact/preset-vite';
import { fileURLToPath } from 'node:url';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

// The chat window inside the iframe, served by the Parley server at /widget/.
export default defineConfig({
  root: here('.'),
  base: '/widget/',
  plugins: [preact()],
  build: {
    outDir: here('../../dist/widget/app'),
    emptyOutDir: true,
    // One entry chunk: everything is needed before the visitor can send a first message.
    modulePreload: { polyfill: false },
    reportCompressedSize: false,
  },
});
