import type { Sql } from './sql.ts';

/** SQL of the internal quality reviews (IQS, issue 13; METRICS.md §1 `review`). */

/** One answered criterion, as the scorecard stood when the review was made. */
export interface ReviewAnswer {
  criterionId: string;
  label: string;
  weight: number;
  kind: 'yes_no' | 'scale';
  /** yes_no: 1 (yes) or 0 (no); scale: 1–5; null: n.a. */
  answer: number | null;
}

export interface Review {
  id: string;
  chatId: string;
  reviewerId: string;
  at: number;
  /** The scorecard's result in [0, 1]: what the metrics read. */
  score: number;
  comment: string | null;
  /** Null for an imported review (METRICS.md §1 carries only the score). */
  answers: ReviewAnswer[] | null;
}

interface ReviewRow {
  id: string;
  chat_id: string;
  reviewer_id: string;
  at: number;
  score: number;
  comment: string | null;
  answers: string | null;
}

const fromRow = (r: ReviewRow): Review => ({
  id: r.id,
  chatId: r.chat_id,
  reviewerId: r.reviewer_id,
  at: Number(r.at),
  score: Number(r.score),
  comment: r.comment,
  answers: r.answers === null ? null : (JSON.parse(r.answers) as ReviewAnswer[]),
});

/** Writes a review; false when this reviewer has already reviewed this chat (one per pair). */
export async function insertReview(db: Sql, r: Review): Promise<boolean> {
  const changed = await db.run(
    `INSERT INTO reviews (id, chat_id, reviewer_id, at, score, comment, answers)
     VALUES (@id, @chatId, @reviewerId, @at, @score, @comment, @answers) ON CONFLICT DO NOTHING`,
    { ...r, answers: r.answers === null ? null : JSON.stringify(r.answers) },
  );
  return changed === 1;
}

/** A chat's reviews in order of `at`, then id. */
export async function reviewsOfChat(db: Sql, chatId: string): Promise<Review[]> {
  const rows = await db.all<ReviewRow>('SELECT * FROM reviews WHERE chat_id = ? ORDER BY at, id', [chatId]);
  return rows.map(fromRow);
}

/** The review `reviewerId` made of a chat, if they made one. */
export async function reviewBy(db: Sql, chatId: string, reviewerId: string): Promise<Review | undefined> {
  const row = await db.get<ReviewRow>('SELECT * FROM reviews WHERE chat_id = ? AND reviewer_id = ?', [chatId, reviewerId]);
  return row && fromRow(row);
}

export async function getReview(db: Sql, id: string): Promise<Review | undefined> {
  const row = await db.get<ReviewRow>('SELECT * FROM reviews WHERE id = ?', [id]);
  return row && fromRow(row);
}

/** A reviewer's second thoughts: new answers, score and comment; the review keeps its `at`. */
export async function changeReview(db: Sql, id: string, r: Pick<Review, 'score' | 'comment' | 'answers'>): Promise<void> {
  await db.run('UPDATE reviews SET score = @score, comment = @comment, answers = @answers WHERE id = @id', {
    id,
    score: r.score,
    comment: r.comment,
    answers: r.answers === null ? null : JSON.stringify(r.answers),
  });
}

/** A review with what a list shows beside it: who made it, the chat's agent and visitor. */
export interface ListedReview extends Review {
  reviewerName: string;
  agentId: string | null;
  agentName: string | null;
  chatStartedAt: number;
  visitorName: string | null;
}

export interface ReviewFilter {
  chatId?: string;
  /** The chat's agent (its last assignment). */
  agentId?: string;
  /** Half-open range of the review's `at`. */
  from?: number;
  to?: number;
  limit: number;
}

