import { Router, type Request } from 'express';
import type { Deps } from '../deps.ts';
import { auditEntries, type AuditSource } from '../store/audit-log.ts';
import { routes } from '../../shared/api-routes.ts';
import { serve } from './api-routes.ts';

/** `GET /api/audit`: the audit log, newest first, for owners and admins. Nothing here changes it. */
export function auditRouter(deps: Deps): Router {
  const router = Router();
  serve(router, deps, routes.audit, async ({ query }) => ({
    entries: (await auditEntries(deps.db, query)).map(({ id, at, ...rest }) => ({ id, at: new Date(at).toISOString(), ...rest })),
  }));
  return router;
}

/** Who is acting in this request (an agent, or `key:<id>` for an API key) and from where. */
export function auditSource(req: Request): AuditSource {
  return { actor: req.apiKey ? `key:${req.apiKey.id}` : (req.agent?.id ?? null), ip: req.ip ?? null };
}
