import type { Sql } from '../store/sql.ts';
import { reviewsMadeIn, type ReviewWithChat } from '../store/reviews.ts';
import type { Names } from './blocks.ts';
import { CHANNELS, PRIORITIES } from './chat-blocks.ts';
import type { ScopeFilter } from './scope.ts';
import { ratio } from './stats.ts';

/**
 * Internal quality reviews (IQS, METRICS.md §2 `iqs`): the reviews whose `at` is in range and
 * whose chat matches the filters, like surveys, wherever that chat started.
 */

/** A review's score counts as good from this on (`iqs.rate`). */
const GOOD_REVIEW_SCORE = 0.8;

export class QualityScores {
  private count = 0;
  private sum = 0;
  private good = 0;

  add(score: number): void {
    this.count++;
    this.sum += score;
    if (score >= GOOD_REVIEW_SCORE) this.good++;
  }

  /** `iqs`: `count`, `mean` score, `rate` = fraction with score ≥ 0.8. */
  result() {
    return { count: this.count, mean: ratio(this.sum, this.count), rate: ratio(this.good, this.count) };
  }
}

export interface ReviewInScope {
  review: ReviewWithChat;
  /** The query's name code of the chat's agent, -1 = none. */
  agent: number;
}

/**
 * The reviews made in [from, to) whose chat matches the filters, in order of `at`, then id by
 * bytes: the order in which the figure adds their scores and the drill-down lists them, so that
 * the listed scores give the figure's mean to the last bit. Reviews are few (samples of each
 * agent's chats), so they are read as rows rather than packed in hour blocks.
 */
export async function reviewsInScope(db: Sql, from: number, to: number, scope: ScopeFilter, names: Names): Promise<ReviewInScope[]> {
  const rows = await reviewsMadeIn(db, from, to);
  const n = rows.length;
  const tagLists = rows.map((r) => JSON.parse(r.tags) as string[]);
  // The chats' attributes as the filters read them in a chat block (scope.ts).
  const chats = {
    channel: new Uint8Array(n),
    priority: new Uint8Array(n),
    agent: new Int32Array(n),
    department: new Int32Array(n),
    tagStart: new Int32Array(n + 1),
    tag: new Int32Array(tagLists.reduce((sum, t) => sum + t.length, 0)),
  };
  const code = (name: string | null) => (name === null ? -1 : names.code(name));
  let tags = 0;
  rows.forEach((r, i) => {
    chats.channel[i] = CHANNELS.indexOf(r.channel as (typeof CHANNELS)[number]);
    chats.priority[i] = PRIORITIES.indexOf(r.priority as (typeof PRIORITIES)[number]);
    chats.agent[i] = code(r.agent_id);
    chats.department[i] = code(r.department_id);
    chats.tagStart[i] = tags;
    for (const t of tagLists[i]!) chats.tag[tags++] = names.code(t);
  });
  chats.tagStart[n] = tags;
  const out: ReviewInScope[] = [];
  rows.forEach((review, i) => {
    if (scope.matches(chats, i)) out.push({ review, agent: chats.agent[i]! });
  });
  return out;
}
