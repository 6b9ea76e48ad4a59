import { AsyncLocalStorage } from 'node:async_hooks';
import type { Sql } from '../store/sql.ts';
import type { Clock } from '../clock.ts';
import type { Config } from '../config.ts';
import type { Logger } from '../logger.ts';
import type { OpsMetrics } from '../ops-metrics.ts';
import type { AgentStatus, ChatStatus, MessageView, NoteView, Priority, VisitorChatView } from '../../shared/protocol.ts';
import { chatHasReply } from '../store/replies.ts';
import { addTag, getCanned, getNote, insertNote, removeTag } from '../store/chat-extras.ts';
import { getDepartment } from '../store/departments.ts';
import { readSettings, type Settings } from '../store/settings.ts';
import { newId } from '../../shared/ids.ts';
import { hoursFor, isOpenAt } from '../../shared/business-hours.ts';
import { noticeText, type SystemNotice } from '../../shared/system-notices.ts';
import { getAgent, type AgentRow } from '../store/agents.ts';
import {
  assignChat,
  chatStatus,
  closeChatRow,
  currentChatOfVisitor,
  currentStatus,
  getChat,
  getMessage,
  insertChat,
  insertMessage,
  openChatsOfAgent,
  openChatsWithoutReply,
  queuedChats,
  recordChatEvent,
  recordStatus,
  tagsOfChat,
  requeueChat,
  routingCandidates,
  setChatDepartment,
  setChatPriority,
  updateVisitor,
  type ChatRow,
  type NewMessage,
} from '../store/chats.ts';
import { markChatWithoutSurvey } from '../store/follow-ups.ts';
import { recordAudit } from '../store/audit-log.ts';
import { pickAgent } from './routing.ts';
import { recordWebhookEvent } from '../webhooks/outbox.ts';
import type { WebhookEventType } from '../../shared/webhooks.ts';
import { mayDeleteMessage, maySee } from './access.ts';
import { markMessageDeleted } from '../store/visitor-privacy.ts';
import { dropUnsentSurveys, insertBlock, lastAddressOf } from '../store/visitor-blocks.ts';

/** A refusal the client is told about in its error ack; nothing was written. */
/** Auto-assignment found the chat or the agent taken by another write: nothing to do. */
class LostRace extends Error {}

export class ChatError extends Error {
  constructor(
    message: string,
    readonly field?: string,
  ) {
    super(field && !message.startsWith(`${field}:`) ? `${field}: ${message}` : message);
  }
}

/** What the realtime layer relays to sockets after a change has been committed. */
export interface ChatListener {
  messageAdded(message: MessageView, chat: ChatRow): Promise<void>;
  /** `previous`: the chat before the change, when the change may move who sees it (a transfer). */
  chatChanged(chat: ChatRow, previous?: ChatRow): Promise<void>;
  /** The chat has just been closed (by anyone); post-chat work starts here. */
  chatClosed(chat: ChatRow): Promise<void>;
  /** Queue order changed: positions of waiting visitors moved. */
  queueChanged(): Promise<void>;
  agentStatusChanged(agentId: string, status: AgentStatus): Promise<void>;
  /** A stored message changed (deleted): every client that shows it replaces it. */
  messageChanged(message: MessageView, chat: ChatRow): Promise<void>;
  /** The visitor was blocked: their widget stops offering the chat. */
  visitorBlocked(visitorId: string): Promise<void>;
}

export interface ChatLifecycleDeps {
  db: Sql;
  clock: Clock;
  config: Config;
  log: Logger;
  ops: OpsMetrics;
  listener: ChatListener;
}

/** The chat lifecycle: queued → active (assigned, maybe transferred) → closed. */
export class ChatLifecycle {
  private readonly db: Sql;
  private readonly clock: Clock;
  private readonly config: Config;
  private readonly log: Logger;
  private readonly ops: OpsMetrics;
  private readonly listener: ChatListener;
  /** The messages the write running in this async context has stored, to relay once committed. */
  private readonly written = new AsyncLocalStorage<MessageView[]>();

  constructor(deps: ChatLifecycleDeps) {
    this.db = deps.db;
    this.clock = deps.clock;
    this.config = deps.config;
    this.log = deps.log;
    this.ops = deps.ops;
    this.listener = deps.listener;
  }

