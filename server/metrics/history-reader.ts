import { computeChatFacts, factsRow, inTimeOrder } from './facts.ts';
import { PackBuilder, type ImportError, type Pack } from './history-pack.ts';
import { checkRecord, type ChatRecord, type HistoryRecord, type RecordType } from './history-records.ts';

/**
 * The parsing half of an import (no database): splits the history into lines, checks each one,
 * computes each chat's facts, and keeps track of references, which may point at lines further
 * on. It runs on its own thread in `npm run import` while the main thread writes.
 */

export interface KnownIds {
  agents: string[];
  departments: string[];
  canned: string[];
}

type RefKind = 'agent' | 'department' | 'canned reply' | 'chat';

export interface PendingChat {
  id: string;
  line: number;
  field: string;
}

/** A review as the writer checks it once every row is in: its chat's start, its reviewer's role. */
export interface PendingReview {
  line: number;
  chatId: string;
  reviewerId: string;
  at: number;
}

export interface ReaderEnd {
  /** Rows of the last line, if the history does not end with a newline. */
  pack: Pack;
  /** References to nothing in the file or the database known at the start; meta line problems. */
  errors: ImportError[];
  /** Surveys of chats that are not in the file: the writer looks them up in the database. */
  pendingChats: PendingChat[];
  reviews: PendingReview[];
  counts: Partial<Record<RecordType, number>>;
}

export class HistoryReader {
  private out = new PackBuilder();
  private counts: Partial<Record<RecordType, number>> = {};
  private metaLines: number[] = [];
  private lineNumber = 0;
  private rest: Buffer = Buffer.alloc(0);
  private known: Record<Exclude<RefKind, 'chat'>, Set<string>>;
  private chatIds = new Set<string>();
  private pending: { kind: RefKind; id: string; line: number; field: string }[] = [];
  private reviews: PendingReview[] = [];

  constructor(
    known: KnownIds,
    private now: number,
  ) {
    this.known = {
      agent: new Set(known.agents),
      department: new Set(known.departments),
      'canned reply': new Set(known.canned),
    };
  }

  /** Bytes of the history, in order; lines may span chunks. The chunk may be reused after the call. */
  feed(chunk: Buffer): Pack {
    const data = this.rest.length ? Buffer.concat([this.rest, chunk]) : chunk;
    const lastNewline = data.lastIndexOf(10);
    if (lastNewline < 0) {
      this.rest = Buffer.from(data);
      return this.out.build();
    }
    const text = data.toString('utf8', 0, lastNewline);
    this.rest = Buffer.from(data.subarray(lastNewline + 1));
    let start = 0;
    for (;;) {
      const end = text.indexOf('\n', start);
      this.line(end < 0 ? text.slice(start) : text.slice(start, end));
      if (end < 0) break;
      start = end + 1;
    }
    return this.out.build();
  }

  finish(): ReaderEnd {
    let pack = this.out.build();
    if (this.rest.length) {
      const last = this.rest;
      this.rest = Buffer.alloc(0);
      pack = this.feed(Buffer.concat([last, Buffer.from('\n')]));
    }
    const errors: ImportError[] = [];
    const pendingChats: PendingChat[] = [];
    for (const p of this.pending) {
      if (p.kind === 'chat') {
        if (!this.chatIds.has(p.id)) pendingChats.push({ id: p.id, line: p.line, field: p.field });
      } else if (!this.known[p.kind].has(p.id)) {
        errors.push({ line: p.line, message: `${p.field}: no ${p.kind} "${p.id}" in the file or the database` });
      }
    }
    if (this.metaLines.length === 0) {
      errors.push({ line: 1, message: 'meta: the history needs a meta line {"type":"meta","format":"chat-history","version":1}' });
    }
    for (const line of this.metaLines.slice(1)) errors.push({ line, message: 'meta: only one meta line is allowed' });
    return { pack, errors, pendingChats, reviews: this.reviews, counts: this.counts };
  }

