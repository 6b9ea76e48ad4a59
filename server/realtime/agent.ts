import type { Deps } from '../deps.ts';
import { rooms, type AgentNamespace, type VisitorNamespace } from './rooms.ts';
import { ChatError, type ChatLifecycle } from '../chat/lifecycle.ts';
import { handlerFor, type Presence } from './handler.ts';
import {
  agentHelloSchema,
  agentMessageSchema,
  agentTypingSchema,
  chatRefSchema,
  statusSchema,
  noteSchema,
  prioritySchema,
  syncSchema,
  tagSchema,
  transferSchema,
} from '../../shared/schemas.ts';
import {
  allTags,
  cannedFor,
  departments,
  notesOfChat,
  pagesOfVisitor,
  pastChatsOfVisitor,
  team,
} from '../store/chat-extras.ts';
import { agentForSession, getAgent, hashToken, type AgentRow } from '../store/agents.ts';
import { readCookie, SESSION_COOKIE } from '../http/auth.ts';
import {
  chatStatus,
  chatSummary,
  currentStatus,
  getChat,
  getVisitorContext,
  messagesOfChat,
  openChatsOfAgent,
  queuedChats,
  tagsOfChat as tagsOf,
} from '../store/chats.ts';
import type { ChatDetail } from '../../shared/protocol.ts';
import { readSettings } from '../store/settings.ts';

interface AgentDeps extends Deps {
  lifecycle: ChatLifecycle;
  presence: Presence;
  visitors: VisitorNamespace;
}

export function attachAgentNamespace(nsp: AgentNamespace, deps: AgentDeps): void {
  const { db, clock, config, lifecycle, presence } = deps;

  // Agent sockets must be authenticated: the console's session cookie or a bearer token.
  nsp.use((socket, next) => {
    const authToken = socket.handshake.auth?.token;
    const token =
      typeof authToken === 'string' && authToken ? authToken : readCookie(socket.handshake.headers.cookie, SESSION_COOKIE);
    const agent = token ? agentForSession(db, token, clock.now()) : undefined;
    if (!agent) return next(new Error('unauthorized: sign in first'));
    socket.data.agentId = agent.id;
    socket.data.tokenHash = hashToken(token!);
    next();
  });

  nsp.on('connection', (socket) => {
    const agentId: string = socket.data.agentId;
    const handler = handlerFor(deps.log.child({ agentId }));
    socket.join([rooms.agent(agentId), rooms.allAgents]);
    presence.connected(agentId);
    socket.on('disconnect', () => presence.disconnected(agentId));

    /** Re-read on every event: a disabled agent or a changed role takes effect at once. */
    const me = (): AgentRow => {
      const agent = getAgent(db, agentId);
      if (!agent || agent.disabled) {
        socket.disconnect(true);
        throw new ChatError('this account is disabled');
      }
      return agent;
    };

    const detail = (chatId: string): ChatDetail => {
      const chat = getChat(db, chatId);
      if (!chat) throw new ChatError('chatId: no such chat', 'chatId');
      socket.join(rooms.chat(chatId));
      return {
        chat: chatSummary(db, chat),
        messages: messagesOfChat(db, chatId),
        visitor: getVisitorContext(db, chat.visitor_id),
        notes: notesOfChat(db, chatId),
        pages: pagesOfVisitor(db, chat.visitor_id),
        pastChats: pastChatsOfVisitor(db, chat.visitor_id, chatId),
      };
    };

    socket.on(
      'agent:hello',
      handler(agentHelloSchema, () => {
        const agent = me();
        const settings = readSettings(db, config);
        return {
          inbox: {
            me: {
              id: agent.id,
              name: agent.name,
              email: agent.email,
              role: agent.role,
              status: currentStatus(db, agent.id),
              maxChats: agent.maxChats,
            },
            queue: queuedChats(db).map((c) => chatSummary(db, c)),
            mine: openChatsOfAgent(db, agent.id).map((c) => chatSummary(db, c)),
            routingMode: settings.routingMode,
            autoAwayMinutes: settings.autoAwayMinutes,
            requireTagToClose: settings.requireTagToClose,
          },
        };
      }),
    );

    socket.on(
      'status:set',
      handler(statusSchema, (s) => {
        lifecycle.setStatus(me().id, s.status);
        return { status: s.status };
      }),
    );

    socket.on(
      'chat:accept',
      handler(chatRefSchema, (q) => {
        lifecycle.accept(me(), q.chatId);
        return { chat: detail(q.chatId) };
      }),
    );

    socket.on(
      'chat:open',
      handler(chatRefSchema, (q) => ({ chat: detail(q.chatId) })),
    );

    socket.on(
      'message:send',
      handler(agentMessageSchema, async (msg) => ({ message: await lifecycle.agentMessage(me(), msg) })),
    );

    socket.on(
      'messages:sync',
      handler(syncSchema, (q) => {
        if (!getChat(db, q.chatId)) throw new ChatError('chatId: no such chat', 'chatId');
        socket.join(rooms.chat(q.chatId));
        return { messages: messagesOfChat(db, q.chatId, q.afterSeq) };
      }),
    );

    socket.on(
      'typing:set',
      handler(agentTypingSchema, (t) => {
        const agent = me();
        const chat = getChat(db, t.chatId);
        if (!chat || chatStatus(chat) !== 'active' || chat.agent_id !== agent.id) return;
        deps.visitors
          .to(rooms.visitor(chat.visitor_id))
          .emit('typing:update', { typing: t.typing, name: t.typing ? agent.name : null });
      }),
    );

    socket.on(
      'chat:close',
      handler(chatRefSchema, (q) => ({ chat: chatSummary(db, lifecycle.closeByAgent(me(), q.chatId)) })),
    );

    socket.on(
      'chat:transfer',
      handler(transferSchema, (q) => {
        const chat = lifecycle.transfer(me(), q);
        if (q.agentId) nsp.in(rooms.agent(q.agentId)).socketsJoin(rooms.chat(chat.id));
        return { chat: chatSummary(db, chat) };
      }),
    );

    socket.on(
      'chat:priority',
      handler(prioritySchema, (q) => ({ chat: chatSummary(db, lifecycle.setPriority(me(), q.chatId, q.priority)) })),
    );

    socket.on(
      'tag:add',
      handler(tagSchema, (q) => ({ tags: tagsOf(db, lifecycle.setTag(me(), q.chatId, q.tag, true).id) })),
    );

    socket.on(
      'tag:remove',
      handler(tagSchema, (q) => ({ tags: tagsOf(db, lifecycle.setTag(me(), q.chatId, q.tag, false).id) })),
    );

    socket.on('tags:list', handler(agentHelloSchema, () => ({ tags: allTags(db) })));

    socket.on(
      'note:add',
      handler(noteSchema, (q) => {
        const note = lifecycle.addNote(me(), q);
        const chat = getChat(db, q.chatId)!;
        const targets = [rooms.chat(chat.id)];
        if (chat.agent_id) targets.push(rooms.agent(chat.agent_id));
        socket.to(targets).emit('note:new', note);
        return { note };
      }),
    );

    socket.on('team:list', handler(agentHelloSchema, () => ({ agents: team(db), departments: departments(db) })));

    socket.on('canned:list', handler(agentHelloSchema, () => ({ canned: cannedFor(db, me().id) })));
  });
}
