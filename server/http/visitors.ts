import { Router } from 'express';
import type { Deps } from '../deps.ts';
import type { ClusterNode } from '../cluster/node.ts';
import { ChatError, type ChatLifecycle } from '../chat/lifecycle.ts';
import { liveVisitors } from '../chat/visitors-now.ts';
import { routes } from '../../shared/api-routes.ts';
import { serve } from './api-routes.ts';
import { badRequest } from './errors.ts';
import { agentNamed } from './chats.ts';

/**
 * Visitors now (README): who is on the site this minute, for every signed-in agent (where a
 * visitor is on the site is not a chat: the access rule is about chats); and "Start chat".
 */
export function visitorsRouter(deps: Deps, { lifecycle, node }: { lifecycle: ChatLifecycle; node: ClusterNode }): Router {
  const { db, clock } = deps;
  const router = Router();
  const onSite = async (visitorId?: string) => liveVisitors(db, node.aliveSince(), clock.now(), visitorId);

  serve(router, deps, routes.liveVisitors, async () => ({ visitors: await onSite() }));

  serve(router, deps, routes.liveVisitor, async ({ params, res }) => {
    const [visitor] = await onSite(params.visitorId);
    if (visitor) return { visitor };
    res.status(404).json({ error: 'visitorId: this visitor is not on the site now', field: 'visitorId' });
  });

  serve(router, deps, routes.startChat, async ({ params, body, agent, res }) => {
    const writer = await agentNamed(db, agent, body.agentId, res);
    if (!writer) return;
    if ((await onSite(params.visitorId)).length === 0) {
      res.status(404).json({ error: 'visitorId: this visitor is not on the site now', field: 'visitorId' });
      return;
    }
    try {
      const message = await lifecycle.startChatWith(writer, params.visitorId, { id: body.id, text: body.text });
      return { chatId: message.chatId, message };
    } catch (err) {
      if (!(err instanceof ChatError)) throw err;
      if (err.field === 'visitorId') res.status(409).json({ error: err.message, field: err.field });
      else badRequest(res, err.field ?? 'body', err.message.replace(/^\w+: /, ''));
    }
  });
  return router;
}
