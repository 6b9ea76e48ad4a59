import type { Config } from '../config.ts';
import { openPostgresStore } from './postgres.ts';
import type { Store } from './sql.ts';
import { openSqliteStore } from './sqlite.ts';

/** The store the config names: Postgres with `DATABASE_URL`, else the SQLite file; migrations applied. */
export function openStore(config: Pick<Config, 'databaseUrl' | 'databasePath'>): Promise<Store> {
  return config.databaseUrl ? openPostgresStore(config.databaseUrl) : Promise.resolve(openSqliteStore(config.databasePath));
}
