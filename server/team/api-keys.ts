import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Sql } from '../store/sql.ts';
import type { Clock } from '../clock.ts';
import { getAgent, type AgentRow } from '../store/agents.ts';
import { apiKeyById, deleteApiKey, insertApiKey, listApiKeys, markApiKeyUsed, type ApiKeyRow } from '../store/api-keys.ts';
import { recordAudit, type AuditSource } from '../store/audit-log.ts';
import type { ApiKeyScope } from '../../shared/api-route.ts';
import type { ApiKeyView } from '../../shared/api-routes.ts';
import { TeamError } from './team-error.ts';

/**
 * API keys (README, "API keys"): `parley_<id>_<secret>`, shown once; only its SHA-256 is kept
 * and compared in constant time. A key acts as the agent who made it, never above admin, and
 * only while that agent is active: deactivating them stops their keys.
 */

const KEY = /^parley_([0-9a-f]{16})_([A-Za-z0-9_-]{43})$/;
/** A key's last use is written at most this often. */
const LAST_USED_EVERY_MS = 60_000;

const hashOf = (key: string) => createHash('sha256').update(key).digest();

/** What a request signed with a key carries: the key and the agent it acts as. */
export interface KeyCaller {
  key: Pick<ApiKeyRow, 'id' | 'scopes'>;
  agent: AgentRow;
}

export const looksLikeApiKey = (token: string) => token.startsWith('parley_');

const view = (k: ApiKeyRow): ApiKeyView => ({ id: k.id, name: k.name, scopes: k.scopes, createdAt: k.createdAt, createdBy: k.createdBy, lastUsedAt: k.lastUsedAt });

export async function apiKeys(db: Sql): Promise<ApiKeyView[]> {
  return (await listApiKeys(db)).map(view);
}

export async function createApiKey(db: Sql, clock: Clock, maker: AgentRow, by: AuditSource, k: { name: string; scopes: ApiKeyScope[] }) {
  const id = randomBytes(8).toString('hex');
  const key = `parley_${id}_${randomBytes(32).toString('base64url')}`;
  const at = clock.now();
  await db.transaction(async (tx) => {
    await insertApiKey(tx, { id, name: k.name, keyHash: hashOf(key).toString('hex'), scopes: k.scopes, createdBy: maker.id, createdAt: at });
    await recordAudit(tx, { ...by, at, action: 'api_key.created', target: `key:${id}`, details: { name: k.name, scopes: k.scopes } });
  });
  return { id, name: k.name, scopes: k.scopes, key };
}

export async function revokeApiKey(db: Sql, clock: Clock, by: AuditSource, id: string): Promise<void> {
  await db.transaction(async (tx) => {
    const k = await apiKeyById(tx, id);
    if (!k || !(await deleteApiKey(tx, id))) throw new TeamError('not-found', 'no such API key', 'id');
    await recordAudit(tx, { ...by, at: clock.now(), action: 'api_key.revoked', target: `key:${id}`, details: { name: k.name } });
  });
}

/** The caller a key stands for; undefined for a wrong, revoked or orphaned key. */
export async function authenticateApiKey(db: Sql, clock: Clock, token: string): Promise<KeyCaller | undefined> {
  const m = KEY.exec(token);
  if (!m) return undefined;
  const k = await apiKeyById(db, m[1]!);
  if (!k || !timingSafeEqual(hashOf(token), Buffer.from(k.keyHash, 'hex'))) return undefined;
  const maker = await getAgent(db, k.createdBy);
  if (!maker || maker.disabled) return undefined;
  const now = clock.now();
  if (k.lastUsedAt === null || k.lastUsedAt < now - LAST_USED_EVERY_MS) await markApiKeyUsed(db, k.id, now, now - LAST_USED_EVERY_MS);
  // An owner's key is an admin's: a leaked key must not hand over the ownership.
  return { key: { id: k.id, scopes: k.scopes }, agent: maker.role === 'owner' ? { ...maker, role: 'admin' } : maker };
}

/** Whether the key's scopes allow a call that needs `scope` (`admin` allows all). */
export const keyAllows = (scopes: readonly ApiKeyScope[], scope: ApiKeyScope) => scopes.includes(scope) || scopes.includes('admin');
