import { Router } from 'express';
import { z } from 'zod';
import type { Deps } from '../deps.ts';
import { chatViewer } from '../chat/access.ts';
import { parseDateTime } from '../metrics/query.ts';
import { searchChats } from '../store/search.ts';
import { searchWords, snippetOf } from '../../shared/search-snippet.ts';
import { requireAgent } from './auth.ts';
import { badRequest, zodBadRequest } from './errors.ts';

/** An ISO-8601 date or time; without an offset it is UTC. */
const instant = z
  .string()
  .transform((s, ctx) => {
    const at = parseDateTime(s, 'UTC');
    if (at === null) ctx.addIssue({ code: 'custom', message: 'must be an ISO-8601 date or time' });
    return at ?? 0;
  })
  .optional();
const id = z.string().min(1).max(200).optional();

export const searchQuerySchema = z
  .strictObject({
    q: z.string().max(500).refine((q) => searchWords(q).length > 0, 'must hold at least one word (letters or digits)'),
    from: instant,
    to: instant,
    agent: id,
    department: id,
    tag: id,
    channel: z.enum(['widget', 'offline']).optional(),
    status: z.enum(['open', 'closed']).optional(),
    limit: z.coerce.number().int().min(1).max(100).default(20),
    offset: z.coerce.number().int().min(0).max(10_000).default(0),
  })
  .refine((p) => p.from === undefined || p.to === undefined || p.from < p.to, { path: ['from'], message: 'must be before to' });

/**
 * `GET /api/search`: any signed-in agent; the chats found are those the access rule lets them
 * see (server/chat/access.ts), every chat for owners and admins.
 */
export function searchRouter({ db, clock }: Deps): Router {
  const router = Router();
  router.get('/search', requireAgent(db, clock), async (req, res) => {
    const parsed = searchQuerySchema.safeParse(req.query);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      // An unknown parameter is named, not reported as the whole query.
      if (issue.code === 'unrecognized_keys') return badRequest(res, issue.keys[0]!, 'unknown parameter');
      return zodBadRequest(res, parsed.error);
    }
    const p = parsed.data;
    const words = searchWords(p.q);
    const { total, totalCapped, hits } = await searchChats(db, words, {
      from: p.from ?? null,
      to: p.to ?? null,
      agent: p.agent ?? null,
      department: p.department ?? null,
      tag: p.tag ?? null,
      channel: p.channel ?? null,
      status: p.status ?? null,
      viewerId: chatViewer(req.agent!),
      limit: p.limit,
      offset: p.offset,
    });
    res.json({
      total,
      totalCapped,
      chats: hits.map((h) => ({
        chatId: h.chatId,
        startedAt: new Date(h.startedAt).toISOString(),
        agentId: h.agentId,
        visitorName: h.visitorName,
        snippet: snippetOf(h.text, words),
      })),
    });
  });
  return router;
}
