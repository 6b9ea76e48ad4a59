import { Router } from 'express';
import { z } from 'zod';
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
import { businessHoursByDepartmentSchema, invitationsSchema, preChatFormSchema } from '../../shared/schemas.ts';
import { requireAgent, requireRole } from './auth.ts';
import { auditSource } from './audit.ts';

/**
 * Owner and admin settings: agents, departments, SLA policies, canned replies, widget look. The
 * rules of who may change what are the team's (server/team/); here the bodies are read.
 */

const slug = z.string().trim().min(1).max(64).regex(/^[a-z0-9][a-z0-9_-]*$/, 'must be lowercase letters, digits, _ or -');
const role = z.enum(['agent', 'admin', 'owner']);
const priority = z.enum(['low', 'normal', 'high', 'urgent']);
const seconds = z.number().min(0).nullable();

/** The one password rule: for new agents, changed passwords and invitees' own. */
export const newPassword = z.string().min(8, 'must be at least 8 characters').max(200);
/** A new agent's account; invitations take the same fields but the password. */
export const newAgentFields = {
  name: z.string().trim().min(1).max(200),
  email: z.email().max(320),
  role: role.default('agent'),
  maxChats: z.number().int().min(0).max(100).default(3),
  departments: z.array(slug).default([]),
};
const newAgentBody = z.strictObject({ ...newAgentFields, password: newPassword });
const agentPatch = z.strictObject({
  name: z.string().trim().min(1).max(200).optional(),
  role: role.optional(),
  password: newPassword.optional(),
  maxChats: z.number().int().min(0).max(100).optional(),
  departments: z.array(slug).optional(),
  disabled: z.boolean().optional(),
});
const departmentName = z.string().trim().min(1).max(200);
const departmentBody = z.strictObject({ id: slug, name: departmentName });
/** The id cannot change: chats, exported histories and metric filters refer to it. */
const departmentPatch = z.strictObject({ name: departmentName });
const slaBody = z.strictObject({
  departmentId: slug.nullable(),
  priority,
  firstResponseSec: seconds,
  resolutionSec: seconds,
});
const cannedShortcut = z.string().trim().min(1).max(40).regex(/^[\p{L}\p{N}_-]+$/u, 'must be letters, digits, _ or -');
const cannedText = z.string().trim().min(1).max(5000);
const cannedBody = z.strictObject({
  shortcut: cannedShortcut,
  text: cannedText,
  departmentId: slug.nullable().default(null),
  /** Agents may only keep personal replies (the default for them); admins choose, shared by default. */
  personal: z.boolean().optional(),
});
// No defaults here: a field left out keeps its value.
const cannedPatch = z.strictObject({
  shortcut: cannedShortcut.optional(),
  text: cannedText.optional(),
  departmentId: slug.nullable().optional(),
  personal: z.boolean().optional(),
});
const origin = z
  .string()
  .regex(/^https?:\/\/[^/\s]+$/, 'must be an origin such as https://shop.example (no path)');
