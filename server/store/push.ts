import type { Sql } from './sql.ts';
import type { PushLanguage } from '../push/push-words.ts';

/** A browser's push subscription, as PushSubscription.toJSON() gives it. */
export interface PushSubscriptionRow {
  endpoint: string;
  agentId: string;
  p256dh: string;
  auth: string;
  /** The console's language when it subscribed: the notifications' words. */
  language: PushLanguage;
}

export type PushEvent = 'queued' | 'message' | 'transfer' | 'followUp';

export interface PushPreferences {
  events: Record<PushEvent, boolean>;
  /** Shows what the visitor wrote; off, a notification says who and where only. */
  showText: boolean;
  /** "HH:MM" in `timeZone`; none sent from `quietFrom` until `quietTo`. Both or neither. */
  quietFrom: string | null;
  quietTo: string | null;
  timeZone: string;
}

export const defaultPushPreferences: PushPreferences = {
  events: { queued: true, message: true, transfer: true, followUp: true },
  showText: false,
  quietFrom: null,
  quietTo: null,
  timeZone: 'UTC',
};

/** Keeps a device's subscription for `agentId`; the same endpoint moves to whoever subscribed last. */
export async function savePushSubscription(db: Sql, s: PushSubscriptionRow, at: number): Promise<void> {
  await db.run(
    `INSERT INTO push_subscriptions (endpoint, agent_id, p256dh, auth, language, created_at) VALUES (@endpoint, @agentId, @p256dh, @auth, @language, @at)
     ON CONFLICT (endpoint) DO UPDATE SET agent_id = excluded.agent_id, p256dh = excluded.p256dh, auth = excluded.auth,
       language = excluded.language, created_at = excluded.created_at`,
    { ...s, at },
  );
}

/** Removes a subscription of `agentId` (their own only); true when there was one. */
export async function deletePushSubscription(db: Sql, agentId: string, endpoint: string): Promise<boolean> {
  return (await db.run('DELETE FROM push_subscriptions WHERE endpoint = ? AND agent_id = ?', [endpoint, agentId])) > 0;
}

/** A subscription the push service said is gone (404, 410). */
export async function dropPushSubscription(db: Sql, endpoint: string): Promise<void> {
  await db.run('DELETE FROM push_subscriptions WHERE endpoint = ?', [endpoint]);
}

export async function pushSubscriptionsOf(db: Sql, agentId: string): Promise<PushSubscriptionRow[]> {
  return db.all<PushSubscriptionRow>(
    'SELECT endpoint, agent_id AS "agentId", p256dh, auth, language FROM push_subscriptions WHERE agent_id = ? ORDER BY created_at, endpoint',
    [agentId],
  );
}

/** Whether `agentId` (anyone, when null) has a device subscribed: most changes need no push at all. */
export async function hasPushSubscriptions(db: Sql, agentId: string | null): Promise<boolean> {
  const found = await db.value<number>(
    'SELECT 1 FROM push_subscriptions WHERE CAST(@agentId AS TEXT) IS NULL OR agent_id = @agentId LIMIT 1',
    { agentId },
  );
  return found !== undefined;
}

/** The agents with at least one device subscribed. */
export async function agentsWithPush(db: Sql): Promise<string[]> {
  return db.column<string>('SELECT DISTINCT agent_id FROM push_subscriptions ORDER BY agent_id');
}

interface PreferencesRow {
  queued: number;
  message: number;
  transfer: number;
  follow_up: number;
  show_text: number;
  quiet_from: string | null;
  quiet_to: string | null;
  time_zone: string;
}

export async function pushPreferencesOf(db: Sql, agentId: string): Promise<PushPreferences> {
  const row = await db.get<PreferencesRow>(
    'SELECT queued, message, transfer, follow_up, show_text, quiet_from, quiet_to, time_zone FROM push_preferences WHERE agent_id = ?',
    [agentId],
  );
  if (!row) return defaultPushPreferences;
  return {
    events: { queued: !!row.queued, message: !!row.message, transfer: !!row.transfer, followUp: !!row.follow_up },
    showText: !!row.show_text,
    quietFrom: row.quiet_from,
    quietTo: row.quiet_to,
    timeZone: row.time_zone,
  };
}

export async function savePushPreferences(db: Sql, agentId: string, p: PushPreferences): Promise<void> {
  await db.run(
    `INSERT INTO push_preferences (agent_id, queued, message, transfer, follow_up, show_text, quiet_from, quiet_to, time_zone)
     VALUES (@agentId, @queued, @message, @transfer, @followUp, @showText, @quietFrom, @quietTo, @timeZone)
     ON CONFLICT (agent_id) DO UPDATE SET queued = excluded.queued, message = excluded.message, transfer = excluded.transfer,
       follow_up = excluded.follow_up,
       show_text = excluded.show_text, quiet_from = excluded.quiet_from, quiet_to = excluded.quiet_to, time_zone = excluded.time_zone`,
    {
      agentId,
      queued: p.events.queued ? 1 : 0,
      message: p.events.message ? 1 : 0,
      transfer: p.events.transfer ? 1 : 0,
      followUp: p.events.followUp ? 1 : 0,
      showText: p.showText ? 1 : 0,
      quietFrom: p.quietFrom,
      quietTo: p.quietTo,
      timeZone: p.timeZone,
    },
  );
}