  // Visitor side ------------------------------------------------------------------------

  /**
   * Stores a visitor message, opening a chat when the visitor has none open. Idempotent by id.
   * Resolves once it is on disk (with the other messages of this event-loop turn).
   */
  visitorMessage(visitorId: string, msg: { id: string; text: string }, departmentId: string | null): Promise<MessageView> {
    return this.commitMessage(
      () => this.orderKeyOfVisitor(visitorId),
      null,
      async () => {
        // Looked up inside the write: a retry queued right behind the first send finds its row.
        const existing = await getMessage(this.db, msg.id);
        if (existing) return { message: await this.sameAuthorOrRefuse(existing, visitorId), createdChat: false };
        const now = this.clock.now();
        let chat = await currentChatOfVisitor(this.db, visitorId);
        let createdChat = false;
        if (!chat || chat.closed_at !== null) {
          // The visitor chose it on hello; an admin may have deleted it since (unused then).
          const department = departmentId !== null && (await getDepartment(this.db, departmentId)) !== undefined ? departmentId : null;
          // Outside the opening hours the widget offers the offline form; a message that still
          // comes (a window left open past closing time, a script) is kept as an offline message.
          const channel = (await this.openAt(department, now)) ? 'widget' : 'offline';
          chat = await insertChat(this.db, { visitorId, departmentId: department, priority: 'normal', channel, at: now });
          createdChat = true;
          await this.chatStarted(chat);
        }
        const message = await this.storeMessage({ id: msg.id, chatId: chat.id, author: 'visitor', agentId: null, at: now, text: msg.text });
        return { message, createdChat };
      },
      (written) => this.announceNewChat(written),
    ).then(async ({ message, createdChat }) => {
      // The message is stored: a routing failure is logged (the next change routes again), not
      // told to the visitor as a message that was not saved.
      if (createdChat) await this.routeQueue().catch((err) => this.log.error({ err, chatId: message.chatId }, 'routing failed'));
      return message;
    });
  }

  /**
   * The offline form: a chat on the `offline` channel that waits in the queue for an agent. A
   * visitor has one open chat at most: a second form while one is open adds its message to that
   * chat, as a follow-up to the same request (what a help desk does with a second email on the
   * same subject), rather than a second ticket in the queue or a refusal the visitor must read.
   */
  offlineMessage(visitorId: string, form: { id: string; name: string; email: string; text: string }): Promise<MessageView> {
    return this.commitMessage(
      () => this.orderKeyOfVisitor(visitorId),
      null,
      async () => {
        const existing = await getMessage(this.db, form.id);
        if (existing) return { message: await this.sameAuthorOrRefuse(existing, visitorId), createdChat: false };
        const now = this.clock.now();
        await updateVisitor(this.db, visitorId, { name: form.name, email: form.email }, now);
        const open = await currentChatOfVisitor(this.db, visitorId);
        const chat =
          open && open.closed_at === null
            ? open
            : await insertChat(this.db, { visitorId, departmentId: null, priority: 'normal', channel: 'offline', at: now });
        if (chat !== open) await this.chatStarted(chat);
        const message = await this.storeMessage({ id: form.id, chatId: chat.id, author: 'visitor', agentId: null, at: now, text: form.text });
        await this.webhookEvent('offline_message.created', now, {
          chatId: chat.id,
          visitor: { id: visitorId, name: form.name, email: form.email },
          message: { id: message.id, text: message.text, at: message.at },
        });
        return { message, createdChat: chat !== open };
      },
      (written) => this.announceNewChat(written),
    ).then(({ message }) => message);
  }

  async endByVisitor(visitorId: string, chatId: string): Promise<ChatRow> {
    const chat = await getChat(this.db, chatId);
    if (!chat || chat.visitor_id !== visitorId) throw new ChatError('chatId: no such chat', 'chatId');
    if (chat.closed_at !== null) return chat;
    return this.close(chat, 'visitor', null, { kind: 'endedByVisitor' });
  }

