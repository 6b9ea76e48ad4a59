/**
 * The limits of quality reviews (IQS, issue 13): review-schemas.ts checks them, the console's
 * forms hold to them. Apart from the schemas, so the console takes them without zod.
 */

export const MAX_CRITERIA = 30;
export const MAX_REVIEW_COMMENT_LENGTH = 5000;
export const MAX_REVIEWS_PER_AGENT_PER_WEEK = 50;
