import type { Sql } from './sql.ts';
import { randomBytes, scrypt, timingSafeEqual, createHash } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { promisify } from 'node:util';
import { newId } from '../../shared/ids.ts';
import { setColumns } from './set-columns.ts';

// The callback scrypt runs in libuv's thread pool: a sign-in costs the event loop nothing, so
// one visitor's message is not kept waiting by someone else's wrong passwords.
const scryptAsync = promisify(scrypt) as (password: string, salt: Buffer, keylen: number) => Promise<Buffer>;

/**
 * Scrypts running at once: a core is left to the event loop, and a thread of the pool to file
 * reads (the widget's and the console's files) and DNS lookups. Four at once (the pool's size)
 * took both cores of a 2-core machine, and a visitor's message ack went from 3 to 85 ms
 * (BENCHMARKS.md, Sign-in). The others wait their turn here, not in the pool.
 */
const SCRYPTS_AT_ONCE = Math.max(1, Math.min(availableParallelism(), Number(process.env.UV_THREADPOOL_SIZE) || 4) - 1);
let scrypting = 0;
const waitingForScrypt: Array<() => void> = [];

async function scryptInTurn(password: string, salt: Buffer, keylen: number): Promise<Buffer> {
  if (scrypting < SCRYPTS_AT_ONCE) scrypting++;
  else await new Promise<void>((resolve) => waitingForScrypt.push(resolve));
  try {
    return await scryptAsync(password, salt, keylen);
  } finally {
    // The turn passes to the next in line, if any.
    const next = waitingForScrypt.shift();
    if (next) next();
    else scrypting--;
  }
}

export type Role = 'agent' | 'admin' | 'owner';

export interface AgentRow {
  id: string;
  name: string;
  email: string;
  role: Role;
  maxChats: number;
  disabled: boolean;
  departments: string[];
  /** Signs in with a code from an authenticator app too (two-factor enrolment confirmed). */
  twoFactor: boolean;
}

/** `scrypt$salt$key` (base64), scrypt's default cost: the format every stored hash has. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scryptInTurn(password, salt, 32);
  return `scrypt$${salt.toString('base64')}$${key.toString('base64')}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, saltB64, keyB64] = stored.split('$');
  if (scheme !== 'scrypt' || !saltB64 || !keyB64) return false;
  const expected = Buffer.from(keyB64, 'base64');
  const actual = await scryptInTurn(password, Buffer.from(saltB64, 'base64'), expected.length);
  return timingSafeEqual(expected, actual);
}

/**
 * What a sign-in without an account (unknown email, disabled, imported or invited agent) is
 * checked against: the hash of a random password nobody kept, made like every stored hash, so
 * that such a sign-in takes the same time as a wrong password and does not tell which emails
 * have accounts.
 */
const NO_ACCOUNT_HASH = 'scrypt$7OXowisOmvdt+OyjSiSX+w==$6nCSbn6mxGGxn7S+rZHjUPj/Xyiaz0/gnGe3QM73xM8=';

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

const SESSION_MS = 30 * 24 * 3600 * 1000;

async function toAgent(db: Sql, row: any): Promise<AgentRow> {
  const departments = (await db.column('SELECT department_id FROM agent_departments WHERE agent_id = ? ORDER BY department_id', [row.id])) as string[];
  return {
    id: row.id,
    name: row.name,
    email: row.email,
    role: row.role,
    maxChats: row.max_chats,
    disabled: !!row.disabled,
    departments,
    twoFactor: row.two_factor_since !== null && row.two_factor_since !== undefined,
  };
}

export async function getAgent(db: Sql, id: string): Promise<AgentRow | undefined> {
  const row = await db.get('SELECT * FROM agents WHERE id = ?', [id]);
  return row ? await toAgent(db, row) : undefined;
}

export async function listAgents(db: Sql): Promise<AgentRow[]> {
  return Promise.all(((await db.all('SELECT * FROM agents ORDER BY id')) as any[]).map((r) => toAgent(db, r)));
}

export async function createAgent(
  db: Sql,
  a: {
    id?: string;
    name: string;
    email: string;
    role: Role;
    maxChats?: number;
    /** From `hashPassword`, awaited before: no transaction waits for scrypt. None: cannot sign in. */
    passwordHash?: string;
    departments?: string[];
  },
  now: number,
): Promise<AgentRow> {
  const id = a.id ?? newId('ag_');
  await db.transaction(async (db) => {
    await db.run('INSERT INTO agents (id, name, email, role, max_chats, password_hash, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)', [id, a.name, a.email, a.role, a.maxChats ?? 3, a.passwordHash ?? null, now]);
    for (const d of a.departments ?? []) {
      await db.run('INSERT INTO agent_departments (agent_id, department_id) VALUES (?, ?)', [id, d]);
    }
  });
  return (await getAgent(db, id))!;
}

