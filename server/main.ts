import { createServer } from 'node:http';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { configFromEnv } from './config.ts';
import { systemClock } from './clock.ts';
import { openDb } from './store/db.ts';
import { createApp } from './app.ts';

const config = configFromEnv();
const db = openDb(config.databasePath);
const parley = createApp({ config, clock: systemClock, db });
const port = await parley.listen(config.port);

console.log(`Parley is running on ${config.databasePath}`);
console.log(`  Agent console: ${config.publicUrl}/console/`);
if (parley.generatedOwnerPassword) {
  console.log(`  Owner login:   ${config.adminEmail} / ${parley.generatedOwnerPassword}  (shown once: keep it)`);
} else {
  console.log(`  Owner login:   ${config.adminEmail} (password from ADMIN_PASSWORD or set on first start)`);
}

// The demo site: a different origin that carries only the script tag, as a customer's site would.
if (config.demoPort) {
  const page = readFileSync(join(import.meta.dirname, '..', 'demo', 'index.html'), 'utf8').replaceAll(
    '{{PUBLIC_URL}}',
    config.publicUrl,
  );
  const demo = createServer((req, res) => {
    if (req.url === '/' || req.url?.startsWith('/?') || req.url === '/index.html') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(page);
    } else {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('not found');
    }
  });
  demo.listen(config.demoPort, () => console.log(`  Demo site:     http://localhost:${config.demoPort}/`));
}
console.log(`  (listening on port ${port})`);

const shutdown = () => {
  parley.close().finally(() => {
    db.close();
    process.exit(0);
  });
};
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
