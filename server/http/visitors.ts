import { Router } from 'express';
import type { Deps } from '../deps.ts';
import type { ClusterNode } from '../cluster/node.ts';
import { ChatError, type ChatLifecycle } from '../chat/lifecycle.ts';
import { liveVisitors } from '../chat/visitors-now.ts';
import { startChatSchema } from '../../shared/schemas.ts';
import { requireAgent } from './auth.ts';
import { badRequest, parseBody } from './errors.ts';

/**
 * Visitors now (README): who is on the site this minute, for every signed-in agent (where a
 * visitor is on the site is not a chat: the access rule is about chats); and "Start chat".
 */
export function visitorsRouter({ db, clock }: Deps, { lifecycle, node }: { lifecycle: ChatLifecycle; node: ClusterNode }): Router {
  const router = Router();
  const anyAgent = requireAgent(db, clock);

  router.get('/visitors/live', anyAgent, async (_req, res) => {
    res.json({ visitors: await liveVisitors(db, node.aliveSince(), clock.now()) });
  });

  router.post('/visitors/:visitorId/chats', anyAgent, async (req, res) => {
    const body = parseBody(startChatSchema, req, res);
    if (!body) return;
    const visitorId = String(req.params.visitorId);
    if ((await liveVisitors(db, node.aliveSince(), clock.now(), visitorId)).length === 0) {
      res.status(404).json({ error: 'visitorId: this visitor is not on the site now', field: 'visitorId' });
      return;
    }
    try {
      const message = await lifecycle.startChatWith(req.agent!, visitorId, body);
      res.status(201).json({ chatId: message.chatId, message });
    } catch (err) {
      if (!(err instanceof ChatError)) throw err;
      if (err.field === 'visitorId') res.status(409).json({ error: err.message, field: err.field });
      else badRequest(res, err.field ?? 'body', err.message.replace(/^\w+: /, ''));
    }
  });
  return router;
}
