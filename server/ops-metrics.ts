import type { Sql } from './store/sql.ts';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { Db } from './store/db.ts';
import { waitingChatCounts } from './store/chats.ts';
import type { Author } from '../shared/protocol.ts';

/** Where the store time goes: the message writes of the live chat and the heavier reads. */
export type TimedQuery = 'message_write' | 'metrics_api' | 'chats_waiting';

/**
 * The node's own figures for Prometheus (GET /metrics): how busy and how fast this process is,
 * not the support metrics of METRICS.md, which come from the database. A registry per app,
 * so several apps in one process (the tests) count apart.
 */
export interface OpsMetrics {
  readonly registry: Registry;
  readonly socketsConnected: Gauge<'namespace'>;
  readonly messagesStored: Counter<'author'>;
  /** From a `message:send` packet's arrival to its ack. */
  readonly messageAckSeconds: Histogram<'namespace'>;
  /** Webhook attempts this node made, by outcome (delivered, retry, failed: given up). */
  readonly webhookAttempts: Counter<'result'>;
  /** Runs `query` and records how long it took. */
  timeQuery<T>(name: TimedQuery, query: () => Promise<T>): Promise<T>;
}

const secondsBuckets = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/**
 * `processMetrics`: also prom-client's defaults (event-loop lag, CPU, memory, GC, handles).
 * They start an event-loop monitor and a GC observer that nothing can stop, so only an app
 * that serves /metrics turns them on.
 */
export function createOpsMetrics(db: Sql, { processMetrics }: { processMetrics: boolean }): OpsMetrics {
  const registry = new Registry();
  if (processMetrics) collectDefaultMetrics({ register: registry });

  const socketsConnected = new Gauge({
    name: 'parley_sockets_connected',
    help: 'Socket.IO connections open on this node, by namespace (visitor, agent).',
    labelNames: ['namespace'] as const,
    registers: [registry],
  });
  const messagesStored = new Counter({
    name: 'parley_messages_stored_total',
    help: 'Messages written by this node, by author (visitor, agent, system).',
    labelNames: ['author'] as const,
    registers: [registry],
  });
  const messageAckSeconds = new Histogram({
    name: 'parley_message_ack_seconds',
    help: 'Time from a message:send packet arriving to its ack, by namespace.',
    labelNames: ['namespace'] as const,
    buckets: secondsBuckets,
    registers: [registry],
  });
  const storeQuerySeconds = new Histogram({
    name: 'parley_store_query_seconds',
    help: 'Time of store work: message write transactions, metrics API queries, the queue count.',
    labelNames: ['query'] as const,
    buckets: secondsBuckets,
    registers: [registry],
  });
  const webhookAttempts = new Counter({
    name: 'parley_webhook_attempts_total',
    help: 'Webhook delivery attempts made by this node, by result (delivered; retry: failed, tried again later; failed: given up).',
    labelNames: ['result'] as const,
    registers: [registry],
  });
  for (const result of ['delivered', 'retry', 'failed']) webhookAttempts.inc({ result }, 0);
  // Every series exists from the start: a rate over a series that appears later misses its first count.
  for (const namespace of ['visitor', 'agent']) {
    socketsConnected.set({ namespace }, 0);
    messageAckSeconds.zero({ namespace });
  }
  for (const author of ['visitor', 'agent', 'system'] satisfies Author[]) messagesStored.inc({ author }, 0);
  for (const query of ['message_write', 'metrics_api', 'chats_waiting'] satisfies TimedQuery[]) storeQuerySeconds.zero({ query });

  const timeQuery = async <T>(name: TimedQuery, query: () => Promise<T>): Promise<T> => {
    const done = storeQuerySeconds.startTimer({ query: name });
    try {
      return await query();
    } finally {
      done();
    }
  };

  new Gauge({
    name: 'parley_chats_waiting',
    help: 'Open chats waiting in the queue, by channel (widget: live chats; offline: offline messages).',
    labelNames: ['channel'] as const,
    registers: [registry],
    async collect() {
      const counts = await timeQuery('chats_waiting', () => waitingChatCounts(db));
      for (const [channel, chats] of Object.entries(counts)) this.set({ channel }, chats);
    },
  });

  return { registry, socketsConnected, messagesStored, messageAckSeconds, webhookAttempts, timeQuery };
}
