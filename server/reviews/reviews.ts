import type { Sql } from '../store/sql.ts';
import type { AgentRow } from '../store/agents.ts';
import { recordAudit, type AuditSource } from '../store/audit-log.ts';
import { getChat } from '../store/chats.ts';
import {
  changeReview,
  chatsReviewedBy,
  closedChatsStartedIn,
  getReview,
  insertReview,
  listedReviews,
  type ListedReview,
  type ReviewAnswer,
} from '../store/reviews.ts';
import {
  replaceScorecardCriteria,
  reviewsPerAgentPerWeek,
  scorecardCriteria,
  setReviewsPerAgentPerWeek,
  type Criterion,
} from '../store/scorecard.ts';
import { TeamError } from '../team/team-error.ts';
import { newId } from '../../shared/ids.ts';
import type { ChatToReview, ReviewBody, ReviewView, ScorecardBody, ScorecardView } from '../../shared/review-schemas.ts';
import { reviewScore } from './review-score.ts';
import { chatsToReview, isoWeekLabel, sampledWeeks } from './review-sample.ts';

/**
 * Internal quality reviews (IQS, issue 13): the scorecard owners and admins define, the
 * reviews they make of chats on it, and which chats each agent's reviews are shown to.
 * Who may call what is checked by the edge too; the rules that need the chat are here.
 */

const mayReview = (me: AgentRow) => me.role === 'admin' || me.role === 'owner';

export async function scorecard(db: Sql): Promise<ScorecardView> {
  return { criteria: await scorecardCriteria(db), reviewsPerAgentPerWeek: await reviewsPerAgentPerWeek(db) };
}

/** Replaces the scorecard (criteria left out are archived) and the sample size; audited. */
export async function saveScorecard(db: Sql, by: AuditSource, body: ScorecardBody, now: number): Promise<ScorecardView> {
  await db.transaction(async (tx) => {
    const before = await scorecard(tx);
    const known = new Set(before.criteria.map((c) => c.id));
    const criteria: Criterion[] = body.criteria.map((c, i) => {
      if (c.id !== undefined && !known.has(c.id)) throw new TeamError('invalid', 'no such criterion', `criteria.${i}.id`);
      return { ...c, id: c.id ?? newId('crit_') };
    });
    await replaceScorecardCriteria(tx, criteria);
    await setReviewsPerAgentPerWeek(tx, body.reviewsPerAgentPerWeek);
    const after = await scorecard(tx);
    if (JSON.stringify(before) !== JSON.stringify(after)) {
      await recordAudit(tx, { ...by, at: now, action: 'scorecard.changed', target: 'scorecard', details: { from: before, to: after } });
    }
  });
  return scorecard(db);
}

/**
 * The answers given, checked against the scorecard in force and kept with what each criterion
 * was (label, weight, kind), in the scorecard's order: a later edit of the scorecard never
 * changes this review's score. Every criterion in force is answered once (n.a. is an answer).
 */
function answersOnScorecard(criteria: Criterion[], given: ReviewBody['answers']): ReviewAnswer[] {
  const asked = criteria.filter((c) => !c.archived);
  if (asked.length === 0) throw new TeamError('invalid', 'the scorecard has no criteria yet: define them in the settings first', 'answers');
  const byId = new Map<string, number | null>();
  for (const [i, a] of given.entries()) {
    const criterion = asked.find((c) => c.id === a.criterionId);
    if (!criterion) throw new TeamError('invalid', 'no such criterion on the scorecard', `answers.${i}.criterionId`);
    if (byId.has(a.criterionId)) throw new TeamError('invalid', 'this criterion is answered twice', `answers.${i}.criterionId`);
    byId.set(a.criterionId, answerValue(criterion, a.answer, `answers.${i}.answer`));
  }
  const missing = asked.filter((c) => !byId.has(c.id));
  if (missing.length > 0) throw new TeamError('invalid', `answer every criterion (n.a. is an answer): ${missing.map((c) => c.label).join(', ')}`, 'answers');
  return asked.map((c) => ({ criterionId: c.id, label: c.label, weight: c.weight, kind: c.kind, answer: byId.get(c.id)! }));
}

function answerValue(criterion: Criterion, answer: ReviewBody['answers'][number]['answer'], field: string): number | null {
  if (answer === 'na') return null;
  if (criterion.kind === 'yes_no') {
    if (answer === 'yes') return 1;
    if (answer === 'no') return 0;
    throw new TeamError('invalid', 'this criterion is answered yes, no or na', field);
  }
  if (typeof answer === 'number') return answer;
  throw new TeamError('invalid', 'this criterion is answered 1–5 or na', field);
}

function scored(criteria: Criterion[], body: ReviewBody): { answers: ReviewAnswer[]; score: number } {
  const answers = answersOnScorecard(criteria, body.answers);
  const score = reviewScore(answers);
  if (score === null) throw new TeamError('invalid', 'every criterion is n.a.: there is nothing to score', 'answers');
  return { answers, score };
}

