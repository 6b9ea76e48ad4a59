import { Router } from 'express';
import type { Deps } from '../deps.ts';
import { routes } from '../../shared/api-routes.ts';
import { changeOwnReview, chatsToReviewFor, createReview, reviewsFor, reviewsOfChatFor, saveScorecard, scorecard } from '../reviews/reviews.ts';
import { serve } from './api-routes.ts';
import { auditSource } from './audit.ts';
import { answerTeamRefusals } from './errors.ts';

/**
 * Internal quality reviews (IQS, issue 13). Owners and admins define the scorecard and review
 * chats; every agent reads the scorecard and the reviews of their own chats
 * (server/reviews/reviews.ts says whose).
 */
export function reviewsRouter(deps: Deps): Router {
  const { db, clock } = deps;
  const router = Router();

  // Agents read what they are judged on; only owners and admins change it.
  serve(router, deps, routes.scorecard, async () => scorecard(db));
  serve(router, deps, routes.saveScorecard, async ({ body, req }) => saveScorecard(db, auditSource(req), body, clock.now()));

  serve(router, deps, routes.chatReviews, async ({ params, agent }) => ({ reviews: await reviewsOfChatFor(db, agent, params.chatId) }));
  serve(router, deps, routes.reviewChat, async ({ params, body, agent, req }) => ({
    review: await createReview(db, agent, auditSource(req), params.chatId, body, clock.now()),
  }));

  serve(router, deps, routes.chatsToReview, async ({ agent }) => chatsToReviewFor(db, agent, clock.now()));
  serve(router, deps, routes.reviews, async ({ query, agent }) => ({ reviews: await reviewsFor(db, agent, query) }));
  serve(router, deps, routes.changeReview, async ({ params, body, agent, req }) => ({
    review: await changeOwnReview(db, agent, auditSource(req), params.id, body, clock.now()),
  }));

  router.use(answerTeamRefusals);
  return router;
}
