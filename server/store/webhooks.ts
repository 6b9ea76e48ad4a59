import type { Sql } from './sql.ts';
import type { WebhookDelivery, WebhookEndpoint, WebhookEventType } from '../../shared/webhooks.ts';

/** Webhook endpoints, their subscriptions, and the outbox of deliveries (issue 12). */

interface EndpointRow {
  id: string;
  url: string;
  secret: string;
  events: string;
  created_at: number;
  failing_since: number | null;
  disabled_at: number | null;
  disabled_reason: string | null;
}

export interface EndpointWithSecret extends WebhookEndpoint {
  secret: string;
}

function toEndpoint(r: EndpointRow): EndpointWithSecret {
  return {
    id: r.id,
    url: r.url,
    secret: r.secret,
    events: JSON.parse(r.events) as WebhookEventType[],
    createdAt: r.created_at,
    failingSince: r.failing_since,
    disabledAt: r.disabled_at,
    disabledReason: r.disabled_reason,
  };
}

export async function insertEndpoint(
  db: Sql,
  e: { id: string; url: string; secret: string; events: WebhookEventType[]; createdBy: string | null; at: number },
): Promise<void> {
  await db.run(`INSERT INTO webhook_endpoints (id, url, secret, events, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?)`, [
    e.id,
    e.url,
    e.secret,
    JSON.stringify(e.events),
    e.createdBy,
    e.at,
  ]);
  await setSubscriptions(db, e.id, e.events);
}

async function setSubscriptions(db: Sql, endpointId: string, events: WebhookEventType[]): Promise<void> {
  await db.run('DELETE FROM webhook_subscriptions WHERE endpoint_id = ?', [endpointId]);
  for (const type of events) {
    await db.run('INSERT INTO webhook_subscriptions (event_type, endpoint_id) VALUES (?, ?)', [type, endpointId]);
  }
}

export async function getEndpoint(db: Sql, id: string): Promise<EndpointWithSecret | undefined> {
  const row = await db.get<EndpointRow>('SELECT * FROM webhook_endpoints WHERE id = ?', [id]);
  return row ? toEndpoint(row) : undefined;
}

export async function listEndpoints(db: Sql): Promise<EndpointWithSecret[]> {
  return (await db.all<EndpointRow>('SELECT * FROM webhook_endpoints ORDER BY created_at, id')).map(toEndpoint);
}

export async function updateEndpoint(db: Sql, id: string, change: { url?: string; events?: WebhookEventType[] }): Promise<void> {
  if (change.url !== undefined) await db.run('UPDATE webhook_endpoints SET url = ? WHERE id = ?', [change.url, id]);
  if (change.events !== undefined) {
    await db.run('UPDATE webhook_endpoints SET events = ? WHERE id = ?', [JSON.stringify(change.events), id]);
    await setSubscriptions(db, id, change.events);
  }
}

/** Turned back on: what waited for it is tried now. */
export async function enableEndpoint(db: Sql, id: string, now: number): Promise<void> {
  await db.run('UPDATE webhook_endpoints SET disabled_at = NULL, disabled_reason = NULL, failing_since = NULL WHERE id = ?', [id]);
  await db.run(`UPDATE webhook_deliveries SET next_attempt_at = ? WHERE endpoint_id = ? AND state = 'pending'`, [now, id]);
}

export async function deleteEndpoint(db: Sql, id: string): Promise<boolean> {
  return (await db.run('DELETE FROM webhook_endpoints WHERE id = ?', [id])) > 0;
}

// The outbox ------------------------------------------------------------------------------

/** The enabled endpoints that hear `type`: none, and the event is not written at all. */
export async function subscribedEndpointIds(db: Sql, type: WebhookEventType): Promise<string[]> {
  return db.column<string>(
    `SELECT s.endpoint_id FROM webhook_subscriptions s JOIN webhook_endpoints e ON e.id = s.endpoint_id
     WHERE s.event_type = ? AND e.disabled_at IS NULL`,
    [type],
  );
}

export async function insertDelivery(
  db: Sql,
  d: { id: string; endpointId: string; type: WebhookEventType; at: number; body: string },
): Promise<void> {
  await db.run(`INSERT INTO webhook_deliveries (id, endpoint_id, event_type, created_at, body, state, next_attempt_at)
     VALUES (?, ?, ?, ?, ?, 'pending', ?)`, [d.id, d.endpointId, d.type, d.at, d.body, d.at]);
}

interface DeliveryRow {
  id: string;
  endpoint_id: string;
  event_type: WebhookEventType;
  created_at: number;
  body: string;
  state: WebhookDelivery['state'];
  attempts: number;
  next_attempt_at: number;
  last_attempt_at: number | null;
  last_status: number | null;
  last_error: string | null;
  last_response: string | null;
  delivered_at: number | null;
}

function toDelivery(r: DeliveryRow): WebhookDelivery {
  return {
    id: r.id,
    type: r.event_type,
    createdAt: r.created_at,
    state: r.state,
    attempts: r.attempts,
    nextAttemptAt: r.state === 'pending' ? r.next_attempt_at : null,
    lastAttemptAt: r.last_attempt_at,
    lastStatus: r.last_status,
    lastError: r.last_error,
    lastResponse: r.last_response,
    deliveredAt: r.delivered_at,
    body: r.body,
  };
}

/** The endpoint's deliveries, newest first. */
export async function deliveriesOfEndpoint(db: Sql, endpointId: string, limit: number): Promise<WebhookDelivery[]> {
  return (
    await db.all<DeliveryRow>('SELECT * FROM webhook_deliveries WHERE endpoint_id = ? ORDER BY created_at DESC, id DESC LIMIT ?', [endpointId, limit])
  ).map(toDelivery);
}

