import type { Deps } from '../deps.ts';
import { accessRooms, rooms, type AgentNamespace, type VisitorNamespace } from './rooms.ts';
import { ChatError, type ChatLifecycle } from '../chat/lifecycle.ts';
import { handlerFor, handshake } from './handler.ts';
import { chatViewer } from '../chat/access.ts';
import type { ClusterPresence } from '../cluster/presence.ts';
import {
  agentHelloSchema,
  agentMessageSchema,
  agentTypingSchema,
  chatRefSchema,
  chatCloseSchema,
  statusSchema,
  noteSchema,
  prioritySchema,
  syncSchema,
  tagSchema,
  transferSchema,
  messageDeleteSchema,
  visitorBlockSchema,
} from '../../shared/schemas.ts';
import { addressKey, clientAddress } from '../http/sign-in-limits.ts';
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
import { mustEnrolTwoFactor } from '../team/two-factor.ts';
import { readCookie, sameOrigin, SESSION_COOKIE } from '../http/auth.ts';
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
  presence: ClusterPresence;
  visitors: VisitorNamespace;
  trustProxy: () => (address: string, hop: number) => boolean;
}

export function attachAgentNamespace(nsp: AgentNamespace, deps: AgentDeps): void {
  const { db, clock, config, lifecycle, presence } = deps;

  // Agent sockets must be authenticated: the console's session cookie or a bearer token.
  nsp.use(
    handshake(deps.log, 'agent', async (socket) => {
      const authToken = socket.handshake.auth?.token;
      const bearer = typeof authToken === 'string' && authToken ? authToken : undefined;
      // A session cookie is sent by the browser on its own: only from the console's origin.
      if (!bearer && !sameOrigin(socket.handshake.headers.origin, config.publicUrl)) {
        return new Error("origin: the console's session works only from its own address");
      }
      const token = bearer ?? readCookie(socket.handshake.headers.cookie, SESSION_COOKIE);
      const agent = token ? await agentForSession(db, token, clock.now()) : undefined;
      if (!agent) return new Error('unauthorized: sign in first');
      if (await mustEnrolTwoFactor(db, agent)) return new Error('two-factor: enrol first, the owner requires it');
      socket.data.agentId = agent.id;
      socket.data.tokenHash = hashToken(token!);
      socket.data.accessRooms = accessRooms(agent);
      return undefined;
    }),
  );

  nsp.on('connection', (socket) => {
    const agentId: string = socket.data.agentId;
    const handler = handlerFor(deps.log.child({ agentId }));
    socket.join([rooms.agent(agentId), rooms.session(socket.data.tokenHash), rooms.allAgents, ...socket.data.accessRooms]);
    presence.connected(agentId);
    socket.on('disconnect', () => presence.disconnected(agentId));

    /** Re-read on every event: a disabled agent or a changed role takes effect at once. */
    const me = async (): Promise<AgentRow> => {
      const agent = await getAgent(db, agentId);
      if (!agent || agent.disabled) {
        socket.disconnect(true);
        throw new ChatError('this account is disabled');
      }
      return agent;
    };

    const detail = async (agent: AgentRow, chatId: string): Promise<ChatDetail> => {
      const chat = await lifecycle.chatFor(agent, chatId);
      socket.join(rooms.chat(chatId));
      return {
        chat: await chatSummary(db, chat),
        messages: await messagesOfChat(db, chatId),
        visitor: await getVisitorContext(db, chat.visitor_id),
        notes: await notesOfChat(db, chatId),
        pages: await pagesOfVisitor(db, chat.visitor_id),
        pastChats: await pastChatsOfVisitor(db, chat.visitor_id, chatId, chatViewer(agent)),
      };
    };

    socket.on(
      'agent:hello',
      handler(agentHelloSchema, async () => {
        const agent = await me();
        const settings = await readSettings(db, config);
        return {
          inbox: {
            me: {
              id: agent.id,
              name: agent.name,
              email: agent.email,
              role: agent.role,
              status: await currentStatus(db, agent.id),
              maxChats: agent.maxChats,
            },
            queue: await Promise.all((await queuedChats(db, chatViewer(agent))).map((c) => chatSummary(db, c))),
            mine: await Promise.all((await openChatsOfAgent(db, agent.id)).map((c) => chatSummary(db, c))),
            routingMode: settings.routingMode,
            autoAwayMinutes: settings.autoAwayMinutes,
            requireTagToClose: settings.requireTagToClose,
          },
        };
      }),
    );

    socket.on(
      'status:set',
      handler(statusSchema, async (s) => {
        await lifecycle.setStatus((await me()).id, s.status);
        return { status: s.status };
      }),
    );

    socket.on(
      'chat:accept',
      handler(chatRefSchema, async (q) => {
        const agent = await me();
        await lifecycle.accept(agent, q.chatId);
        return { chat: await detail(agent, q.chatId) };
      }),
    );

    socket.on(
      'chat:open',
      handler(chatRefSchema, async (q) => ({ chat: await detail(await me(), q.chatId) })),
    );

    socket.on(
      'message:send',
      handler(agentMessageSchema, async (msg) => ({ message: await lifecycle.agentMessage(me(), msg) })),
    );

    socket.on(
      'messages:sync',
      handler(syncSchema, async (q) => {
        await lifecycle.chatFor(await me(), q.chatId);
        socket.join(rooms.chat(q.chatId));
        return { messages: await messagesOfChat(db, q.chatId, q.afterSeq) };
      }),
    );

    socket.on(
      'typing:set',
      handler(agentTypingSchema, async (t) => {
        // Only the chat's own agent types to its visitor: they see it.
        const agent = await me();
        const chat = await getChat(db, t.chatId);
        if (!chat || chatStatus(chat) !== 'active' || chat.agent_id !== agent.id) return;
        deps.visitors
          .to(rooms.visitor(chat.visitor_id))
          .emit('typing:update', { typing: t.typing, name: t.typing ? agent.name : null });
      }),
    );

    socket.on(
      'chat:close',
      handler(chatCloseSchema, async (q) => ({
        chat: await chatSummary(db, await lifecycle.closeByAgent(await me(), q.chatId, q.withoutSurvey ?? false, socket.handshake.address ?? null)),
      })),
    );

    socket.on(
      'chat:transfer',
      handler(transferSchema, async (q) => {
        const chat = await lifecycle.transfer(await me(), q);
        if (q.agentId) nsp.in(rooms.agent(q.agentId)).socketsJoin(rooms.chat(chat.id));
        return { chat: await chatSummary(db, chat) };
      }),
    );

    socket.on(
      'chat:priority',
      handler(prioritySchema, async (q) => ({ chat: await chatSummary(db, await lifecycle.setPriority(await me(), q.chatId, q.priority)) })),
    );

    socket.on(
      'tag:add',
      handler(tagSchema, async (q) => ({ tags: await tagsOf(db, (await lifecycle.setTag(await me(), q.chatId, q.tag, true)).id) })),
    );

    socket.on(
      'tag:remove',
      handler(tagSchema, async (q) => ({ tags: await tagsOf(db, (await lifecycle.setTag(await me(), q.chatId, q.tag, false)).id) })),
    );

    socket.on('tags:list', handler(agentHelloSchema, async () => ({ tags: await allTags(db) })));

    socket.on(
      'note:add',
      handler(noteSchema, async (q) => {
        const note = await lifecycle.addNote(await me(), q);
        const chat = (await getChat(db, q.chatId))!;
        const targets = [rooms.chat(chat.id)];
        if (chat.agent_id) targets.push(rooms.agent(chat.agent_id));
        socket.to(targets).emit('note:new', note);
        return { note };
      }),
    );

    socket.on('team:list', handler(agentHelloSchema, async () => ({ agents: await team(db), departments: await departments(db) })));

    /** The console's address as the audit log records it (TRUST_PROXY decides, as for requests). */
    const address = () =>
      addressKey(clientAddress(socket.request.socket.remoteAddress, socket.handshake.headers['x-forwarded-for'], deps.trustProxy()));

    socket.on(
      'message:delete',
      handler(messageDeleteSchema, async (q) => ({ message: await lifecycle.deleteMessage(await me(), q, address()) })),
    );

    socket.on(
      'visitor:block',
      handler(visitorBlockSchema, async (q) => ({ blockId: (await lifecycle.blockVisitor(await me(), q, address())).blockId })),
    );

    socket.on('canned:list', handler(agentHelloSchema, async () => ({ canned: await cannedFor(db, (await me()).id) })));
  });
}