  /** The visitor's tabs have all been gone past the grace period. */
  async visitorGone(visitorId: string): Promise<void> {
    const chat = await currentChatOfVisitor(this.db, visitorId);
    if (!chat || chat.closed_at !== null || chat.channel !== 'widget') return;
    // Someone who leaves before any reply is a missed chat; a chat with replies stays open
    // for the agent to wrap up.
    if (await chatHasReply(this.db, chat.id)) return;
    await this.close(chat, 'system', null, { kind: 'visitorLeft' });
  }

  // Agent side --------------------------------------------------------------------------

  /** The chat, when the agent may see it (server/chat/access.ts); else a refusal. */
  async chatFor(agent: AgentRow, chatId: string): Promise<ChatRow> {
    const chat = await getChat(this.db, chatId);
    if (!chat) throw new ChatError('chatId: no such chat', 'chatId');
    if (!await maySee(this.db, agent, chat)) throw new ChatError('this chat belongs to a department you are not in', 'chatId');
    return chat;
  }

  /**
   * An agent writes first to a visitor on the site (Visitors now): a live chat assigned to the
   * agent from its start, whose first message is the agent's. METRICS.md applies unchanged: an
   * agent message before the visitor's first one is a greeting, not a reply, so the chat has no
   * reply (and counts as missed if it closes so) until the visitor answers and the agent
   * replies. Refused while the visitor has an open chat. Idempotent by the message's id.
   */
  startChatWith(agent: AgentRow, visitorId: string, msg: { id: string; text: string }): Promise<MessageView> {
    return this.commitMessage(
      () => this.orderKeyOfVisitor(visitorId),
      null,
      async () => {
        const existing = await getMessage(this.db, msg.id);
        if (existing) {
          if (existing.author === 'agent' && existing.agentId === agent.id) return { message: existing, chat: null };
          throw new ChatError('this message id is already used', 'id');
        }
        await this.db.lock(`visitor:${visitorId}`);
        const open = await currentChatOfVisitor(this.db, visitorId);
        if (open && open.closed_at === null) throw new ChatError('this visitor is already in a chat', 'visitorId');
        const now = this.clock.now();
        const created = await insertChat(this.db, { visitorId, departmentId: null, priority: 'normal', channel: 'widget', at: now });
        await assignChat(this.db, created.id, agent.id, now);
        const message = await this.storeMessage({ id: msg.id, chatId: created.id, author: 'agent', agentId: agent.id, at: now, text: msg.text, cannedId: null });
        return { message, chat: (await getChat(this.db, created.id))! };
      },
      async ({ chat }) => {
        if (!chat) return;
        this.log.info({ chatId: chat.id, visitorId, agentId: agent.id }, 'chat started by an agent');
        await this.listener.chatChanged(chat);
      },
    ).then(({ message }) => message);
  }

  /** Only from a queue the agent sees. */
  async accept(agent: AgentRow, chatId: string): Promise<ChatRow> {
    const chat = await this.chatFor(agent, chatId);
    if (chatStatus(chat) !== 'queued') {
      throw new ChatError(chat.closed_at !== null ? 'this chat is closed' : 'this chat was already taken', 'chatId');
    }
    return this.assign(chat, agent, (now) => {
      if (now.closed_at !== null) throw new ChatError('this chat is closed', 'chatId');
      if (chatStatus(now) !== 'queued') throw new ChatError('this chat was already taken', 'chatId');
    });
  }