/** Reviews matching every filter given, newest first. */
export async function listedReviews(db: Sql, f: ReviewFilter): Promise<ListedReview[]> {
  const rows = await db.all<ReviewRow & { reviewer_name: string; agent_id: string | null; agent_name: string | null; started_at: number; visitor_name: string | null }>(
    `SELECT r.*, rv.name AS reviewer_name, c.agent_id, ag.name AS agent_name, c.started_at, v.name AS visitor_name
       FROM reviews r
       JOIN chats c ON c.id = r.chat_id
       JOIN agents rv ON rv.id = r.reviewer_id
       LEFT JOIN agents ag ON ag.id = c.agent_id
       LEFT JOIN visitors v ON v.id = c.visitor_id
      WHERE (CAST(@chatId AS TEXT) IS NULL OR r.chat_id = @chatId)
        AND (CAST(@agentId AS TEXT) IS NULL OR c.agent_id = @agentId)
        AND (CAST(@from AS BIGINT) IS NULL OR r.at >= @from)
        AND (CAST(@to AS BIGINT) IS NULL OR r.at < @to)
      ORDER BY r.at DESC, r.id DESC LIMIT @limit`,
    { chatId: f.chatId ?? null, agentId: f.agentId ?? null, from: f.from ?? null, to: f.to ?? null, limit: f.limit },
  );
  return rows.map((r) => ({
    ...fromRow(r),
    reviewerName: r.reviewer_name,
    agentId: r.agent_id,
    agentName: r.agent_name,
    chatStartedAt: Number(r.started_at),
    visitorName: r.visitor_name,
  }));
}

/** A closed chat the to-review list may sample, with what the list shows of it. */
export interface ReviewCandidate {
  chatId: string;
  agentId: string;
  agentName: string;
  visitorId: string;
  visitorName: string | null;
  startedAt: number;
  closedAt: number;
  /** The visitor's latest CSAT answer. */
  csat: number | null;
}

/** The closed chats with an agent that started in [from, to). */
export async function closedChatsStartedIn(db: Sql, from: number, to: number): Promise<ReviewCandidate[]> {
  const rows = await db.all<{ id: string; agent_id: string; agent_name: string; visitor_id: string; visitor_name: string | null; started_at: number; closed_at: number; csat: number | null }>(
    `SELECT c.id, c.agent_id, ag.name AS agent_name, c.visitor_id, v.name AS visitor_name, c.started_at, c.closed_at,
            (SELECT s.score FROM surveys s WHERE s.chat_id = c.id AND s.kind = 'csat' AND s.score IS NOT NULL
              ORDER BY s.answered_at DESC LIMIT 1) AS csat
       FROM chats c
       JOIN agents ag ON ag.id = c.agent_id
       LEFT JOIN visitors v ON v.id = c.visitor_id
      WHERE c.started_at >= ? AND c.started_at < ? AND c.closed_at IS NOT NULL`,
    [from, to],
  );
  return rows.map((r) => ({
    chatId: r.id,
    agentId: r.agent_id,
    agentName: r.agent_name,
    visitorId: r.visitor_id,
    visitorName: r.visitor_name,
    startedAt: Number(r.started_at),
    closedAt: Number(r.closed_at),
    csat: r.csat === null ? null : Number(r.csat),
  }));
}

/** The chats started in [from, to) that `reviewerId` has reviewed. */
export async function chatsReviewedBy(db: Sql, reviewerId: string, from: number, to: number): Promise<string[]> {
  return db.column<string>(
    `SELECT r.chat_id FROM reviews r JOIN chats c ON c.id = r.chat_id
      WHERE r.reviewer_id = ? AND c.started_at >= ? AND c.started_at < ?`,
    [reviewerId, from, to],
  );
}

/** A review as the metrics read it: its time and score, and its chat's facts that the filters look at. */
export interface ReviewWithChat {
  id: string;
  chat_id: string;
  at: number;
  score: number;
  visitor_id: string;
  started_at: number;
  channel: string;
  priority: string;
  agent_id: string | null;
  department_id: string | null;
  /** The chat's tags as a JSON list (chat_facts.tags). */
  tags: string;
}

/**
 * The reviews made in [from, to), with their chats' facts (run refreshChatFacts first), in order
 * of `at`, then id by bytes on both backends: the order the IQS figure adds its scores in.
 */
export function reviewsMadeIn(db: Sql, from: number, to: number): Promise<ReviewWithChat[]> {
  const byBytes = db.dialect === 'postgres' ? ' COLLATE "C"' : '';
  return db.all<ReviewWithChat>(
    `SELECT r.id, r.chat_id, r.at, r.score, f.visitor_id, f.started_at, f.channel, f.priority, f.agent_id,
       f.department_id, f.tags
     FROM reviews r JOIN chat_facts f ON f.chat_id = r.chat_id
     WHERE r.at >= ? AND r.at < ? ORDER BY r.at, r.id${byBytes}`,
    [from, to],
  );
}
