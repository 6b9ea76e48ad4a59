import { randomBytes } from 'node:crypto';
import { statement, type Db } from './db.ts';
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
export function createInvitation(
  db: Db,
  a: { agentId: string; invitedBy: string; language: InvitationLanguage },
  now: number,
): { id: string; token: string; expiresAt: number } {
  const token = randomBytes(32).toString('base64url');
  const id = newId('inv_');
  const expiresAt = now + INVITATION_MS;
  db.transaction(() => {
    endOpenInvitations(db, a.agentId, 'replaced', now);
    statement(
      db,
      `INSERT INTO agent_invitations (id, token_hash, agent_id, invited_by, language, created_at, expires_at)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
    ).run(id, hashToken(token), a.agentId, a.invitedBy, a.language, now, expiresAt);
  })();
  return { id, token, expiresAt };
}

export function markInvitationEmailed(db: Db, invitationId: string, now: number): void {
  statement(db, 'UPDATE agent_invitations SET emailed_at = ? WHERE id = ?').run(now, invitationId);
}

function endOpenInvitations(db: Db, agentId: string, as: 'accepted' | 'replaced' | 'revoked', now: number): void {
  statement(db, 'UPDATE agent_invitations SET ended_at = ?, ended_as = ? WHERE agent_id = ? AND ended_at IS NULL').run(
    now,
    as,
    agentId,
  );
}

/** The latest invitation of an agent who cannot sign in yet; undefined for everyone else. */
function latestOpen(db: Db, agentId: string): InvitationRow | undefined {
  return statement(
    db,
    `SELECT i.* FROM agent_invitations i JOIN agents a ON a.id = i.agent_id
      WHERE i.agent_id = ? AND i.ended_at IS NULL AND a.password_hash IS NULL
      ORDER BY i.created_at DESC LIMIT 1`,
  ).get(agentId) as InvitationRow | undefined;
}

export function openInvitation(db: Db, agentId: string, now: number): OpenInvitation | null {
  const row = latestOpen(db, agentId);
  return row
    ? { createdAt: row.created_at, expiresAt: row.expires_at, emailedAt: row.emailed_at, expired: row.expires_at <= now }
    : null;
}

/** The language the last invitation of an agent was written in. */
export function lastInvitationLanguage(db: Db, agentId: string): InvitationLanguage | undefined {
  return statement(db, 'SELECT language FROM agent_invitations WHERE agent_id = ? ORDER BY created_at DESC LIMIT 1')
    .pluck()
    .get(agentId) as InvitationLanguage | undefined;
}

export function lookUpInvitation(db: Db, token: string, now: number): InvitationLookup {
  const row = statement(db, 'SELECT * FROM agent_invitations WHERE token_hash = ?').get(hashToken(token)) as
    | InvitationRow
    | undefined;
  if (!row) return { state: 'unknown' };
  if (row.ended_as === 'accepted') return { state: 'used' };
  if (row.ended_as) return { state: row.ended_as };
  const agent = statement(db, 'SELECT password_hash, disabled FROM agents WHERE id = ?').get(row.agent_id) as
    | { password_hash: string | null; disabled: number }
    | undefined;
  if (!agent || agent.disabled) return { state: 'revoked' };
  // An admin gave the agent a password in the meantime: the account is in use already.
  if (agent.password_hash !== null) return { state: 'used' };
  if (row.expires_at <= now) return { state: 'expired' };
  return { state: 'open', invitationId: row.id, agent: getAgent(db, row.agent_id)!, expiresAt: row.expires_at, language: row.language };
}

/**
 * Sets the invitee's password and ends the invitation, in one transaction: a link works once.
 * Returns the lookup that refused it, or the agent who can now sign in.
 */
export async function acceptInvitation(
  db: Db,
  token: string,
  password: string,
  now: number,
): Promise<{ state: 'accepted'; agent: AgentRow } | Exclude<InvitationLookup, { state: 'open' }>> {
  const before = lookUpInvitation(db, token, now);
  if (before.state !== 'open') return before;
  // Hashed outside the transaction (scrypt is slow, nothing should wait for it), then the
  // link is checked again inside: of two tabs sending at once, one wins.
  const passwordHash = await hashPassword(password);
  return db.transaction(() => {
    const found = lookUpInvitation(db, token, now);
    if (found.state !== 'open') return found;
    statement(db, 'UPDATE agents SET password_hash = ? WHERE id = ?').run(passwordHash, found.agent.id);
    endOpenInvitations(db, found.agent.id, 'accepted', now);
    return { state: 'accepted' as const, agent: getAgent(db, found.agent.id)! };
  })();
}

/**
 * Withdraws the invitation of an agent who never signed in, and the agent with it: nothing but
 * the invitation and the departments refer to such an agent. False when the agent has a
 * password (not an invitee) or has no open invitation.
 */
export function revokeInvitation(db: Db, agentId: string, now: number): boolean {
  return db.transaction(() => {
    if (!latestOpen(db, agentId)) return false;
    endOpenInvitations(db, agentId, 'revoked', now);
    statement(db, 'DELETE FROM agent_departments WHERE agent_id = ?').run(agentId);
    statement(db, 'DELETE FROM agents WHERE id = ?').run(agentId);
    return true;
  })();
}