  /** Stores an agent's reply; idempotent by id. Resolves once it is on disk. */
  agentMessage(
    sender: AgentRow | Promise<AgentRow>,
    msg: { chatId: string; id: string; text: string; cannedId?: string | null },
  ): Promise<MessageView> {
    // `sender` may still be looked up: the message takes its place in line now, as it arrived,
    // and waits for it before its transaction begins (a transaction waiting for a lookup that
    // waits for a pooled connection would hold the Postgres pool against itself).
    // (Its refusal is the message's, when its turn comes; not an unhandled rejection before.)
    if (sender instanceof Promise) sender.catch(() => undefined);
    return this.commitMessage(async () => `chat:${msg.chatId}`, sender, async (agent) => {
      // Checked inside the write, against the chat as it is when the message is stored.
      const existing = await getMessage(this.db, msg.id);
      if (existing) {
        if (existing.author === 'agent' && existing.agentId === agent.id && existing.chatId === msg.chatId) {
          return { message: existing, firstReply: false };
        }
        throw new ChatError('id: this message id is already used', 'id');
      }
      const chat = await getChat(this.db, msg.chatId);
      if (!chat) throw new ChatError('chatId: no such chat', 'chatId');
      if (chat.closed_at !== null) throw new ChatError('this chat is closed', 'chatId');
      if (chatStatus(chat) === 'queued' || chat.agent_id !== agent.id) {
        throw new ChatError('accept the chat before replying: it is not assigned to you', 'chatId');
      }
      if (msg.cannedId && !(await getCanned(this.db, msg.cannedId))) {
        throw new ChatError('cannedId: no such canned reply', 'cannedId');
      }
      const hadReply = await chatHasReply(this.db, chat.id);
      const message = await this.storeMessage({
        id: msg.id,
        chatId: chat.id,
        author: 'agent',
        agentId: agent.id,
        at: this.clock.now(),
        text: msg.text,
        cannedId: msg.cannedId ?? null,
      });
      return { message, firstReply: !hadReply && await chatHasReply(this.db, chat.id) };
    }).then(async ({ message, firstReply }) => {
      // The first reply stops the chat's first-response SLA clock on every console.
      if (firstReply) await this.listener.chatChanged((await getChat(this.db, message.chatId))!);
      return message;
    });
  }

  /**
   * `withoutSurvey` (spam, a test): the chat gets no survey; the choice is audited and counted
   * (`surveys.skipped`), in the close's own write, so the surveys never see the chat without it.
   */
  async closeByAgent(agent: AgentRow, chatId: string, withoutSurvey = false, ip: string | null = null): Promise<ChatRow> {
    const chat = await this.chatFor(agent, chatId);
    // Checked before the already-closed answer: that answer is the chat, which is not for all.
    this.mayWorkOn(agent, chat);
    if (chat.closed_at !== null) return chat;
    if ((await this.settings()).requireTagToClose && (await tagsOfChat(this.db, chat.id)).length === 0) {
      throw new ChatError('add a tag before closing this chat', 'tags');
    }
    const skipSurvey = withoutSurvey
      ? async (now: number) => {
          await markChatWithoutSurvey(this.db, chat.id, agent.id, now);
          await recordAudit(this.db, { at: now, actor: agent.id, action: 'chat.closed_without_survey', target: chat.id, ip, details: null });
        }
      : undefined;
    return this.close(chat, 'agent', agent.id, { kind: 'closedByAgent', agent: agent.name }, skipSurvey);
  }

  /**
   * Hands the chat to another online agent (an assignment: a transfer), or back to a
   * department's queue, keeping its place in line; the optional note stays internal.
   */
  async transfer(
    agent: AgentRow,
    q: { chatId: string; agentId?: string; departmentId?: string; note?: string },
  ): Promise<ChatRow> {
    const chat = await this.ownOpenChat(agent, q.chatId);
    const announce = async () => await this.listener.chatChanged((await getChat(this.db, chat.id))!, chat);
    if (q.agentId !== undefined) {
      const target = await getAgent(this.db, q.agentId);
      if (!target || target.disabled) throw new ChatError('no such agent', 'agentId');
      if (target.id === chat.agent_id && chatStatus(chat) === 'active') throw new ChatError('the chat is already theirs', 'agentId');
      if (await currentStatus(this.db, target.id) !== 'online') throw new ChatError(`${target.name} is not online`, 'agentId');
      await this.commit(async () => {
        await this.stillAsRead(chat);
        const now = this.clock.now();
        if (q.note?.trim()) await insertNote(this.db, { id: newId('note_'), chatId: chat.id, agentId: agent.id, text: q.note.trim(), at: now });
        await assignChat(this.db, chat.id, target.id, now);
        await this.systemMessage(chat.id, { kind: 'transferredToAgent', agent: agent.name, target: target.name }, now);
        await this.webhookEvent('chat.transferred', now, {
          chatId: chat.id,
          by: { id: agent.id, name: agent.name },
          fromAgentId: chat.agent_id,
          to: { agent: { id: target.id, name: target.name }, departmentId: chat.department_id },
        });
      }, announce);
    } else {
      const departmentId = q.departmentId!;
      const department = await getDepartment(this.db, departmentId);
      if (!department) throw new ChatError('no such department', 'departmentId');
      await this.commit(async () => {
        await this.stillAsRead(chat);
        const now = this.clock.now();
        if (q.note?.trim()) await insertNote(this.db, { id: newId('note_'), chatId: chat.id, agentId: agent.id, text: q.note.trim(), at: now });
        await setChatDepartment(this.db, chat.id, departmentId);
        await requeueChat(this.db, chat.id, now, `transferred to ${departmentId}`);
        await this.systemMessage(chat.id, { kind: 'transferredToDepartment', agent: agent.name, target: department.name }, now);
        await this.webhookEvent('chat.transferred', now, {
          chatId: chat.id,
          by: { id: agent.id, name: agent.name },
          fromAgentId: chat.agent_id,
          to: { agent: null, departmentId },
        });
      }, announce);
    }
    const updated = (await getChat(this.db, chat.id))!;
    this.log.info({ chatId: chat.id, agentId: agent.id, to: q.agentId ?? q.departmentId }, 'chat transferred');
    await this.listener.queueChanged();
    await this.routeQueue();
    return updated;
  }

