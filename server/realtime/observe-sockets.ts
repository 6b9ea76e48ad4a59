import type { Namespace, Server } from 'socket.io';
import type { Logger } from '../logger.ts';
import type { OpsMetrics } from '../ops-metrics.ts';

/**
 * Watches the namespaces for the operator: open sockets, how long `message:send` waits for
 * its ack (from the packet's arrival, through validation and the commit, to the ack), and
 * refused connections and socket errors in the log.
 */
export function observeSockets(
  io: Server,
  namespaces: Record<'visitor' | 'agent', Namespace<any, any>>,
  { log, ops }: { log: Logger; ops: OpsMetrics },
): void {
  io.engine.on('connection_error', (err: { code: number; message: string }) => {
    log.warn({ code: err.code, error: err.message }, 'socket connection refused');
  });

  for (const [namespace, nsp] of Object.entries(namespaces)) {
    const labels = { namespace };
    nsp.on('connection', (socket) => {
      const socketId = socket.id;
      ops.socketsConnected.inc(labels);
      log.debug({ namespace, socketId }, 'socket connected');
      socket.on('disconnect', (reason: string) => {
        ops.socketsConnected.dec(labels);
        log.debug({ namespace, socketId, reason }, 'socket disconnected');
      });
      socket.on('error', (err: Error) => log.warn({ err, namespace, socketId }, 'socket error'));
      // Socket.IO hands the handler this same array: the ack is swapped for a timed one.
      socket.use((packet, next) => {
        const last = packet.length - 1;
        const ack = packet[last];
        if (packet[0] === 'message:send' && typeof ack === 'function') {
          const acked = ops.messageAckSeconds.startTimer(labels);
          packet[last] = (...args: unknown[]) => {
            acked();
            ack(...args);
          };
        }
        next();
      });
    });
  }
}
