import type { Server } from 'socket.io';
import type { Deps } from '../deps.ts';
import type { VisitorBudgets } from '../cluster/visitor-budgets.ts';
import { accessRooms, audienceOf, rooms, type AgentNamespace, type VisitorNamespace } from './rooms.ts';
import { ChatLifecycle, type ChatListener } from '../chat/lifecycle.ts';
import { chatStatus, chatSummary, getChat, queuedChats } from '../store/chats.ts';
import { maySee } from '../chat/access.ts';
import { onlineAgentIds } from '../store/agent-status.ts';
import { readSettings } from '../store/settings.ts';
import { getAgent } from '../store/agents.ts';
import { departments } from '../store/chat-extras.ts';
import { ClusterPresence } from '../cluster/presence.ts';
import type { PushNotifier } from '../push/push-notifier.ts';
import type { ClusterNode } from '../cluster/node.ts';
import type { Surveys } from '../surveys/index.ts';
import { attachVisitorNamespace } from './visitor.ts';
import { attachAgentNamespace } from './agent.ts';
import { observeSockets } from './observe-sockets.ts';
import { blockOf } from '../store/visitor-blocks.ts';
import { visitorsNow } from './visitors-now.ts';


export interface Realtime {
  lifecycle: ChatLifecycle;
  /** Disconnects the agent sockets opened with a session that has just been signed out. */
  endSession(tokenHash: string): void;
  /** Disconnects the agent's sockets opened with any session but `keptTokenHash`. */
  endOtherSessions(agentId: string, keptTokenHash: string): void;
  /** An admin disabled the agent: their consoles close, they go offline, their chats are requeued. */
  agentDisabled(agentId: string): Promise<void>;
  /** An admin changed the agent's role or departments: their consoles' rooms follow, routing runs again. */
  agentChanged(agentId: string): Promise<void>;
  /** The owner's settings changed: consoles get what they use of them, routing runs again. */
  settingsChanged(): Promise<void>;
  /** After the sockets have closed: waits until their comings and goings are in the store. */
  stop(): Promise<void>;
}


