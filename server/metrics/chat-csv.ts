import type { Sql } from '../store/sql.ts';
import { exportedChats } from '../store/chat-listing.ts';
import { CHANNELS, PRIORITIES } from './chat-blocks.ts';
import { scopedBlocks, type ChatScopeQuery } from './chat-scope.ts';
import { converted } from './conversion.ts';
import { csvCell } from './csv.ts';
import { firstContactResolved } from './fcr.ts';
import { ahtSec, frtSec, resolutionSec, waitSec } from './response-times.ts';
import { frtOutcome, resolutionOutcome, SlaOutcome } from './sla.ts';
import { localIsoFormatter } from './time-zone.ts';

/**
 * GET /api/chats.csv (METRICS.md §3): one row per chat in scope, in the order of the chats
 * behind `chats.total`, with the values the figures count (the same functions). Made an hour
 * of chats at a time, so a year of a busy site is never in memory at once.
 */

export const CHAT_CSV_COLUMNS = [
  'chatId', 'visitorId', 'channel', 'department', 'priority', 'startedAt', 'closedAt', 'closedBy', 'agentId',
  'agents', 'tags', 'messages', 'waitSec', 'frtSec', 'resolutionSec', 'ahtSec', 'slaFrt', 'slaResolution', 'fcr',
  'converted', 'csat', 'ces', 'nps',
] as const;

const OUTCOME = { [SlaOutcome.Neither]: null, [SlaOutcome.Met]: 'met', [SlaOutcome.Breached]: 'breached' } as const;

const orEmpty = (n: number) => (Number.isNaN(n) ? null : n);

/** The CSV's lines, header first, then the chats of an hour block per chunk (CRLF line ends). */
export async function* chatCsvChunks(db: Sql, q: ChatScopeQuery, tz: string): AsyncGenerator<string> {
  yield `${CHAT_CSV_COLUMNS.join(',')}\r\n`;
  const time = localIsoFormatter(tz);
  for await (const { b, rows, listed, names, judge } of scopedBlocks(db, q, { read: exportedChats, wants: () => true })) {
    const name = (code: number) => (code >= 0 ? names.name(code) : null);
    const list = (codes: Int32Array, from: number, to: number) => Array.from(codes.subarray(from, to), (c) => names.name(c)).join(' ');
    let chunk = '';
    for (const i of rows) {
      const chat = listed![i]!;
      const targets = judge.policies.of(b.department[i]!, b.priority[i]!);
      const closedAt = b.closedAt[i]!;
      const fcr = firstContactResolved(b, i, judge.fcrWindowMs);
      const cells: (string | number | null)[] = [
        chat.chat_id,
        chat.visitor_id,
        CHANNELS[b.channel[i]!]!,
        name(b.department[i]!),
        PRIORITIES[b.priority[i]!]!,
        time(b.startedAt[i]!),
        Number.isNaN(closedAt) ? null : time(closedAt),
        chat.closed_by,
        name(b.agent[i]!),
        list(b.assignmentAgent, b.assignmentStart[i]!, b.assignmentStart[i + 1]!),
        list(b.tag, b.tagStart[i]!, b.tagStart[i + 1]!),
        b.messageCount[i]!,
        orEmpty(waitSec(b, i)),
        orEmpty(frtSec(b, i)),
        orEmpty(resolutionSec(b, i)),
        orEmpty(ahtSec(b, i)),
        targets ? OUTCOME[frtOutcome(targets, b, i, judge.openEnd)] : null,
        targets ? OUTCOME[resolutionOutcome(targets, b, i, judge.openEnd)] : null,
        fcr === null ? null : String(fcr),
        String(converted(b, i)),
        chat.csat,
        chat.ces,
        chat.nps,
      ];
      chunk += `${cells.map(csvCell).join(',')}\r\n`;
    }
    yield chunk;
  }
}