const settingsPatch = z.strictObject({
  siteName: z.string().trim().min(1).max(100).optional(),
  routingMode: z.enum(['manual', 'auto']).optional(),
  allowedOrigins: z.array(origin).max(50).optional(),
  requireTagToClose: z.boolean().optional(),
  autoAwayMinutes: z.number().int().min(0).max(24 * 60).optional(),
  widget: z
    .strictObject({
      color: z.string().regex(/^#[0-9a-fA-F]{6}$/, 'must be a color such as #2f5bea'),
      position: z.enum(['right', 'left']),
      greeting: z.string().max(300),
      launcherText: z.string().max(40),
      theme: z.enum(['light', 'dark', 'auto']),
    })
    .optional(),
  tracking: z.boolean().optional(),
  invitations: invitationsSchema.optional(),
  preChatForm: preChatFormSchema.optional(),
  businessHours: businessHoursByDepartmentSchema.optional(),
  requireTwoFactor: z.boolean().optional(),
});

export function adminRouter({ db, clock, config }: Deps, events: TeamEvents): Router {
  const router = Router();
  const admin = requireRole(db, clock, 'admin', 'owner');
  const anyAgent = requireAgent(db, clock);

  // Agents --------------------------------------------------------------------------------
  router.get('/agents', admin, async (_req, res) => {
    res.json({
      agents: await teamAgents(db, clock.now()),
      // Without SMTP an invitation is a link the admin hands over (server/http/agent-invitations.ts).
      emailInvitations: Boolean(config.smtpUrl),
    });
  });
  router.post('/agents', admin, async (req, res) => {
    const body = parseBody(newAgentBody, req, res);
    if (!body) return;
    res.status(201).json({ agent: await addAgent(db, req.agent!, auditSource(req), body, clock.now()) });
  });
  router.patch('/agents/:id', admin, async (req, res) => {
    const body = parseBody(agentPatch, req, res);
    if (!body) return;
    const agent = await changeAgent(db, events, req.agent!, auditSource(req), req.sessionTokenHash ?? '', req.params.id as string, body, clock.now());
    res.json({ agent });
  });

  // Departments ---------------------------------------------------------------------------
  router.get('/departments', anyAgent, async (_req, res) => {
    res.json({ departments: await departments(db) });
  });
  router.post('/departments', admin, async (req, res) => {
    const body = parseBody(departmentBody, req, res);
    if (!body) return;
    res.status(201).json({ department: await addDepartment(db, body) });
  });
  router.patch('/departments/:id', admin, async (req, res) => {
    const body = parseBody(departmentPatch, req, res);
    if (!body) return;
    res.json({ department: await renameDepartment(db, req.params.id as string, body.name) });
  });
  router.delete('/departments/:id', admin, async (req, res) => {
    await removeDepartment(db, config, req.params.id as string);
    res.json({ ok: true });
  });

  // SLA policies --------------------------------------------------------------------------
  router.get('/sla-policies', anyAgent, async (_req, res) => {
    res.json({ policies: await slaPolicies(db) });
  });
  router.put('/sla-policies', admin, async (req, res) => {
    const body = parseBody(slaBody, req, res);
    if (!body) return;
    res.json({ policies: await setSlaPolicy(db, body) });
  });
  router.delete('/sla-policies/:id', admin, async (req, res) => {
    res.json({ policies: await removeSlaPolicy(db, req.params.id as string) });
  });

  // Canned replies ------------------------------------------------------------------------
  router.get('/canned', anyAgent, async (req, res) => {
    res.json({ canned: await cannedRepliesOf(db, req.agent!) });
  });
  router.post('/canned', anyAgent, async (req, res) => {
    const body = parseBody(cannedBody, req, res);
    if (!body) return;
    res.status(201).json({ canned: await addCannedReply(db, req.agent!, body) });
  });
  router.patch('/canned/:id', anyAgent, async (req, res) => {
    // Not theirs (or gone) is said before anything about the body.
    const canned = await editableCannedReply(db, req.agent!, req.params.id as string);
    const body = parseBody(cannedPatch, req, res);
    if (!body) return;
    res.json({ canned: await changeCannedReply(db, req.agent!, canned, body) });
  });
  router.delete('/canned/:id', anyAgent, async (req, res) => {
    await removeCannedReply(db, req.agent!, req.params.id as string);
    res.json({ ok: true });
  });

  // Settings ------------------------------------------------------------------------------
  router.get('/settings', admin, async (_req, res) => {
    res.json({ settings: await readSettings(db, config) });
  });
  router.patch('/settings', admin, async (req, res) => {
    const body = parseBody(settingsPatch, req, res);
    if (!body) return;
    res.json({ settings: await changeSettings(db, config, events, req.agent!, auditSource(req), body, clock.now()) });
  });

  /** The secret a site's backend signs `Parley('identify')` with (server/chat/identity.ts). */
  router.get('/settings/identity-secret', admin, async (_req, res) => {
    res.json({ secret: await identitySecret(db), algorithm: 'hex HMAC-SHA256 of `${id}.${signedAt}`, signedAt in epoch seconds' });
  });

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
