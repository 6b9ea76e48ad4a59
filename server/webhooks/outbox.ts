import type { Sql } from '../store/sql.ts';
import { insertDelivery, subscribedEndpointIds } from '../store/webhooks.ts';
import { newId } from '../../shared/ids.ts';
import type { WebhookEventType } from '../../shared/webhooks.ts';

/**
 * Writes an event into the outbox: one delivery per enabled endpoint that hears `type`, with
 * the body every attempt sends. Call it inside the transaction of the change it tells of, so
 * that the two commit together or not at all. With no endpoint for the type it writes nothing
 * (one indexed read is all the hot path pays); `data` may be a function, read only when someone
 * listens.
 */
export async function recordWebhookEvent(db: Sql, type: WebhookEventType, at: number, data: object | (() => Promise<object>)): Promise<void> {
  const endpoints = await subscribedEndpointIds(db, type);
  if (endpoints.length === 0) return;
  if (typeof data === 'function') data = await data();
  for (const endpointId of endpoints) {
    const id = newId('evt_');
    await insertDelivery(db, { id, endpointId, type, at, body: JSON.stringify({ id, type, createdAt: at, data }) });
  }
}
