import type { Sql } from './sql.ts';

/** An agent's TOTP secret as stored (encrypted), and whether enrolment was confirmed. */
export interface StoredTwoFactor {
  secret: string;
  lastStep: number;
  enabled: boolean;
}

export async function storedTwoFactor(db: Sql, agentId: string): Promise<StoredTwoFactor | undefined> {
  const row = await db.get<{ secret: string; last_step: number | string; since: number | null }>(
    `SELECT s.secret, s.last_step, a.two_factor_since AS since
       FROM two_factor_secrets s JOIN agents a ON a.id = s.agent_id WHERE s.agent_id = ?`,
    [agentId],
  );
  return row ? { secret: row.secret, lastStep: Number(row.last_step), enabled: row.since !== null } : undefined;
}

/** A new enrolment: a secret not confirmed yet, in place of any earlier unconfirmed one. */
export async function startEnrolment(db: Sql, agentId: string, encryptedSecret: string): Promise<void> {
  await db.run(
    `INSERT INTO two_factor_secrets (agent_id, secret, last_step) VALUES (?, ?, 0)
       ON CONFLICT (agent_id) DO UPDATE SET secret = excluded.secret, last_step = 0`,
    [agentId, encryptedSecret],
  );
}

/**
 * Marks TOTP step `step` used, if it is newer than the last one used: false when it is not
 * (the code was used already, by this request or one racing it).
 */
export async function useTotpStep(db: Sql, agentId: string, step: number): Promise<boolean> {
  return (await db.run('UPDATE two_factor_secrets SET last_step = ? WHERE agent_id = ? AND last_step < ?', [step, agentId, step])) === 1;
}

/** Turns two-factor on, with the hashes of its recovery codes (replacing any earlier ones). */
export async function enableTwoFactor(db: Sql, agentId: string, recoveryCodeHashes: string[], now: number): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.run('UPDATE agents SET two_factor_since = ? WHERE id = ?', [now, agentId]);
    await tx.run('DELETE FROM two_factor_recovery_codes WHERE agent_id = ?', [agentId]);
    for (const hash of recoveryCodeHashes) {
      await tx.run('INSERT INTO two_factor_recovery_codes (agent_id, code_hash) VALUES (?, ?)', [agentId, hash]);
    }
  });
}

/** Turns two-factor off and forgets the secret and the codes (a new enrolment starts afresh). */
export async function removeTwoFactor(db: Sql, agentId: string): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.run('UPDATE agents SET two_factor_since = NULL WHERE id = ?', [agentId]);
    await tx.run('DELETE FROM two_factor_secrets WHERE agent_id = ?', [agentId]);
    await tx.run('DELETE FROM two_factor_recovery_codes WHERE agent_id = ?', [agentId]);
  });
}

/** Spends a recovery code: false when it is not one of the agent's, or was used already. */
export async function useRecoveryCode(db: Sql, agentId: string, codeHash: string, now: number): Promise<boolean> {
  return (await db.run('UPDATE two_factor_recovery_codes SET used_at = ? WHERE agent_id = ? AND code_hash = ? AND used_at IS NULL', [now, agentId, codeHash])) === 1;
}

export async function recoveryCodesLeft(db: Sql, agentId: string): Promise<number> {
  return Number(await db.value('SELECT count(*) FROM two_factor_recovery_codes WHERE agent_id = ? AND used_at IS NULL', [agentId]));
}
