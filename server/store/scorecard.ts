import type { Sql } from './sql.ts';
import { readSetting, writeSetting } from './settings.ts';

/** SQL of the scorecard reviews are answered on (IQS, issue 13). */

export interface Criterion {
  id: string;
  label: string;
  weight: number;
  kind: 'yes_no' | 'scale';
  archived: boolean;
}

interface CriterionRow {
  id: string;
  position: number;
  label: string;
  weight: number;
  kind: 'yes_no' | 'scale';
  archived: number;
}

const fromRow = (r: CriterionRow): Criterion => ({
  id: r.id,
  label: r.label,
  weight: Number(r.weight),
  kind: r.kind,
  archived: Number(r.archived) === 1,
});

/** Every criterion, in the order they are asked; archived ones after the others. */
export async function scorecardCriteria(db: Sql): Promise<Criterion[]> {
  const rows = await db.all<CriterionRow>('SELECT * FROM review_criteria ORDER BY archived, position, id');
  return rows.map(fromRow);
}

/**
 * Writes the criteria in the order given (inserting those not stored yet); a stored criterion
 * not in the list is archived. Run it in the transaction that audits the change.
 */
export async function replaceScorecardCriteria(db: Sql, criteria: Criterion[]): Promise<void> {
  const listed = new Set(criteria.map((c) => c.id));
  for (const id of await db.column<string>('SELECT id FROM review_criteria WHERE archived = 0')) {
    if (!listed.has(id)) await db.run('UPDATE review_criteria SET archived = 1 WHERE id = ?', [id]);
  }
  for (const [position, c] of criteria.entries()) {
    await db.run(
      `INSERT INTO review_criteria (id, position, label, weight, kind, archived) VALUES (@id, @position, @label, @weight, @kind, @archived)
       ON CONFLICT (id) DO UPDATE SET position = excluded.position, label = excluded.label, weight = excluded.weight,
         kind = excluded.kind, archived = excluded.archived`,
      { ...c, position, archived: c.archived ? 1 : 0 },
    );
  }
}

const SAMPLE_SETTING = 'reviewsPerAgentPerWeek';
/** How many chats of each agent the to-review list samples per week when never set. */
export const DEFAULT_REVIEWS_PER_AGENT_PER_WEEK = 2;

export async function reviewsPerAgentPerWeek(db: Sql): Promise<number> {
  return (await readSetting<number>(db, SAMPLE_SETTING)) ?? DEFAULT_REVIEWS_PER_AGENT_PER_WEEK;
}

export async function setReviewsPerAgentPerWeek(db: Sql, n: number): Promise<void> {
  await writeSetting(db, SAMPLE_SETTING, n);
}
