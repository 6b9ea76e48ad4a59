import { RateLimiterMemory, RateLimiterPostgres, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type pg from 'pg';

// The counters every budget keeps (sign-in attempts, what anonymous visitors may do):
// rate-limiter-flexible's limiters, made by one factory so that all of them live in one place.

/** One counter: its name (key prefix), how many points, over how many seconds. */
export interface CounterOptions {
  keyPrefix: string;
  points: number;
  duration: number;
}

/**
 * Makes the counters the limits keep. In this process's memory, which is right for one node.
 * Nodes that share a database must share the counters too, or an attacker gets the limits once
 * per node: pass a factory of one of the library's store limiters with the same options
 * (`new RateLimiterPostgres({ storeClient: pool, ...options })`, RateLimiterRedis, …); nothing
 * else changes.
 */
export type CounterStore = (options: CounterOptions) => RateLimiterAbstract;

export const memoryCounters: CounterStore = (options) => new RateLimiterMemory(options);

/**
 * Counters every node on the Postgres database shares (table `sign_in_counters`, migration 047:
 * its name is older than the visitor budgets that share it; the key prefixes keep them apart).
 */
export const postgresCounters =
  (pool: pg.Pool): CounterStore =>
  (options) =>
    new RateLimiterPostgres({ storeClient: pool, storeType: 'pool', tableName: 'sign_in_counters', tableCreated: true, ...options });

/** The counters for a store: shared by the nodes on Postgres, in memory on SQLite's one node. */
export function countersFor(db: { postgres?: pg.Pool | null }): CounterStore {
  return db.postgres ? postgresCounters(db.postgres) : memoryCounters;
}
