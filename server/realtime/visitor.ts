import type { Deps } from '../deps.ts';
import { rooms, type AgentNamespace, type VisitorNamespace } from './rooms.ts';
import type { ChatLifecycle } from '../chat/lifecycle.ts';
import { ChatError } from '../chat/lifecycle.ts';
import { handlerFor, type Presence } from './handler.ts';
import type { SurveyService } from '../surveys/survey-service.ts';
import { attachSurveyEvents } from './surveys.ts';
import { identitySecret, readSettings } from '../store/settings.ts';
import {
  chatRefSchema,
  offlineFormSchema,
  syncSchema,
  visitorHelloSchema,
  visitorMessageSchema,
  visitorTypingSchema,
  identifySchema,
  pageViewSchema,
  conversionSchema,
  attributesSchema,
  invitationEventSchema,
} from '../../shared/schemas.ts';
import { identityProblem } from '../chat/identity.ts';
import { pagesOfVisitor } from '../store/chat-extras.ts';
import {
  chatSummary,
  currentChatOfVisitor,
  departmentExists,
  getChat,
  getVisitorContext,
  messagesOfChat,
  setVisitorAttributes,
  updateVisitor,
  visitorIdForToken,
} from '../store/chats.ts';

interface VisitorDeps extends Deps {
  lifecycle: ChatLifecycle;
  presence: Presence;
  agentsOnline: () => boolean;
  agents: AgentNamespace;
  surveys: SurveyService;
}

/** A closed chat is still shown to its visitor for this long (the transcript, then surveys). */
const CLOSED_CHAT_SHOWN_MS = 24 * 3600 * 1000;

