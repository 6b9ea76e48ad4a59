import { Router } from 'express';
import type { Deps } from '../deps.ts';
import { visitorSessionSchema } from '../../shared/schemas.ts';
import { createVisitor, visitorIdForToken } from '../store/chats.ts';
import { readSettings } from '../store/settings.ts';
import { visitorOriginAllowed } from '../chat/visitor-origin.ts';
import { retryAfterSec, type VisitorBudgets } from '../cluster/visitor-budgets.ts';
import { addressKey } from './sign-in-limits.ts';
import { zodBadRequest } from './errors.ts';

/**
 * Visitor identity: an unguessable token the widget keeps in the iframe's storage. A known
 * token is confirmed; an unknown or missing one gets a new visitor, within the address's budget.
 */
export function visitorRouter({ db, clock, config }: Deps, budgets: VisitorBudgets): Router {
  const router = Router();
  router.post('/session', async (req, res) => {
    const { allowedOrigins } = await readSettings(db, config);
    if (!visitorOriginAllowed(req.get('origin'), `${req.protocol}://${req.get('host')}`, config.publicUrl, allowedOrigins)) {
      res.status(403).json({ error: 'origin: this site may not use the chat (ALLOWED_ORIGINS)', field: 'origin' });
      return;
    }
    const parsed = visitorSessionSchema.safeParse(req.body ?? {});
    if (!parsed.success) return zodBadRequest(res, parsed.error);
    const token = parsed.data.token;
    const existing = token ? await visitorIdForToken(db, token) : undefined;
    if (existing && token) {
      res.json({ visitorId: existing, token });
      return;
    }
    const over = await budgets.newSession(addressKey(req.ip));
    if (over) {
      res.setHeader('Retry-After', retryAfterSec(over));
      res.status(429).json({ error: over.error, retryAfterMs: over.retryAfterMs });
      return;
    }
    res.status(201).json(await createVisitor(db, clock.now()));
  });
  return router;
}
