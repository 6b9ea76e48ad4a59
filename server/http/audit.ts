import { Router } from 'express';
import { z } from 'zod';
import type { Deps } from '../deps.ts';
import { auditEntries } from '../store/audit-log.ts';
import { requireRole } from './auth.ts';
import { zodBadRequest } from './errors.ts';

const instant = z.iso.datetime({ offset: true }).transform((s) => Date.parse(s));
const auditQuery = z.strictObject({
  from: instant.optional(),
  to: instant.optional(),
  actor: z.string().min(1).max(200).optional(),
  action: z.string().min(1).max(100).optional(),
  before: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
});

/** `GET /api/audit`: the audit log, newest first, for owners and admins. Nothing here changes it. */
export function auditRouter({ clock, db }: Deps): Router {
  const router = Router();
  router.get('/audit', requireRole(db, clock, 'admin', 'owner'), async (req, res) => {
    const parsed = auditQuery.safeParse(req.query);
    if (!parsed.success) return zodBadRequest(res, parsed.error);
    const entries = await auditEntries(db, parsed.data);
    res.json({
      entries: entries.map(({ id, at, ...rest }) => ({ id, at: new Date(at).toISOString(), ...rest })),
    });
  });
  return router;
}
