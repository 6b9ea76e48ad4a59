import type { Sql } from './sql.ts';
import { updateVisitor } from './chats.ts';

/**
 * What the widget reports of a visitor on the site: page views, conversions, invitation events.
 * Each comes with an id the widget made, and again when the widget retries one it got no ack
 * for: a row is stored once, a repeat by the same visitor is no news, and an id another visitor
 * used is refused.
 */
export type Recorded = 'new' | 'repeat' | 'taken';

async function recordOnce(db: Sql, table: 'page_views' | 'conversions' | 'invitation_events', insert: () => Promise<number>, id: string, visitorId: string): Promise<Recorded> {
  if ((await insert()) > 0) return 'new';
  return (await db.value(`SELECT visitor_id FROM ${table} WHERE id = ?`, [id])) === visitorId ? 'repeat' : 'taken';
}

/** A new page view is also where the visitor is now. */
export async function recordPageView(
  db: Sql,
  view: { id: string; visitorId: string; url: string; title: string | null; at: number },
): Promise<Recorded> {
  return await db.transaction(async (db) => {
    const recorded = await recordOnce(
      db,
      'page_views',
      () => db.run('INSERT INTO page_views (id, visitor_id, url, title, at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING', [view.id, view.visitorId, view.url, view.title, view.at]),
      view.id,
      view.visitorId,
    );
    if (recorded === 'new') await updateVisitor(db, view.visitorId, { currentUrl: view.url }, view.at);
    return recorded;
  });
}

export async function recordConversion(
  db: Sql,
  c: { id: string; visitorId: string; at: number; value: number; currency: string | null },
): Promise<Recorded> {
  return await recordOnce(
    db,
    'conversions',
    () => db.run('INSERT INTO conversions (id, visitor_id, at, value, currency) VALUES (?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING', [c.id, c.visitorId, c.at, c.value, c.currency]),
    c.id,
    c.visitorId,
  );
}

export async function recordInvitationEvent(
  db: Sql,
  e: { id: string; visitorId: string; invitationId: string | null; kind: string; chatId: string | null; url: string | null; at: number },
): Promise<Recorded> {
  return await recordOnce(
    db,
    'invitation_events',
    () => db.run('INSERT INTO invitation_events (id, visitor_id, invitation_id, kind, chat_id, url, at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING', [e.id, e.visitorId, e.invitationId, e.kind, e.chatId, e.url, e.at]),
    e.id,
    e.visitorId,
  );
}
