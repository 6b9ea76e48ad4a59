import type { Sql } from './sql.ts';

/** SQL of the email digests (issue 13): subscriptions, and one claimed row per period sent. */

export type DigestFrequency = 'daily' | 'weekly';

export interface DigestSubscription {
  agentId: string;
  frequency: DigestFrequency;
  timeZone: string;
  language: string;
}

export interface DigestSubscriber extends DigestSubscription {
  email: string;
  name: string;
}

export async function digestSubscription(db: Sql, agentId: string): Promise<DigestSubscription | undefined> {
  return db.get<DigestSubscription>(
    'SELECT agent_id AS "agentId", frequency, time_zone AS "timeZone", language FROM digest_subscriptions WHERE agent_id = ?',
    [agentId],
  );
}

export async function saveDigestSubscription(db: Sql, s: DigestSubscription, now: number): Promise<void> {
  await db.run(
    `INSERT INTO digest_subscriptions (agent_id, frequency, time_zone, language, created_at) VALUES (@agentId, @frequency, @timeZone, @language, @now)
     ON CONFLICT (agent_id) DO UPDATE SET frequency = excluded.frequency, time_zone = excluded.time_zone, language = excluded.language`,
    { ...s, now },
  );
}

export async function removeDigestSubscription(db: Sql, agentId: string): Promise<void> {
  await db.run('DELETE FROM digest_subscriptions WHERE agent_id = ?', [agentId]);
}

/** Subscribers who may still read metrics: owners and admins, not disabled. */
export async function digestSubscribers(db: Sql): Promise<DigestSubscriber[]> {
  return db.all<DigestSubscriber>(
    `SELECT s.agent_id AS "agentId", s.frequency, s.time_zone AS "timeZone", s.language, a.email, a.name
     FROM digest_subscriptions s JOIN agents a ON a.id = s.agent_id
     WHERE a.disabled = 0 AND a.role IN ('owner', 'admin') ORDER BY s.agent_id`,
  );
}

export type DigestPeriodKey = {
  agentId: string;
  frequency: DigestFrequency;
  periodStart: number;
};

/**
 * Claims the digest of a period for `nodeId` until `leaseUntil`: a new row, or one whose lease
 * lapsed before anything was handed to SMTP (a failed send waiting for its retry, or a node that
 * died while making it). On Postgres a row another node is claiming is skipped, not waited for.
 */
export async function claimDigest(
  db: Sql,
  c: DigestPeriodKey & { periodEnd: number; nodeId: string; now: number; leaseUntil: number; maxAttempts: number },
): Promise<boolean> {
  return db.transaction(async (tx) => {
    const fresh = await tx.run(
      `INSERT INTO digest_sends (agent_id, frequency, period_start, period_end, claimed_by, lease_until)
       VALUES (@agentId, @frequency, @periodStart, @periodEnd, @nodeId, @leaseUntil) ON CONFLICT DO NOTHING`,
      c,
    );
    if (fresh === 1) return true;
    const skipLocked = tx.dialect === 'postgres' ? ' FOR UPDATE SKIP LOCKED' : '';
    const lapsed = await tx.get(
      `SELECT 1 AS lapsed FROM digest_sends WHERE agent_id = @agentId AND frequency = @frequency AND period_start = @periodStart
         AND sent_at IS NULL AND sending_at IS NULL AND lease_until <= @now AND attempts < @maxAttempts${skipLocked}`,
      c,
    );
    if (!lapsed) return false;
    return (
      (await tx.run(
        `UPDATE digest_sends SET claimed_by = @nodeId, lease_until = @leaseUntil
         WHERE agent_id = @agentId AND frequency = @frequency AND period_start = @periodStart
           AND sent_at IS NULL AND sending_at IS NULL AND lease_until <= @now`,
        c,
      )) === 1
    );
  });
}

/** Just before SMTP: still this node's claim? From here on the period is never sent again. */
export async function startSendingDigest(db: Sql, k: DigestPeriodKey & { nodeId: string; leaseUntil: number; now: number }): Promise<boolean> {
  return (
    (await db.run(
      `UPDATE digest_sends SET sending_at = @now
       WHERE agent_id = @agentId AND frequency = @frequency AND period_start = @periodStart
         AND claimed_by = @nodeId AND lease_until = @leaseUntil AND sending_at IS NULL AND sent_at IS NULL`,
      k,
    )) === 1
  );
}

export async function digestSent(db: Sql, k: DigestPeriodKey & { now: number }): Promise<void> {
  await db.run(
    `UPDATE digest_sends SET sent_at = @now, attempts = attempts + 1, error = NULL
     WHERE agent_id = @agentId AND frequency = @frequency AND period_start = @periodStart`,
    k,
  );
}

/** SMTP refused it: nothing went out, so it may be claimed again once `retryAt` has passed. */
export async function digestFailed(db: Sql, k: DigestPeriodKey & { error: string; retryAt: number }): Promise<void> {
  await db.run(
    `UPDATE digest_sends SET sending_at = NULL, attempts = attempts + 1, error = @error, lease_until = @retryAt
     WHERE agent_id = @agentId AND frequency = @frequency AND period_start = @periodStart`,
    { ...k, error: k.error.slice(0, 500) },
  );
}

export interface SlaChatFacts {
  chatId: string;
  startedAt: number;
  closedAt: number | null;
  firstReplyAt: number | null;
  replyCount: number;
  departmentId: string | null;
  priority: string;
  agentId: string | null;
}

/** The chat facts (kept current by the metrics engine) of chats started in [from, to). */
export async function chatFactsStartedIn(db: Sql, from: number, to: number): Promise<SlaChatFacts[]> {
  return db.all<SlaChatFacts>(
    `SELECT chat_id AS "chatId", started_at AS "startedAt", closed_at AS "closedAt", first_reply_at AS "firstReplyAt",
       reply_count AS "replyCount", department_id AS "departmentId", priority, agent_id AS "agentId"
     FROM chat_facts WHERE started_at >= ? AND started_at < ?`,
    [from, to],
  );
}
