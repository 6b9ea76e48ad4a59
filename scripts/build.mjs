// Builds everything `npm start` serves: the widget loader, the widget app, the console;
// then prints the widget's and the console's sizes and fails past the budgets.
import { execFileSync } from 'node:child_process';

const run = (cmd, args) => execFileSync(cmd, args, { stdio: 'inherit' });
run('npx', ['vite', 'build', '--config', 'widget/app/vite.config.ts', '--logLevel', 'warn']);
run('node', ['widget/loader/build.mjs']);
run('npx', ['vite', 'build', '--config', 'agent-console/vite.config.ts', '--logLevel', 'warn']);
run('node', ['scripts/sizes.mjs']);
run('node', ['scripts/console-sizes.mjs']);
