import type { Sql } from './sql.ts';

/**
 * Records that `visitorId` used the signature; false when another visitor used it first. The
 * same visitor may present it again (the widget identifies again after a reconnect). Forgets
 * signatures used before `forgetBefore` (they are too old to be accepted anyway).
 */
export async function useSignature(db: Sql, c: { signatureHash: string; visitorId: string; now: number; forgetBefore: number }): Promise<boolean> {
  return db.transaction(async (tx) => {
    await tx.run('DELETE FROM identity_signatures WHERE used_at < ?', [c.forgetBefore]);
    await tx.run(
      'INSERT INTO identity_signatures (signature_hash, visitor_id, used_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING',
      [c.signatureHash, c.visitorId, c.now],
    );
    return (await tx.value('SELECT visitor_id FROM identity_signatures WHERE signature_hash = ?', [c.signatureHash])) === c.visitorId;
  });
}
