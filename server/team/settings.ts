import type { Sql } from '../store/sql.ts';
import type { Config } from '../config.ts';
import type { AgentRow } from '../store/agents.ts';
import { recordAudit, type AuditSource } from '../store/audit-log.ts';
import { readSettings, writeSettings, type Settings } from '../store/settings.ts';
import { checkDepartmentsExist } from './departments.ts';
import { TeamError } from './team-error.ts';
import type { TeamEvents } from './team-events.ts';

/**
 * Applies a validated patch of the owner settings, heard live at once; answers the settings now
 * in force. Each key that changes is an entry in the audit log, with its old and new value (no
 * setting here is a secret: the identity secret is not set through this).
 */
export async function changeSettings(
  db: Sql,
  config: Config,
  events: TeamEvents,
  me: AgentRow,
  by: AuditSource,
  patch: Partial<Settings>,
  now: number,
): Promise<Settings> {
  // `*`: the hours of every department without its own.
  await checkDepartmentsExist(db, Object.keys(patch.businessHours ?? {}).filter((d) => d !== '*'), 'businessHours');
  if (patch.requireTwoFactor !== undefined) {
    if (me.role !== 'owner') throw new TeamError('forbidden', 'only an owner can require two-factor sign-in', 'requireTwoFactor');
    // Else the owner would be the first one shut out until they enrol.
    if (patch.requireTwoFactor && !me.twoFactor) throw new TeamError('invalid', 'turn on your own two-factor sign-in first', 'requireTwoFactor');
  }
  await db.transaction(async (tx) => {
    const before = (await readSettings(tx, config)) as unknown as Record<string, unknown>;
    await writeSettings(tx, patch);
    for (const [key, to] of Object.entries(patch)) {
      const from = before[key];
      if (JSON.stringify(from) === JSON.stringify(to)) continue;
      await recordAudit(tx, { ...by, at: now, action: 'settings.changed', target: key, details: { from, to } });
    }
  });
  await events.settingsChanged();
  return await readSettings(db, config);
}