  async setPriority(agent: AgentRow, chatId: string, priority: Priority): Promise<ChatRow> {
    const chat = await this.ownOpenChat(agent, chatId);
    await this.commit(async () => {
      await setChatPriority(this.db, chat.id, priority);
      await recordChatEvent(this.db, chat.id, 'priority', this.clock.now(), agent.id, { priority });
    });
    const updated = (await getChat(this.db, chat.id))!;
    await this.listener.chatChanged(updated);
    return updated;
  }

  async setTag(agent: AgentRow, chatId: string, tag: string, present: boolean): Promise<ChatRow> {
    const chat = await this.chatFor(agent, chatId);
    this.mayWorkOn(agent, chat);
    await this.commit(async () => {
      if (present) await addTag(this.db, chat.id, tag);
      else await removeTag(this.db, chat.id, tag);
    });
    await this.listener.chatChanged(chat);
    return chat;
  }

  async addNote(agent: AgentRow, n: { chatId: string; id: string; text: string }): Promise<NoteView> {
    const existing = await getNote(this.db, n.id);
    if (existing) {
      if (existing.chatId === n.chatId && existing.agent.id === agent.id) return existing;
      throw new ChatError('this note id is already used', 'id');
    }
    await this.chatFor(agent, n.chatId);
    return insertNote(this.db, { id: n.id, chatId: n.chatId, agentId: agent.id, text: n.text, at: this.clock.now() });
  }

  /**
   * Deletes a message (a card number pasted by mistake): its text becomes "Message deleted"
   * everywhere, live and on reload. The row stays with its author and time, so no metric moves.
   */
  async deleteMessage(agent: AgentRow, q: { chatId: string; messageId: string }, ip: string | null): Promise<MessageView> {
    const chat = await this.chatFor(agent, q.chatId);
    const message = await getMessage(this.db, q.messageId);
    if (!message || message.chatId !== chat.id) throw new ChatError('messageId: no such message in this chat', 'messageId');
    if (!mayDeleteMessage(agent, message)) throw new ChatError('you may delete only your own messages', 'messageId');
    if (message.removed) return message;
    const updated = await this.db.transaction(async (tx) => {
      await tx.lock(`chat:${chat.id}`);
      await markMessageDeleted(tx, message.id);
      await recordAudit(tx, {
        at: this.clock.now(),
        actor: agent.id,
        action: 'message.deleted',
        target: message.id,
        ip,
        details: { chatId: chat.id, author: message.author },
      });
      return (await getMessage(tx, message.id))!;
    });
    await this.listener.messageChanged(updated, (await getChat(this.db, chat.id))!);
    return updated;
  }

