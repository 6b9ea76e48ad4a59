import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Sql } from '../store/sql.ts';
import type { Config } from '../config.ts';
import { recordAudit } from '../store/audit-log.ts';
import {
  chatIdsOfVisitor,
  deleteAttachmentRows,
  eraseChatTexts,
  eraseVisitorProfile,
  filesNamedInChats,
  filesOfVisitor,
  visitorExists,
  visitorHoldings,
} from '../store/visitor-privacy.ts';

/**
 * A visitor's data handed to them (export) or removed (erasure, and retention chat by chat).
 * Erasure keeps what the metrics read: ids, times, authors, assignments, tags, canned reply ids,
 * scores, channels, who closed; so `/api/metrics`, `/series` and `/agents` answer the same.
 */

const iso = (ms: number | null | undefined) => (ms === null || ms === undefined ? null : new Date(ms).toISOString());

/** The visitor's whole record as one JSON document, or undefined when Parley holds nothing of them. */
export async function exportVisitor(db: Sql, config: Config, visitorId: string, now: number): Promise<object | undefined> {
  if (!(await visitorExists(db, visitorId))) return undefined;
  const h = await visitorHoldings(db, visitorId);
  const byChat = <T extends { chat_id: string }>(rows: T[]) => {
    const m = new Map<string, T[]>();
    for (const r of rows) m.set(r.chat_id, [...(m.get(r.chat_id) ?? []), r]);
    return m;
  };
  const messages = byChat(h.messages);
  const notes = byChat(h.notes);
  const tags = byChat(h.tags);
  const assignments = byChat(h.assignments);
  const v = h.visitor;
  const base = config.publicUrl.replace(/\/$/, '');
  return {
    format: 'parley-visitor-export',
    version: 1,
    exportedAt: iso(now),
    visitor: {
      id: visitorId,
      name: v?.name ?? null,
      email: v?.email ?? null,
      verified: !!v?.verified,
      externalId: v?.external_id ?? null,
      attributes: v?.attributes ? JSON.parse(v.attributes) : {},
      locale: v?.locale ?? null,
      timeZone: v?.time_zone ?? null,
      userAgent: v?.user_agent ?? null,
      currentUrl: v?.current_url ?? null,
      lastAddress: v?.last_ip ?? null,
      firstSeenAt: iso(v?.created_at),
      lastSeenAt: iso(v?.last_seen_at),
      erasedAt: iso(v?.erased_at),
    },
    chats: h.chats.map((c) => ({
      id: c.id,
      department: c.department_id,
      priority: c.priority,
      channel: c.channel,
      startedAt: iso(c.started_at),
      closedAt: iso(c.closed_at),
      closedBy: c.closed_by,
      agentId: c.agent_id,
      erasedAt: iso(c.erased_at),
      tags: (tags.get(c.id) ?? []).map((t) => t.tag),
      assignments: (assignments.get(c.id) ?? []).map((a) => ({ agentId: a.agent_id, at: iso(a.at) })),
      messages: (messages.get(c.id) ?? []).map((m) => ({
        id: m.id,
        author: m.author,
        agentId: m.agent_id,
        at: iso(m.at),
        text: m.text,
        cannedId: m.canned_id,
        ...(m.removed ? { removed: m.removed } : {}),
      })),
      notes: (notes.get(c.id) ?? []).map((n) => ({ id: n.id, agentId: n.agent_id, at: iso(n.at), text: n.text, ...(n.erased ? { erased: true } : {}) })),
    })),
    surveys: h.surveys.map((s) => ({
      id: s.id,
      kind: s.kind,
      chatId: s.chat_id,
      scale: s.scale,
      sentAt: iso(s.sent_at),
      answeredAt: iso(s.answered_at),
      score: s.score,
      comment: s.comment,
      answeredVia: s.answered_via,
    })),
    files: h.files.map((f) => ({
      id: f.id,
      name: f.name,
      type: f.type,
      size: f.size,
      sentAt: iso(f.created_at),
      sentBy: f.agent_id === null ? 'visitor' : 'agent',
      url: `${base}/api/attachments/${f.id}`,
    })),
    pageViews: h.pageViews.map((p) => ({ id: p.id, url: p.url, title: p.title, at: iso(p.at) })),
    conversions: h.conversions.map((c) => ({ id: c.id, at: iso(c.at), value: c.value, currency: c.currency })),
    invitationEvents: h.invitationEvents.map((e) => ({ id: e.id, invitationId: e.invitation_id, kind: e.kind, chatId: e.chat_id, url: e.url, at: iso(e.at) })),
    transcriptEmails: h.transcriptEmails.map((t) => ({ id: t.id, chatId: t.chat_id, to: t.email, sentAt: iso(t.sent_at) })),
  };
}

export interface ErasureContext {
  db: Sql;
  /** Where the files sent in chats are kept (FILES_DIR). */
  filesDir: string;
  now: number;
}

/** Removes the files from the store, then from disk (once no row names them, nothing serves them). */
async function removeFiles({ db, filesDir }: ErasureContext, ids: string[]): Promise<void> {
  await deleteAttachmentRows(db, ids);
  for (const id of ids) await rm(join(filesDir, id), { force: true });
}

/**
 * Erases everything that identifies the visitor or was said by anyone in their chats (see
 * eraseChatTexts, eraseVisitorProfile), deletes their files, and records who did it. Running it
 * again erases what came since (nothing, usually). Undefined: no such visitor.
 */
export async function eraseVisitor(
  ctx: ErasureContext,
  visitorId: string,
  by: { actor: string | null; ip: string | null },
): Promise<{ chats: number; files: number } | undefined> {
  const { db, now } = ctx;
  if (!(await visitorExists(db, visitorId))) return undefined;
  const result = await db.transaction(async (tx) => {
    await tx.lock(`visitor:${visitorId}`);
    const chatIds = await chatIdsOfVisitor(tx, visitorId);
    const files = [...new Set([...(await filesOfVisitor(tx, visitorId)), ...(await filesNamedInChats(tx, chatIds))])];
    await eraseChatTexts(tx, chatIds, now);
    await eraseVisitorProfile(tx, visitorId, now);
    await deleteAttachmentRows(tx, files);
    await recordAudit(tx, { at: now, actor: by.actor, action: 'visitor.erased', target: visitorId, ip: by.ip, details: { chats: chatIds.length, files: files.length } });
    return { chats: chatIds.length, files };
  });
  for (const id of result.files) await rm(join(ctx.filesDir, id), { force: true });
  return { chats: result.chats, files: result.files.length };
}

/** Retention's erasure of some chats: their texts and the files they name. */
export async function eraseChats(ctx: ErasureContext, chatIds: string[]): Promise<void> {
  const files = await ctx.db.transaction(async (tx) => {
    const files = await filesNamedInChats(tx, chatIds);
    await eraseChatTexts(tx, chatIds, ctx.now);
    return files;
  });
  await removeFiles(ctx, files);
}
