import type { Config } from './config.ts';
import type { Clock } from './clock.ts';
import type { Db } from './store/db.ts';

/**
 * What every service and edge is handed: the bottom of the server. Routers, namespaces and
 * services import this type, never `app.ts`, so the composition root can import them all.
 */
export interface Deps {
  config: Config;
  clock: Clock;
  db: Db;
}
