import { createAdapter } from '@socket.io/postgres-adapter';
import type pg from 'pg';
import type { ServerOptions } from 'socket.io';
import type { Store } from '../store/sql.ts';
import type { Logger } from '../logger.ts';

/**
 * The Socket.IO adapter for the store: on Postgres, `@socket.io/postgres-adapter` relays every
 * broadcast (a room's `emit`, `disconnectSockets`) to the other nodes by NOTIFY, and payloads over
 * 8000 bytes through the `socket_io_attachments` table (migration 045). It holds one client of
 * the store's pool for LISTEN until `io.close()` closes the namespaces' adapters. On SQLite (one
 * node) undefined: Socket.IO's in-memory adapter.
 */
export function socketAdapter(db: Pick<Store, 'postgres'>, log: Logger): ServerOptions['adapter'] | undefined {
  if (!db.postgres) return undefined;
  return createAdapter(listenerClosesOnRelease(db.postgres), {
    tableName: 'socket_io_attachments',
    // A lost broadcast costs a client a live update, not data: the replay on reconnect has it.
    errorHandler: (err: Error) => log.warn({ err }, 'socket.io postgres adapter: a broadcast failed'),
  });
}

/**
 * The pool as the adapter sees it. The adapter takes its LISTEN client with `connect()` and on
 * close releases it into the pool still listening, where the store's queries would reuse it and
 * notifications would keep arriving: its release closes the connection instead.
 */
function listenerClosesOnRelease(pool: pg.Pool): pg.Pool {
  return new Proxy(pool, {
    get(target, prop) {
      if (prop === 'connect') {
        return async () => {
          const client = await target.connect();
          const release = client.release.bind(client);
          client.release = () => release(true);
          return client;
        };
      }
      const value = Reflect.get(target, prop, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}
