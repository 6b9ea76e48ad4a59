import { defineConfig, type Plugin } from 'vite';
import preact from '@preact/preset-vite';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

/**
 * engine.io-client's transports by name, less WebTransport (0.8 KB gzip with the stream codec
 * only it uses): Parley's server offers polling and WebSocket, socket.io's defaults, so a client
 * never upgrades to it, and the window asks for those two only (main.tsx). This is the map
 * engine.io-client's socket.js imports, from the same folder.
 */
function withoutWebTransport(): Plugin {
  const id = '\0parley:engine-transports';
  let transports = '';
  return {
    name: 'parley:engine-transports',
    enforce: 'pre',
    apply: 'build',
    resolveId(source, importer) {
      if (source !== './transports/index.js' || !importer || !/engine\.io-client[\\/]build[\\/]esm[\\/]socket\.js$/.test(importer)) return;
      transports = join(dirname(importer), 'transports');
      return id;
    },
    load(loading) {
      if (loading !== id) return;
      const from = (file: string) => JSON.stringify(join(transports, file));
      return `import { XHR } from ${from('polling-xhr.js')};\nimport { WS } from ${from('websocket.js')};\nexport const transports = { websocket: WS, polling: XHR };`;
    },
    buildEnd(error) {
      if (!error && !transports) this.warn("engine.io-client's socket.js no longer imports ./transports/index.js: WebTransport is back in the bundle");
    },
  };
}

/**
 * Vite wraps each dynamic import in its preload helper (1.6 KB minified, in the entry): it
 * preloads the chunk and what it imports, adds the chunk's stylesheets and waits for them all.
 * This one does the same in less: the chunk's stylesheets are added once and waited for (a
 * failed one is removed, so the next try fetches it again); its scripts are modulepreloaded
 * alongside, not waited for (the import waits for them anyway, and a browser without
 * modulepreload fires no load event). What Vite's adds beyond that the window doesn't use: CSP
 * nonces, the `vite:preloadError` event, relative bases. The helper's id and export are Vite's own
 * (vite/src/node/plugins/importAnalysisBuild.ts): should Vite stop loading it, the build fails.
 */
function smallPreloadHelper(base: string): Plugin {
  const helperId = '\0vite/preload-helper.js';
  let used = false;
  return {
    name: 'parley:preload-helper',
    enforce: 'pre',
    apply: 'build',
    load(loading) {
      if (loading !== helperId) return;
      used = true;
      return `const seen = {};
export const __vitePreload = (load, deps) =>
  Promise.all((deps || []).map((dep) => {
    if (!seen[dep]) {
      const link = document.createElement('link');
      link.href = ${JSON.stringify(base)} + dep;
      if (dep.endsWith('.css')) {
        link.rel = 'stylesheet';
        seen[dep] = new Promise((resolve, reject) => {
          link.onload = resolve;
          link.onerror = () => {
            link.remove();
            seen[dep] = null;
            reject(new Error('Parley: no ' + dep));
          };
        });
      } else {
        link.rel = 'modulepreload';
        seen[dep] = true;
      }
      document.head.append(link);
    }
    return seen[dep];
  })).then(load);`;
    },
    buildEnd(error) {
      if (!error && !used) this.error(`Vite no longer loads its preload helper as ${JSON.stringify(helperId)}`);
    },
  };
}

// The chat window inside the iframe, served by the Parley server at /widget/.
export default defineConfig({
  root: here('.'),
  base: '/widget/',
  plugins: [withoutWebTransport(), smallPreloadHelper('/widget/'), preact()],
  build: {
    outDir: here('../../dist/widget/app'),
    emptyOutDir: true,
    // The entry holds what a first message needs; the rest (a language, the invitation bubble,
    // the surveys, the transcript form) are chunks loaded when wanted.
    modulePreload: { polyfill: false },
    reportCompressedSize: false,
  },
});
