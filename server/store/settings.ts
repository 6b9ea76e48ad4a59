import type { Sql } from './sql.ts';
import { randomBytes } from 'node:crypto';
import type { Config } from '../config.ts';
import type { BusinessHours, Invitation, PreChatForm } from '../../shared/schemas.ts';

/** Owner settings, stored as JSON per key in `settings`; defaults apply to keys never set. */
export interface Settings {
  siteName: string;
  routingMode: 'manual' | 'auto';
  /** Origins allowed to embed the widget; empty allows any site. */
  allowedOrigins: string[];
  requireTagToClose: boolean;
  /** Agents idle this many minutes go away by themselves; 0 turns it off. */
  autoAwayMinutes: number;
  widget: {
    color: string;
    position: 'right' | 'left';
    greeting: string;
    launcherText: string;
    theme: 'light' | 'dark' | 'auto';
  };
  /** The widget reports page views (METRICS.md `visitors.*`); off: it reports none. */
  tracking: boolean;
  /** Proactive invitations, first match wins. */
  invitations: Invitation[];
  preChatForm: PreChatForm;
  /** By department id, `*` for the others; no entry: always open. */
  businessHours: Record<string, BusinessHours>;
  /** Every agent signs in with two-factor; those without it enrol first (owner only). */
  requireTwoFactor: boolean;
}

export function defaultSettings(config: Config): Settings {
  return {
    siteName: config.siteName,
    routingMode: config.routingMode,
    allowedOrigins: config.allowedOrigins,
    requireTagToClose: false,
    autoAwayMinutes: 0,
    // An empty greeting is the widget's built-in one, in the visitor's language.
    widget: { color: '#2f5bea', position: 'right', greeting: '', launcherText: '', theme: 'light' },
    tracking: true,
    invitations: [],
    preChatForm: { name: 'off', email: 'off', department: 'off' },
    businessHours: {},
    requireTwoFactor: false,
  };
}

export async function readSettings(db: Sql, config: Config): Promise<Settings> {
  const settings: Record<string, unknown> = { ...defaultSettings(config) };
  for (const row of (await db.all('SELECT key, value FROM settings')) as Array<{ key: string; value: string }>) {
    if (row.key in settings) settings[row.key] = JSON.parse(row.value);
  }
  return settings as unknown as Settings;
}

export async function writeSettings(db: Sql, patch: Partial<Settings>): Promise<void> {
  await db.transaction(async (tx) => {
    for (const [key, value] of Object.entries(patch)) await writeSetting(tx, key, value);
  });
}

/** The secret sites sign `Parley('identify')` with; made on first use, shown to admins. */
export async function identitySecret(db: Sql): Promise<string> {
  return (await readSetting<string>(db, 'identitySecret')) ?? settingMadeOnce(db, 'identitySecret', randomBytes(32).toString('hex'));
}

/** The value kept under a key of its own (not one of `Settings`), or undefined before one is. */
export async function readSetting<T>(db: Sql, key: string): Promise<T | undefined> {
  const raw = await db.value<string>('SELECT value FROM settings WHERE key = ?', [key]);
  return raw === undefined ? undefined : (JSON.parse(raw) as T);
}

export async function writeSetting(db: Sql, key: string, value: unknown): Promise<void> {
  await db.run('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value', [key, JSON.stringify(value)]);
}

/**
 * The value under `key`, `made` the first time: a secret made once, which every node then
 * reads (the first to store one wins).
 */
export async function settingMadeOnce<T>(db: Sql, key: string, made: T): Promise<T> {
  await db.run('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO NOTHING', [key, JSON.stringify(made)]);
  return (await readSetting<T>(db, key))!;
}
