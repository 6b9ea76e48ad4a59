import type { Sql } from '../store/sql.ts';
import type { Clock } from '../clock.ts';
import type { AgentRow } from '../store/agents.ts';
import type { FollowUpTimes, FollowUpView, SurveyKind } from '../../shared/protocol.ts';
import { newId } from '../../shared/ids.ts';
import { getAgent } from '../store/agents.ts';
import { getChat } from '../store/chats.ts';
import { chatViewer, maySee } from '../chat/access.ts';
import { recordAudit } from '../store/audit-log.ts';
import {
  doneFollowUps,
  followUpsFor,
  getFollowUp,
  insertFollowUp,
  markFollowUpDone,
  openFollowUpCount,
  openFollowUpsByAgent,
  type FollowUpRow,
} from '../store/follow-ups.ts';
import type { SurveyRow } from './rules.ts';

/**
 * A bad answer asks for a follow-up: a detractor NPS (0–6) or a CSAT of 1–2 (of 5). CES is
 * about effort, not about the visitor's verdict, and asks for none.
 */
export function needsFollowUp(s: { kind: SurveyKind; score: number | null }): boolean {
  if (s.score === null) return false;
  return s.kind === 'nps' ? s.score <= 6 : s.kind === 'csat' ? s.score <= 2 : false;
}

/**
 * Inside the answer's transaction: the follow-up of an answered survey that needs one, for the
 * chat's agent at close, or the chat's department queue when that agent is gone (disabled or
 * never known). Returns who should hear of it, or null when none was made.
 */
export async function createFollowUp(tx: Sql, survey: SurveyRow, now: number): Promise<{ chatId: string; agentId: string | null } | null> {
  if (!needsFollowUp(survey)) return null;
  const chat = await getChat(tx, survey.chat_id);
  if (!chat) return null;
  const agent = survey.agent_id ? await getAgent(tx, survey.agent_id) : undefined;
  const agentId = agent && !agent.disabled ? agent.id : null;
  const made = await insertFollowUp(tx, {
    id: newId('fu_'),
    surveyId: survey.id,
    chatId: chat.id,
    agentId,
    departmentId: chat.department_id,
    now,
  });
  return made ? { chatId: chat.id, agentId } : null;
}

/** A refusal with the HTTP status it answers. */
export class FollowUpError extends Error {
  constructor(
    readonly status: 403 | 404 | 409,
    readonly field: string,
    message: string,
  ) {
    super(`${field}: ${message}`);
  }
}

/** Tells the consoles that a chat's follow-ups changed (they ask for their count again). */
export type FollowUpsChanged = (chatId: string, agentId: string | null) => void;

/**
 * The follow-ups list of the console. Who sees one is who sees its chat (server/chat/access.ts).
 * Marking one done is for its agent, or for anyone who sees it while it waits in a queue, and
 * for admins and owners, as replying and closing are for a chat.
 */
export class FollowUpService {
  constructor(
    private readonly db: Sql,
    private readonly clock: Clock,
    private readonly changed: FollowUpsChanged,
  ) {}

  async list(viewer: AgentRow, status: 'open' | 'done', limit: number): Promise<FollowUpView[]> {
    const rows = await followUpsFor(this.db, { viewerId: chatViewer(viewer), status, limit });
    return rows.map((row) => followUpView(row, viewer));
  }

  openCount(viewer: AgentRow): Promise<number> {
    return openFollowUpCount(this.db, chatViewer(viewer));
  }

  async complete(viewer: AgentRow, id: string, note: string, ip: string | null): Promise<FollowUpView> {
    const row = await this.db.transaction(async (tx) => {
      const row = await getFollowUp(tx, id);
      const chat = row && (await getChat(tx, row.chat_id));
      if (!row || !chat || !(await maySee(tx, viewer, chat))) throw new FollowUpError(404, 'id', 'no such follow-up');
      if (!mayComplete(row, viewer)) throw new FollowUpError(403, 'id', 'this follow-up is another agent\'s');
      const now = this.clock.now();
      if (!(await markFollowUpDone(tx, { id, agentId: viewer.id, note, now }))) {
        throw new FollowUpError(409, 'id', 'this follow-up is already done');
      }
      await recordAudit(tx, {
        at: now,
        actor: viewer.id,
        action: 'follow_up.done',
        target: id,
        ip,
        details: { chatId: row.chat_id, surveyId: row.survey_id },
      });
      return (await getFollowUp(tx, id))!;
    });
    this.changed(row.chat_id, row.agent_id);
    return followUpView(row, viewer);
  }

  /** Follow-up time per agent: of those each marked done in [from, to), mean and median. */
  async times(from: number, to: number): Promise<FollowUpTimes> {
    const byAgent = new Map<string | null, FollowUpTimes['agents'][number] & { secs: number[] }>();
    const entry = (id: string | null, name: string | null) => {
      let e = byAgent.get(id);
      if (!e) {
        e = { agent: id === null ? null : { id, name: name ?? id }, done: 0, meanSec: null, medianSec: null, open: 0, secs: [] };
        byAgent.set(id, e);
      }
      return e;
    };
    for (const row of await doneFollowUps(this.db, { from, to })) {
      entry(row.done_by, row.name).secs.push((row.done_at - row.created_at) / 1000);
    }
    for (const row of await openFollowUpsByAgent(this.db)) entry(row.agent_id, row.name).open = Number(row.open);
    const agents = [...byAgent.values()].map(({ secs, ...e }) => {
      secs.sort((a, b) => a - b);
      const mid = secs.length >> 1;
      return {
        ...e,
        done: secs.length,
        meanSec: secs.length ? secs.reduce((a, b) => a + b, 0) / secs.length : null,
        medianSec: secs.length ? (secs.length % 2 ? secs[mid]! : (secs[mid - 1]! + secs[mid]!) / 2) : null,
      };
    });
    agents.sort((a, b) => (a.agent?.name ?? '').localeCompare(b.agent?.name ?? ''));
    return { from, to, agents };
  }
}

function mayComplete(row: FollowUpRow, viewer: AgentRow): boolean {
  return viewer.role !== 'agent' || row.agent_id === null || row.agent_id === viewer.id;
}

function followUpView(row: FollowUpRow, viewer: AgentRow): FollowUpView {
  return {
    id: row.id,
    surveyId: row.survey_id,
    kind: row.kind,
    score: Number(row.score),
    scale: Number(row.scale) as 5 | 7 | 10,
    comment: row.comment,
    answeredAt: Number(row.answered_at),
    chatId: row.chat_id,
    chatStartedAt: Number(row.chat_started_at),
    visitor: { id: row.visitor_id, name: row.visitor_name, email: row.visitor_email },
    agent: row.agent_id ? { id: row.agent_id, name: row.agent_name ?? row.agent_id } : null,
    departmentId: row.department_id,
    createdAt: Number(row.created_at),
    doneAt: row.done_at === null ? null : Number(row.done_at),
    doneBy: row.done_by ? { id: row.done_by, name: row.done_by_name ?? row.done_by } : null,
    note: row.note,
    mayComplete: row.done_at === null && mayComplete(row, viewer),
  };
}
