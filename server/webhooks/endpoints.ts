import type { Sql } from '../store/sql.ts';
import {
  deleteEndpoint,
  deliveriesOfEndpoint,
  enableEndpoint,
  getDelivery,
  getEndpoint,
  insertEndpoint,
  listEndpoints,
  redeliver,
  updateEndpoint,
  type EndpointWithSecret,
} from '../store/webhooks.ts';
import { TeamError } from '../team/team-error.ts';
import { recordAudit } from '../store/audit-log.ts';
import { newId } from '../../shared/ids.ts';
import type { WebhookCreated, WebhookDelivery, WebhookEndpoint, WebhookEventType } from '../../shared/webhooks.ts';
import { newWebhookSecret } from './signature.ts';
import { checkWebhookTarget, ForbiddenTarget } from './targets.ts';

/** Owners' and admins' webhook endpoints (issue 12): the rules; the route reads the bodies. */

export interface WebhookContext {
  db: Sql;
  now: number;
  /** WEBHOOKS_ALLOW_PRIVATE: private and loopback targets allowed. */
  allowPrivate: boolean;
  /** Who acts (an agent's id), from where: for the audit log. */
  actor: string;
  ip: string | null;
}

function withoutSecret({ secret: _secret, ...endpoint }: EndpointWithSecret): WebhookEndpoint {
  return endpoint;
}

async function targetOrRefuse(url: string, allowPrivate: boolean): Promise<void> {
  try {
    await checkWebhookTarget(url, allowPrivate);
  } catch (err) {
    if (err instanceof ForbiddenTarget) throw new TeamError('invalid', `${err.message} (set WEBHOOKS_ALLOW_PRIVATE=true for receivers on your network)`, 'url');
    throw err;
  }
}

async function endpointOrRefuse(db: Sql, id: string): Promise<EndpointWithSecret> {
  const endpoint = await getEndpoint(db, id);
  if (!endpoint) throw new TeamError('not-found', 'no such webhook', 'id');
  return endpoint;
}

/** In the change's transaction: the audit log names who did it, from where (never the secret). */
function audit(tx: Sql, c: WebhookContext, action: string, id: string, details: Record<string, unknown>): Promise<void> {
  return recordAudit(tx, { at: c.now, actor: c.actor, action, target: id, ip: c.ip, details });
}

export async function webhooks(db: Sql): Promise<WebhookEndpoint[]> {
  return (await listEndpoints(db)).map(withoutSecret);
}

export async function createWebhook(c: WebhookContext, body: { url: string; events: WebhookEventType[] }): Promise<WebhookCreated> {
  await targetOrRefuse(body.url, c.allowPrivate);
  const id = newId('wh_');
  const secret = newWebhookSecret();
  await c.db.transaction(async (tx) => {
    await insertEndpoint(tx, { id, url: body.url, secret, events: body.events, createdBy: c.actor, at: c.now });
    await audit(tx, c, 'webhook.created', id, { url: body.url, events: body.events });
  });
  return { ...withoutSecret((await getEndpoint(c.db, id))!), secret };
}

export async function changeWebhook(
  c: WebhookContext,
  id: string,
  patch: { url?: string; events?: WebhookEventType[]; enabled?: boolean },
): Promise<WebhookEndpoint> {
  const before = await endpointOrRefuse(c.db, id);
  if (patch.url !== undefined) await targetOrRefuse(patch.url, c.allowPrivate);
  if (patch.enabled === false) throw new TeamError('invalid', 'an endpoint is turned off only by failing; delete it instead', 'enabled');
  await c.db.transaction(async (tx) => {
    await updateEndpoint(tx, id, patch);
    if (patch.enabled) await enableEndpoint(tx, id, c.now);
    await audit(tx, c, 'webhook.changed', id, {
      ...(patch.url !== undefined && patch.url !== before.url ? { url: { from: before.url, to: patch.url } } : {}),
      ...(patch.events !== undefined ? { events: { from: before.events, to: patch.events } } : {}),
      ...(patch.enabled && before.disabledAt !== null ? { enabled: true } : {}),
    });
  });
  return withoutSecret((await getEndpoint(c.db, id))!);
}

export async function removeWebhook(c: WebhookContext, id: string): Promise<void> {
  await c.db.transaction(async (tx) => {
    const endpoint = await endpointOrRefuse(tx, id);
    await deleteEndpoint(tx, id);
    await audit(tx, c, 'webhook.deleted', id, { url: endpoint.url, events: endpoint.events });
  });
}

export async function webhookDeliveries(db: Sql, id: string, limit: number): Promise<WebhookDelivery[]> {
  await endpointOrRefuse(db, id);
  return deliveriesOfEndpoint(db, id, limit);
}

/** The same delivery (same id, same body, signed anew) goes again as soon as a node gets to it. */
export async function redeliverWebhook(c: WebhookContext, id: string, deliveryId: string): Promise<WebhookDelivery> {
  const endpoint = await endpointOrRefuse(c.db, id);
  if (endpoint.disabledAt !== null) throw new TeamError('conflict', 'this endpoint is turned off: turn it on first', 'id');
  if (!(await getDelivery(c.db, id, deliveryId))) throw new TeamError('not-found', 'no such delivery', 'deliveryId');
  await redeliver(c.db, id, deliveryId, c.now);
  return (await getDelivery(c.db, id, deliveryId))!;
}
