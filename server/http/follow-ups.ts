import { Router } from 'express';
import type { Deps } from '../deps.ts';
import { followUpDoneSchema, followUpListQuerySchema, followUpTimesQuerySchema } from '../../shared/follow-up-schemas.ts';
import { FollowUpError, type FollowUpService } from '../surveys/follow-ups.ts';
import { requireAgent, requireRole } from './auth.ts';
import { parseBody, zodBadRequest } from './errors.ts';

/**
 * Survey follow-ups (issue 13): every agent lists those of the chats they see; their times per
 * agent are for admins and owners, like the metrics (but not a metric: not in /api/metrics).
 */
export function followUpsRouter(deps: Deps, followUps: FollowUpService): Router {
  const { db, clock } = deps;
  const router = Router();
  const agent = requireAgent(db, clock);

  router.get('/follow-ups', agent, async (req, res) => {
    const parsed = followUpListQuerySchema.safeParse(req.query);
    if (!parsed.success) return zodBadRequest(res, parsed.error);
    const status = parsed.data.status ?? 'open';
    res.json({ followUps: await followUps.list(req.agent!, status, parsed.data.limit ?? 100) });
  });

  router.get('/follow-ups/count', agent, async (req, res) => {
    res.json({ open: await followUps.openCount(req.agent!) });
  });

  router.get('/follow-ups/times', requireRole(db, clock, 'admin', 'owner'), async (req, res) => {
    const parsed = followUpTimesQuerySchema.safeParse(req.query);
    if (!parsed.success) return zodBadRequest(res, parsed.error);
    res.json(await followUps.times(parsed.data.from, parsed.data.to));
  });

  router.post('/follow-ups/:id/done', agent, async (req, res) => {
    const body = parseBody(followUpDoneSchema, req, res);
    if (!body) return;
    try {
      res.json({ followUp: await followUps.complete(req.agent!, String(req.params.id), body.note, req.ip ?? null) });
    } catch (err) {
      if (!(err instanceof FollowUpError)) throw err;
      res.status(err.status).json({ error: err.message, field: err.field });
    }
  });

  return router;
}
