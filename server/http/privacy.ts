import { Router } from 'express';
import { z } from 'zod';
import { auditSource } from './audit.ts';
import type { Deps } from '../deps.ts';
import { recordAudit } from '../store/audit-log.ts';
import { writeSetting } from '../store/settings.ts';
import { activeBlocks, liftBlock } from '../store/visitor-blocks.ts';
import { eraseVisitor, exportVisitor } from '../chat/visitor-privacy.ts';
import { retentionDaysSetting, type Retention } from '../chat/retention.ts';
import { requireRole } from './auth.ts';
import { addressKey } from './sign-in-limits.ts';
import { parseBody } from './errors.ts';

const visitorIdParam = z.string().min(1).max(128);
const retentionBody = z.strictObject({
  retentionDays: z.number().int().min(1, 'must be at least 1 day').max(36500).nullable(),
});
const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/**
 * A visitor's data (issue 11), for owners and admins: the export, the erasure, retention, and
 * the blocked visitors' list. Each of these is recorded in the audit log.
 */
export function privacyRouter({ db, clock, config }: Deps, retention: Retention, filesDir: string): Router {
  const router = Router();
  const admin = requireRole(db, clock, 'admin', 'owner');
  const badId = (res: any) => res.status(400).json({ error: 'visitorId: must be 1 to 128 characters', field: 'visitorId' });

  router.get('/visitors/:visitorId/export', admin, async (req, res) => {
    const visitorId = visitorIdParam.safeParse(req.params.visitorId);
    if (!visitorId.success) return badId(res);
    const now = clock.now();
    const document = await exportVisitor(db, config, visitorId.data, now);
    if (!document) return res.status(404).json({ error: 'visitorId: no such visitor', field: 'visitorId' });
    await recordAudit(db, { at: now, actor: auditSource(req).actor, action: 'visitor.exported', target: visitorId.data, ip: addressKey(req.ip), details: null });
    res.setHeader('Content-Disposition', `attachment; filename="visitor-${visitorId.data.replace(/[^A-Za-z0-9_-]/g, '_')}.json"`);
    res.setHeader('Cache-Control', 'no-store');
    res.json(document);
  });

  router.post('/visitors/:visitorId/erase', admin, async (req, res) => {
    const visitorId = visitorIdParam.safeParse(req.params.visitorId);
    if (!visitorId.success) return badId(res);
    const erased = await eraseVisitor({ db, filesDir, now: clock.now() }, visitorId.data, { actor: auditSource(req).actor, ip: addressKey(req.ip) });
    if (!erased) return res.status(404).json({ error: 'visitorId: no such visitor', field: 'visitorId' });
    res.json({ erased });
  });

  const retentionView = async () => {
    const s = await retention.status();
    return { retentionDays: s.retentionDays, nextRunAt: iso(s.nextRunAt), lastRun: s.lastRun && { at: iso(s.lastRun.at), chats: s.lastRun.chats, visitors: s.lastRun.visitors } };
  };
  router.get('/privacy/retention', admin, async (_req, res) => {
    res.json(await retentionView());
  });
  router.put('/privacy/retention', admin, async (req, res) => {
    const body = parseBody(retentionBody, req, res);
    if (!body) return;
    await db.transaction(async (tx) => {
      await writeSetting(tx, retentionDaysSetting, body.retentionDays);
      await recordAudit(tx, {
        at: clock.now(),
        actor: auditSource(req).actor,
        action: 'settings.changed',
        target: retentionDaysSetting,
        ip: addressKey(req.ip),
        details: { retentionDays: body.retentionDays },
      });
    });
    await retention.settingChanged();
    res.json(await retentionView());
  });

  router.get('/visitor-blocks', admin, async (_req, res) => {
    res.json({ blocks: (await activeBlocks(db)).map((b) => ({ ...b, createdAt: iso(b.createdAt) })) });
  });
  router.delete('/visitor-blocks/:id', admin, async (req, res) => {
    const now = clock.now();
    const lifted = await db.transaction(async (tx) => {
      const block = await liftBlock(tx, String(req.params.id), req.agent!.id, now);
      if (block) {
        await recordAudit(tx, { at: now, actor: auditSource(req).actor, action: 'visitor.unblocked', target: block.visitorId, ip: addressKey(req.ip), details: { blockId: block.id } });
      }
      return block;
    });
    if (!lifted) return res.status(404).json({ error: 'id: no such block in force', field: 'id' });
    res.json({ lifted: { id: lifted.id, visitorId: lifted.visitorId } });
  });
  return router;
}
