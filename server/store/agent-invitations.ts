import { randomBytes } from 'node:crypto';
import type { Sql } from './sql.ts';
import { getAgent, hashPassword, hashToken, type AgentRow } from './agents.ts';
import { newId } from '../../shared/ids.ts';

/** How long an invitation link works. */
export const INVITATION_MS = 7 * 24 * 3600 * 1000;

export type InvitationLanguage = 'en' | 'ru' | 'bg';

/** An invitation not yet accepted, replaced or revoked, as the team list shows it. */
export interface OpenInvitation {
  createdAt: number;
  expiresAt: number;
  /** null: no email went out; the admin was given the link to hand over. */
  emailedAt: number | null;
  expired: boolean;
}

/** What a link's token stands for now. */
export type InvitationLookup =
  | { state: 'open'; invitationId: string; agent: AgentRow; expiresAt: number; language: InvitationLanguage }
  | { state: 'unknown' | 'used' | 'expired' | 'replaced' | 'revoked' };

interface InvitationRow {
  id: string;
  agent_id: string;
  language: InvitationLanguage;
  created_at: number;
  expires_at: number;
  emailed_at: number | null;
  ended_as: 'accepted' | 'replaced' | 'revoked' | null;
}

/**
 * Starts a new invitation for an agent who has no password yet; an open one before it stops
 * working ('replaced'). Returns the link's token, which is stored only as a hash.
 */
export async function createInvitation(
  db: Sql,
  a: { agentId: string; invitedBy: string; language: InvitationLanguage },
  now: number,
): Promise<{ id: string; token: string; expiresAt: number }> {
  const token = randomBytes(32).toString('base64url');
  const id = newId('inv_');
  const expiresAt = now + INVITATION_MS;
  await db.transaction(async (db) => {
    await endOpenInvitations(db, a.agentId, 'replaced', now);
    await db.run(`INSERT INTO agent_invitations (id, token_hash, agent_id, invited_by, language, created_at, expires_at)
       VALUES (?, ?, ?, ?, ?, ?, ?)`, [id, hashToken(token), a.agentId, a.invitedBy, a.language, now, expiresAt]);
  });
  return { id, token, expiresAt };
}

export async function markInvitationEmailed(db: Sql, invitationId: string, now: number): Promise<void> {
  await db.run('UPDATE agent_invitations SET emailed_at = ? WHERE id = ?', [now, invitationId]);
}

async function endOpenInvitations(db: Sql, agentId: string, as: 'accepted' | 'replaced' | 'revoked', now: number): Promise<void> {
  await db.run('UPDATE agent_invitations SET ended_at = ?, ended_as = ? WHERE agent_id = ? AND ended_at IS NULL', [now, as, agentId]);
}

/** The latest invitation of an agent who cannot sign in yet; undefined for everyone else. */
async function latestOpen(db: Sql, agentId: string): Promise<InvitationRow | undefined> {
  return (await db.get(`SELECT i.* FROM agent_invitations i JOIN agents a ON a.id = i.agent_id
      WHERE i.agent_id = ? AND i.ended_at IS NULL AND a.password_hash IS NULL
      ORDER BY i.created_at DESC LIMIT 1`, [agentId])) as InvitationRow | undefined;
}

export async function openInvitation(db: Sql, agentId: string, now: number): Promise<OpenInvitation | null> {
  const row = await latestOpen(db, agentId);
  return row
    ? { createdAt: row.created_at, expiresAt: row.expires_at, emailedAt: row.emailed_at, expired: row.expires_at <= now }
    : null;
}

/** The language the last invitation of an agent was written in. */
export async function lastInvitationLanguage(db: Sql, agentId: string): Promise<InvitationLanguage | undefined> {
  return (await db.value('SELECT language FROM agent_invitations WHERE agent_id = ? ORDER BY created_at DESC LIMIT 1', [agentId])) as InvitationLanguage | undefined;
}

export async function lookUpInvitation(db: Sql, token: string, now: number): Promise<InvitationLookup> {
  const row = (await db.get('SELECT * FROM agent_invitations WHERE token_hash = ?', [hashToken(token)])) as
    | InvitationRow
    | undefined;
  if (!row) return { state: 'unknown' };
  if (row.ended_as === 'accepted') return { state: 'used' };
  if (row.ended_as) return { state: row.ended_as };
  const agent = (await db.get('SELECT password_hash, disabled FROM agents WHERE id = ?', [row.agent_id])) as
    | { password_hash: string | null; disabled: number }
    | undefined;
  if (!agent || agent.disabled) return { state: 'revoked' };
  // An admin gave the agent a password in the meantime: the account is in use already.
  if (agent.password_hash !== null) return { state: 'used' };
  if (row.expires_at <= now) return { state: 'expired' };
  return { state: 'open', invitationId: row.id, agent: (await getAgent(db, row.agent_id))!, expiresAt: row.expires_at, language: row.language };
}

/**
 * Sets the invitee's password and ends the invitation, in one transaction: a link works once.
 * Returns the lookup that refused it, or the agent who can now sign in.
 */
export async function acceptInvitation(
  db: Sql,
  token: string,
  password: string,
  now: number,
): Promise<{ state: 'accepted'; agent: AgentRow } | Exclude<InvitationLookup, { state: 'open' }>> {
  const before = await lookUpInvitation(db, token, now);
  if (before.state !== 'open') return before;
  // Hashed outside the transaction (scrypt is slow, nothing should wait for it), then the
  // link is checked again inside: of two tabs sending at once, one wins.
  const passwordHash = await hashPassword(password);
  return await db.transaction(async (db) => {
    const found = await lookUpInvitation(db, token, now);
    if (found.state !== 'open') return found;
    await db.run('UPDATE agents SET password_hash = ? WHERE id = ?', [passwordHash, found.agent.id]);
    await endOpenInvitations(db, found.agent.id, 'accepted', now);
    return { state: 'accepted' as const, agent: (await getAgent(db, found.agent.id))! };
  });
}

/**
 * Withdraws the invitation of an agent who never signed in, and the agent with it: nothing but
 * the invitation and the departments refer to such an agent. False when the agent has a
 * password (not an invitee) or has no open invitation.
 */
export async function revokeInvitation(db: Sql, agentId: string, now: number): Promise<boolean> {
  return await db.transaction(async (db) => {
    if (!await latestOpen(db, agentId)) return false;
    await endOpenInvitations(db, agentId, 'revoked', now);
    await db.run('DELETE FROM agent_departments WHERE agent_id = ?', [agentId]);
    await db.run('DELETE FROM agents WHERE id = ?', [agentId]);
    return true;
  });
}