  /**
   * Blocks the chat's visitor (and, asked, the address they last came from): nothing they send
   * reaches anyone any more, surveys not yet sent never go, and their open chat is closed by the
   * system. The chat's own agent or an admin may do it.
   */
  async blockVisitor(agent: AgentRow, q: { chatId: string; reason: string; byAddress: boolean }, ip: string | null): Promise<{ blockId: string; address: string | null }> {
    const chat = await this.chatFor(agent, q.chatId);
    this.mayWorkOn(agent, chat);
    const now = this.clock.now();
    const blockId = newId('blk_');
    const address = q.byAddress ? await lastAddressOf(this.db, chat.visitor_id) : null;
    if (q.byAddress && address === null) throw new ChatError('byAddress: this visitor\'s address is not known', 'byAddress');
    await this.db.transaction(async (tx) => {
      await insertBlock(tx, { id: blockId, visitorId: chat.visitor_id, ip: address, reason: q.reason, createdAt: now, createdBy: agent.id });
      await dropUnsentSurveys(tx, chat.visitor_id, now);
      await recordAudit(tx, {
        at: now,
        actor: agent.id,
        action: 'visitor.blocked',
        target: chat.visitor_id,
        ip,
        details: { blockId, chatId: chat.id, reason: q.reason, byAddress: address !== null },
      });
    });
    this.log.info({ visitorId: chat.visitor_id, agentId: agent.id }, 'visitor blocked');
    await this.listener.visitorBlocked(chat.visitor_id);
    const open = await currentChatOfVisitor(this.db, chat.visitor_id);
    if (open && open.closed_at === null) await this.close(open, 'system', null, { kind: 'blocked' });
    return { blockId, address };
  }

  async setStatus(agentId: string, status: AgentStatus): Promise<void> {
    if (await currentStatus(this.db, agentId) === status) return;
    const requeued = await this.commit(
      async () => {
        const now = this.clock.now();
        await recordStatus(this.db, agentId, status, now);
        // Going offline hands the agent's chats back to the queue, first in line.
        return status === 'offline' ? await this.requeueAll(agentId, now) : [];
      },
      async (requeued) => {
        this.log.info({ agentId, status }, 'agent status changed');
        for (const chat of requeued) this.log.info({ chatId: chat.id, agentId }, 'chat requeued: its agent went offline');
        await this.listener.agentStatusChanged(agentId, status);
        for (const chat of requeued) await this.listener.chatChanged(chat);
      },
    );
    if (requeued.length) await this.listener.queueChanged();
    await this.routeQueue();
  }

  /** In auto mode, assigns waiting chats while agents have room. */
  async routeQueue(): Promise<void> {
    if ((await this.settings()).routingMode !== 'auto') return;
    for (const chat of await queuedChats(this.db)) {
      if (chat.channel !== 'widget') continue;
      const agentId = pickAgent(await routingCandidates(this.db, chat.department_id));
      if (!agentId) continue;
      // Another node may route the same chat, or fill the same agent, at the same instant:
      // checked again inside the write, under the chat's and the agent's locks.
      await this.assign(chat, (await getAgent(this.db, agentId))!, async (now) => {
        if (chatStatus(now) !== 'queued') throw new LostRace();
        await this.db.lock(`agent:${agentId}`);
        if (pickAgent((await routingCandidates(this.db, now.department_id)).filter((c) => c.id === agentId)) !== agentId) throw new LostRace();
      }).catch((err) => {
        if (!(err instanceof LostRace)) throw err;
      });
    }
  }

  /** Waiting chats with no connected visitor after a restart: they get the same grace. */
  chatsAwaitingReply(): Promise<ChatRow[]> {
    return openChatsWithoutReply(this.db);
  }

  // Views -------------------------------------------------------------------------------

  /** `positions`: the queue's places when several views are made at once (see queuePositions). */
  async visitorView(chat: ChatRow, positions?: Map<string, number>): Promise<VisitorChatView> {
    const status: ChatStatus = chatStatus(chat);
    const agent = status === 'active' && chat.agent_id ? await getAgent(this.db, chat.agent_id) : undefined;
    return {
      id: chat.id,
      status,
      channel: chat.channel,
      agent: agent ? { id: agent.id, name: agent.name } : null,
      queuePosition: status === 'queued' ? ((positions ?? await this.queuePositions()).get(chat.id) ?? null) : null,
      startedAt: chat.started_at,
      closedAt: chat.closed_at,
    };
  }

  /**
   * Places in line (1-based) of the waiting live chats. Offline messages wait for an answer,
   * not for a live agent: they hold no place.
   */
  async queuePositions(): Promise<Map<string, number>> {
    const positions = new Map<string, number>();
    for (const chat of await queuedChats(this.db)) if (chat.channel === 'widget') positions.set(chat.id, positions.size + 1);
    return positions;
  }

