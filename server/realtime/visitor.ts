import { getDepartment } from '../store/departments.ts';
import type { Deps } from '../deps.ts';
import { audienceOf, rooms, type AgentNamespace, type VisitorNamespace } from './rooms.ts';
import type { ChatLifecycle } from '../chat/lifecycle.ts';
import { ChatError } from '../chat/lifecycle.ts';
import { handlerFor, handshake } from './handler.ts';
import type { ClusterPresence } from '../cluster/presence.ts';
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
import { IDENTITY_MAX_AGE_SEC, identityProblem, signatureKey } from '../chat/identity.ts';
import { useSignature } from '../store/identity-signatures.ts';
import { visitorOriginAllowed } from '../chat/visitor-origin.ts';
import type { VisitorBudgets, VisitorSpend } from '../cluster/visitor-budgets.ts';
import { addressKey, clientAddress } from '../http/sign-in-limits.ts';
import { visitorUpdates } from './visitor-updates.ts';
import { recordWebhookEvent } from '../webhooks/outbox.ts';
import { blockOf, countBlockedAttempt } from '../store/visitor-blocks.ts';
import { setVisitorAddress } from '../store/visitor-privacy.ts';
import { recordAudit } from '../store/audit-log.ts';
import type { VisitorsNow } from './visitors-now.ts';
import { recordConversion, recordInvitationEvent, recordPageView } from '../store/visitor-tracking.ts';
import {
  currentChatOfVisitor,
  getChat,
  messagesOfChat,
  AttributesTooLarge,
  setVisitorAttributes,
  updateVisitor,
  visitorIdForToken,
  getVisitorContext,
} from '../store/chats.ts';

interface VisitorDeps extends Deps {
  budgets: VisitorBudgets;
  /** Express's `trust proxy` rule, so that a socket's address is the one its requests have. */
  trustProxy: () => (address: string, hop: number) => boolean;
  lifecycle: ChatLifecycle;
  presence: ClusterPresence;
  agentsOnline: () => Promise<boolean>;
  agents: AgentNamespace;
  surveys: SurveyService;
  live: VisitorsNow;
}

/** A closed chat is still shown to its visitor for this long (the transcript, then surveys). */
const CLOSED_CHAT_SHOWN_MS = 24 * 3600 * 1000;

/** Which budget an event spends (server/cluster/visitor-budgets.ts); any other event is an `event`. */
const SPENDS: Record<string, VisitorSpend> = {
  'message:send': 'message',
  'offline:submit': 'message',
  'chat:end': 'chat',
  'page:view': 'pageView',
  'typing:set': 'typing',
};

