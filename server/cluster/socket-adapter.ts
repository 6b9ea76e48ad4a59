import { createAdapter } from '@socket.io/postgres-adapter';
import type { ServerOptions } from 'socket.io';
import type { Store } from '../store/sql.ts';
import type { Logger } from '../logger.ts';

/**
 * The Socket.IO adapter for the store: on Postgres, `@socket.io/postgres-adapter` relays every
 * broadcast (a room's `emit`, `disconnectSockets`) to the other nodes by NOTIFY, and payloads over
 * 8000 bytes through the `socket_io_attachments` table (migration 045). It holds one pool client
 * for LISTEN until `io.close()` closes the namespaces' adapters. On SQLite (one node) undefined:
 * Socket.IO's in-memory adapter.
 */
export function socketAdapter(db: Pick<Store, 'postgres'>, log: Logger): ServerOptions['adapter'] | undefined {
  if (!db.postgres) return undefined;
  return createAdapter(db.postgres, {
    tableName: 'socket_io_attachments',
    // A lost broadcast costs a client a live update, not data: the replay on reconnect has it.
    errorHandler: (err: Error) => log.warn({ err }, 'socket.io postgres adapter: a broadcast failed'),
  });
}
