import type { Deps } from '../deps.ts';
import type { ClusterNode } from '../cluster/node.ts';
import { recordAudit } from '../store/audit-log.ts';
import { readSetting, writeSetting } from '../store/settings.ts';
import { chatsPastRetention, eraseVisitorProfile, visitorPastRetention } from '../store/visitor-privacy.ts';
import { eraseChats } from './visitor-privacy.ts';

const KIND = 'privacy:retention';
const DAY_MS = 86_400_000;
/** Each node asks this often for the daily run; the one deadline row makes it one run. */
const ASK_EVERY_MS = 3600_000;
const BATCH = 500;

export interface RetentionRun {
  /** Server time of the run (epoch ms). */
  at: number;
  chats: number;
  visitors: number;
}

export interface RetentionStatus {
  retentionDays: number | null;
  lastRun: RetentionRun | null;
  /** When the next daily run is due (epoch ms), or null when nothing is kept for a limited time. */
  nextRunAt: number | null;
}

export const retentionDaysSetting = 'retentionDays';
const lastRunSetting = 'retentionLastRun';

export async function readRetentionDays(db: Deps['db']): Promise<number | null> {
  return (await readSetting<number | null>(db, retentionDaysSetting)) ?? null;
}

/**
 * Retention (issue 11): once a day, exactly one node erases the chats closed more than
 * `retentionDays` ago the way an erasure does (texts and files; times and structure stay for the
 * metrics), and the profiles of visitors left with nothing newer. Empty `retentionDays`: nothing.
 */
export function startRetention({ db, clock, log, node, filesDir }: Deps & { node: ClusterNode; filesDir: string }) {
  const lastRun = async () => (await readSetting<RetentionRun>(db, lastRunSetting)) ?? null;

  const run = async (): Promise<RetentionRun | null> => {
    const days = await readRetentionDays(db);
    if (days === null) return null;
    const now = clock.now();
    const cutoff = now - days * DAY_MS;
    let chats = 0;
    let visitors = 0;
    for (;;) {
      const batch = await chatsPastRetention(db, cutoff, BATCH);
      if (!batch.length) break;
      await eraseChats({ db, filesDir, now }, batch.map((c) => c.id));
      chats += batch.length;
      for (const visitorId of new Set(batch.map((c) => c.visitorId))) {
        if (await visitorPastRetention(db, visitorId, cutoff)) {
          await eraseVisitorProfile(db, visitorId, now);
          visitors++;
        }
      }
      if (batch.length < BATCH) break;
    }
    const result = { at: now, chats, visitors };
    await db.transaction(async (tx) => {
      await writeSetting(tx, lastRunSetting, result);
      await recordAudit(tx, { at: now, actor: null, action: 'retention.ran', target: null, ip: null, details: { retentionDays: days, chats, visitors } });
    });
    if (chats) log.info({ chats, visitors, retentionDays: days }, 'retention erased old chats');
    return result;
  };

  /** Due a day after the last run (now, before any). */
  const nextDue = async () => {
    const last = await lastRun();
    return last ? last.at + DAY_MS : clock.now();
  };

  node.onDeadline(KIND, async () => {
    // A run asked for by a node that had not seen the last one yet: nothing to do till tomorrow.
    const last = await lastRun();
    if (last && clock.now() < last.at + DAY_MS - ASK_EVERY_MS) return;
    await run();
  });
  const ask = async () => {
    if ((await readRetentionDays(db)) === null) return;
    const due = await nextDue();
    await node.schedule(KIND, 'daily', Date.now() + Math.max(0, due - clock.now()));
  };
  const askLogged = () => ask().catch((err) => log.error({ err }, 'scheduling the retention run failed'));
  void askLogged();
  const timer = setInterval(askLogged, ASK_EVERY_MS);
  timer.unref();

  return {
    run,
    /** After the setting changed: the next run is due at once (a first setting) or as before. */
    settingChanged: askLogged,
    async status(): Promise<RetentionStatus> {
      const retentionDays = await readRetentionDays(db);
      return { retentionDays, lastRun: await lastRun(), nextRunAt: retentionDays === null ? null : await nextDue() };
    },
    stop: () => clearInterval(timer),
  };
}

export type Retention = ReturnType<typeof startRetention>;