export async function getDelivery(db: Sql, endpointId: string, id: string): Promise<WebhookDelivery | undefined> {
  const row = await db.get<DeliveryRow>('SELECT * FROM webhook_deliveries WHERE id = ? AND endpoint_id = ?', [id, endpointId]);
  return row ? toDelivery(row) : undefined;
}

/** Sent again (same id and body), as soon as a node gets to it. */
export async function redeliver(db: Sql, endpointId: string, id: string, now: number): Promise<void> {
  await db.run(`UPDATE webhook_deliveries SET state = 'pending', next_attempt_at = ? WHERE id = ? AND endpoint_id = ?`, [now, id, endpointId]);
}

export interface ClaimedDelivery {
  id: string;
  endpointId: string;
  type: WebhookEventType;
  createdAt: number;
  body: string;
  attempts: number;
  url: string;
  secret: string;
  /** The lease's end: the attempt's result is written only while it is still this node's. */
  leasedUntil: number;
}

/**
 * Claims up to `limit` due deliveries of enabled endpoints: their next attempt moves to the
 * lease's end, so no other node takes them meanwhile (on Postgres rows another node is claiming
 * at this instant are skipped, not waited for); a node that dies leaves them due at that time.
 */
export async function claimDueDeliveries(db: Sql, now: number, leaseMs: number, limit: number): Promise<ClaimedDelivery[]> {
  const skipLocked = db.dialect === 'postgres' ? ' FOR UPDATE SKIP LOCKED' : '';
  const dueSql = `SELECT id FROM webhook_deliveries
     WHERE state = 'pending' AND next_attempt_at <= ?
       AND endpoint_id IN (SELECT id FROM webhook_endpoints WHERE disabled_at IS NULL)
     ORDER BY next_attempt_at LIMIT ${Number(limit)}`;
  // Every node asks every second: mostly nothing is due, and that needs no transaction.
  if ((await db.all(dueSql, [now])).length === 0) return [];
  return db.transaction(async (tx) => {
    const due = await tx.all<{ id: string }>(`${dueSql}${skipLocked}`, [now]);
    const leasedUntil = now + leaseMs;
    const claimed: ClaimedDelivery[] = [];
    for (const { id } of due) {
      await tx.run('UPDATE webhook_deliveries SET next_attempt_at = ? WHERE id = ?', [leasedUntil, id]);
      const row = await tx.get<Omit<ClaimedDelivery, 'leasedUntil'>>(
        `SELECT d.id, d.endpoint_id AS endpointId, d.event_type AS type, d.created_at AS createdAt, d.body, d.attempts, e.url, e.secret
         FROM webhook_deliveries d JOIN webhook_endpoints e ON e.id = d.endpoint_id WHERE d.id = ?`,
        [id],
      );
      if (row) claimed.push({ ...row, leasedUntil });
    }
    return claimed;
  });
}

export interface AttemptResult {
  at: number;
  status: number | null;
  error: string | null;
  response: string | null;
}

/**
 * Writes an attempt's outcome while the lease is still this node's (false otherwise: another
 * node took the delivery over, and its outcome is the one kept). `next`: when to try again;
 * null when it succeeded or gives up.
 */
export async function recordAttempt(
  db: Sql,
  d: ClaimedDelivery,
  result: AttemptResult & { state: WebhookDelivery['state']; next: number | null },
): Promise<boolean> {
  const changed = await db.run(
    `UPDATE webhook_deliveries SET state = @state, attempts = attempts + 1, next_attempt_at = @next,
       last_attempt_at = @at, last_status = @status, last_error = @error, last_response = @response,
       delivered_at = CASE WHEN @state = 'delivered' THEN @at ELSE delivered_at END
     WHERE id = @id AND state = 'pending' AND next_attempt_at = @leasedUntil`,
    {
      id: d.id,
      leasedUntil: d.leasedUntil,
      state: result.state,
      next: result.next ?? result.at,
      at: result.at,
      status: result.status,
      error: result.error,
      response: result.response,
    },
  );
  return changed > 0;
}

/** The endpoint answered: it is not failing any more. */
export async function endpointAnswered(db: Sql, endpointId: string): Promise<void> {
  await db.run('UPDATE webhook_endpoints SET failing_since = NULL WHERE id = ? AND failing_since IS NOT NULL', [endpointId]);
}

/** The endpoint failed at `at`; resolves to since when it has been failing. */
export async function endpointFailed(db: Sql, endpointId: string, at: number): Promise<number> {
  await db.run('UPDATE webhook_endpoints SET failing_since = ? WHERE id = ? AND failing_since IS NULL', [at, endpointId]);
  return (await db.value<number>('SELECT failing_since FROM webhook_endpoints WHERE id = ?', [endpointId])) ?? at;
}

export async function disableEndpoint(db: Sql, endpointId: string, at: number, reason: string): Promise<void> {
  await db.run('UPDATE webhook_endpoints SET disabled_at = ?, disabled_reason = ? WHERE id = ? AND disabled_at IS NULL', [at, reason, endpointId]);
}

/** Finished deliveries older than `before` go (the outbox does not grow for ever). */
export async function forgetOldDeliveries(db: Sql, before: number): Promise<number> {
  return db.run(`DELETE FROM webhook_deliveries WHERE state <> 'pending' AND created_at < ?`, [before]);
}
