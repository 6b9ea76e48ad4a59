import type { ChatToReview, CriterionAnswer, ReviewView, ScorecardBody, ScorecardView } from '../../../shared/review-schemas.ts';
import { api } from '../console-api.ts';

/** The REST calls of quality reviews (IQS): server/http/reviews.ts. */
export const reviewsApi = {
  scorecard: () => api.get<ScorecardView>('/scorecard'),
  saveScorecard: (body: ScorecardBody) => api.put<ScorecardView>('/scorecard', body),
  ofChat: async (chatId: string) => (await api.get<{ reviews: ReviewView[] }>(`/chats/${encodeURIComponent(chatId)}/reviews`)).reviews,
  /** Every review for admins and owners (of one agent's chats with `agent`); an agent's own otherwise. */
  list: async (agent?: string) => (await api.get<{ reviews: ReviewView[] }>(`/reviews${agent ? `?agent=${encodeURIComponent(agent)}` : ''}`)).reviews,
  toReview: () => api.get<{ weeks: string[]; reviewsPerAgentPerWeek: number; chats: ChatToReview[] }>('/reviews/to-review'),
  create: async (chatId: string, body: ReviewAnswers) =>
    (await api.post<{ review: ReviewView }>(`/chats/${encodeURIComponent(chatId)}/reviews`, body)).review,
  change: async (reviewId: string, body: ReviewAnswers) => (await api.put<{ review: ReviewView }>(`/reviews/${encodeURIComponent(reviewId)}`, body)).review,
};

export interface ReviewAnswers {
  answers: { criterionId: string; answer: CriterionAnswer }[];
  comment: string | null;
}
