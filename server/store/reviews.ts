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
