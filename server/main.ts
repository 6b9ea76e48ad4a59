import { configFromEnv } from './config.ts';
import { systemClock } from './clock.ts';
import { openDb } from './store/db.ts';
import { createApp } from './app.ts';
import { startDemoSite } from './demo-site.ts';

const config = configFromEnv();
const db = openDb(config.databasePath);
const parley = await createApp({ config, clock: systemClock, db });
const port = await parley.listen(config.port);

console.log(`Parley is running on ${config.databasePath}`);
console.log(`  Agent console: ${config.publicUrl}/console/`);
if (parley.generatedOwnerPassword) {
  console.log(`  Owner login:   ${config.adminEmail} / ${parley.generatedOwnerPassword}  (shown once: keep it)`);
} else {
  console.log(`  Owner login:   ${config.adminEmail} (password from ADMIN_PASSWORD or set on first start)`);
}

if (config.demoPort) {
  const demo = await startDemoSite(config.demoPort, config.publicUrl);
  console.log(`  Demo site:     http://localhost:${demo.port}/`);
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