  // Internals ---------------------------------------------------------------------------

  /** The chat's own agent, or an admin or owner, may change it. */
  private mayWorkOn(agent: AgentRow, chat: ChatRow): void {
    if (chat.agent_id !== agent.id && agent.role === 'agent') {
      throw new ChatError('only the chat’s agent or an admin can change it', 'chatId');
    }
  }

  private async ownOpenChat(agent: AgentRow, chatId: string): Promise<ChatRow> {
    const chat = await this.chatFor(agent, chatId);
    if (chat.closed_at !== null) throw new ChatError('this chat is closed', 'chatId');
    this.mayWorkOn(agent, chat);
    return chat;
  }

  private settings(): Promise<Settings> {
    return readSettings(this.db, this.config);
  }

  /** Inside the opening hours of the department (or of all, `*`), or none are set. */
  private async openAt(departmentId: string | null, at: number): Promise<boolean> {
    const hours = hoursFor((await this.settings()).businessHours, departmentId ?? undefined);
    return !hours || isOpenAt(hours, at);
  }

  private async sameAuthorOrRefuse(existing: MessageView, visitorId: string): Promise<MessageView> {
    const chat = await getChat(this.db, existing.chatId);
    if (existing.author === 'visitor' && chat?.visitor_id === visitorId) return existing;
    throw new ChatError('id: this message id is already used', 'id');
  }

  /**
   * Inside a write: holds the chat against every other write to it (on any node) until this one
   * commits, and reads it as it is now.
   */
  private async lockChat(chatId: string): Promise<ChatRow> {
    await this.db.lock(`chat:${chatId}`);
    return (await getChat(this.db, chatId))!;
  }

  /** Inside a write: refuses when someone changed the chat's agent or closed it since `read`. */
  private async stillAsRead(read: ChatRow): Promise<void> {
    const now = await this.lockChat(read.id);
    if (now.closed_at !== null) throw new ChatError('this chat is closed', 'chatId');
    if (now.agent_id !== read.agent_id || now.queued_at !== read.queued_at) throw new ChatError('this chat has just changed: try again', 'chatId');
  }

  /** `check` sees the chat as it is inside the write, under its lock, and throws to refuse. */
  private async assign(chat: ChatRow, agent: AgentRow, check: (now: ChatRow) => void | Promise<void>): Promise<ChatRow> {
    const updated = await this.commit(
      async () => {
        await check(await this.lockChat(chat.id));
        const now = this.clock.now();
        await assignChat(this.db, chat.id, agent.id, now);
        await this.systemMessage(chat.id, { kind: 'joined', agent: agent.name }, now);
        await this.webhookEvent('chat.assigned', now, { chatId: chat.id, agent: { id: agent.id, name: agent.name } });
        return (await getChat(this.db, chat.id))!;
      },
      (updated) => this.listener.chatChanged(updated),
    );
    this.log.info({ chatId: chat.id, agentId: agent.id }, 'chat assigned');
    await this.listener.queueChanged();
    return updated;
  }

  private async close(
    chat: ChatRow,
    by: 'visitor' | 'agent' | 'system',
    agentId: string | null,
    notice: SystemNotice,
    alsoInWrite?: (now: number) => Promise<void>,
  ): Promise<ChatRow> {
    const wasQueued = chatStatus(chat) === 'queued';
    const updated = await this.commit(
      async () => {
        const now = this.clock.now();
        await closeChatRow(this.db, chat.id, now, by, agentId);
        await alsoInWrite?.(now);
        await this.systemMessage(chat.id, notice, now);
        await this.webhookEvent('chat.closed', now, { chatId: chat.id, closedBy: by, agentId, reason: notice.kind, closedAt: now });
        return (await getChat(this.db, chat.id))!;
      },
      (updated) => this.listener.chatChanged(updated),
    );
    this.log.info({ chatId: chat.id, by, agentId, reason: notice.kind }, 'chat closed');
    await this.listener.chatClosed(updated);
    if (wasQueued) await this.listener.queueChanged();
    await this.routeQueue();
    return updated;
  }

