import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import type { Deps } from '../deps.ts';
import { createAgent, getAgent, hashPassword, listAgents, type AgentRow } from '../store/agents.ts';
import { openInvitation } from '../store/agent-invitations.ts';
import type { Sql } from '../store/sql.ts';
import { allCanned, cannedFor, departments, getCanned } from '../store/chat-extras.ts';
import { identitySecret, readSettings, writeSettings } from '../store/settings.ts';
import { deleteDepartment, deleteSlaPolicy, departmentUses, renameDepartment, updateCanned } from '../store/admin-records.ts';
import { newId } from '../../shared/ids.ts';
import { badRequest, parseBody } from './errors.ts';
import { widgetConfig } from './widget-config.ts';
import { businessHoursByDepartmentSchema, invitationsSchema, preChatFormSchema } from '../../shared/schemas.ts';
import { requireAgent, requireRole } from './auth.ts';

/** Owner and admin settings: agents, departments, SLA policies, canned replies, widget look. */

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
});

/**
 * Why `me` may not add this agent (answered as a 400 naming the field), or false: the rules of
 * adding an agent with a password and of inviting one by email.
 */
export async function refuseNewAgent(db: Sql, res: Response, me: AgentRow, body: { email: string; role: string; departments: string[] }): Promise<boolean> {
  if (body.role === 'owner' && me.role !== 'owner') {
    badRequest(res, 'role', 'only an owner can make an owner');
    return true;
  }
  const known = await departments(db);
  const unknown = body.departments.find((d) => !known.some((x) => x.id === d));
  if (unknown) {
    badRequest(res, 'departments', `no department "${unknown}"`);
    return true;
  }
  // Any row, imported records and invitees included: one email, one person.
  if (await db.get('SELECT 1 FROM agents WHERE email = ? COLLATE NOCASE', [body.email])) {
    badRequest(res, 'email', 'an agent with this email exists already');
    return true;
  }
  return false;
}

/** What the live side (sockets, routing) must hear about changes made here. */
export interface AdminEvents {
  /** Disabled: their sockets close, they go offline and their chats go back to the queue. */
  agentDisabled(agentId: string): Promise<void>;
  /** Room or departments of an agent changed: waiting chats may now have someone. */
  agentChanged(agentId: string): Promise<void>;
  settingsChanged(): Promise<void>;
  /** The agent's password changed: their sockets opened with any other session close. */
  sessionsEnded(agentId: string, keptTokenHash: string): void;
}

const noEvents: AdminEvents = { async agentDisabled() {}, async agentChanged() {}, async settingsChanged() {}, sessionsEnded() {} };

