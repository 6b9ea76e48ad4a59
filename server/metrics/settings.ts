import type { Sql } from '../store/sql.ts';

/** The settings the definitions name (METRICS.md §2), read from `settings` (key → JSON value). */
export interface MetricSettings {
  fcrWindowDays: number;
  conversionWindowHours: number;
}

export const metricDefaults: MetricSettings = { fcrWindowDays: 7, conversionWindowHours: 24 };

export async function metricSettings(db: Sql): Promise<MetricSettings> {
  const out = { ...metricDefaults };
  const rows = await db.all<{ key: keyof MetricSettings; value: string }>(
    "SELECT key, value FROM settings WHERE key IN ('fcrWindowDays', 'conversionWindowHours')",
  );
  for (const { key, value } of rows) {
    const n = JSON.parse(value);
    if (typeof n === 'number' && Number.isFinite(n) && n >= 0) out[key] = n;
  }
  return out;
}
