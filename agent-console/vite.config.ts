import { createHash } from 'node:crypto';
import { defineConfig, type Plugin } from 'vite';
import preact from '@preact/preset-vite';
import { fileURLToPath } from 'node:url';
import { routes } from '../shared/api-routes.ts';

/**
 * Writes the build into the service worker: its version (`__SHELL_VERSION__`), a hash of every
 * other file of the build, and its hashed files (`__SHELL_ASSETS__`), which the worker keeps
 * when it installs: the pages loaded later (lazy-page.tsx) open offline too, visited or not.
 * A change to the console changes sw.js, so browsers install the new worker, which keeps the
 * new shell in a cache of its own and deletes the old one.
 */
function shellVersion(): Plugin {
  return {
    name: 'parley-shell-version',
    apply: 'build',
    generateBundle(_options, bundle) {
      const hash = createHash('sha256');
      for (const name of Object.keys(bundle).sort()) {
        const file = bundle[name]!;
        if (name !== 'sw.js') hash.update(name).update(file.type === 'chunk' ? file.code : file.source);
      }
      const assets = Object.keys(bundle).filter((name) => name.startsWith('assets/')).sort();
      const worker = bundle['sw.js'];
      if (worker?.type !== 'chunk') throw new Error('the build has no sw.js');
      for (const placeholder of ['__SHELL_VERSION__', '__SHELL_ASSETS__']) {
        if (!worker.code.includes(placeholder)) throw new Error(`sw.js has no ${placeholder} to set`);
      }
      worker.code = worker.code
        .replaceAll('__SHELL_VERSION__', JSON.stringify(hash.digest('hex').slice(0, 16)))
        .replaceAll('__SHELL_ASSETS__', JSON.stringify(assets));
    },
  };
}

/**
 * The console calls the routes declared in shared/api-routes.ts and takes its types from their
 * schemas, but at run time it reads only each route's method and path (console-api.ts,
 * `request`): the schemas are the server's. So in the console's build that module is its
 * routes' methods and paths, and zod stays out of the console. The console imports nothing else
 * from it but types: any other value would be a missing export, which fails the build.
 */
function routePathsOnly(): Plugin {
  const declarations = fileURLToPath(new URL('../shared/api-routes.ts', import.meta.url));
  return {
    name: 'parley-route-paths-only',
    apply: 'build',
    load(id) {
      if (id.split('?')[0] !== declarations) return null;
      const paths = Object.fromEntries(Object.entries(routes).map(([name, route]) => [name, { method: route.method, path: route.path }]));
      return `export const routes = ${JSON.stringify(paths)};`;
    },
  };
}

// Built into dist/console at the repo root, served by the Parley server under /console/.
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/console/',
  plugins: [preact(), routePathsOnly(), shellVersion()],
  build: {
    outDir: fileURLToPath(new URL('../dist/console', import.meta.url)),
    emptyOutDir: true,
    // The service worker is an entry of its own at /console/sw.js: its scope is /console/.
    rollupOptions: {
      input: {
        index: fileURLToPath(new URL('index.html', import.meta.url)),
        sw: fileURLToPath(new URL('src/service-worker.ts', import.meta.url)),
      },
      output: { entryFileNames: (chunk) => (chunk.name === 'sw' ? 'sw.js' : 'assets/[name]-[hash].js') },
    },
  },
  // `npx vite --config agent-console/vite.config.ts` next to `npm start` on port 3000.
  server: {
    proxy: {
      '/api': 'http://localhost:3000',
      '/socket.io': { target: 'ws://localhost:3000', ws: true },
    },
  },
});
