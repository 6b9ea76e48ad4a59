// Prints the widget's weight on a customer's page, min and gzip, and fails past the budgets:
// the loader (/widget.js) and everything the chat window loads before a first message can be
// sent (the scripts, module preloads and stylesheets its index.html references).
import { readFileSync, existsSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';

const dist = fileURLToPath(new URL('../dist/widget/', import.meta.url));
const KB = 1024;
const budgets = { loader: 3 * KB, app: 40 * KB };

function need(path) {
  if (!existsSync(path)) {
    console.error(`sizes: ${path} is missing; build the widget first (npm run build)`);
    process.exit(1);
  }
  return readFileSync(path);
}

/** Files the chat window's page loads up front, from the tags vite wrote into index.html. */
function appInitialFiles() {
  const html = need(`${dist}app/index.html`).toString();
  const refs = [...html.matchAll(/<(?:script|link)\b[^>]*?\b(?:src|href)="([^"]+)"[^>]*>/g)]
    .filter(([tag]) => /<script|rel="(?:stylesheet|modulepreload)"/.test(tag))
    .map(([, ref]) => ref.replace(/^\/widget\//, ''));
  return [...new Set(refs)].map((ref) => `${dist}app/${ref}`);
}

function measure(files) {
  const bytes = Buffer.concat(files.map(need));
  // Each file is compressed on its own, as a server sends them.
  const gzip = files.reduce((sum, file) => sum + gzipSync(need(file), { level: 9 }).length, 0);
  return { min: bytes.length, gzip };
}

const fmt = (n) => `${(n / KB).toFixed(2)} KB`;
const rows = [
  ['loader (/widget.js)', measure([`${dist}loader.js`]), budgets.loader],
  ['app before first message', measure(appInitialFiles()), budgets.app],
];
let over = false;
for (const [name, { min, gzip }, budget] of rows) {
  const ok = gzip <= budget;
  over ||= !ok;
  console.log(`${name.padEnd(26)} min ${fmt(min).padStart(9)}  gzip ${fmt(gzip).padStart(8)}  budget ${fmt(budget)} gzip  ${ok ? 'ok' : 'OVER BUDGET'}`);
}
if (over) process.exit(1);
