import type { Deps } from '../deps.ts';
import type { VisitorsNow } from './visitors-now.ts';
import { audienceOf, rooms, type AgentNamespace } from './rooms.ts';
import { pagesOfVisitor } from '../store/chat-extras.ts';
import { chatSummary, currentChatOfVisitor, getVisitorContext } from '../store/chats.ts';

/** What changed about a visitor since the agents were last told. */
interface VisitorChanges {
  /** A new name: the chat is renamed in every agent's lists too. */
  renamed?: boolean;
  /** New page views: the pages go along. */
  pages?: boolean;
}

/**
 * The agents looking at a visitor's open chat see who they are and where they are: at once for
 * the first change, then at most one `visitor:update` per visitor per VISITOR_UPDATE_INTERVAL_MS
 * carrying whatever changed meanwhile (the last state wins). A page view sent 500 times a second
 * costs the consoles one small update a second, not the visitor's whole history each time.
 */
export function visitorUpdates({ db, config, log, agents, live }: Deps & { agents: AgentNamespace; live: VisitorsNow }) {
  const interval = config.visitorLimits.visitorUpdateIntervalMs;
  /** Visitors told less than `interval` ago, with what changed since (null: nothing yet). */
  const cooling = new Map<string, VisitorChanges | null>();

  const send = async (visitorId: string, changes: VisitorChanges) => {
    // Visitors now, in the same measure: at most one row per visitor per interval.
    live.changed(visitorId);
    const chat = await currentChatOfVisitor(db, visitorId);
    if (!chat || chat.closed_at !== null) return;
    const targets = [rooms.chat(chat.id)];
    if (chat.agent_id) targets.push(rooms.agent(chat.agent_id));
    const visitor = await getVisitorContext(db, visitorId);
    agents.to(targets).emit('visitor:update', { chatId: chat.id, visitor, ...(changes.pages ? { pages: await pagesOfVisitor(db, visitorId) } : {}) });
    if (changes.renamed) agents.to(await audienceOf(db, chat)).emit('chat:upsert', await chatSummary(db, chat));
  };

  const tell = (visitorId: string, changes: VisitorChanges) => {
    send(visitorId, changes).catch((err) => log.error({ err, visitorId }, 'telling the agents about a visitor failed'));
    if (interval <= 0) return;
    cooling.set(visitorId, null);
    setTimeout(() => {
      const waiting = cooling.get(visitorId);
      cooling.delete(visitorId);
      if (waiting) tell(visitorId, waiting);
    }, interval).unref();
  };

  return {
    changed(visitorId: string, changes: VisitorChanges): void {
      if (!cooling.has(visitorId)) return tell(visitorId, changes);
      const waiting = cooling.get(visitorId);
      cooling.set(visitorId, { renamed: !!(waiting?.renamed || changes.renamed), pages: !!(waiting?.pages || changes.pages) });
    },
  };
}
