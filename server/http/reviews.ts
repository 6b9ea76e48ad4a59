import { Router } from 'express';
import type { Deps } from '../deps.ts';
import { reviewBodySchema, reviewListQuerySchema, scorecardSchema } from '../../shared/review-schemas.ts';
import { changeOwnReview, chatsToReviewFor, createReview, reviewsFor, reviewsOfChatFor, saveScorecard, scorecard } from '../reviews/reviews.ts';
import { requireAgent, requireRole } from './auth.ts';
import { auditSource } from './audit.ts';
import { answerTeamRefusals, parseBody, zodBadRequest } from './errors.ts';

/**
 * Internal quality reviews (IQS, issue 13). Owners and admins define the scorecard and review
 * chats; every agent reads the scorecard and the reviews of their own chats
 * (server/reviews/reviews.ts says whose).
 */
export function reviewsRouter({ db, clock }: Deps): Router {
  const router = Router();
  const reviewers = requireRole(db, clock, 'admin', 'owner');
  const anyAgent = requireAgent(db, clock);

  // Agents read what they are judged on; only owners and admins change it.
  router.get('/scorecard', anyAgent, async (_req, res) => {
    res.json(await scorecard(db));
  });
  router.put('/scorecard', reviewers, async (req, res) => {
    const body = parseBody(scorecardSchema, req, res);
    if (!body) return;
    res.json(await saveScorecard(db, auditSource(req), body, clock.now()));
  });

  router.get('/chats/:chatId/reviews', anyAgent, async (req, res) => {
    res.json({ reviews: await reviewsOfChatFor(db, req.agent!, String(req.params.chatId)) });
  });
  router.post('/chats/:chatId/reviews', reviewers, async (req, res) => {
    const body = parseBody(reviewBodySchema, req, res);
    if (!body) return;
    res.status(201).json({ review: await createReview(db, req.agent!, auditSource(req), String(req.params.chatId), body, clock.now()) });
  });

  router.get('/reviews/to-review', reviewers, async (req, res) => {
    res.json(await chatsToReviewFor(db, req.agent!, clock.now()));
  });
  router.get('/reviews', anyAgent, async (req, res) => {
    const parsed = reviewListQuerySchema.safeParse(req.query);
    if (!parsed.success) return zodBadRequest(res, parsed.error);
    res.json({ reviews: await reviewsFor(db, req.agent!, parsed.data) });
  });
  router.put('/reviews/:id', reviewers, async (req, res) => {
    const body = parseBody(reviewBodySchema, req, res);
    if (!body) return;
    res.json({ review: await changeOwnReview(db, req.agent!, auditSource(req), String(req.params.id), body, clock.now()) });
  });

  router.use(answerTeamRefusals);
  return router;
}
