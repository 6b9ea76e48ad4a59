import { Router } from 'express';
import type { Deps } from '../deps.ts';
import { readSettings } from '../store/settings.ts';
import { recoveryCodesLeft } from '../store/two-factor.ts';
import type { TwoFactor } from '../team/two-factor.ts';
import { routes } from '../../shared/api-routes.ts';
import { serve } from './api-routes.ts';
import { auditSource } from './audit.ts';
import { answerTeamRefusals } from './errors.ts';
import { addressKey, tooManyAttempts, type SignInLimits } from './sign-in-limits.ts';

/**
 * Two-factor sign-in (server/team/two-factor.ts has the rules):
 * - GET /api/auth/two-factor: the signed-in agent's state (on, recovery codes left, required);
 * - POST /api/auth/two-factor → {secret, otpauthUrl}: starts enrolment;
 * - POST /api/auth/two-factor/confirm {code} → {recoveryCodes}: turns it on (codes shown once);
 * - DELETE /api/auth/two-factor {code}: turns their own off, with a current code;
 * - DELETE /api/agents/:id/two-factor: an admin resets an agent's (an owner an admin's).
 * The first three work before enrolment while the owner requires it (their declarations'
 * `beforeEnrolment`): they are the way out.
 */
export function twoFactorRouter(deps: Deps, twoFactor: TwoFactor, signIns: SignInLimits): Router {
  const { db, config } = deps;
  const router = Router();

  serve(router, deps, routes.twoFactorState, async ({ agent }) => ({
    enabled: agent.twoFactor,
    recoveryCodesLeft: agent.twoFactor ? await recoveryCodesLeft(db, agent.id) : 0,
    required: await twoFactor.required(),
  }));
  serve(router, deps, routes.twoFactorStart, async ({ agent }) => twoFactor.start(agent, (await readSettings(db, config)).siteName));
  serve(router, deps, routes.twoFactorConfirm, async ({ agent, body, req }) => twoFactor.confirm(agent, body.code, auditSource(req)));
  // A stolen session must not be able to guess its way to turning two-factor off: the codes
  // tried here count like sign-ins.
  serve(router, deps, routes.twoFactorOff, async ({ agent, body, req, res }) => {
    const attempt = await signIns.attempt(addressKey(req.ip), `two-factor:${agent.id}`);
    if (!attempt.allowed) return tooManyAttempts(res, attempt.retryAfterSec);
    await twoFactor.turnOff(agent, body.code, auditSource(req));
    await attempt.succeeded();
    return { ok: true as const };
  });
  serve(router, deps, routes.twoFactorReset, async ({ params, agent, req }) => ({ agent: await twoFactor.reset(agent, params.id, auditSource(req)) }));

  router.use(answerTeamRefusals);
  return router;
}
