import type { CriterionAnswer, ScorecardBody } from '../../../shared/review-schemas.ts';
import { routes } from '../../../shared/api-routes.ts';
import { request } from '../console-api.ts';

/** The REST calls of quality reviews (IQS), typed by their declarations in shared/api-routes.ts. */
export const reviewsApi = {
  scorecard: () => request(routes.scorecard),
  saveScorecard: (body: ScorecardBody) => request(routes.saveScorecard, { body }),
  ofChat: async (chatId: string) => (await request(routes.chatReviews, { params: { chatId } })).reviews,
  /** Every review for admins and owners (of one agent's chats with `agent`); an agent's own otherwise. */
  list: async (agent?: string) => (await request(routes.reviews, { query: agent ? { agent } : {} })).reviews,
  toReview: () => request(routes.chatsToReview),
  create: async (chatId: string, body: ReviewAnswers) => (await request(routes.reviewChat, { params: { chatId }, body })).review,
  change: async (reviewId: string, body: ReviewAnswers) => (await request(routes.changeReview, { params: { id: reviewId }, body })).review,
};

export interface ReviewAnswers {
  answers: { criterionId: string; answer: CriterionAnswer }[];
  comment: string | null;
}
