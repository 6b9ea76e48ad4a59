import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Deps } from '../deps.ts';
import type { ClusterNode } from '../cluster/node.ts';
import { deleteAttachment, orphanAttachments } from '../store/attachments.ts';

const KIND = 'attachments:orphans';
/** How often the files are looked over. */
const SWEEP_EVERY_MS = 10 * 60_000;
const BATCH = 500;

/**
 * Deletes the files sent more than ORPHAN_FILE_MINUTES ago that no message names (an upload
 * whose message never came: a closed tab, a script filling the disk). Every node asks for a
 * sweep now and then; the request is one deadline row, so exactly one node runs each sweep.
 */
export function startOrphanFileSweep({ db, clock, config, log, node, dir }: Deps & { node: ClusterNode; dir: string }): { stop(): void; sweep(): Promise<number> } {
  const sweep = async () => {
    const before = clock.now() - config.visitorLimits.orphanFileMinutes * 60_000;
    let removed = 0;
    for (;;) {
      const ids = await orphanAttachments(db, before, BATCH);
      for (const id of ids) {
        // The row first: once it is gone nothing serves or names the file.
        await deleteAttachment(db, id);
        await rm(join(dir, id), { force: true });
      }
      removed += ids.length;
      if (ids.length < BATCH) break;
    }
    if (removed) log.info({ removed }, 'deleted files no message names');
    return removed;
  };
  node.onDeadline(KIND, async () => void (await sweep()));
  const ask = () => node.schedule(KIND, 'all', Date.now()).catch((err) => log.error({ err }, 'scheduling the orphan file sweep failed'));
  void ask();
  const timer = setInterval(ask, SWEEP_EVERY_MS);
  timer.unref();
  return { stop: () => clearInterval(timer), sweep };
}
