import type { Db } from '../store/db.ts';

/** The settings the definitions name (METRICS.md §2), read from `settings` (key → JSON value). */
export interface MetricSettings {
  fcrWindowDays: number;
  conversionWindowHours: number;
}

export const metricDefaults: MetricSettings = { fcrWindowDays: 7, conversionWindowHours: 24 };

export function metricSettings(db: Db): MetricSettings {
  const out = { ...metricDefaults };
  const rows = db
    .prepare("SELECT key, value FROM settings WHERE key IN ('fcrWindowDays', 'conversionWindowHours')")
    .all() as { key: keyof MetricSettings; value: string }[];
  for (const { key, value } of rows) {
    const n = JSON.parse(value);
    if (typeof n === 'number' && Number.isFinite(n) && n >= 0) out[key] = n;
  }
  return out;
}
