import { Router } from 'express';
import type { Sql } from '../store/sql.ts';
import type { Clock } from '../clock.ts';
import { visitorSessionSchema } from '../../shared/schemas.ts';
import { createVisitor, visitorIdForToken } from '../store/chats.ts';
import { zodBadRequest } from './errors.ts';

/**
 * Visitor identity: an unguessable token the widget keeps in the iframe's storage. A known
 * token is confirmed; an unknown or missing one gets a new visitor.
 */
export function visitorRouter(db: Sql, clock: Clock): Router {
  const router = Router();
  router.post('/session', async (req, res) => {
    const parsed = visitorSessionSchema.safeParse(req.body ?? {});
    if (!parsed.success) return zodBadRequest(res, parsed.error);
    const token = parsed.data.token;
    const existing = token ? await visitorIdForToken(db, token) : undefined;
    if (existing && token) {
      res.json({ visitorId: existing, token });
      return;
    }
    res.status(201).json(await createVisitor(db, clock.now()));
  });
  return router;
}
