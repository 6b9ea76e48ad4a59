import { Router, type Response } from 'express';
import nodemailer from 'nodemailer';
import type { Deps } from '../deps.ts';
import { createAgent, getAgent, hashToken, type AgentRow, type Role } from '../store/agents.ts';
import {
  acceptInvitation,
  createInvitation,
  INVITATION_MS,
  lastInvitationLanguage,
  lookUpInvitation,
  markInvitationEmailed,
  openInvitation,
  revokeInvitation,
  type InvitationLanguage,
  type InvitationLookup,
} from '../store/agent-invitations.ts';
import { readSettings } from '../store/settings.ts';
import { escapeHtml } from '../surveys/survey-page.ts';
import { routes } from '../../shared/api-routes.ts';
import { serve } from './api-routes.ts';
import { checkMayChangeRole, checkNewAgent, newAgentDetails, withInvitation } from '../team/agents.ts';
import { recordAudit } from '../store/audit-log.ts';
import { auditSource } from './audit.ts';
import { startSession } from './auth.ts';
import { answerTeamRefusals } from './errors.ts';
import { addressKey, tooManyAttempts, type SignInLimits } from './sign-in-limits.ts';

/** What invitations need of a mail transport (nodemailer's, or a test's). */
export interface InvitationTransport {
  sendMail(message: { from: { name: string; address: string }; to: string; subject: string; text: string; html: string }): Promise<unknown>;
}

/** The shape of the tokens this server makes; anything else is not worth a lookup. */
const tokenShape = /^[A-Za-z0-9_-]{20,100}$/;

const DAYS = Math.round(INVITATION_MS / (24 * 3600 * 1000));
const WORDS: Record<
  InvitationLanguage,
  { roles: Record<Role, string>; subject(site: string): string; lines(v: { name: string; inviter: string; site: string; role: string }): string[]; action: string; note: string }
> = {
  en: {
    roles: { agent: 'an agent', admin: 'an admin', owner: 'an owner' },
    subject: (site) => `You are invited to answer chats for ${site}`,
    lines: (v) => [`Hello ${v.name},`, `${v.inviter} invited you to the ${v.site} support console as ${v.role}.`],
    action: 'Choose your password',
    note: `The link works once, for ${DAYS} days. If you did not expect this email, ignore it.`,
  },
  ru: {
    roles: { agent: 'агента', admin: 'администратора', owner: 'владельца' },
    subject: (site) => `Приглашение отвечать в чате ${site}`,
    lines: (v) => [`Здравствуйте, ${v.name}!`, `${v.inviter} приглашает вас в консоль поддержки ${v.site} в роли ${v.role}.`],
    action: 'Задать пароль',
    note: `Ссылка сработает один раз и действует ${DAYS} дней. Если вы не ждали этого письма, просто не обращайте на него внимания.`,
  },
  bg: {
    roles: { agent: 'агент', admin: 'администратор', owner: 'собственик' },
    subject: (site) => `Покана да отговаряте в чата на ${site}`,
    lines: (v) => [`Здравейте, ${v.name},`, `${v.inviter} ви кани в конзолата за поддръжка на ${v.site} като ${v.role}.`],
    action: 'Изберете парола',
    note: `Връзката работи веднъж и е валидна ${DAYS} дни. Ако не очаквате този имейл, просто не му обръщайте внимание.`,
  },
};

/** Why a link no longer works, in the words the API answers with (the console has its own). */
const REFUSALS: Record<Exclude<InvitationLookup['state'], 'open'>, string> = {
  unknown: 'no such invitation',
  used: 'this invitation has been used: sign in with your email and password',
  expired: 'this invitation has expired: ask for a new one',
  replaced: 'a newer invitation was sent: use the link in the latest one',
  revoked: 'this invitation was withdrawn',
};

function refuse(res: Response, state: Exclude<InvitationLookup['state'], 'open'>): void {
  res.status(state === 'unknown' ? 404 : 410).json({ error: REFUSALS[state], state });
}

/**
 * Agents invited by email (instead of an admin choosing their password):
 * - POST /api/agent-invitations {name, email, role, maxChats, departments, language}: a new
 *   agent without a password, and a link to set one, emailed through SMTP_URL;
 * - POST /api/agents/:id/invitation: a new link (the old one stops working);
 * - DELETE /api/agents/:id/invitation: the link stops working, the invited agent is deleted;
 * - GET /api/agent-invitations/:token, POST /api/agent-invitations/:token/accept {password}:
 *   public, for the invitee's page in the console (/console/invite/<token>); accepting signs in.
 * Without SMTP, or when the email fails, the admin gets the link to hand over.
 */
