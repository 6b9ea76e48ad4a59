import type { ReviewAnswer } from '../store/reviews.ts';

/**
 * The one score rule of a quality review (IQS): the weighted mean of the answered criteria, a
 * yes worth 1 and a no 0, a scale answer v (1–5) worth (v − 1) / 4; n.a. is left out of both
 * sums. Null when every criterion is n.a.: such a review says nothing and is refused.
 */
export function reviewScore(answers: readonly Pick<ReviewAnswer, 'kind' | 'weight' | 'answer'>[]): number | null {
  let weighted = 0;
  let weights = 0;
  for (const a of answers) {
    if (a.answer === null) continue;
    weighted += a.weight * (a.kind === 'scale' ? (a.answer - 1) / 4 : a.answer);
    weights += a.weight;
  }
  // Rounding error of the division must not push a perfect review past 1.
  return weights === 0 ? null : Math.min(1, Math.max(0, weighted / weights));
}
