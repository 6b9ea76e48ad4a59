// Prints the console's weight on first load, min and gzip: what index.html loads up front (its
// script, module preloads and stylesheets) and every script those import statically. The
// other chunks (the pages other than the inbox, lazy-page.tsx) load when first opened. Fails
// past the budget; with --chunks it lists every file of the build, with --dir another build's.
//
//   node scripts/console-sizes.mjs [--chunks] [--dir dist/console] [--json]
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const KB = 1024;
const { values: args } = parseArgs({
  options: {
    dir: { type: 'string', default: fileURLToPath(new URL('../dist/console/', import.meta.url)) },
    chunks: { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
  },
});
const budget = 100 * KB;
const html = join(args.dir, 'index.html');
if (!existsSync(html)) {
  console.error(`console-sizes: ${html} is missing; build the console first (npm run build)`);
  process.exit(1);
}

/** "assets/x.js" for each file the page references under /console/assets/. */
const upFront = new Set(
  [...readFileSync(html, 'utf8').matchAll(/<(?:script|link)\b[^>]*?\b(?:src|href)="[^"]*?\/(assets\/[^"]+)"[^>]*>/g)]
    .filter(([tag]) => /<script|rel="(?:stylesheet|modulepreload)"/.test(tag))
    .map(([, file]) => file),
);
// A script's static imports load before it runs (dynamic ones, `import("./…")`, do not).
for (const file of upFront) {
  if (!file.endsWith('.js')) continue;
  const code = readFileSync(join(args.dir, file), 'utf8');
  for (const [, imported] of code.matchAll(/(?:\bfrom|\bimport)\s*["']\.\/([^"']+)["']/g)) upFront.add(`assets/${imported}`);
}

const files = readdirSync(join(args.dir, 'assets'))
  .map((name) => {
    const bytes = readFileSync(join(args.dir, 'assets', name));
    // Each file is compressed on its own (level 9), as a server sends it.
    return { file: `assets/${name}`, min: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length, upFront: upFront.has(`assets/${name}`) };
  })
  .sort((a, b) => Number(b.upFront) - Number(a.upFront) || b.min - a.min);
const total = (list) => ({ files: list.length, min: list.reduce((s, f) => s + f.min, 0), gzip: list.reduce((s, f) => s + f.gzip, 0) });
const first = total(files.filter((f) => f.upFront));
const all = total(files);

if (args.json) {
  console.log(JSON.stringify({ firstLoad: first, all, files }));
  process.exit(0);
}
const fmt = (n) => `${(n / KB).toFixed(2)} KB`.padStart(9);
if (args.chunks) {
  for (const f of files) console.log(`${f.upFront ? 'first load' : 'later     '}  ${f.file.padEnd(44)} min ${fmt(f.min)}  gzip ${fmt(f.gzip)}`);
  console.log(`${'all files'.padEnd(11)} ${`(${all.files})`.padEnd(45)} min ${fmt(all.min)}  gzip ${fmt(all.gzip)}`);
}
const ok = first.gzip <= budget;
console.log(`${`Parley console first load (${first.files} files)`.padEnd(34)} min ${fmt(first.min)}  gzip ${fmt(first.gzip)}  budget ${fmt(budget).trim()} gzip  ${ok ? 'ok' : 'OVER BUDGET'}`);
if (!ok) process.exit(1);
