import { Router, type RequestHandler } from 'express';
import type { Deps } from '../deps.ts';
import { apiKeys, createApiKey, looksLikeApiKey, revokeApiKey } from '../team/api-keys.ts';
import type { CounterStore } from '../cluster/counters.ts';
import { retryAfterSec, take } from '../cluster/visitor-budgets.ts';
import { identifyCaller, tokenFromRequest } from './auth.ts';
import { routes } from '../../shared/api-routes.ts';
import { serve, openApiDocument } from './api-routes.ts';
import { auditSource } from './audit.ts';
import { answerTeamRefusals } from './errors.ts';

/** `/api/api-keys` (owners and admins, signed in: a key never makes keys) and the API's description. */
export function apiKeysRouter(deps: Deps): Router {
  const { db, clock, config } = deps;
  const router = Router();
  serve(router, deps, routes.listApiKeys, async () => ({ apiKeys: await apiKeys(db) }));
  serve(router, deps, routes.createApiKey, async ({ req, body, agent }) => createApiKey(db, clock, agent, auditSource(req), body));
  serve(router, deps, routes.revokeApiKey, async ({ req, params }) => {
    await revokeApiKey(db, clock, auditSource(req), params.id);
    return { ok: true as const };
  });
  serve(router, deps, routes.openApi, async () => openApiDocument(config.publicUrl));
  router.use(answerTeamRefusals);
  return router;
}

/**
 * Each API key's budget of requests a minute (`API_KEY_REQUESTS_PER_MINUTE`), counted by every
 * node together: a runaway integration gets 429 with Retry-After, and nobody else is slowed (the
 * console's sessions and the other keys have budgets of their own, or none). Spent once the key
 * is known to be valid, so nobody can spend a key's budget by naming it.
 */
export function apiKeyBudget(deps: Deps, counters: CounterStore): RequestHandler {
  const { db, clock, config } = deps;
  const perMinute = config.apiKeyRequestsPerMinute;
  const requests = counters({ keyPrefix: 'api_key_requests', points: perMinute, duration: 60 });
  return async (req, res, next) => {
    try {
      const token = tokenFromRequest(req);
      if (!token || !looksLikeApiKey(token)) return next();
      const key = (await identifyCaller(db, clock, req))?.key;
      // An unknown or revoked key: the route answers 401.
      if (!key) return next();
      const over = await take(requests, key.id, 1, `this API key made more than ${perMinute} requests in a minute`);
      if (!over) return next();
      res.setHeader('Retry-After', retryAfterSec(over));
      res.status(429).json(over);
    } catch (err) {
      next(err);
    }
  };
}
