import { Router } from 'express';
import type { Deps } from '../deps.ts';
import { departments } from '../store/chat-extras.ts';
import { identitySecret, readSettings } from '../store/settings.ts';
import { slaPolicies } from '../store/sla-policies.ts';
import { addAgent, changeAgent, teamAgents } from '../team/agents.ts';
import { addDepartment, removeDepartment, renameDepartment } from '../team/departments.ts';
import { removeSlaPolicy, setSlaPolicy } from '../team/sla-policies.ts';
import { addCannedReply, cannedRepliesOf, changeCannedReply, editableCannedReply, removeCannedReply } from '../team/canned-replies.ts';
import { changeSettings } from '../team/settings.ts';
import type { TeamEvents } from '../team/team-events.ts';
import { answerTeamRefusals, parseBody } from './errors.ts';
import { widgetConfig } from './widget-config.ts';
import { routes } from '../../shared/api-routes.ts';
import { expressPath, serve } from './api-routes.ts';
import { requireAgent } from './auth.ts';
import { auditSource } from './audit.ts';

/**
 * Owner and admin settings: agents, departments, SLA policies, canned replies, widget look. The
 * rules of who may change what are the team's (server/team/); the bodies are read by their
 * declarations in shared/api-routes.ts (schemas in shared/team-schemas.ts).
 */
export function adminRouter(deps: Deps, events: TeamEvents): Router {
  const { db, clock, config } = deps;
  const router = Router();

  // Agents --------------------------------------------------------------------------------
  serve(router, deps, routes.listAgents, async () => ({
    agents: await teamAgents(db, clock.now()),
    // Without SMTP an invitation is a link the admin hands over (server/http/agent-invitations.ts).
    emailInvitations: Boolean(config.smtpUrl),
  }));
  serve(router, deps, routes.addAgent, async ({ body, agent, req }) => ({ agent: await addAgent(db, agent, auditSource(req), body, clock.now()) }));
  serve(router, deps, routes.changeAgent, async ({ params, body, agent, req }) => ({
    agent: await changeAgent(db, events, agent, auditSource(req), req.sessionTokenHash ?? '', params.id, body, clock.now()),
  }));

  // Departments ---------------------------------------------------------------------------
  serve(router, deps, routes.departments, async () => ({ departments: await departments(db) }));
  serve(router, deps, routes.addDepartment, async ({ body }) => ({ department: await addDepartment(db, body) }));
  serve(router, deps, routes.renameDepartment, async ({ params, body }) => ({ department: await renameDepartment(db, params.id, body.name) }));
  serve(router, deps, routes.removeDepartment, async ({ params }) => {
    await removeDepartment(db, config, params.id);
    return { ok: true as const };
  });

  // SLA policies --------------------------------------------------------------------------
  serve(router, deps, routes.slaPolicies, async () => ({ policies: await slaPolicies(db) }));
  serve(router, deps, routes.saveSlaPolicy, async ({ body }) => ({ policies: await setSlaPolicy(db, body) }));
  serve(router, deps, routes.removeSlaPolicy, async ({ params }) => ({ policies: await removeSlaPolicy(db, params.id) }));

  // Canned replies ------------------------------------------------------------------------
  serve(router, deps, routes.cannedReplies, async ({ agent }) => ({ canned: await cannedRepliesOf(db, agent) }));
  serve(router, deps, routes.addCannedReply, async ({ body, agent }) => ({ canned: await addCannedReply(db, agent, body) }));
  // Served by hand: not theirs (or gone) is said before anything about the body, which the
  // declaration's parsing would check first.
  router.patch(expressPath(routes.changeCannedReply), requireAgent(db, clock), async (req, res) => {
    const canned = await editableCannedReply(db, req.agent!, req.params.id as string);
    const body = parseBody(routes.changeCannedReply.body, req, res);
    if (!body) return;
    res.json({ canned: await changeCannedReply(db, req.agent!, canned, body) });
  });
  serve(router, deps, routes.removeCannedReply, async ({ params, agent }) => {
    await removeCannedReply(db, agent, params.id);
    return { ok: true as const };
  });

  // Settings ------------------------------------------------------------------------------
  serve(router, deps, routes.settings, async () => ({ settings: await readSettings(db, config) }));
  serve(router, deps, routes.changeSettings, async ({ body, agent, req }) => ({
    settings: await changeSettings(db, config, events, agent, auditSource(req), body, clock.now()),
  }));

  /** The secret a site's backend signs `Parley('identify')` with (server/chat/identity.ts). */
  serve(router, deps, routes.identitySecret, async () => ({
    secret: await identitySecret(db),
    algorithm: 'hex HMAC-SHA256 of `${id}.${signedAt}`, signedAt in epoch seconds',
  }));

  /** What the widget needs to draw itself; public. */
  router.get('/widget/config', async (_req, res) => {
    res.setHeader('Cache-Control', 'no-cache');
    // The loader reads it from the customer's page, on another origin.
    res.setHeader('Access-Control-Allow-Origin', '*');
    res.json(await widgetConfig(db, config, clock.now()));
  });

  router.use(answerTeamRefusals);
  return router;
}