  private line(raw: string): void {
    const line = ++this.lineNumber;
    let text = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (line === 1 && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    if (text.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (e) {
      this.out.errors.push({ line, message: `not valid JSON: ${(e as Error).message}` });
      return;
    }
    const checked = checkRecord(value);
    if (!checked.ok) {
      for (const message of checked.errors) this.out.errors.push({ line, message });
      return;
    }
    this.store(checked.record, line);
  }

  private ref(kind: RefKind, id: string | null, line: number, field: string): void {
    if (id === null) return;
    const known = kind === 'chat' ? this.chatIds.has(id) : this.known[kind].has(id);
    if (!known) this.pending.push({ kind, id, line, field });
  }

  private store(r: HistoryRecord, line: number): void {
    const out = this.out;
    this.counts[r.type] = (this.counts[r.type] ?? 0) + 1;
    switch (r.type) {
      case 'meta':
        this.metaLines.push(line);
        break;
      case 'department':
        this.known.department.add(r.id);
        out.add('department', line, [r.id, r.name]);
        break;
      case 'agent':
        this.known.agent.add(r.id);
        out.add('agent', line, [r.id, r.name, r.email, r.role, r.maxChats, this.now]);
        r.departments.forEach((d, i) => {
          this.ref('department', d, line, `agent.departments[${i}]`);
          out.add('agentDepartment', line, [r.id, d]);
        });
        break;
      case 'canned':
        this.known['canned reply'].add(r.id);
        out.add('canned', line, [r.id, r.shortcut, r.text]);
        break;
      case 'sla':
        this.ref('department', r.department, line, 'sla.department');
        out.add('sla', line, [r.id, r.department, r.priority, r.firstResponseSec, r.resolutionSec]);
        break;
      case 'agent_status':
        this.ref('agent', r.agentId, line, 'agent_status.agentId');
        out.add('status', line, [r.id, r.agentId, r.status, r.at]);
        break;
      case 'page_view':
        out.add('pageView', line, [r.id, r.visitorId, r.url, r.at]);
        break;
      case 'conversion':
        out.add('conversion', line, [r.id, r.visitorId, r.at, r.value]);
        break;
      case 'chat':
        this.storeChat(r, line);
        break;
      case 'survey':
        this.ref('chat', r.chatId, line, 'survey.chatId');
        out.add('survey', line, [
          r.id,
          r.kind,
          r.chatId,
          r.visitorId,
          r.scale,
          r.sentAt,
          r.answeredAt,
          r.score,
          r.comment,
        ]);
        break;
      case 'review':
        this.ref('chat', r.chatId, line, 'review.chatId');
        this.ref('agent', r.reviewerId, line, 'review.reviewerId');
        this.reviews.push({ line, chatId: r.chatId, reviewerId: r.reviewerId, at: r.at });
        out.add('review', line, [r.id, r.chatId, r.reviewerId, r.at, r.score, r.comment]);
        break;
    }
  }

  private storeChat(r: ChatRecord, line: number): void {
    const out = this.out;
    this.chatIds.add(r.id);
    this.ref('department', r.department, line, 'chat.department');
    const agentId = r.assignments.length ? r.assignments[r.assignments.length - 1]!.agentId : null;
    out.add('chat', line, [
      r.id,
      r.visitorId,
      r.department,
      r.priority,
      r.channel,
      r.startedAt,
      r.closedAt,
      r.closedBy,
      agentId,
    ]);
    for (const tag of r.tags) out.add('tag', line, [r.id, tag]);
    for (let i = 0; i < r.assignments.length; i++) {
      const a = r.assignments[i]!;
      if (!this.known.agent.has(a.agentId)) this.ref('agent', a.agentId, line, `chat.assignments[${i}].agentId`);
      out.add('assignment', line, [r.id, a.agentId, a.at]);
    }
    for (let i = 0; i < r.messages.length; i++) {
      const m = r.messages[i]!;
      if (m.agentId !== null && !this.known.agent.has(m.agentId)) {
        this.ref('agent', m.agentId, line, `chat.messages[${i}].agentId`);
      }
      if (m.cannedId !== null && !this.known['canned reply'].has(m.cannedId)) {
        this.ref('canned reply', m.cannedId, line, `chat.messages[${i}].cannedId`);
      }
      // A chat's messages are numbered in the order of its record, as live ones in the order stored.
      out.add('message', line, [m.id, r.id, i + 1, m.author, m.agentId, m.at, m.text, m.cannedId]);
    }
    const facts = computeChatFacts({
      startedAt: r.startedAt,
      assignments: r.assignments,
      messages: inTimeOrder(r.messages),
      tags: r.tags,
    });
    const row = {
      id: r.id,
      visitor_id: r.visitorId,
      department_id: r.department,
      channel: r.channel,
      priority: r.priority,
      started_at: r.startedAt,
      closed_at: r.closedAt,
    };
    out.add('facts', line, factsRow(row, facts));
  }
}
