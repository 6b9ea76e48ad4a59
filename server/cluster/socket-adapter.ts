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
  return createAdapter(listenerClosesOnRelease(db.postgres, log), {
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
function listenerClosesOnRelease(pool: pg.Pool, log: Logger): pg.Pool {
  return new Proxy(pool, {
    get(target, prop) {
      if (prop === 'connect') {
        return async () => {
          const client = await target.connect();
          // The adapter listens for the connection's end (and then reconnects) but not for its
          // errors: a Postgres restart would otherwise crash the node with an unhandled 'error'.
          client.on('error', (err) => log.warn({ err }, 'socket.io postgres adapter: its connection failed; it reconnects'));
          // Released once, closing the connection; also when it ends under the adapter (which
          // then takes a new one without releasing the old), or the pool could never end.
          const release = client.release.bind(client);
          let released = false;
          client.release = () => {
            if (released) return;
            released = true;
            release(true);
          };
          client.on('end', () => client.release());
          return client;
        };
      }
      const value = Reflect.get(target, prop, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}
