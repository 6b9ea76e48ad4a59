import { Router } from 'express';
import { auditSource } from './audit.ts';
import type { Deps } from '../deps.ts';
import { recordAudit } from '../store/audit-log.ts';
import { writeSetting } from '../store/settings.ts';
import { activeBlocks, liftBlock } from '../store/visitor-blocks.ts';
import { eraseVisitor, exportVisitor } from '../chat/visitor-privacy.ts';
import { retentionDaysSetting, type Retention } from '../chat/retention.ts';
import { routes } from '../../shared/api-routes.ts';
import { serve } from './api-routes.ts';
import { addressKey } from './sign-in-limits.ts';

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * A visitor's data (issue 11), for owners and admins: the export, the erasure, retention, and
 * the blocked visitors' list. Each of these is recorded in the audit log.
 */
export function privacyRouter(deps: Deps, retention: Retention, filesDir: string): Router {
  const { db, clock, config } = deps;
  const router = Router();

  serve(router, deps, routes.exportVisitor, async ({ params: { visitorId }, req, res }) => {
    const now = clock.now();
    const document = await exportVisitor(db, config, visitorId, now);
    if (!document) {
      res.status(404).json({ error: 'visitorId: no such visitor', field: 'visitorId' });
      return;
    }
    await recordAudit(db, { at: now, actor: auditSource(req).actor, action: 'visitor.exported', target: visitorId, ip: addressKey(req.ip), details: null });
    res.setHeader('Content-Disposition', `attachment; filename="visitor-${visitorId.replace(/[^A-Za-z0-9_-]/g, '_')}.json"`);
    res.setHeader('Cache-Control', 'no-store');
    return document;
  });

  serve(router, deps, routes.eraseVisitor, async ({ params: { visitorId }, req, res }) => {
    const erased = await eraseVisitor({ db, filesDir, now: clock.now() }, visitorId, { actor: auditSource(req).actor, ip: addressKey(req.ip) });
    if (erased) return { erased };
    res.status(404).json({ error: 'visitorId: no such visitor', field: 'visitorId' });
  });

  const retentionView = async () => {
    const s = await retention.status();
    return {
      retentionDays: s.retentionDays,
      nextRunAt: s.nextRunAt === null ? null : iso(s.nextRunAt),
      lastRun: s.lastRun && { at: iso(s.lastRun.at), chats: s.lastRun.chats, visitors: s.lastRun.visitors },
    };
  };
  serve(router, deps, routes.retention, retentionView);
  serve(router, deps, routes.changeRetention, async ({ body, req }) => {
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
    return retentionView();
  });

  serve(router, deps, routes.visitorBlocks, async () => ({ blocks: (await activeBlocks(db)).map((b) => ({ ...b, createdAt: iso(b.createdAt) })) }));
  serve(router, deps, routes.removeVisitorBlock, async ({ params, agent, req, res }) => {
    const now = clock.now();
    const lifted = await db.transaction(async (tx) => {
      const block = await liftBlock(tx, params.id, agent.id, now);
      if (block) {
        await recordAudit(tx, { at: now, actor: auditSource(req).actor, action: 'visitor.unblocked', target: block.visitorId, ip: addressKey(req.ip), details: { blockId: block.id } });
      }
      return block;
    });
    if (lifted) return { lifted: { id: lifted.id, visitorId: lifted.visitorId } };
    res.status(404).json({ error: 'id: no such block in force', field: 'id' });
  });
  return router;
}