export function adminRouter({ db, clock, config }: Deps, events: AdminEvents = noEvents): Router {
  const router = Router();
  const admin = requireRole(db, clock, 'admin', 'owner');
  const anyAgent = requireAgent(db, clock);

  const missingDepartment = async (ids: string[]) => {
    const known = await departments(db);
    return ids.find((d) => !known.some((x) => x.id === d));
  };

  // Agents --------------------------------------------------------------------------------
  router.get('/agents', admin, async (_req, res) => {
    const now = clock.now();
    const agents = await Promise.all(
      (await listAgents(db)).map(async (a) => ({ ...a, invitation: await openInvitation(db, a.id, now) })),
    );
    res.json({
      agents,
      // Without SMTP an invitation is a link the admin hands over (server/http/agent-invitations.ts).
      emailInvitations: Boolean(config.smtpUrl),
    });
  });
  router.post('/agents', admin, async (req, res) => {
    const body = parseBody(newAgentBody, req, res);
    if (!body) return;
    const { password, ...account } = body;
    // Hashed before the checks, so that nothing happens between checking and writing.
    const passwordHash = await hashPassword(password);
    if (await refuseNewAgent(db, res, req.agent!, account)) return;
    res.status(201).json({ agent: { ...await createAgent(db, { ...account, passwordHash }, clock.now()), invitation: null } });
  });
  router.patch('/agents/:id', admin, async (req, res) => {
    const body = parseBody(agentPatch, req, res);
    if (!body) return;
    const passwordHash = body.password === undefined ? undefined : await hashPassword(body.password);
    const target = await getAgent(db, req.params.id as string);
    if (!target) {
      res.status(404).json({ error: 'no such agent' });
      return;
    }
    const me = req.agent!;
    if ((target.role === 'owner' || body.role === 'owner') && me.role !== 'owner') {
      return badRequest(res, 'role', 'only an owner can change an owner');
    }
    if (target.id === me.id && (body.disabled || (body.role && body.role !== me.role))) {
      return badRequest(res, 'role', 'you cannot disable yourself or change your own role');
    }
    if (body.password !== undefined && target.id !== me.id && target.role !== 'agent' && me.role !== 'owner') {
      res.status(403).json({ error: "password: only an owner can set another admin's password", field: 'password' });
      return;
    }
    const unknown = await missingDepartment(body.departments ?? []);
    if (unknown) return badRequest(res, 'departments', `no department "${unknown}"`);
    await db.transaction(async (db) => {
      const set = (column: string, value: unknown) => db.run(`UPDATE agents SET ${column} = ? WHERE id = ?`, [value, target.id]);
      if (body.name !== undefined) await set('name', body.name);
      if (body.role !== undefined) await set('role', body.role);
      if (body.maxChats !== undefined) await set('max_chats', body.maxChats);
      if (body.disabled !== undefined) await set('disabled', body.disabled ? 1 : 0);
      if (passwordHash !== undefined) await set('password_hash', passwordHash);
      if (body.disabled) await db.run('DELETE FROM sessions WHERE agent_id = ?', [target.id]);
      // A new password ends every other session of the account: whoever knew the old one is out.
      else if (passwordHash !== undefined) {
        await db.run('DELETE FROM sessions WHERE agent_id = ? AND token_hash <> ?', [target.id, req.sessionTokenHash ?? '']);
      }
      if (body.departments) {
        await db.run('DELETE FROM agent_departments WHERE agent_id = ?', [target.id]);
        for (const d of body.departments) await db.run('INSERT INTO agent_departments (agent_id, department_id) VALUES (?, ?)', [target.id, d]);
      }
    });
    if (body.disabled && !target.disabled) await events.agentDisabled(target.id);
    else await events.agentChanged(target.id);
    if (passwordHash !== undefined && !body.disabled) events.sessionsEnded(target.id, req.sessionTokenHash ?? '');
    res.json({ agent: { ...(await getAgent(db, target.id))!, invitation: await openInvitation(db, target.id, clock.now()) } });
  });

  // Departments ---------------------------------------------------------------------------
  router.get('/departments', anyAgent, async (_req, res) => {
    res.json({ departments: await departments(db) });
  });
  router.post('/departments', admin, async (req, res) => {
    const body = parseBody(departmentBody, req, res);
    if (!body) return;
    if ((await departments(db)).some((d) => d.id === body.id)) return badRequest(res, 'id', 'this department exists already');
    await db.run('INSERT INTO departments (id, name) VALUES (?, ?)', [body.id, body.name]);
    res.status(201).json({ department: body });
  });
  router.patch('/departments/:id', admin, async (req, res) => {
    const id = req.params.id as string;
    const body = parseBody(departmentPatch, req, res);
    if (!body) return;
    if (!await renameDepartment(db, id, body.name)) {
      res.status(404).json({ error: 'no such department' });
      return;
    }
    res.json({ department: { id, name: body.name } });
  });
  router.delete('/departments/:id', admin, async (req, res) => {
    const id = req.params.id as string;
    // Checked and deleted in one transaction, so nothing can start using it in between.
    const outcome = await db.transaction(async (db) => {
      if (!(await departments(db)).some((d) => d.id === id)) return { status: 404, error: 'no such department' } as const;
      const inUse = await departmentInUse(id);
      if (inUse) return { status: 409, ...inUse } as const;
      await deleteDepartment(db, id);
      return null;
    });
    if (outcome) {
      const { status, ...answer } = outcome;
      res.status(status).json(answer);
      return;
    }
    res.json({ ok: true });
  });

  /**
   * Why a department cannot be deleted, or null. Chats keep their department for good: the
   * metrics count chats per department and an export must define every department its chats
   * name, so a department with chats can only be renamed. Agents, canned replies, SLA policies
   * and business hours are the admin's to move first, so that no routing or SLA target changes
   * silently.
   */
  async function departmentInUse(id: string) {
    const uses = await departmentUses(db, id);
    const businessHours = Object.hasOwn((await readSettings(db, config)).businessHours, id);
    const count = (n: number, one: string, many: string) => (n ? [`${n} ${n === 1 ? one : many}`] : []);
    const parts = [
      ...count(uses.chats, 'chat', 'chats'),
      ...count(uses.agents, 'agent', 'agents'),
      ...count(uses.cannedReplies, 'canned reply', 'canned replies'),
      ...count(uses.slaPolicies, 'SLA policy', 'SLA policies'),
      ...(businessHours ? ['its business hours'] : []),
    ];
    if (!parts.length) return null;
    const advice = uses.chats
      ? 'chats keep their department for the history and the metrics, so it can only be renamed'
      : 'move or remove those first';
    return { error: `the department is in use by ${parts.join(', ')}: ${advice}`, uses: { ...uses, businessHours } };
  }

  // SLA policies --------------------------------------------------------------------------
  const slaRows = () =>
    db.all(`SELECT id, department_id AS departmentId, priority, first_response_sec AS firstResponseSec,
         resolution_sec AS resolutionSec FROM sla_policies ORDER BY department_id, priority`);
  router.get('/sla-policies', anyAgent, async (_req, res) => {
    res.json({ policies: await slaRows() });
  });
  router.put('/sla-policies', admin, async (req, res) => {
    // One policy per (department, priority): PUT sets it, replacing what was there.
    const body = parseBody(slaBody, req, res);
    if (!body) return;
    if (body.departmentId && await missingDepartment([body.departmentId])) {
      return badRequest(res, 'departmentId', `no department "${body.departmentId}"`);
    }
    await db.run(`INSERT INTO sla_policies (id, department_id, priority, first_response_sec, resolution_sec) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (coalesce(department_id, ''), priority)
       DO UPDATE SET first_response_sec = excluded.first_response_sec, resolution_sec = excluded.resolution_sec`, [newId('sla_'), body.departmentId, body.priority, body.firstResponseSec, body.resolutionSec]);
    res.json({ policies: await slaRows() });
  });
  router.delete('/sla-policies/:id', admin, async (req, res) => {
    // The metrics look the policies up at query time (server/metrics/sla.ts): the chats it
    // covered fall back to the policy for all departments of their priority, or to none.
    if (!await deleteSlaPolicy(db, req.params.id as string)) {
      res.status(404).json({ error: 'no such SLA policy' });
      return;
    }
    res.json({ policies: await slaRows() });
  });

  // Canned replies ------------------------------------------------------------------------
  const refuseSharing = (res: Response) => {
    res.status(403).json({ error: 'personal: only admins and owners can share a canned reply', field: 'personal' });
  };
  router.get('/canned', anyAgent, async (req, res) => {
    const me = req.agent!;
    res.json({ canned: me.role === 'agent' ? await cannedFor(db, me.id) : await allCanned(db) });
  });
  router.post('/canned', anyAgent, async (req, res) => {
    const body = parseBody(cannedBody, req, res);
    if (!body) return;
    const me = req.agent!;
    if (me.role === 'agent' && body.personal === false) return refuseSharing(res);
    const personal = body.personal ?? me.role === 'agent';
    if (body.departmentId && await missingDepartment([body.departmentId])) {
      return badRequest(res, 'departmentId', `no department "${body.departmentId}"`);
    }
    const id = newId('cn_');
    await db.run('INSERT INTO canned_replies (id, shortcut, text, department_id, owner_agent_id) VALUES (?, ?, ?, ?, ?)', [id, body.shortcut, body.text, body.departmentId, personal ? me.id : null]);
    res.status(201).json({ canned: await getCanned(db, id) });
  });
  const mayEditCanned = async (req: Request, res: Response) => {
    const canned = await getCanned(db, req.params.id as string);
    const me = req.agent!;
    if (!canned || (canned.ownerAgentId !== me.id && (me.role === 'agent' || canned.ownerAgentId !== null))) {
      res.status(canned ? 403 : 404).json({ error: canned ? 'this canned reply is not yours' : 'no such canned reply' });
      return undefined;
    }
    return canned;
  };
  router.patch('/canned/:id', anyAgent, async (req, res) => {
    const canned = await mayEditCanned(req, res);
    if (!canned) return;
    const body = parseBody(cannedPatch, req, res);
    if (!body) return;
    const me = req.agent!;
    // The same rules as creating one: an agent's replies stay personal, admins may move theirs
    // and the shared ones between shared and personal (theirs).
    if (me.role === 'agent' && body.personal === false) return refuseSharing(res);
    if (body.departmentId && await missingDepartment([body.departmentId])) {
      return badRequest(res, 'departmentId', `no department "${body.departmentId}"`);
    }
    await updateCanned(db, canned.id, {
      shortcut: body.shortcut,
      text: body.text,
      departmentId: body.departmentId,
      ownerAgentId: body.personal === undefined ? undefined : body.personal ? me.id : null,
    });
    res.json({ canned: await getCanned(db, canned.id) });
  });
  router.delete('/canned/:id', anyAgent, async (req, res) => {
    const canned = await mayEditCanned(req, res);
    if (!canned) return;
    // Replies that used it keep their cannedId for the metrics: only unused ones are removed.
    const used = await db.get('SELECT 1 FROM messages WHERE canned_id = ? LIMIT 1', [canned.id]);
    if (used) {
      res.status(409).json({ error: 'this canned reply was used in chats; edit it instead' });
      return;
    }
    await db.run('DELETE FROM canned_replies WHERE id = ?', [canned.id]);
    res.json({ ok: true });
  });

  // Settings ------------------------------------------------------------------------------
  router.get('/settings', admin, async (_req, res) => {
    res.json({ settings: await readSettings(db, config) });
  });
  router.patch('/settings', admin, async (req, res) => {
    const body = parseBody(settingsPatch, req, res);
    if (!body) return;
    const unknownHours = await missingDepartment(Object.keys(body.businessHours ?? {}).filter((d) => d !== '*'));
    if (unknownHours) return badRequest(res, 'businessHours', `no department "${unknownHours}"`);
    await writeSettings(db, body);
    await events.settingsChanged();
    res.json({ settings: await readSettings(db, config) });
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

  return router;
}
