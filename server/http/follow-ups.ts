import { Router } from 'express';
import type { Deps } from '../deps.ts';
import { FollowUpError, type FollowUpService } from '../surveys/follow-ups.ts';
import { routes } from '../../shared/api-routes.ts';
import { serve } from './api-routes.ts';

/**
 * Survey follow-ups (issue 13): every agent lists those of the chats they see; their times per
 * agent are for admins and owners, like the metrics (but not a metric: not in /api/metrics).
 */
export function followUpsRouter(deps: Deps, followUps: FollowUpService): Router {
  const router = Router();

  serve(router, deps, routes.followUps, async ({ query, agent }) => ({ followUps: await followUps.list(agent, query.status ?? 'open', query.limit ?? 100) }));
  serve(router, deps, routes.followUpCount, async ({ agent }) => ({ open: await followUps.openCount(agent) }));
  serve(router, deps, routes.followUpTimes, async ({ query }) => followUps.times(query.from, query.to));
  serve(router, deps, routes.followUpDone, async ({ params, body, agent, req, res }) => {
    try {
      return { followUp: await followUps.complete(agent, params.id, body.note, req.ip ?? null) };
    } catch (err) {
      if (!(err instanceof FollowUpError)) throw err;
      res.status(err.status).json({ error: err.message, field: err.field });
    }
  });
  return router;
}
