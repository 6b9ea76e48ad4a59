import type { Db } from './db.ts';

export type Outcome<T> = { ok: true; value: T } | { ok: false; error: unknown };

interface QueuedWrite {
  work: () => unknown;
  done: (outcome: Outcome<unknown>) => void;
}

/**
 * Group commit: writes that arrive in the same event-loop turn (messages read from many sockets
 * at once) run in one transaction, so with `synchronous = FULL` they share one fsync instead of
 * paying one each. Each write runs in its own savepoint: one that throws is rolled back alone
 * and the others commit. `done` runs for every write, in the order they came, only once the
 * shared commit is over: nothing is acked or relayed before it is on disk.
 */
export class GroupCommit {
  private queue: QueuedWrite[] = [];
  private scheduled: NodeJS.Immediate | null = null;

  constructor(private readonly db: Db) {}

  /** Queues `work` for the next shared commit (after this turn's other I/O has been read). */
  add<T>(work: () => T, done: (outcome: Outcome<T>) => void): void {
    this.queue.push({ work, done: done as QueuedWrite['done'] });
    this.scheduled ??= setImmediate(() => this.flush());
  }

  /**
   * Commits what is queued, now. Any other write calls it first, so that writes reach the
   * database, and their effects the sockets, in the order they came in.
   */
  flush(): void {
    if (this.scheduled) clearImmediate(this.scheduled);
    this.scheduled = null;
    const batch = this.queue;
    if (batch.length === 0) return;
    this.queue = [];
    let outcomes: Outcome<unknown>[] = [];
    try {
      this.db.transaction(() => {
        for (const { work } of batch) {
          try {
            outcomes.push({ ok: true, value: this.db.transaction(work)() });
          } catch (error) {
            outcomes.push({ ok: false, error });
          }
        }
      })();
    } catch (error) {
      // The commit itself failed (disk full, I/O error): nothing of the batch is stored (the
      // transaction is rolled back).
      outcomes = batch.map(() => ({ ok: false, error }));
    }
    batch.forEach(({ done }, i) => {
      try {
        done(outcomes[i]!);
      } catch (error) {
        // One write's follow-up failing must not keep the others from being answered.
        console.error(error);
      }
    });
  }
}
