import { recomputeChatFacts } from '../../server/metrics/facts.ts';
import { insertReview } from '../../server/store/reviews.ts';
import type { Sql } from '../../server/store/sql.ts';

/**
 * Writes a history row by row, the way the live chat writes it (a chat, then its assignments,
 * messages and tags, then its close; surveys sent and answered later; reviews, page views,
 * conversions and statuses as they come), calling `between` every 40 records (metric queries that build
 * blocks the later writes must make stale).
 */

const t = (s: string | null) => (s === null ? null : Date.parse(s));

export async function writeLive(db: Sql, records: any[], callRecompute: boolean, between: () => Promise<unknown>) {
  const run = (sql: string, ...args: unknown[]) => db.run(sql, args);
  const ordered = [...records].sort((a, b) => order(a) - order(b));
  let n = 0;
  for (const r of ordered) {
    switch (r.type) {
      case 'department':
        await run('INSERT INTO departments (id, name) VALUES (?, ?)', r.id, r.name);
        break;
      case 'agent':
        await run('INSERT INTO agents (id, name, email, role, max_chats, created_at) VALUES (?, ?, ?, ?, ?, 0)', r.id, r.name, r.email, r.role, r.maxChats);
        for (const d of r.departments) await run('INSERT INTO agent_departments (agent_id, department_id) VALUES (?, ?)', r.id, d);
        break;
      case 'canned':
        await run('INSERT INTO canned_replies (id, shortcut, text) VALUES (?, ?, ?)', r.id, r.shortcut, r.text);
        break;
      case 'sla':
        await run('INSERT INTO sla_policies (id, department_id, priority, first_response_sec, resolution_sec) VALUES (?, ?, ?, ?, ?)', r.id, r.department, r.priority, r.firstResponseSec, r.resolutionSec);
        break;
      case 'agent_status':
        await run('INSERT INTO agent_status_changes (id, agent_id, status, at) VALUES (?, ?, ?, ?)', r.id, r.agentId, r.status, t(r.at));
        break;
      case 'page_view':
        await run('INSERT INTO page_views (id, visitor_id, url, at) VALUES (?, ?, ?, ?)', r.id, r.visitorId, r.url, t(r.at));
        break;
      case 'conversion':
        await run('INSERT INTO conversions (id, visitor_id, at, value) VALUES (?, ?, ?, ?)', r.id, r.visitorId, t(r.at), r.value);
        break;
      case 'chat': {
        await db.transaction(async (tx) => {
          await tx.run('INSERT INTO chats (id, visitor_id, department_id, priority, channel, started_at) VALUES (?, ?, ?, ?, ?, ?)', [r.id, r.visitorId, r.department, r.priority, r.channel, t(r.startedAt)]);
          if (callRecompute) await recomputeChatFacts(tx, r.id);
        });
        for (const a of r.assignments) {
          await run('INSERT INTO assignments (chat_id, agent_id, at) VALUES (?, ?, ?)', r.id, a.agentId, t(a.at));
          await run('UPDATE chats SET agent_id = ? WHERE id = ?', a.agentId, r.id);
        }
        for (const m of r.messages) {
          await db.transaction(async (tx) => {
            await tx.run('INSERT INTO messages (id, chat_id, author, agent_id, at, text, canned_id) VALUES (?, ?, ?, ?, ?, ?, ?)', [m.id, r.id, m.author, m.agentId ?? null, t(m.at), m.text, m.cannedId ?? null]);
            if (callRecompute) await recomputeChatFacts(tx, r.id);
          });
        }
        for (const tag of r.tags) await run('INSERT INTO chat_tags (chat_id, tag) VALUES (?, ?)', r.id, tag);
        if (r.closedAt !== null) await run('UPDATE chats SET closed_at = ?, closed_by = ? WHERE id = ?', t(r.closedAt), r.closedBy, r.id);
        break;
      }
      case 'survey':
        // Scheduled first, then sent, then perhaps answered.
        await run('INSERT INTO surveys (id, kind, chat_id, visitor_id, scale) VALUES (?, ?, ?, ?, ?)', r.id, r.kind, r.chatId, r.visitorId, r.scale);
        await run('UPDATE surveys SET sent_at = ? WHERE id = ?', t(r.sentAt), r.id);
        if (r.answeredAt !== null) await run('UPDATE surveys SET answered_at = ?, score = ?, comment = ? WHERE id = ?', t(r.answeredAt), r.score, r.comment ?? null, r.id);
        break;
      case 'review':
        await insertReview(db, { id: r.id, chatId: r.chatId, reviewerId: r.reviewerId, at: t(r.at)!, score: r.score, comment: r.comment ?? null, answers: null });
        break;
    }
    // Queries in between build blocks that later writes must make stale.
    if (++n % 40 === 0) await between();
  }
}

const order = (r: any) => {
  const first = ['meta', 'department', 'agent', 'canned', 'sla'].indexOf(r.type);
  if (first >= 0) return first - 10;
  // A review made at its chat's start comes after the chat.
  if (r.type === 'review') return t(r.at)! + 0.5;
  return t(r.startedAt ?? r.sentAt ?? r.at)!;
};