export function attachVisitorNamespace(nsp: VisitorNamespace, deps: VisitorDeps): void {
  const { db, clock, lifecycle, presence } = deps;

  nsp.use((socket, next) => {
    const token = socket.handshake.auth?.token;
    const visitorId = typeof token === 'string' && token.length <= 200 ? visitorIdForToken(db, token) : undefined;
    if (!visitorId) return next(new Error('invalid visitor token'));
    socket.data.visitorId = visitorId;
    socket.data.departmentId = null;
    next();
  });

  nsp.on('connection', (socket) => {
    const visitorId: string = socket.data.visitorId;
    const handler = handlerFor(deps.log.child({ visitorId }));
    socket.join(rooms.visitor(visitorId));
    presence.connected(visitorId);
    socket.on('disconnect', () => presence.disconnected(visitorId));
    attachSurveyEvents(socket, visitorId, deps.surveys, deps.log);

    /** The visitor may only ever touch their own chats. */
    const ownChat = (chatId: string) => {
      const chat = getChat(db, chatId);
      if (!chat || chat.visitor_id !== visitorId) throw new ChatError('chatId: no such chat', 'chatId');
      return chat;
    };

    socket.on(
      'visitor:hello',
      handler(visitorHelloSchema, (hello) => {
        if (hello.department !== undefined && !departmentExists(db, hello.department)) {
          throw new ChatError(`department: no department "${hello.department}"`, 'department');
        }
        socket.data.departmentId = hello.department ?? null;
        updateVisitor(
          db,
          visitorId,
          {
            locale: hello.locale,
            timeZone: hello.timeZone,
            userAgent: socket.handshake.headers['user-agent']?.slice(0, 512),
            currentUrl: hello.page?.url,
          },
          clock.now(),
        );
        let chat = currentChatOfVisitor(db, visitorId);
        if (chat && chat.closed_at !== null && clock.now() - chat.closed_at > CLOSED_CHAT_SHOWN_MS) chat = undefined;
        return {
          state: {
            visitorId,
            agentsOnline: deps.agentsOnline(),
            chat: chat ? lifecycle.visitorView(chat) : null,
            messages: chat ? messagesOfChat(db, chat.id) : [],
            siteName: readSettings(db, deps.config).siteName,
          },
        };
      }),
    );

    /**
     * The agents looking at this visitor's open chat see who they are and where they are at
     * once: a new name also renames the chat in every agent's lists.
     */
    const visitorChanged = (renamed: boolean) => {
      const chat = currentChatOfVisitor(db, visitorId);
      if (!chat || chat.closed_at !== null) return;
      const targets = [rooms.chat(chat.id)];
      if (chat.agent_id) targets.push(rooms.agent(chat.agent_id));
      deps.agents.to(targets).emit('visitor:update', { chatId: chat.id, visitor: getVisitorContext(db, visitorId), pages: pagesOfVisitor(db, visitorId) });
      if (renamed) deps.agents.to(rooms.allAgents).emit('chat:upsert', chatSummary(db, chat));
    };

    socket.on(
      'message:send',
      handler(visitorMessageSchema, async (msg) => ({
        message: await lifecycle.visitorMessage(visitorId, msg, socket.data.departmentId),
      })),
    );

    socket.on(
      'messages:sync',
      handler(syncSchema, (q) => {
        ownChat(q.chatId);
        return { messages: messagesOfChat(db, q.chatId, q.afterSeq) };
      }),
    );

    socket.on(
      'typing:set',
      handler(visitorTypingSchema, (t) => {
        const chat = currentChatOfVisitor(db, visitorId);
        if (!chat || chat.closed_at !== null) return;
        const targets = [rooms.chat(chat.id)];
        if (chat.agent_id) targets.push(rooms.agent(chat.agent_id));
        deps.agents.to(targets).emit('typing:update', { chatId: chat.id, typing: t.typing });
      }),
    );

    socket.on(
      'chat:end',
      handler(chatRefSchema, (q) => {
        ownChat(q.chatId);
        return { chat: lifecycle.visitorView(lifecycle.endByVisitor(visitorId, q.chatId)) };
      }),
    );

    socket.on(
      'offline:submit',
      handler(offlineFormSchema, async (form) => {
        const message = await lifecycle.offlineMessage(visitorId, form);
        return { message, chat: lifecycle.visitorView(getChat(db, message.chatId)!) };
      }),
    );

    socket.on(
      'visitor:identify',
      handler(identifySchema, (who) => {
        let verified = false;
        if (who.signature !== undefined || who.signedAt !== undefined) {
          if (!who.id || who.signature === undefined || who.signedAt === undefined) {
            throw new ChatError('a signed identity needs id, signature and signedAt', 'signature');
          }
          const problem = identityProblem(identitySecret(db), { id: who.id, signature: who.signature, signedAt: who.signedAt }, clock.now());
          if (problem) throw new ChatError(problem, 'signature');
          verified = true;
        }
        updateVisitor(
          db,
          visitorId,
          { name: who.name, email: who.email, ...(verified ? { externalId: who.id, verified: true } : {}) },
          clock.now(),
        );
        visitorChanged(true);
        return { verified };
      }),
    );

    socket.on(
      'page:view',
      handler(pageViewSchema, (view) => {
        db.transaction(() => {
          const known = db.prepare('SELECT visitor_id FROM page_views WHERE id = ?').pluck().get(view.id);
          if (known !== undefined) {
            if (known !== visitorId) throw new ChatError('this page view id is already used', 'id');
            return;
          }
          const now = clock.now();
          db.prepare('INSERT INTO page_views (id, visitor_id, url, title, at) VALUES (?, ?, ?, ?, ?)').run(
            view.id,
            visitorId,
            view.url,
            view.title ?? null,
            now,
          );
          updateVisitor(db, visitorId, { currentUrl: view.url }, now);
        })();
        visitorChanged(false);
      }),
    );

    socket.on(
      'conversion:record',
      handler(conversionSchema, (c) => {
        const known = db.prepare('SELECT visitor_id FROM conversions WHERE id = ?').pluck().get(c.id);
        if (known !== undefined) {
          if (known !== visitorId) throw new ChatError('this conversion id is already used', 'id');
          return;
        }
        db.prepare('INSERT INTO conversions (id, visitor_id, at, value, currency) VALUES (?, ?, ?, ?, ?)').run(
          c.id,
          visitorId,
          clock.now(),
          c.value,
          c.currency ?? null,
        );
      }),
    );

    socket.on(
      'visitor:attributes',
      handler(attributesSchema, (attributes) => {
        setVisitorAttributes(db, visitorId, attributes);
        visitorChanged(false);
      }),
    );

    socket.on(
      'invitation:event',
      handler(invitationEventSchema, (e) => {
        if (e.chatId !== undefined) ownChat(e.chatId);
        const known = db.prepare('SELECT visitor_id FROM invitation_events WHERE id = ?').pluck().get(e.id);
        if (known !== undefined) {
          if (known !== visitorId) throw new ChatError('this invitation event id is already used', 'id');
          return;
        }
        db.prepare(
          'INSERT INTO invitation_events (id, visitor_id, invitation_id, kind, chat_id, url, at) VALUES (?, ?, ?, ?, ?, ?, ?)',
        ).run(e.id, visitorId, e.invitationId, e.kind, e.chatId ?? null, e.url ?? null, clock.now());
      }),
    );
  });
}
