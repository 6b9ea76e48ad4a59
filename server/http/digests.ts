import { Router } from 'express';
import { auditSource } from './audit.ts';
import type { Deps } from '../deps.ts';
import { digestPreviewQuerySchema, digestSubscriptionSchema } from '../../shared/digest-schemas.ts';
import { digestSubscription, removeDigestSubscription, saveDigestSubscription } from '../store/digests.ts';
import { recordAudit } from '../store/audit-log.ts';
import type { DigestMailer } from '../digests/digest-mailer.ts';
import { requireRole } from './auth.ts';
import { parseBody, zodBadRequest } from './errors.ts';

/** Email digests (issue 13): owners and admins subscribe themselves, preview, and ask for one now. */
export function digestsRouter(deps: Deps, mailer: DigestMailer): Router {
  const { db, clock } = deps;
  const router = Router();
  const ownersAndAdmins = requireRole(db, clock, 'admin', 'owner');

  router.get('/digests/subscription', ownersAndAdmins, async (req, res) => {
    res.json({ subscription: (await digestSubscription(db, req.agent!.id)) ?? null, emailConfigured: mailer.canSend });
  });

  router.put('/digests/subscription', ownersAndAdmins, async (req, res) => {
    const body = parseBody(digestSubscriptionSchema, req, res);
    if (!body) return;
    const now = clock.now();
    await db.transaction(async (tx) => {
      await saveDigestSubscription(tx, { agentId: req.agent!.id, ...body }, now);
      await recordAudit(tx, { at: now, actor: auditSource(req).actor, action: 'digest.subscribed', target: req.agent!.id, ip: req.ip ?? null, details: body });
    });
    res.json({ subscription: await digestSubscription(db, req.agent!.id), emailConfigured: mailer.canSend });
  });

  router.delete('/digests/subscription', ownersAndAdmins, async (req, res) => {
    await removeDigestSubscription(db, req.agent!.id);
    res.json({ subscription: null, emailConfigured: mailer.canSend });
  });

  const settingsFor = async (agentId: string, q: { frequency?: 'daily' | 'weekly'; timeZone?: string; language?: 'en' | 'ru' | 'bg' }) => {
    const sub = await digestSubscription(db, agentId);
    return {
      frequency: q.frequency ?? sub?.frequency ?? 'weekly',
      timeZone: q.timeZone ?? sub?.timeZone ?? 'UTC',
      language: q.language ?? sub?.language ?? 'en',
    };
  };

  router.get('/digests/preview', ownersAndAdmins, async (req, res) => {
    const parsed = digestPreviewQuerySchema.safeParse(req.query);
    if (!parsed.success) return zodBadRequest(res, parsed.error);
    res.json(await mailer.compose(await settingsFor(req.agent!.id, parsed.data)));
  });

  router.post('/digests/send-now', ownersAndAdmins, async (req, res) => {
    const parsed = digestPreviewQuerySchema.safeParse(req.body ?? {});
    if (!parsed.success) return zodBadRequest(res, parsed.error);
    if (!mailer.canSend) {
      res.status(503).json({ error: 'email is off: set SMTP_URL' });
      return;
    }
    try {
      await mailer.sendNow(req.agent!.email, await settingsFor(req.agent!.id, parsed.data));
    } catch (err) {
      deps.log.error({ err }, 'a digest sent on request failed');
      res.status(502).json({ error: 'the mail server refused the digest: try again later' });
      return;
    }
    res.json({ sentTo: req.agent!.email });
  });

  return router;
}
