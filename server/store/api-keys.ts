import type { Sql } from './sql.ts';
import type { ApiKeyScope } from '../../shared/api-route.ts';

/** API keys (issue 12): their names, scopes and the SHA-256 of each key, never the key. */

export interface ApiKeyRow {
  id: string;
  name: string;
  keyHash: string;
  scopes: ApiKeyScope[];
  createdBy: string;
  createdAt: number;
  lastUsedAt: number | null;
}

interface Row {
  id: string;
  name: string;
  key_hash: string;
  scopes: string;
  created_by: string;
  created_at: number;
  last_used_at: number | null;
}

const toKey = (r: Row): ApiKeyRow => ({
  id: r.id,
  name: r.name,
  keyHash: r.key_hash,
  scopes: JSON.parse(r.scopes) as ApiKeyScope[],
  createdBy: r.created_by,
  createdAt: Number(r.created_at),
  lastUsedAt: r.last_used_at === null ? null : Number(r.last_used_at),
});

export async function insertApiKey(db: Sql, k: Omit<ApiKeyRow, 'lastUsedAt'>): Promise<void> {
  await db.run('INSERT INTO api_keys (id, name, key_hash, scopes, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?)', [
    k.id,
    k.name,
    k.keyHash,
    JSON.stringify(k.scopes),
    k.createdBy,
    k.createdAt,
  ]);
}

export async function apiKeyById(db: Sql, id: string): Promise<ApiKeyRow | undefined> {
  const row = await db.get<Row>('SELECT * FROM api_keys WHERE id = ?', [id]);
  return row ? toKey(row) : undefined;
}

export async function listApiKeys(db: Sql): Promise<ApiKeyRow[]> {
  return (await db.all<Row>('SELECT * FROM api_keys ORDER BY created_at, id')).map(toKey);
}

/** True when there was such a key. */
export async function deleteApiKey(db: Sql, id: string): Promise<boolean> {
  return (await db.run('DELETE FROM api_keys WHERE id = ?', [id])) > 0;
}

/** Notes a use unless one was noted since `notBefore` (several nodes may race: one write wins). */
export async function markApiKeyUsed(db: Sql, id: string, at: number, notBefore: number): Promise<void> {
  await db.run('UPDATE api_keys SET last_used_at = ? WHERE id = ? AND (last_used_at IS NULL OR last_used_at < ?)', [at, id, notBefore]);
}
