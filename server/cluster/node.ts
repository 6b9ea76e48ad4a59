import type { Logger } from '../logger.ts';
import {
  addDeadline,
  claimDueDeadlines,
  finishDeadline,
  nodeAlive,
  principalsOnNode,
  removeDeadline,
  removeNode,
  silentNodes,
  type ClaimedDeadline,
} from '../store/cluster.ts';
import type { Store } from '../store/sql.ts';

/** How often a node says it is alive, and how long a silent node counts as alive still. */
export const HEARTBEAT_MS = 2_000;
export const NODE_TIMEOUT_MS = 10_000;
/** A claimed deadline is another node's to run again if this one has not finished it by then. */
const LEASE_MS = 30_000;

/** What a deadline of one kind does when it falls due (its subject: a visitor's or an agent's id). */
export type DeadlineHandler = (subjectId: string) => Promise<void>;

/** What a node that found another one gone does with each principal that node held. */
export type NodeGoneHandler = (nodeId: string, principal: { kind: 'visitor' | 'agent'; id: string }, seenAt: number) => Promise<void>;

/**
 * This process as one node among those sharing the store: it says it is alive, notices nodes
 * that went silent (a crash, a `kill -9`) and takes over what they held, and runs deadlines,
 * each by exactly one node. Deadlines run on the real time (timers), not the chats' clock.
 */
export class ClusterNode {
  private readonly handlers = new Map<string, DeadlineHandler>();
  private readonly nodeGoneHandlers: NodeGoneHandler[] = [];
  private readonly timers = new Set<NodeJS.Timeout>();
  private ticker: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  private stopped = false;

  constructor(
    private readonly db: Store,
    readonly id: string,
    private readonly log: Logger,
  ) {}

  /** `handler` runs the deadlines of `kind`. */
  onDeadline(kind: string, handler: DeadlineHandler): void {
    this.handlers.set(kind, handler);
  }

  onNodeGone(handler: NodeGoneHandler): void {
    this.nodeGoneHandlers.push(handler);
  }

  async start(): Promise<void> {
    // An earlier run under this id (a restart with a fixed NODE_ID) held sockets that are gone.
    await removeNode(this.db, this.id);
    await nodeAlive(this.db, this.id, Date.now());
    this.ticker = setInterval(() => void this.tick(), HEARTBEAT_MS);
    this.ticker.unref();
    this.runDue();
  }

  /** Nodes seen since then are alive. */
  aliveSince(): number {
    return Date.now() - NODE_TIMEOUT_MS;
  }

  /** Sets a deadline (an earlier one for the subject stands) and wakes this node when it is due. */
  async schedule(kind: string, subjectId: string, dueAt: number): Promise<void> {
    await addDeadline(this.db, kind, subjectId, dueAt);
    this.wakeAt(dueAt);
  }

  async cancel(kind: string, subjectId: string): Promise<void> {
    await removeDeadline(this.db, kind, subjectId);
  }

  /** Leaves the cluster: what it held becomes the others' (or this store's next start's). */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.ticker) clearInterval(this.ticker);
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    await this.running;
  }

  /** After `stop`, once the node's own sockets have had their say: removes its rows. */
  async leave(): Promise<void> {
    await removeNode(this.db, this.id);
  }

  private wakeAt(dueAt: number): void {
    if (this.stopped) return;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      this.runDue();
    }, Math.max(0, dueAt - Date.now()));
    timer.unref();
    this.timers.add(timer);
  }

  private async tick(): Promise<void> {
    try {
      await nodeAlive(this.db, this.id, Date.now());
      await this.takeOverSilentNodes();
    } catch (err) {
      this.log.error({ err }, 'cluster heartbeat failed');
    }
    this.runDue();
  }

  private async takeOverSilentNodes(): Promise<void> {
    for (const node of await silentNodes(this.db, this.aliveSince())) {
      if (node.id === this.id) continue;
      this.log.warn({ gone: node.id, seenAt: node.seenAt }, 'a node went silent: taking over its connections');
      for (const principal of await principalsOnNode(this.db, node.id)) {
        for (const handler of this.nodeGoneHandlers) await handler(node.id, principal, node.seenAt);
      }
      await removeNode(this.db, node.id);
    }
  }

  /** Runs the due deadlines; a call while a run is on makes it look again when done. */
  private runDue(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = (async () => {
      do {
        this.again = false;
        let claimed: ClaimedDeadline[] = [];
        try {
          claimed = await claimDueDeadlines(this.db, Date.now(), LEASE_MS, 50);
        } catch (err) {
          this.log.error({ err }, 'claiming deadlines failed');
        }
        for (const deadline of claimed) await this.run(deadline);
        if (claimed.length === 50) this.again = true;
      } while (this.again && !this.stopped);
    })().finally(() => {
      this.running = null;
    });
  }

  private async run(deadline: ClaimedDeadline): Promise<void> {
    const handler = this.handlers.get(deadline.kind);
    try {
      if (handler) await handler(deadline.subjectId);
      else this.log.warn({ kind: deadline.kind }, 'a deadline of a kind this node does not know');
      await finishDeadline(this.db, deadline);
    } catch (err) {
      // Left leased: another node (or this one) runs it again when the lease ends.
      this.log.error({ err, kind: deadline.kind, subjectId: deadline.subjectId }, 'a deadline failed');
    }
  }
}
