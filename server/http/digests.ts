import { Router } from 'express';
import { auditSource } from './audit.ts';
import type { Deps } from '../deps.ts';
import { digestSubscription, removeDigestSubscription, saveDigestSubscription } from '../store/digests.ts';
import { recordAudit } from '../store/audit-log.ts';
import type { DigestMailer } from '../digests/digest-mailer.ts';
import { routes } from '../../shared/api-routes.ts';
import { serve } from './api-routes.ts';

/** Email digests (issue 13): owners and admins subscribe themselves, preview, and ask for one now. */
export function digestsRouter(deps: Deps, mailer: DigestMailer): Router {
  const { db, clock } = deps;
  const router = Router();
  const answer = async (agentId: string) => ({
    subscription: (await digestSubscription(db, agentId)) ?? null,
    emailConfigured: mailer.canSend,
  });

  serve(router, deps, routes.digestSubscription, async ({ agent }) => answer(agent.id));

  serve(router, deps, routes.subscribeDigest, async ({ body, agent, req }) => {
    const now = clock.now();
    await db.transaction(async (tx) => {
      await saveDigestSubscription(tx, { agentId: agent.id, ...body }, now);
      await recordAudit(tx, { at: now, actor: auditSource(req).actor, action: 'digest.subscribed', target: agent.id, ip: req.ip ?? null, details: body });
    });
    return answer(agent.id);
  });

  serve(router, deps, routes.unsubscribeDigest, async ({ agent }) => {
    await removeDigestSubscription(db, agent.id);
    return { subscription: null, emailConfigured: mailer.canSend };
  });

  const settingsFor = async (agentId: string, q: { frequency?: 'daily' | 'weekly'; timeZone?: string; language?: 'en' | 'ru' | 'bg' }) => {
    const sub = await digestSubscription(db, agentId);
    return {
      frequency: q.frequency ?? sub?.frequency ?? 'weekly',
      timeZone: q.timeZone ?? sub?.timeZone ?? 'UTC',
      language: q.language ?? sub?.language ?? 'en',
    };
  };

  serve(router, deps, routes.digestPreview, async ({ query, agent }) => mailer.compose(await settingsFor(agent.id, query)));

  serve(router, deps, routes.sendDigestNow, async ({ body, agent, res }) => {
    if (!mailer.canSend) {
      res.status(503).json({ error: 'email is off: set SMTP_URL' });
      return;
    }
    try {
      await mailer.sendNow(agent.email, await settingsFor(agent.id, body));
    } catch (err) {
      deps.log.error({ err }, 'a digest sent on request failed');
      res.status(502).json({ error: 'the mail server refused the digest: try again later' });
      return;
    }
    return { sentTo: agent.email };
  });

  return router;
}
