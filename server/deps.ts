import type { Config } from './config.ts';
import type { Clock } from './clock.ts';
import type { Store } from './store/sql.ts';
import type { Logger } from './logger.ts';
import type { OpsMetrics } from './ops-metrics.ts';

/**
 * What every service and edge is handed: the bottom of the server. Routers, namespaces and
 * services import this type, never `app.ts`, so the composition root can import them all.
 */
export interface Deps {
  config: Config;
  clock: Clock;
  db: Store;
  log: Logger;
  /** This app's Prometheus registry and the figures the services record in it. */
  ops: OpsMetrics;
}
