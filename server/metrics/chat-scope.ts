import type { Sql } from '../store/sql.ts';
import type { ListedChat } from '../store/chat-listing.ts';
import { slaPolicies } from '../store/sla-policies.ts';
import { BlockKind, type BuildBlock, HOUR_MS, Names, readBlocks, rebuildBlock, refreshBlocks, Scratch, unpack, useConversionWindow } from './blocks.ts';
import { buildChatBlock, CHAT_COLUMNS, chatBlock, type ChatBlock } from './chat-blocks.ts';
import { refreshChatFacts } from './facts.ts';
import { ScopeFilter, type Filters } from './scope.ts';
import { metricSettings } from './settings.ts';
import { SlaPolicies } from './sla.ts';

/**
 * The chats in scope of one range (METRICS.md §2, "Scope of a query"), block by block, with the
 * settings that decide their per-chat values: what the chats behind a figure and the chats CSV
 * list. The chat hour blocks are those the engine counts; the listing's ids come from the store
 * per hour, lined up with the block's chats.
 */

export interface ChatScopeQuery {
  from: number;
  to: number;
  filters: Filters;
  now: number;
}

/** What a chat's value under a key depends on beyond the chat itself. */
export interface ChatJudge {
  policies: SlaPolicies;
  /** min(`to`, now): the open end of the range (SLA outcomes of open chats). */
  openEnd: number;
  fcrWindowMs: number;
}

export interface ScopedBlock<T extends ListedChat> {
  b: ChatBlock;
  /** The block's chats in scope (and selected), in block order: start, then id by bytes. */
  rows: number[];
  /** The listing of the block's hour, row i of the block being listed[i]; null when not wanted. */
  listed: T[] | null;
}

export interface ChatScopeOptions<T extends ListedChat> {
  /** Which of the chats in scope to take (default: all). */
  select?: (b: ChatBlock, i: number, judge: ChatJudge) => boolean;
  /** Reads an hour's listing (a function of store/chat-listing.ts). */
  read: (db: Sql, from: number, to: number) => Promise<T[]>;
  /** Whether a block with this many selected chats needs its listing. */
  wants: (rows: number) => boolean;
}

/** A listing matches a block when it has the block's chats with the same starts, in the same order. */
function matches(b: ChatBlock, listed: ListedChat[]): boolean {
  if (listed.length !== b.n) return false;
  for (let i = 0; i < b.n; i++) if (listed[i]!.started_at !== b.startedAt[i]) return false;
  return true;
}

/** Retries of an hour whose chats changed between reading its block and its listing. */
const RELIST_TRIES = 5;

export async function chatScope(db: Sql, q: ChatScopeQuery): Promise<{ names: Names; judge: ChatJudge; build: BuildBlock; scope: ScopeFilter }> {
  await refreshChatFacts(db);
  const settings = await metricSettings(db);
  const names = new Names();
  const judge: ChatJudge = {
    policies: new SlaPolicies(await slaPolicies(db), names),
    openEnd: Math.min(q.to, q.now),
    fcrWindowMs: settings.fcrWindowDays * 86_400_000,
  };
  const windowMs = Math.round(settings.conversionWindowHours * HOUR_MS);
  await useConversionWindow(db, windowMs);
  const build: BuildBlock = (tx, h) => buildChatBlock(tx, h, windowMs);
  return { names, judge, build, scope: new ScopeFilter(q.filters, names) };
}

/** The blocks of the chats started in [from, to) that match the filters, in order. */
export async function* scopedBlocks<T extends ListedChat>(
  db: Sql,
  q: ChatScopeQuery,
  opts: ChatScopeOptions<T>,
): AsyncGenerator<ScopedBlock<T> & { names: Names; judge: ChatJudge }> {
  const { names, judge, build, scope } = await chatScope(db, q);
  const fromHour = Math.floor(q.from / HOUR_MS);
  const toHour = Math.ceil(q.to / HOUR_MS);
  await refreshBlocks(db, BlockKind.Chats, fromHour, toHour, build);
  const selected = (b: ChatBlock) => {
    const rows: number[] = [];
    for (let i = 0; i < b.n; i++) {
      const start = b.startedAt[i]!;
      if (start < q.from || start >= q.to || !scope.matches(b, i)) continue;
      if (!opts.select || opts.select(b, i, judge)) rows.push(i);
    }
    return rows;
  };
  const scratch = new Scratch();
  for await (const packed of readBlocks(db, BlockKind.Chats, fromHour, toHour, CHAT_COLUMNS, build)) {
    let b = chatBlock(packed, names, scratch);
    let rows = selected(b);
    if (rows.length === 0) continue;
    if (!opts.wants(rows.length)) {
      yield { b, rows, listed: null, names, judge };
      continue;
    }
    const hour = packed.base / HOUR_MS;
    let listed = await opts.read(db, packed.base, packed.base + HOUR_MS);
    // A write between reading the block and its listing: build both again in one transaction.
    for (let tries = 0; !matches(b, listed); tries++) {
      if (tries === RELIST_TRIES) throw new Error(`the chats of hour ${hour} keep changing while listed`);
      const fresh = await db.transaction(async (tx) => {
        const data = await rebuildBlock(tx, BlockKind.Chats, hour, build);
        return { data, listed: await opts.read(tx, packed.base, packed.base + HOUR_MS) };
      });
      b = chatBlock(unpack(fresh.data, CHAT_COLUMNS), names);
      rows = selected(b);
      listed = fresh.listed;
    }
    if (rows.length > 0) yield { b, rows, listed, names, judge };
  }
}
