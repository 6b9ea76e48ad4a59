import { Router } from 'express';
import type { Deps } from '../deps.ts';
import { apiKeys, createApiKey, revokeApiKey } from '../team/api-keys.ts';
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
