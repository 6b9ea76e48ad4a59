import { configFromEnv } from './config.ts';
import { systemClock } from './clock.ts';
import { openStore } from './store/open.ts';
import { createApp } from './app.ts';
import { startDemoSite } from './demo-site.ts';
import { createLogger } from './logger.ts';

const config = configFromEnv();
const log = createLogger(config);
// Only watched: Node still prints the error and stops as it would without a logger.
process.on('uncaughtExceptionMonitor', (err, origin) => log.fatal({ err, origin }, 'the server stops on an uncaught error'));

const db = await openStore(config);
const parley = await createApp({ config, clock: systemClock, db, log });
const port = await parley.listen(config.port);
log.info(
  { port, store: db.location, publicUrl: config.publicUrl, metrics: config.metricsToken !== undefined },
  'Parley started',
);

// Plain lines for the person at the terminal, beside the JSON log: the one-time owner password
// must be readable without a tool (`npm start | npx pino-pretty` passes these lines through).
console.log(`Parley is running on ${db.location}`);
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

let stopping = false;
const shutdown = (signal: NodeJS.Signals) => {
  // Ctrl-C on a script that also signals its children (deploy/two-nodes.sh) sends two: stop once.
  if (stopping) return;
  stopping = true;
  log.info({ signal }, 'Parley stopping');
  parley.close().finally(async () => {
    await db.close();
    process.exit(0);
  });
};
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
