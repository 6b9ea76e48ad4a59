import type { Deps } from '../deps.ts';
import type { ClusterNode } from '../cluster/node.ts';
import { liveVisitors } from '../chat/visitors-now.ts';
import { rooms, type AgentNamespace } from './rooms.ts';

export type VisitorsNow = ReturnType<typeof visitorsNow>;

/**
 * Visitors now, live: every console hears of a visitor's change as one row (`visitors:live`)
 * or their going (`visitors:gone`), sent to the room of all agents, which the adapter relays to
 * the consoles on every node. The row is read from the store, so it is the same whichever node
 * the visitor is on; the console asks for the whole list once (GET /api/visitors/live).
 */
export function visitorsNow({ db, clock, log, node, agents }: Deps & { node: ClusterNode; agents: AgentNamespace }) {
  const tell = async (visitorId: string) => {
    const [row] = await liveVisitors(db, node.aliveSince(), clock.now(), visitorId);
    if (row) agents.to(rooms.allAgents).emit('visitors:live', row);
    else agents.to(rooms.allAgents).emit('visitors:gone', { visitorId });
  };
  return {
    /** Something shown of the visitor changed (they came, moved, were named, chat): their row goes out. */
    changed(visitorId: string): void {
      tell(visitorId).catch((err) => log.error({ err, visitorId }, 'telling the consoles about a visitor on the site failed'));
    },
  };
}
