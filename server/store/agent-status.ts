import type { Sql } from './sql.ts';

/** Enabled agents whose latest status is `online`. */
export async function onlineAgentIds(db: Sql): Promise<string[]> {
  return (await db.column(`SELECT s.agent_id FROM agent_status_changes s JOIN agents a ON a.id = s.agent_id
       WHERE a.disabled = 0 AND s.status = 'online'
         AND s.at = (SELECT max(at) FROM agent_status_changes t WHERE t.agent_id = s.agent_id)`)) as string[];
}