/** A review of a chat (open or closed) by the signed-in admin or owner; one per chat and reviewer. */
export async function createReview(db: Sql, me: AgentRow, by: AuditSource, chatId: string, body: ReviewBody, now: number): Promise<ReviewView> {
  if (!mayReview(me)) throw new TeamError('forbidden', 'only admins and owners review chats');
  const chat = await getChat(db, chatId);
  if (!chat) throw new TeamError('not-found', 'no such chat');
  const { answers, score } = scored(await scorecardCriteria(db), body);
  const id = newId('rev_');
  await db.transaction(async (tx) => {
    // The review's `at` is never before the chat's start (METRICS.md §1), whatever the clocks did.
    const inserted = await insertReview(tx, { id, chatId, reviewerId: me.id, at: Math.max(now, Number(chat.started_at)), score, comment: body.comment, answers });
    if (!inserted) throw new TeamError('conflict', 'you have already reviewed this chat: change your review instead');
    await recordAudit(tx, { ...by, at: now, action: 'review.created', target: chatId, details: { reviewId: id, score } });
  });
  return (await reviewViews(db, { chatId, limit: 1000 })).find((r) => r.id === id)!;
}

/** The reviewer's own review answered again on the scorecard in force; it keeps its time. */
export async function changeOwnReview(db: Sql, me: AgentRow, by: AuditSource, reviewId: string, body: ReviewBody, now: number): Promise<ReviewView> {
  const review = await getReview(db, reviewId);
  if (!review) throw new TeamError('not-found', 'no such review');
  if (review.reviewerId !== me.id || !mayReview(me)) throw new TeamError('forbidden', 'only its reviewer changes a review');
  const { answers, score } = scored(await scorecardCriteria(db), body);
  await db.transaction(async (tx) => {
    await changeReview(tx, reviewId, { score, comment: body.comment, answers });
    await recordAudit(tx, { ...by, at: now, action: 'review.changed', target: review.chatId, details: { reviewId, from: review.score, to: score } });
  });
  return (await reviewViews(db, { chatId: review.chatId, limit: 1000 })).find((r) => r.id === reviewId)!;
}

/** A chat's reviews: admins and owners see all; an agent those of a chat they are the agent of. */
export async function reviewsOfChatFor(db: Sql, me: AgentRow, chatId: string): Promise<ReviewView[]> {
  const chat = await getChat(db, chatId);
  if (!chat) throw new TeamError('not-found', 'no such chat');
  if (!mayReview(me) && chat.agent_id !== me.id) throw new TeamError('forbidden', 'the reviews of a chat are shown to its agent, admins and owners');
  return reviewViews(db, { chatId, limit: 1000 });
}

/** Reviews by time of review: all for admins and owners; an agent only those of their own chats. */
export async function reviewsFor(db: Sql, me: AgentRow, q: { agent?: string; from?: number; to?: number }): Promise<ReviewView[]> {
  if (!mayReview(me) && q.agent !== undefined && q.agent !== me.id) throw new TeamError('forbidden', "only admins and owners read another agent's reviews", 'agent');
  const agentId = mayReview(me) ? q.agent : me.id;
  return reviewViews(db, { agentId, from: q.from, to: q.to, limit: 500 });
}

/** The caller's sample of chats to review (server/reviews/review-sample.ts), this week and last. */
export async function chatsToReviewFor(db: Sql, me: AgentRow, now: number): Promise<{ weeks: string[]; reviewsPerAgentPerWeek: number; chats: ChatToReview[] }> {
  if (!mayReview(me)) throw new TeamError('forbidden', 'only admins and owners review chats');
  const { from, to, weeks } = sampledWeeks(now);
  const perAgentWeek = await reviewsPerAgentPerWeek(db);
  const reviewed = new Set(await chatsReviewedBy(db, me.id, from, to));
  const picked = chatsToReview(await closedChatsStartedIn(db, from, to), perAgentWeek, me.id, reviewed);
  return {
    weeks: weeks.map(isoWeekLabel),
    reviewsPerAgentPerWeek: perAgentWeek,
    chats: picked.map((c) => ({
      chatId: c.chatId,
      week: isoWeekLabel(c.weekStart),
      agent: { id: c.agentId, name: c.agentName },
      visitor: { id: c.visitorId, name: c.visitorName },
      startedAt: c.startedAt,
      closedAt: c.closedAt,
      durationSec: (c.closedAt - c.startedAt) / 1000,
      csat: c.csat,
    })),
  };
}

async function reviewViews(db: Sql, f: Parameters<typeof listedReviews>[1]): Promise<ReviewView[]> {
  return (await listedReviews(db, f)).map(reviewView);
}

function reviewView(r: ListedReview): ReviewView {
  return {
    id: r.id,
    chatId: r.chatId,
    reviewer: { id: r.reviewerId, name: r.reviewerName },
    agent: r.agentId === null ? null : { id: r.agentId, name: r.agentName ?? r.agentId },
    chatStartedAt: r.chatStartedAt,
    visitorName: r.visitorName,
    at: r.at,
    score: r.score,
    comment: r.comment,
    answers: r.answers,
  };
}