/** Wires the two namespaces to the chat lifecycle and relays its changes to sockets. */
export async function attachRealtime(io: Server, deps: Deps & { surveys: Surveys; node: ClusterNode; push?: PushNotifier; budgets: VisitorBudgets; trustProxy: () => (address: string, hop: number) => boolean }): Promise<Realtime> {
  const { db, surveys, node } = deps;
  const visitors: VisitorNamespace = io.of('/visitor');
  const agents: AgentNamespace = io.of('/agent');
  observeSockets(io, { visitor: visitors, agent: agents }, deps);
  // Read from the store each time: another node may have changed it.
  const agentsOnline = async () => (await onlineAgentIds(db)).length > 0;
  const live = visitorsNow({ ...deps, agents });
  /** The place in line each waiting visitor was last told. */
  const toldPositions = new Map<string, number>();

  const listener: ChatListener = {
    async messageAdded(message, chat) {
      visitors.to(rooms.visitor(chat.visitor_id)).emit('message:new', message);
      const targets = [rooms.chat(chat.id)];
      if (chat.agent_id && chatStatus(chat) === 'active') targets.push(rooms.agent(chat.agent_id));
      agents.to(targets).emit('message:new', message);
      // Waiting chats show their last message in the queue of every agent who sees them.
      if (chatStatus(chat) === 'queued') agents.to(await audienceOf(db, chat)).emit('chat:upsert', await chatSummary(db, chat));
      await deps.push?.messageAdded(message, chat);
    },
    async chatChanged(chat, previous) {
      const view = await lifecycle.visitorView(chat);
      if (view.queuePosition === null) toldPositions.delete(chat.id);
      else toldPositions.set(chat.id, view.queuePosition);
      visitors.to(rooms.visitor(chat.visitor_id)).emit('chat:update', view);
      const audience = await audienceOf(db, chat);
      agents.to(audience).emit('chat:upsert', await chatSummary(db, chat));
      // Moved to a department (a transfer): consoles that may no longer see it stop hearing it,
      // and those that saw it drop it from their lists.
      agents.in(rooms.chat(chat.id)).except(audience).socketsLeave(rooms.chat(chat.id));
      if (previous && previous.department_id !== chat.department_id) {
        agents.to(await audienceOf(db, previous)).except(audience).emit('chat:remove', { chatId: chat.id });
      }
      // Visitors now shows whether they chat, and with whom.
      live.changed(chat.visitor_id);
      await deps.push?.chatChanged(chat, previous);
    },
    async queueChanged() {
      // Read the queue once; tell only the visitors whose place moved (a chat joining at the
      // end moves nobody), so a long queue costs one pass, not one pass per waiting visitor.
      const positions = await lifecycle.queuePositions();
      for (const chat of await queuedChats(db)) {
        const position = positions.get(chat.id);
        if (position === undefined || toldPositions.get(chat.id) === position) continue;
        toldPositions.set(chat.id, position);
        visitors.to(rooms.visitor(chat.visitor_id)).emit('chat:update', await lifecycle.visitorView(chat, positions));
      }
      for (const chatId of toldPositions.keys()) if (!positions.has(chatId)) toldPositions.delete(chatId);
    },
    async chatClosed(chat) {
      // No survey ever goes to a blocked visitor.
      if (await blockOf(db, chat.visitor_id, null)) return;
      await surveys.chatClosed(chat);
    },
    async messageChanged(message, chat) {
      visitors.to(rooms.visitor(chat.visitor_id)).emit('message:update', message);
      const targets = [rooms.chat(chat.id)];
      if (chat.agent_id && chatStatus(chat) === 'active') targets.push(rooms.agent(chat.agent_id));
      agents.to(targets).emit('message:update', message);
    },
    async visitorBlocked(visitorId) {
      visitors.to(rooms.visitor(visitorId)).emit('visitor:blocked');
    },
    async agentStatusChanged(agentId, status) {
      agents.to(rooms.agent(agentId)).emit('status:update', { status });
      // Every time, not only when this node saw it flip: other nodes change statuses too.
      visitors.emit('availability:update', { agentsOnline: await agentsOnline() });
    },
  };

  const lifecycle = new ChatLifecycle({ ...deps, listener });

  const visitorPresence = new ClusterPresence(db, node, 'visitor', deps.config.visitorGraceMs, (visitorId) => lifecycle.visitorGone(visitorId), deps.log, live.changed);
  const agentPresence = new ClusterPresence(db, node, 'agent', deps.config.agentGraceMs, (agentId) => lifecycle.setStatus(agentId, 'offline'), deps.log);

  attachVisitorNamespace(visitors, { ...deps, lifecycle, presence: visitorPresence, agentsOnline, agents, surveys: surveys.service, live });
  attachAgentNamespace(agents, { ...deps, lifecycle, presence: agentPresence, visitors });

  // After a restart (of the only node, or of all): agents who were online and visitors still
  // waiting, connected to no node, get the same grace period as if they had just disconnected.
  for (const agentId of await onlineAgentIds(db)) await agentPresence.expect(agentId);
  for (const chat of await lifecycle.chatsAwaitingReply()) await visitorPresence.expect(chat.visitor_id);
  await lifecycle.routeQueue();

  return {
    lifecycle,
    endOtherSessions(agentId, keptTokenHash) {
      agents.in(rooms.agent(agentId)).except(rooms.session(keptTokenHash)).disconnectSockets(true);
    },
    endSession(tokenHash) {
      agents.in(rooms.session(tokenHash)).disconnectSockets(true);
    },
    async agentDisabled(agentId) {
      agents.in(rooms.agent(agentId)).disconnectSockets(true);
      await lifecycle.setStatus(agentId, 'offline');
    },
    async agentChanged(agentId) {
      const agent = await getAgent(db, agentId);
      if (agent) {
        const everyAccessRoom = [rooms.everyChat, ...(await departments(db)).map((d) => rooms.department(d.id))];
        const keep = accessRooms(agent);
        // Rooms, not sockets: this reaches the agent's consoles on every node.
        agents.in(rooms.agent(agentId)).socketsLeave(everyAccessRoom.filter((room) => !keep.includes(room)));
        agents.in(rooms.agent(agentId)).socketsJoin(keep);
        // And the chats they had open that they may no longer see: their live messages stop.
        for (const socket of await agents.in(rooms.agent(agentId)).fetchSockets()) {
          for (const room of socket.rooms) {
            const chatId = rooms.chatIdOf(room);
            const chat = chatId === null ? undefined : await getChat(db, chatId);
            if (chat && !(await maySee(db, agent, chat))) socket.leave(room);
          }
        }
      }
      await lifecycle.routeQueue();
    },
    async settingsChanged() {
      const settings = await readSettings(db, deps.config);
      agents.to(rooms.allAgents).emit('settings:update', {
        routingMode: settings.routingMode,
        autoAwayMinutes: settings.autoAwayMinutes,
        requireTagToClose: settings.requireTagToClose,
      });
      await lifecycle.routeQueue();
    },
    async stop() {
      await visitorPresence.settled();
      await agentPresence.settled();
    },
  };
}
