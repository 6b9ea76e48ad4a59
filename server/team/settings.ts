import type { Sql } from '../store/sql.ts';
import type { Config } from '../config.ts';
import { readSettings, writeSettings, type Settings } from '../store/settings.ts';
import { checkDepartmentsExist } from './departments.ts';
import type { TeamEvents } from './team-events.ts';

/** Applies a validated patch of the owner settings, heard live at once; answers the settings now in force. */
export async function changeSettings(db: Sql, config: Config, events: TeamEvents, patch: Partial<Settings>): Promise<Settings> {
  // `*`: the hours of every department without its own.
  await checkDepartmentsExist(db, Object.keys(patch.businessHours ?? {}).filter((d) => d !== '*'), 'businessHours');
  await writeSettings(db, patch);
  await events.settingsChanged();
  return await readSettings(db, config);
}
