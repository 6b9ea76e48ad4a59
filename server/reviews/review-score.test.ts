import { describe, expect, it } from 'vitest';
import { reviewScore } from './review-score.ts';

describe('the score of a quality review', () => {
  it('is the weighted mean of the answered criteria: yes 1, no 0, a scale answer v (v − 1) / 4', () => {
    expect(reviewScore([{ kind: 'yes_no', weight: 1, answer: 1 }, { kind: 'yes_no', weight: 3, answer: 0 }])).toBe(0.25);
    expect(reviewScore([{ kind: 'scale', weight: 2, answer: 5 }, { kind: 'scale', weight: 2, answer: 1 }])).toBe(0.5);
    expect(reviewScore([{ kind: 'scale', weight: 0.5, answer: 3 }])).toBe(0.5);
  });

  it('leaves n.a. out of both sums; all n.a. is no score', () => {
    expect(reviewScore([{ kind: 'scale', weight: 1, answer: 4 }, { kind: 'yes_no', weight: 5, answer: null }])).toBe(0.75);
    expect(reviewScore([{ kind: 'yes_no', weight: 1, answer: null }, { kind: 'scale', weight: 1, answer: null }])).toBeNull();
    expect(reviewScore([])).toBeNull();
  });

  it('stays within [0, 1] whatever the weights', () => {
    expect(reviewScore([{ kind: 'yes_no', weight: 0.1, answer: 1 }, { kind: 'yes_no', weight: 0.2, answer: 1 }, { kind: 'scale', weight: 0.7, answer: 5 }])).toBe(1);
  });
});
