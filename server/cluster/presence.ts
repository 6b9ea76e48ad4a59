import type { Logger } from '../logger.ts';
import { isConnected, setConnections, type PrincipalKind } from '../store/cluster.ts';
import type { Store } from '../store/sql.ts';
import type { ClusterNode } from './node.ts';

/**
 * Who of one kind (visitors or agents) is connected, over every node: a principal is connected
 * while any live node holds a socket of theirs. When their last socket anywhere closes (or
 * their node dies), a grace period starts as a deadline row; when it ends with nobody back,
 * exactly one node runs `onGone`.
 */
export class ClusterPresence {
  /** This node's open sockets per principal. */
  private readonly sockets = new Map<string, number>();
  /** Per principal, the store writes in the order the sockets came and went. */
  private readonly writes = new Map<string, Promise<void>>();
  private readonly deadline: string;

  constructor(
    private readonly db: Store,
    private readonly node: ClusterNode,
    private readonly kind: PrincipalKind,
    private readonly graceMs: number,
    onGone: (id: string) => Promise<void>,
    private readonly log: Logger,
    /** After a socket came or went is in the store (Visitors now): whether they are still connected is read then. */
    private readonly onStored?: (id: string) => void,
  ) {
    this.deadline = `${kind}-grace`;
    node.onDeadline(this.deadline, async (id) => {
      if (!(await this.isConnected(id))) await onGone(id);
    });
    node.onNodeGone(async (_nodeId, principal, seenAt) => {
      if (principal.kind !== kind || (await this.isConnected(principal.id))) return;
      await node.schedule(this.deadline, principal.id, seenAt + graceMs);
    });
  }

  connected(id: string): void {
    const count = (this.sockets.get(id) ?? 0) + 1;
    this.sockets.set(id, count);
    this.write(id, async () => {
      await setConnections(this.db, this.kind, id, this.node.id, this.sockets.get(id) ?? 0);
      await this.node.cancel(this.deadline, id);
      this.onStored?.(id);
    });
  }

  disconnected(id: string): void {
    const left = (this.sockets.get(id) ?? 1) - 1;
    if (left > 0) this.sockets.set(id, left);
    else this.sockets.delete(id);
    this.write(id, async () => {
      await setConnections(this.db, this.kind, id, this.node.id, this.sockets.get(id) ?? 0);
      if (!(await this.isConnected(id))) await this.node.schedule(this.deadline, id, Date.now() + this.graceMs);
      this.onStored?.(id);
    });
  }

  /** Someone who should be connected but is not (after a restart) gets the same grace. */
  async expect(id: string): Promise<void> {
    if (!(await this.isConnected(id))) await this.node.schedule(this.deadline, id, Date.now() + this.graceMs);
  }

  isConnected(id: string): Promise<boolean> {
    return isConnected(this.db, this.kind, id, this.node.aliveSince());
  }

  /** Waits for the writes under way (the server is closing). */
  async settled(): Promise<void> {
    await Promise.all(this.writes.values());
  }

  private write(id: string, work: () => Promise<void>): void {
    const next = (this.writes.get(id) ?? Promise.resolve())
      .then(work)
      .catch((err) => this.log.error({ err, kind: this.kind, id }, 'presence: the store write failed'));
    this.writes.set(id, next);
    void next.finally(() => {
      if (this.writes.get(id) === next) this.writes.delete(id);
    });
  }
}