  private async requeueAll(agentId: string, now: number): Promise<ChatRow[]> {
    const requeued: ChatRow[] = [];
    for (const chat of await openChatsOfAgent(this.db, agentId)) {
      await requeueChat(this.db, chat.id, now, 'agent offline');
      await this.systemMessage(chat.id, { kind: 'requeued' }, now);
      requeued.push((await getChat(this.db, chat.id))!);
    }
    return requeued;
  }

  private async systemMessage(chatId: string, notice: SystemNotice, at: number): Promise<void> {
    await this.storeMessage({ id: newId('sys_'), chatId, author: 'system', agentId: null, at, text: noticeText(notice), notice });
  }

  /** Stores a message inside the write `commit` runs, which relays it once committed. */
  private async storeMessage(m: NewMessage): Promise<MessageView> {
    const stored = this.written.getStore();
    if (!stored) throw new Error('a message is stored only inside commit(), which relays it');
    const message = await insertMessage(this.db, m);
    this.ops.messagesStored.inc({ author: m.author });
    stored.push(message);
    if (message.author !== 'system') {
      await this.webhookEvent('message.created', m.at, {
        chatId: message.chatId,
        message: { id: message.id, author: message.author, agentId: message.agentId, authorName: message.authorName, text: message.text, at: message.at },
      });
    }
    return message;
  }

  /** Inside a write: the event goes to the webhook outbox in the same transaction. */
  private webhookEvent(type: WebhookEventType, at: number, data: object): Promise<void> {
    return recordWebhookEvent(this.db, type, at, data);
  }

  private chatStarted(chat: ChatRow): Promise<void> {
    return this.webhookEvent('chat.started', chat.started_at, {
      chat: { id: chat.id, visitorId: chat.visitor_id, departmentId: chat.department_id, channel: chat.channel, startedAt: chat.started_at },
    });
  }

  /**
   * Every write of the lifecycle: runs `work` in one transaction and, once it has committed,
   * `announce` tells of the chats' new state, then every message `work` stored (storeMessage)
   * is relayed to its chat, in order. So no path that stores a message can leave it unsent, and
   * nothing is relayed or acked before it is on disk. The store commits the transactions of one
   * event-loop turn together (messages from many sockets share one fsync), in the order asked.
   */
  private async commit<T>(work: () => Promise<T>, announce?: (result: T) => Promise<void> | void): Promise<T> {
    const stored: MessageView[] = [];
    const result = await this.db.transaction(() => this.written.run(stored, work));
    await announce?.(result);
    const chats = new Map<string, ChatRow>();
    for (const message of stored) {
      let chat = chats.get(message.chatId);
      if (!chat) chats.set(message.chatId, (chat = (await getChat(this.db, message.chatId))!));
      await this.listener.messageAdded(message, chat);
    }
    return result;
  }

  /**
   * `commit` of a message someone sent, timed for /metrics, after the writes to the same chat
   * that came before it (`orderKey`: see Sql.inOrder).
   */
  private commitMessage<T, S = null>(
    orderKey: () => Promise<string>,
    sender: S | Promise<S>,
    work: (sender: S) => Promise<T>,
    announce?: (result: T) => Promise<void> | void,
  ): Promise<T> {
    return this.ops.timeQuery('message_write', () =>
      this.db.inOrder(orderKey, async () => {
        const who = await sender;
        return this.commit(() => work(who), announce);
      }),
    );
  }

  /** A visitor's message goes in line with the writes of their open chat (or of them, before one). */
  private async orderKeyOfVisitor(visitorId: string): Promise<string> {
    const chat = await currentChatOfVisitor(this.db, visitorId);
    return chat && chat.closed_at === null ? `chat:${chat.id}` : `visitor:${visitorId}`;
  }

  /** After a visitor's message is committed: when it opened a chat, the chat is news. */
  private async announceNewChat({ message, createdChat }: { message: MessageView; createdChat: boolean }): Promise<void> {
    if (!createdChat) return;
    const chat = (await getChat(this.db, message.chatId))!;
    this.log.info(
      { chatId: chat.id, visitorId: chat.visitor_id, channel: chat.channel, departmentId: chat.department_id },
      'chat started',
    );
    await this.listener.chatChanged(chat);
    await this.listener.queueChanged();
  }

}
