// Prints a chat widget's weight on a customer's page, min and gzip: the loader (the script tag's
// file) and everything the chat window's page loads up front (the scripts, module preloads and
// stylesheets its index.html references). For Parley that is what must load before a first
// message can be sent, plus the largest language chunk (a Russian or Bulgarian visitor loads
// theirs before the window shows). Without arguments it measures Parley's build and fails past
// the budgets; with
// --loader and --app it measures another widget's build the same way (no budgets):
//
//   node scripts/sizes.mjs
//   node scripts/sizes.mjs --name "@rocket.chat/livechat 1.13.3" \
//     --loader build/rocketchat-livechat.min.js --app build/index.html --base livechat/ [--json]
//
// --base is the URL prefix the page's references carry (Parley's: /widget/).
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const KB = 1024;
const dist = fileURLToPath(new URL('../dist/widget/', import.meta.url));
const { values: args } = parseArgs({
  options: {
    name: { type: 'string', default: 'Parley' },
    loader: { type: 'string' },
    app: { type: 'string' },
    base: { type: 'string' },
    json: { type: 'boolean', default: false },
  },
});
const ours = !args.loader && !args.app;
if (!ours && !(args.loader && args.app)) {
  console.error('sizes: give both --loader FILE and --app INDEX_HTML, or neither (Parley)');
  process.exit(2);
}
const loaderFile = args.loader ?? `${dist}loader.js`;
const appHtml = args.app ?? `${dist}app/index.html`;
const base = args.base ?? (ours ? '/widget/' : '');
const budgets = ours ? { loader: 3 * KB, app: 40 * KB } : null;

function need(path) {
  if (!existsSync(path)) {
    console.error(`sizes: ${path} is missing${ours ? '; build the widget first (npm run build)' : ''}`);
    process.exit(1);
  }
  return readFileSync(path);
}

/** Files the chat window's page loads up front, from the tags in its index.html. */
function appInitialFiles() {
  const html = need(appHtml).toString();
  const refs = [...html.matchAll(/<(?:script|link)\b[^>]*?\b(?:src|href)="([^"]+)"[^>]*>/g)]
    .filter(([tag]) => /<script|rel="(?:stylesheet|modulepreload)"/.test(tag))
    .map(([, ref]) => (base && ref.startsWith(base) ? ref.slice(base.length) : ref.replace(/^\.?\//, '')));
  return [...new Set(refs)].map((ref) => join(dirname(appHtml), ref));
}

/** The language chunk that weighs most gzipped (the worst case of what a visitor loads). */
function largestLanguageChunk() {
  const assets = join(dirname(appHtml), 'assets');
  const chunks = readdirSync(assets).filter((f) => /^words-[a-z]+-.*\.js$/.test(f)).map((f) => join(assets, f));
  return chunks.sort((a, b) => gzipSync(need(b), { level: 9 }).length - gzipSync(need(a), { level: 9 }).length)[0];
}

function measure(files) {
  const bytes = Buffer.concat(files.map(need));
  // Each file is compressed on its own, as a server sends them.
  const gzip = files.reduce((sum, file) => sum + gzipSync(need(file), { level: 9 }).length, 0);
  return { files: files.length, min: bytes.length, gzip };
}

const loader = measure([loaderFile]);
const app = measure(ours ? [...appInitialFiles(), largestLanguageChunk()].filter(Boolean) : appInitialFiles());
if (args.json) {
  console.log(JSON.stringify({ name: args.name, loader, app }));
  process.exit(0);
}

const fmt = (n) => `${(n / KB).toFixed(2)} KB`;
const rows = [
  ['loader', loader, budgets?.loader],
  [ours ? 'app before first message' : `app entry (${app.files} files)`, app, budgets?.app],
];
let over = false;
for (const [what, { min, gzip }, budget] of rows) {
  const ok = budget === undefined || gzip <= budget;
  over ||= !ok;
  const verdict = budget === undefined ? '' : `  budget ${fmt(budget)} gzip  ${ok ? 'ok' : 'OVER BUDGET'}`;
  console.log(`${`${args.name} ${what}`.padEnd(34)} min ${fmt(min).padStart(9)}  gzip ${fmt(gzip).padStart(8)}${verdict}`);
}
if (over) process.exit(1);