export function attachVisitorNamespace(nsp: VisitorNamespace, deps: VisitorDeps): void {
  const { db, clock, lifecycle, presence, budgets, config } = deps;
  const limits = config.visitorLimits;
  /** This node's open sockets per visitor: a token opens one per tab, not thousands. */
  const socketsOf = new Map<string, number>();
  const updates = visitorUpdates(deps);

  nsp.use(
    handshake(deps.log, 'visitor', async (socket) => {
      const { allowedOrigins } = await readSettings(db, config);
      const { origin, host } = socket.handshake.headers;
      const ownOrigin = `${socket.handshake.secure ? 'https' : 'http'}://${host}`;
      if (!visitorOriginAllowed(origin, ownOrigin, config.publicUrl, allowedOrigins)) {
        return new Error('origin: this site may not use the chat (ALLOWED_ORIGINS)');
      }
      const token = socket.handshake.auth?.token;
      const visitorId = typeof token === 'string' && token.length <= 200 ? await visitorIdForToken(db, token) : undefined;
      if (!visitorId) return new Error('invalid visitor token');
      if ((socketsOf.get(visitorId) ?? 0) >= limits.socketsPerToken) return new Error('too many open connections for this visitor');
      const ip = addressKey(clientAddress(socket.request.socket.remoteAddress, socket.handshake.headers['x-forwarded-for'], deps.trustProxy()));
      const over = await budgets.spend('connection', visitorId, ip);
      if (over) return Object.assign(new Error(over.error), { data: { retryAfterMs: over.retryAfterMs } });
      socket.data.visitorId = visitorId;
      socket.data.ip = ip;
      socket.data.departmentId = null;
      return undefined;
    }),
  );

  nsp.on('connection', (socket) => {
    const visitorId: string = socket.data.visitorId;
    const ip: string = socket.data.ip;
    const handler = handlerFor(deps.log.child({ visitorId }));
    socketsOf.set(visitorId, (socketsOf.get(visitorId) ?? 0) + 1);
    socket.join(rooms.visitor(visitorId));
    presence.connected(visitorId);
    socket.on('disconnect', () => {
      const left = (socketsOf.get(visitorId) ?? 1) - 1;
      if (left > 0) socketsOf.set(visitorId, left);
      else socketsOf.delete(visitorId);
      presence.disconnected(visitorId);
    });
    // Every event spends from its budget before anything runs; a refused one is acked with the
    // wait. The checks go one after another so that the events keep the order they came in.
    let inTurn: Promise<unknown> = Promise.resolve();
    socket.use((packet, next) => {
      const [event] = packet;
      const spent = inTurn.then(
        async () => (await budgets.spend(SPENDS[event] ?? 'event', visitorId, ip)) ?? (event === 'visitor:hello' ? undefined : await blocked(event)),
      );
      inTurn = spent.catch(() => undefined);
      spent.then(
        (over) => {
          if (!over) return next();
          const ack = packet[packet.length - 1];
          if (typeof ack !== 'function') return;
          if ('blocked' in over) ack({ ok: false, error: over.error, field: 'blocked' });
          else ack({ ok: false, error: over.error, retryAfterMs: over.retryAfterMs });
        },
        (err) => {
          deps.log.error({ err, event }, 'visitor budget check failed');
          const ack = packet[packet.length - 1];
          if (typeof ack === 'function') ack({ ok: false, error: 'the server could not check this request; try again' });
        },
      );
    });
    attachSurveyEvents(socket, visitorId, deps.surveys, deps.log);

    /**
     * A blocked visitor (by token or address) is refused every event but hello: nothing they
     * send reaches agents, the queue or the metrics. Each thing they try to send is counted, on
     * the block and in the audit log.
     */
    async function blocked(event: string): Promise<{ blocked: true; error: string } | undefined> {
      const block = await blockOf(db, visitorId, ip);
      if (!block) return undefined;
      if (SPENDS[event] === 'message') {
        const attempts = await countBlockedAttempt(db, block.id);
        await recordAudit(db, { at: clock.now(), actor: null, action: 'visitor.blocked_attempt', target: visitorId, ip, details: { blockId: block.id, event, attempts } });
      }
      return { blocked: true, error: 'blocked: chat is not available' };
    }

    /** The visitor may only ever touch their own chats. */
    const ownChat = async (chatId: string) => {
      const chat = await getChat(db, chatId);
      if (!chat || chat.visitor_id !== visitorId) throw new ChatError('chatId: no such chat', 'chatId');
      return chat;
    };

    socket.on(
      'visitor:hello',
      handler(visitorHelloSchema, async (hello) => {
        if (hello.department !== undefined && (await getDepartment(db, hello.department)) === undefined) {
          throw new ChatError(`department: no department "${hello.department}"`, 'department');
        }
        socket.data.departmentId = hello.department ?? null;
        await setVisitorAddress(db, visitorId, ip);
        if (await blockOf(db, visitorId, ip)) {
          const siteName = (await readSettings(db, deps.config)).siteName;
          return { state: { visitorId, agentsOnline: false, chat: null, messages: [], siteName, blocked: true } };
        }
        await updateVisitor(
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
        // Visitors now shows their language, time zone and page.
        deps.live.changed(visitorId);
        let chat = await currentChatOfVisitor(db, visitorId);
        if (chat && chat.closed_at !== null && clock.now() - chat.closed_at > CLOSED_CHAT_SHOWN_MS) chat = undefined;
        return {
          state: {
            visitorId,
            agentsOnline: await deps.agentsOnline(),
            chat: chat ? await lifecycle.visitorView(chat) : null,
            messages: chat ? await messagesOfChat(db, chat.id) : [],
            siteName: (await readSettings(db, deps.config)).siteName,
          },
        };
      }),
    );

    socket.on(
      'message:send',
      handler(visitorMessageSchema, async (msg) => ({
        message: await lifecycle.visitorMessage(visitorId, msg, socket.data.departmentId),
      })),
    );

    socket.on(
      'messages:sync',
      handler(syncSchema, async (q) => {
        await ownChat(q.chatId);
        return { messages: await messagesOfChat(db, q.chatId, q.afterSeq) };
      }),
    );

    socket.on(
      'typing:set',
      handler(visitorTypingSchema, async (t) => {
        const chat = await currentChatOfVisitor(db, visitorId);
        if (!chat || chat.closed_at !== null) return;
        const targets = [rooms.chat(chat.id)];
        if (chat.agent_id) targets.push(rooms.agent(chat.agent_id));
        deps.agents.to(targets).emit('typing:update', { chatId: chat.id, typing: t.typing });
      }),
    );

    socket.on(
      'chat:end',
      handler(chatRefSchema, async (q) => {
        await ownChat(q.chatId);
        return { chat: await lifecycle.visitorView(await lifecycle.endByVisitor(visitorId, q.chatId)) };
      }),
    );

    socket.on(
      'offline:submit',
      handler(offlineFormSchema, async (form) => {
        const message = await lifecycle.offlineMessage(visitorId, form);
        return { message, chat: await lifecycle.visitorView((await getChat(db, message.chatId))!) };
      }),
    );

    socket.on(
      'visitor:identify',
      handler(identifySchema, async (who) => {
        let verified = false;
        if (who.signature !== undefined || who.signedAt !== undefined) {
          if (!who.id || who.signature === undefined || who.signedAt === undefined) {
            throw new ChatError('a signed identity needs id, signature and signedAt', 'signature');
          }
          const signed = { id: who.id, name: who.name, email: who.email, signedAt: who.signedAt, signature: who.signature };
          const problem = identityProblem(await identitySecret(db), signed, clock.now());
          if (problem) throw new ChatError(problem, 'signature');
          const now = clock.now();
          const mine = await useSignature(db, {
            signatureHash: signatureKey(who.signature),
            visitorId,
            now,
            forgetBefore: now - (IDENTITY_MAX_AGE_SEC + 60) * 1000,
          });
          if (!mine) throw new ChatError('this signature was already used for another visitor', 'signature');
          verified = true;
        }
        const now = clock.now();
        await db.transaction(async (tx) => {
          await updateVisitor(tx, visitorId, { name: who.name, email: who.email, ...(verified ? { externalId: who.id, verified: true } : {}) }, now);
          await recordWebhookEvent(tx, 'visitor.identified', now, async () => {
            const visitor = await getVisitorContext(tx, visitorId);
            return { visitor: { id: visitorId, externalId: visitor.externalId, name: visitor.name, email: visitor.email, verified: visitor.verified } };
          });
        });
        updates.changed(visitorId, { renamed: true });
        return { verified };
      }),
    );

    socket.on(
      'page:view',
      handler(pageViewSchema, async (view) => {
        const recorded = await recordPageView(db, { id: view.id, visitorId, url: view.url, title: view.title ?? null, at: clock.now() });
        if (recorded === 'taken') throw new ChatError('this page view id is already used', 'id');
        updates.changed(visitorId, { pages: true });
      }),
    );

    socket.on(
      'conversion:record',
      handler(conversionSchema, async (c) => {
        const recorded = await recordConversion(db, { id: c.id, visitorId, at: clock.now(), value: c.value, currency: c.currency ?? null });
        if (recorded === 'taken') throw new ChatError('this conversion id is already used', 'id');
      }),
    );

    socket.on(
      'visitor:attributes',
      handler(attributesSchema, async (attributes) => {
        try {
          await setVisitorAttributes(db, visitorId, attributes, { maxCount: limits.maxAttributes, maxBytes: limits.maxAttributesBytes });
        } catch (err) {
          if (err instanceof AttributesTooLarge) throw new ChatError(err.message, 'attributes');
          throw err;
        }
        updates.changed(visitorId, {});
      }),
    );

    socket.on(
      'invitation:event',
      handler(invitationEventSchema, async (e) => {
        if (e.chatId !== undefined) await ownChat(e.chatId);
        const recorded = await recordInvitationEvent(db, {
          id: e.id,
          visitorId,
          invitationId: e.invitationId,
          kind: e.kind,
          chatId: e.chatId ?? null,
          url: e.url ?? null,
          at: clock.now(),
        });
        if (recorded === 'taken') throw new ChatError('this invitation event id is already used', 'id');
      }),
    );
  });
}