export function agentInvitationsRouter(deps: Deps, signIns: SignInLimits, transport?: InvitationTransport): Router {
  const { db, clock, config, log } = deps;
  const router = Router();
  const mailer = transport ?? (config.smtpUrl ? (nodemailer.createTransport(config.smtpUrl) as unknown as InvitationTransport) : undefined);

  /** Makes a new link for the agent and emails it; what the admin is told about it. */
  async function invite(agent: AgentRow, inviter: AgentRow, lang: InvitationLanguage) {
    const { id, token, expiresAt } = await createInvitation(db, { agentId: agent.id, invitedBy: inviter.id, language: lang }, clock.now());
    const link = `${config.publicUrl}/console/invite/${token}`;
    let emailError: string | null = null;
    if (mailer) {
      try {
        await mailer.sendMail(await message(agent, inviter, lang, link));
        await markInvitationEmailed(db, id, clock.now());
      } catch (err) {
        log.error({ err, agentId: agent.id }, 'invitation email failed');
        emailError = err instanceof Error ? err.message : String(err);
      }
    }
    const emailed = mailer !== undefined && emailError === null;
    return {
      agent: await withInvitation(db, (await getAgent(db, agent.id))!, clock.now()),
      // The link itself only when no email carried it: it is the invitee's password to be.
      invitation: { expiresAt, emailedTo: emailed ? agent.email : null, link: emailed ? null : link, emailError },
    };
  }

  async function message(agent: AgentRow, inviter: AgentRow, lang: InvitationLanguage, link: string) {
    const site = (await readSettings(db, config)).siteName;
    const words = WORDS[lang];
    const lines = words.lines({ name: agent.name, inviter: inviter.name, site, role: words.roles[agent.role] });
    return {
      from: { name: site, address: config.smtpFrom ?? `no-reply@${new URL(config.publicUrl).hostname}` },
      to: agent.email,
      subject: words.subject(site),
      text: `${lines.join('\n\n')}\n\n${words.action}: ${link}\n\n${words.note}\n`,
      html:
        lines.map((line) => `<p>${escapeHtml(line)}</p>`).join('') +
        `<p><a href="${escapeHtml(link)}">${escapeHtml(words.action)}</a></p>` +
        `<p style="color:#555">${escapeHtml(words.note)}</p>`,
    };
  }

  /** The invited agent an admin may act on, or undefined with the refusal sent. */
  async function invitee(caller: AgentRow, id: string, res: Response): Promise<AgentRow | undefined> {
    const target = await getAgent(db, id);
    if (!target) {
      res.status(404).json({ error: 'no such agent' });
      return undefined;
    }
    checkMayChangeRole(caller, target);
    if (!await openInvitation(db, target.id, clock.now())) {
      res.status(409).json({ error: 'this agent has no open invitation: they can sign in already, or were never invited' });
      return undefined;
    }
    return target;
  }

  serve(router, deps, routes.inviteAgent, async ({ body, agent: inviter, req }) => {
    await checkNewAgent(db, inviter, body);
    const { language: lang, ...account } = body;
    const agent = await db.transaction(async (tx) => {
      const agent = await createAgent(tx, account, clock.now());
      await recordAudit(tx, { ...auditSource(req), at: clock.now(), action: 'agent.invited', target: agent.id, details: newAgentDetails(agent) });
      return agent;
    });
    return invite(agent, inviter, lang);
  });

  serve(router, deps, routes.resendInvitation, async ({ params, body, agent, req, res }) => {
    const target = await invitee(agent, params.id, res);
    if (!target) return;
    const answer = await invite(target, agent, body.language ?? await lastInvitationLanguage(db, target.id) ?? 'en');
    await recordAudit(db, { ...auditSource(req), at: clock.now(), action: 'agent.invitation_resent', target: target.id, details: null });
    return answer;
  });

  serve(router, deps, routes.revokeInvitation, async ({ params, agent, req, res }) => {
    const target = await invitee(agent, params.id, res);
    if (!target) return;
    await db.transaction(async (tx) => {
      if (await revokeInvitation(tx, target.id, clock.now())) {
        await recordAudit(tx, { ...auditSource(req), at: clock.now(), action: 'agent.invitation_revoked', target: target.id, details: { email: target.email } });
      }
    });
    return { ok: true as const };
  });

  serve(router, deps, routes.invitation, async ({ params: { token }, res }) => {
    const found = tokenShape.test(token) ? await lookUpInvitation(db, token, clock.now()) : ({ state: 'unknown' } as const);
    // The link is a secret: neither the page nor its answer is kept by caches.
    res.setHeader('Cache-Control', 'no-store');
    if (found.state !== 'open') return refuse(res, found.state);
    const { agent, expiresAt } = found;
    return { invitation: { name: agent.name, email: agent.email, role: agent.role, expiresAt, siteName: (await readSettings(db, config)).siteName } };
  });

  // Limited like signing in (a link is a password of sorts, and accepting runs scrypt): per
  // address, and per link, which is kept in the counters only as its hash.
  serve(router, deps, routes.acceptInvitation, async ({ params: { token }, body, req, res }) => {
    const attempt = await signIns.attempt(addressKey(req.ip), `invitation:${hashToken(token)}`);
    if (!attempt.allowed) return tooManyAttempts(res, attempt.retryAfterSec);
    if (!tokenShape.test(token)) return refuse(res, 'unknown');
    let outcome: Awaited<ReturnType<typeof acceptInvitation>>;
    try {
      outcome = await acceptInvitation(db, token, body.password, clock.now());
    } catch (err) {
      // Someone else got an account with this email meanwhile (agents_email, migration 013).
      if ((err as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE') {
        res.status(409).json({ error: 'another account uses this email: ask your admin' });
        return;
      }
      throw err;
    }
    if (outcome.state !== 'accepted') return refuse(res, outcome.state);
    await attempt.succeeded();
    // Not in the accept's transaction: that one waits for nothing, and scrypt runs before it.
    await recordAudit(db, { at: clock.now(), actor: outcome.agent.id, action: 'agent.invitation_accepted', target: outcome.agent.id, ip: req.ip ?? null, details: null });
    return { token: await startSession(db, clock, res, outcome.agent.id), agent: outcome.agent };
  });

  router.use(answerTeamRefusals);
  return router;
}
