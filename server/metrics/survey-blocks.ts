import type { Sql } from '../store/sql.ts';
import { Dictionary, HOUR_MS, type Names, type Packed, pack, packTimes, type Scratch, unpackTimes } from './blocks.ts';
import { CHANNELS, PRIORITIES } from './chat-blocks.ts';

/**
 * Survey hour blocks: the surveys sent (or answered) in one UTC hour, with the attributes of
 * their chat that the filters use. recomputeChatFacts marks a chat's survey blocks stale when
 * those attributes change.
 */

export const SURVEY_KINDS = ['csat', 'ces', 'nps'] as const;
export const NO_SCORE = 255;

export interface SurveyBlock {
  n: number;
  /** sentAt in a sent block, answeredAt in an answered block. */
  at: Float64Array;
  /** Index into SURVEY_KINDS. */
  kind: Uint8Array;
  scale: Uint8Array;
  /** NO_SCORE when not answered. */
  score: Uint8Array;
  channel: Uint8Array;
  priority: Uint8Array;
  /** Name codes of the chat's agent and department; -1 = none. */
  agent: Int32Array;
  department: Int32Array;
  tagStart: Int32Array;
  tag: Int32Array;
}

/** The columns of a survey block, in the order they are packed. */
export const SURVEY_COLUMNS = [
  'at', 'kind', 'scale', 'score', 'channel', 'priority', 'agent', 'department', 'tagStart', 'tag',
] as const satisfies readonly (keyof SurveyBlock)[];

const select = (column: 'sent_at' | 'answered_at') => `
  SELECT s.${column} AS at, s.kind, s.scale, s.score, f.channel, f.priority, f.agent_id, f.department_id, f.tags
  FROM surveys s LEFT JOIN chat_facts f ON f.chat_id = s.chat_id
  WHERE s.${column} >= ? AND s.${column} < ? AND s.sent_at IS NOT NULL`;

const sentSql = select('sent_at');
const answeredSql = select('answered_at');

interface Row {
  at: number;
  kind: string;
  scale: number;
  score: number | null;
  channel: string | null;
  priority: string | null;
  agent_id: string | null;
  department_id: string | null;
  tags: string | null;
}

/** Packs the surveys sent (or answered) in `hour`. */
export async function buildSurveyBlock(db: Sql, hour: number, answered: boolean): Promise<Buffer> {
  const rows = await db.all<Row>(answered ? answeredSql : sentSql, [hour * HOUR_MS, (hour + 1) * HOUR_MS]);
  const n = rows.length;
  const dict = new Dictionary();
  const tagLists = rows.map((r) => (r.tags === null ? [] : (JSON.parse(r.tags) as string[])));
  const b: SurveyBlock = {
    n,
    at: new Float64Array(n),
    kind: new Uint8Array(n),
    scale: new Uint8Array(n),
    score: new Uint8Array(n),
    channel: new Uint8Array(n),
    priority: new Uint8Array(n),
    agent: new Int32Array(n),
    department: new Int32Array(n),
    tagStart: new Int32Array(n + 1),
    tag: new Int32Array(tagLists.reduce((sum, t) => sum + t.length, 0)),
  };
  let tags = 0;
  for (let i = 0; i < n; i++) {
    const r = rows[i]!;
    b.at[i] = r.at;
    b.kind[i] = SURVEY_KINDS.indexOf(r.kind as (typeof SURVEY_KINDS)[number]);
    b.scale[i] = r.scale;
    b.score[i] = r.score === null ? NO_SCORE : r.score;
    b.channel[i] = CHANNELS.indexOf(r.channel as (typeof CHANNELS)[number]);
    b.priority[i] = PRIORITIES.indexOf(r.priority as (typeof PRIORITIES)[number]);
    b.agent[i] = dict.code(r.agent_id);
    b.department[i] = dict.code(r.department_id);
    b.tagStart[i] = tags;
    for (const t of tagLists[i]!) b.tag[tags++] = dict.code(t);
  }
  b.tagStart[n] = tags;
  const base = hour * HOUR_MS;
  const columns: Record<string, Float64Array | Int32Array | Uint8Array> = Object.fromEntries(
    SURVEY_COLUMNS.map((c) => [c, b[c]]),
  );
  columns.at = packTimes(b.at, () => base);
  return pack({ n, base, dict: dict.names, columns });
}

/** A stored survey block with the query's name codes (times in `scratch` as for chatBlock). */
export function surveyBlock(p: Packed, names: Names, scratch?: Scratch): SurveyBlock {
  const b = { n: p.n, ...p.columns } as unknown as SurveyBlock;
  b.at = unpackTimes(b.at, p.base, scratch?.f64('at', p.n));
  names.translate(p.dict, b.agent, b.department, b.tag);
  return b;
}
