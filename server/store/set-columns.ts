import type { Sql } from './sql.ts';

/**
 * Sets the given columns of the row with this id in one statement; an undefined value leaves its
 * column as it is. Table and column names come from the store's own code, never from a request.
 */
export async function setColumns(db: Sql, table: string, id: string, values: Record<string, unknown>): Promise<void> {
  const given = Object.entries(values).filter(([, value]) => value !== undefined);
  if (!given.length) return;
  await db.run(`UPDATE ${table} SET ${given.map(([column]) => `${column} = ?`).join(', ')} WHERE id = ?`, [
    ...given.map(([, value]) => value),
    id,
  ]);
}
