import { Router } from 'express';
import type { Deps } from '../deps.ts';
import { chatViewer } from '../chat/access.ts';
import { searchChats } from '../store/search.ts';
import { searchWords, snippetOf } from '../../shared/search-snippet.ts';
import { routes } from '../../shared/api-routes.ts';
import { serve } from './api-routes.ts';

/**
 * `GET /api/search`: any signed-in agent; the chats found are those the access rule lets them
 * see (server/chat/access.ts), every chat for owners and admins.
 */
export function searchRouter(deps: Deps): Router {
  const router = Router();
  serve(router, deps, routes.search, async ({ query: p, agent }) => {
    const words = searchWords(p.q);
    const { total, totalCapped, hits } = await searchChats(deps.db, words, {
      from: p.from ?? null,
      to: p.to ?? null,
      agent: p.agent ?? null,
      department: p.department ?? null,
      tag: p.tag ?? null,
      channel: p.channel ?? null,
      status: p.status ?? null,
      viewerId: chatViewer(agent),
      limit: p.limit,
      offset: p.offset,
    });
    return {
      total,
      totalCapped,
      chats: hits.map((h) => ({
        chatId: h.chatId,
        startedAt: new Date(h.startedAt).toISOString(),
        agentId: h.agentId,
        visitorId: h.visitorId,
        visitorName: h.visitorName,
        visitorEmail: h.visitorEmail,
        snippet: snippetOf(h.text, words),
      })),
    };
  });
  return router;
}
