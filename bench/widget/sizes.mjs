// The widget's weight next to @rocket.chat/livechat's, both measured by scripts/sizes.mjs.
// The package comes from the npm registry with `npm pack` into a temporary directory (never
// into the project) and is kept there for the next run.
//
//   npm run build && node bench/widget/sizes.mjs [--version 1.13.3]
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const { values: args } = parseArgs({ options: { version: { type: 'string', default: '1.13.3' } } });
const sizes = fileURLToPath(new URL('../../scripts/sizes.mjs', import.meta.url));
const dir = join(tmpdir(), 'parley-bench-livechat', args.version);
const build = join(dir, 'package', 'build');

if (!existsSync(join(build, 'index.html'))) {
  mkdirSync(dir, { recursive: true });
  const tarball = execFileSync('npm', ['pack', `@rocket.chat/livechat@${args.version}`, '--silent'], { cwd: dir, encoding: 'utf8' }).trim();
  execFileSync('tar', ['xzf', tarball], { cwd: dir });
}

const measure = (extra) => JSON.parse(execFileSync('node', [sizes, '--json', ...extra], { encoding: 'utf8' }));
const rows = [
  measure([]),
  measure([
    '--name', `@rocket.chat/livechat ${args.version}`,
    '--loader', join(build, 'rocketchat-livechat.min.js'),
    '--app', join(build, 'index.html'),
    '--base', 'livechat/',
  ]),
];

const kb = (n) => (n / 1024).toFixed(2);
console.log('| widget | loader min | loader gzip | window files up front | window min | window gzip |');
console.log('| --- | ---: | ---: | ---: | ---: | ---: |');
for (const { name, loader, app } of rows) {
  console.log(`| ${name} | ${kb(loader.min)} KB | ${kb(loader.gzip)} KB | ${app.files} | ${kb(app.min)} KB | ${kb(app.gzip)} KB |`);
}