/**
 * Checks email and password; returns the agent, or undefined for any mismatch. Imported agents
 * have no password (and may share an email with an account): only accounts can sign in.
 */
export async function authenticateAgent(db: Sql, email: string, password: string): Promise<AgentRow | undefined> {
  const row = (await db.get('SELECT * FROM agents WHERE email = ? COLLATE NOCASE AND disabled = 0 AND password_hash IS NOT NULL', [email])) as any;
  const matches = await verifyPassword(password, row ? row.password_hash : NO_ACCOUNT_HASH);
  if (!row || !matches) return undefined;
  // Read again after the wait: disabled, or given another password, meanwhile means no.
  const still = await db.get('SELECT * FROM agents WHERE id = ? AND disabled = 0 AND password_hash = ?', [row.id, row.password_hash]);
  return still ? await toAgent(db, still) : undefined;
}

export async function createSession(db: Sql, agentId: string, now: number): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  await db.run('INSERT INTO sessions (token_hash, agent_id, created_at, expires_at) VALUES (?, ?, ?, ?)', [hashToken(token), agentId, now, now + SESSION_MS]);
  return token;
}

export async function agentForSession(db: Sql, token: string, now: number): Promise<AgentRow | undefined> {
  const row = await db.get(`SELECT a.* FROM sessions s JOIN agents a ON a.id = s.agent_id
       WHERE s.token_hash = ? AND s.expires_at > ? AND a.disabled = 0`, [hashToken(token), now]);
  return row ? await toAgent(db, row) : undefined;
}

export async function deleteSession(db: Sql, token: string): Promise<void> {
  await db.run('DELETE FROM sessions WHERE token_hash = ?', [hashToken(token)]);
}

/** Makes the owner account on first start. Returns the generated password, if one was made. */
export async function ensureOwner(
  db: Sql,
  email: string,
  password: string | undefined,
  now: number,
): Promise<{ created: boolean; password?: string }> {
  // An owner imported from a history has no password: it doesn't count, someone must sign in.
  const existing = (await db.value("SELECT count(*) FROM agents WHERE role = 'owner' AND password_hash IS NOT NULL")) as number;
  if (existing > 0) return { created: false };
  // Someone can already sign in with this email (an admin made before, say): never a twin.
  const taken = await db.get('SELECT 1 FROM agents WHERE email = ? COLLATE NOCASE AND password_hash IS NOT NULL', [email]);
  if (taken) return { created: false };
  const pw = password ?? randomBytes(9).toString('base64url');
  await createAgent(db, { name: 'Owner', email, role: 'owner', passwordHash: await hashPassword(pw), maxChats: 5 }, now);
  return { created: true, password: password ? undefined : pw };
}

/** Any row with this email, imported records and invitees included. */
export async function agentEmailTaken(db: Sql, email: string): Promise<boolean> {
  return (await db.get('SELECT 1 FROM agents WHERE email = ? COLLATE NOCASE', [email])) !== undefined;
}

/** Sets what is given; `departments` replaces the agent's departments. */
export async function updateAgent(
  db: Sql,
  id: string,
  patch: { name?: string; role?: Role; maxChats?: number; disabled?: boolean; passwordHash?: string; departments?: string[] },
): Promise<void> {
  await db.transaction(async (db) => {
    await setColumns(db, 'agents', id, {
      name: patch.name,
      role: patch.role,
      max_chats: patch.maxChats,
      disabled: patch.disabled === undefined ? undefined : patch.disabled ? 1 : 0,
      password_hash: patch.passwordHash,
    });
    if (patch.departments) {
      await db.run('DELETE FROM agent_departments WHERE agent_id = ?', [id]);
      for (const d of patch.departments) await db.run('INSERT INTO agent_departments (agent_id, department_id) VALUES (?, ?)', [id, d]);
    }
  });
}

/** Signs the agent out everywhere, or everywhere but the session `keptTokenHash` names. */
export async function endSessionsOfAgent(db: Sql, agentId: string, keptTokenHash?: string): Promise<void> {
  if (keptTokenHash === undefined) await db.run('DELETE FROM sessions WHERE agent_id = ?', [agentId]);
  else await db.run('DELETE FROM sessions WHERE agent_id = ? AND token_hash <> ?', [agentId, keptTokenHash]);
}
