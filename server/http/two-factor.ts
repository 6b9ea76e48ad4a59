import { Router } from 'express';
import { z } from 'zod';
import type { Deps } from '../deps.ts';
import { readSettings } from '../store/settings.ts';
import { recoveryCodesLeft } from '../store/two-factor.ts';
import type { TwoFactor } from '../team/two-factor.ts';
import { auditSource } from './audit.ts';
import { requireAgent, requireRole } from './auth.ts';
import { answerTeamRefusals, parseBody } from './errors.ts';
import { addressKey, tooManyAttempts, type SignInLimits } from './sign-in-limits.ts';

const codeBody = z.strictObject({ code: z.string().trim().min(1).max(64) });

/**
 * Two-factor sign-in (server/team/two-factor.ts has the rules):
 * - GET /api/auth/two-factor: the signed-in agent's state (on, recovery codes left, required);
 * - POST /api/auth/two-factor → {secret, otpauthUrl}: starts enrolment;
 * - POST /api/auth/two-factor/confirm {code} → {recoveryCodes}: turns it on (codes shown once);
 * - DELETE /api/auth/two-factor {code}: turns their own off, with a current code;
 * - DELETE /api/agents/:id/two-factor: an admin resets an agent's (an owner an admin's).
 * The first three work before enrolment while the owner requires it: they are the way out.
 */
export function twoFactorRouter({ db, clock, config }: Deps, twoFactor: TwoFactor, signIns: SignInLimits): Router {
  const router = Router();
  const enrolling = requireAgent(db, clock, { beforeEnrolment: true });

  router.get('/auth/two-factor', enrolling, async (req, res) => {
    const agent = req.agent!;
    res.json({ enabled: agent.twoFactor, recoveryCodesLeft: agent.twoFactor ? await recoveryCodesLeft(db, agent.id) : 0, required: await twoFactor.required() });
  });
  router.post('/auth/two-factor', enrolling, async (req, res) => {
    res.json(await twoFactor.start(req.agent!, (await readSettings(db, config)).siteName));
  });
  router.post('/auth/two-factor/confirm', enrolling, async (req, res) => {
    const body = parseBody(codeBody, req, res);
    if (!body) return;
    res.json(await twoFactor.confirm(req.agent!, body.code, auditSource(req)));
  });
  // A stolen session must not be able to guess its way to turning two-factor off: the codes
  // tried here count like sign-ins.
  router.delete('/auth/two-factor', requireAgent(db, clock, { sessionOnly: true }), async (req, res) => {
    const body = parseBody(codeBody, req, res);
    if (!body) return;
    const attempt = await signIns.attempt(addressKey(req.ip), `two-factor:${req.agent!.id}`);
    if (!attempt.allowed) return tooManyAttempts(res, attempt.retryAfterSec);
    await twoFactor.turnOff(req.agent!, body.code, auditSource(req));
    await attempt.succeeded();
    res.json({ ok: true });
  });
  router.delete('/agents/:id/two-factor', requireRole(db, clock, 'admin', 'owner'), async (req, res) => {
    res.json({ agent: await twoFactor.reset(req.agent!, req.params.id as string, auditSource(req)) });
  });

  router.use(answerTeamRefusals);
  return router;
}
