import type { Db } from '../store/db.ts';
import type { Clock } from '../clock.ts';
import type { Config } from '../config.ts';
import type { AgentStatus, ChatStatus, MessageView, VisitorChatView } from '../../shared/protocol.ts';
import { newId } from '../../shared/ids.ts';
import { getAgent, type AgentRow } from '../store/agents.ts';
import {
  assignChat,
  chatHasReply,
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
  recordStatus,
  requeueChat,
  routingCandidates,
  updateVisitor,
  type ChatRow,
} from '../store/chats.ts';
import { pickAgent } from './routing.ts';

/** A refusal the client is told about in its error ack; nothing was written. */
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
  messageAdded(message: MessageView, chat: ChatRow): void;
  chatChanged(chat: ChatRow): void;
  /** The chat has just been closed (by anyone); post-chat work starts here. */
  chatClosed(chat: ChatRow): void;
  /** Queue order changed: positions of waiting visitors moved. */
  queueChanged(): void;
  agentStatusChanged(agentId: string, status: AgentStatus): void;
}

export interface ChatLifecycleDeps {
  db: Db;
  clock: Clock;
  config: Config;
  listener: ChatListener;
  /** Called inside every write transaction that touched a chat (keeps derived rows current). */
  onChatWritten?: (db: Db, chatId: string) => void;
}

/** The chat lifecycle: queued → active (assigned, maybe transferred) → closed. */
export class ChatLifecycle {
  private readonly db: Db;
  private readonly clock: Clock;
  private readonly config: Config;
  private readonly listener: ChatListener;
  private readonly onChatWritten: (db: Db, chatId: string) => void;

  constructor(deps: ChatLifecycleDeps) {
    this.db = deps.db;
    this.clock = deps.clock;
    this.config = deps.config;
    this.listener = deps.listener;
    this.onChatWritten = deps.onChatWritten ?? (() => {});
  }

  // Visitor side ------------------------------------------------------------------------

  /** Stores a visitor message, opening a chat when the visitor has none open. Idempotent by id. */
  visitorMessage(visitorId: string, msg: { id: string; text: string }, departmentId: string | null): MessageView {
    const existing = getMessage(this.db, msg.id);
    if (existing) return this.sameAuthorOrRefuse(existing, visitorId);
    let createdChat = false;
    const message = this.db.transaction(() => {
      const now = this.clock.now();
      let chat = currentChatOfVisitor(this.db, visitorId);
      if (!chat || chat.closed_at !== null) {
        chat = insertChat(this.db, { visitorId, departmentId, priority: 'normal', channel: 'widget', at: now });
        createdChat = true;
      }
      const m = insertMessage(this.db, { id: msg.id, chatId: chat.id, author: 'visitor', agentId: null, at: now, text: msg.text });
      this.onChatWritten(this.db, chat.id);
      return m;
    })();
    const chat = getChat(this.db, message.chatId)!;
    if (createdChat) {
      this.listener.chatChanged(chat);
      this.listener.queueChanged();
    }
    this.listener.messageAdded(message, chat);
    if (createdChat) this.routeQueue();
    return message;
  }

  /** The offline form: a chat on the `offline` channel that waits in the queue for an agent. */
  offlineMessage(visitorId: string, form: { id: string; name: string; email: string; text: string }): MessageView {
    const existing = getMessage(this.db, form.id);
    if (existing) return this.sameAuthorOrRefuse(existing, visitorId);
    const message = this.db.transaction(() => {
      const now = this.clock.now();
      updateVisitor(this.db, visitorId, { name: form.name, email: form.email }, now);
      const chat = insertChat(this.db, { visitorId, departmentId: null, priority: 'normal', channel: 'offline', at: now });
      const m = insertMessage(this.db, { id: form.id, chatId: chat.id, author: 'visitor', agentId: null, at: now, text: form.text });
      this.onChatWritten(this.db, chat.id);
      return m;
    })();
    const chat = getChat(this.db, message.chatId)!;
    this.listener.chatChanged(chat);
    this.listener.queueChanged();
    this.listener.messageAdded(message, chat);
    return message;
  }

  endByVisitor(visitorId: string, chatId: string): ChatRow {
    const chat = getChat(this.db, chatId);
    if (!chat || chat.visitor_id !== visitorId) throw new ChatError('chatId: no such chat', 'chatId');
    if (chat.closed_at !== null) return chat;
    return this.close(chat, 'visitor', null, 'The visitor ended the chat');
  }

  /** The visitor's tabs have all been gone past the grace period. */
  visitorGone(visitorId: string): void {
    const chat = currentChatOfVisitor(this.db, visitorId);
    if (!chat || chat.closed_at !== null || chat.channel !== 'widget') return;
    // Someone who leaves before any reply is a missed chat; a chat with replies stays open
    // for the agent to wrap up.
    if (chatHasReply(this.db, chat.id)) return;
    this.close(chat, 'system', null, 'The visitor left before anyone replied');
  }

  // Agent side --------------------------------------------------------------------------

  accept(agent: AgentRow, chatId: string): ChatRow {
    const chat = getChat(this.db, chatId);
    if (!chat) throw new ChatError('chatId: no such chat', 'chatId');
    if (chatStatus(chat) !== 'queued') {
      throw new ChatError(chat.closed_at !== null ? 'this chat is closed' : 'this chat was already taken', 'chatId');
    }
    return this.assign(chat, agent);
  }

  agentMessage(agent: AgentRow, msg: { chatId: string; id: string; text: string; cannedId?: string | null }): MessageView {
    const existing = getMessage(this.db, msg.id);
    if (existing) {
      if (existing.author === 'agent' && existing.agentId === agent.id && existing.chatId === msg.chatId) return existing;
      throw new ChatError('id: this message id is already used', 'id');
    }
    const chat = getChat(this.db, msg.chatId);
    if (!chat) throw new ChatError('chatId: no such chat', 'chatId');
    if (chat.closed_at !== null) throw new ChatError('this chat is closed', 'chatId');
    if (chatStatus(chat) === 'queued' || chat.agent_id !== agent.id) {
      throw new ChatError('accept the chat before replying: it is not assigned to you', 'chatId');
    }
    if (msg.cannedId && !this.db.prepare('SELECT 1 FROM canned_replies WHERE id = ?').get(msg.cannedId)) {
      throw new ChatError('cannedId: no such canned reply', 'cannedId');
    }
    const message = this.db.transaction(() => {
      const m = insertMessage(this.db, {
        id: msg.id,
        chatId: chat.id,
        author: 'agent',
        agentId: agent.id,
        at: this.clock.now(),
        text: msg.text,
        cannedId: msg.cannedId ?? null,
      });
      this.onChatWritten(this.db, chat.id);
      return m;
    })();
    this.listener.messageAdded(message, chat);
    return message;
  }

  closeByAgent(agent: AgentRow, chatId: string): ChatRow {
    const chat = getChat(this.db, chatId);
    if (!chat) throw new ChatError('chatId: no such chat', 'chatId');
    if (chat.closed_at !== null) return chat;
    const mayClose = chat.agent_id === agent.id || agent.role !== 'agent';
    if (!mayClose) throw new ChatError('only the chat’s agent or an admin can close it', 'chatId');
    return this.close(chat, 'agent', agent.id, `${agent.name} closed the chat`);
  }

  setStatus(agentId: string, status: AgentStatus): void {
    if (currentStatus(this.db, agentId) === status) return;
    const requeued = this.db.transaction(() => {
      const now = this.clock.now();
      recordStatus(this.db, agentId, status, now);
      // Going offline hands the agent's chats back to the queue, first in line.
      return status === 'offline' ? this.requeueAll(agentId, now) : [];
    })();
    this.listener.agentStatusChanged(agentId, status);
    for (const chat of requeued) this.listener.chatChanged(chat);
    if (requeued.length) this.listener.queueChanged();
    this.routeQueue();
  }

  /** In auto mode, assigns waiting chats while agents have room. */
  routeQueue(): void {
    if (this.config.routingMode !== 'auto') return;
    for (const chat of queuedChats(this.db)) {
      if (chat.channel !== 'widget') continue;
      const agentId = pickAgent(routingCandidates(this.db, chat.department_id));
      if (!agentId) continue;
      this.assign(chat, getAgent(this.db, agentId)!);
    }
  }

  /** Waiting chats with no connected visitor after a restart: they get the same grace. */
  chatsAwaitingReply(): ChatRow[] {
    return openChatsWithoutReply(this.db);
  }

  // Views -------------------------------------------------------------------------------

  visitorView(chat: ChatRow): VisitorChatView {
    const status: ChatStatus = chatStatus(chat);
    const agent = status === 'active' && chat.agent_id ? getAgent(this.db, chat.agent_id) : undefined;
    return {
      id: chat.id,
      status,
      channel: chat.channel,
      agent: agent ? { id: agent.id, name: agent.name } : null,
      queuePosition: status === 'queued' ? this.queuePosition(chat.id) : null,
      startedAt: chat.started_at,
      closedAt: chat.closed_at,
    };
  }

  queuePosition(chatId: string): number | null {
    const index = queuedChats(this.db).findIndex((c) => c.id === chatId);
    return index < 0 ? null : index + 1;
  }

  // Internals ---------------------------------------------------------------------------

  private sameAuthorOrRefuse(existing: MessageView, visitorId: string): MessageView {
    const chat = getChat(this.db, existing.chatId);
    if (existing.author === 'visitor' && chat?.visitor_id === visitorId) return existing;
    throw new ChatError('id: this message id is already used', 'id');
  }

  private assign(chat: ChatRow, agent: AgentRow): ChatRow {
    this.db.transaction(() => {
      const now = this.clock.now();
      assignChat(this.db, chat.id, agent.id, now);
      this.systemMessage(chat.id, `${agent.name} joined the chat`, now);
      this.onChatWritten(this.db, chat.id);
    })();
    const updated = getChat(this.db, chat.id)!;
    this.announce(updated);
    this.listener.queueChanged();
    return updated;
  }

  private close(chat: ChatRow, by: 'visitor' | 'agent' | 'system', agentId: string | null, notice: string): ChatRow {
    const wasQueued = chatStatus(chat) === 'queued';
    this.db.transaction(() => {
      const now = this.clock.now();
      closeChatRow(this.db, chat.id, now, by, agentId);
      this.systemMessage(chat.id, notice, now);
      this.onChatWritten(this.db, chat.id);
    })();
    const updated = getChat(this.db, chat.id)!;
    this.announce(updated);
    this.listener.chatClosed(updated);
    if (wasQueued) this.listener.queueChanged();
    this.routeQueue();
    return updated;
  }

  private requeueAll(agentId: string, now: number): ChatRow[] {
    return openChatsOfAgent(this.db, agentId).map((chat) => {
      requeueChat(this.db, chat.id, now, 'agent offline');
      this.systemMessage(chat.id, 'The agent is no longer available. You are back in the queue, first in line.', now);
      this.onChatWritten(this.db, chat.id);
      return getChat(this.db, chat.id)!;
    });
  }

  private systemMessage(chatId: string, text: string, at: number): void {
    insertMessage(this.db, { id: newId('sys_'), chatId, author: 'system', agentId: null, at, text });
  }

  /** Relays the chat's new state and its latest (system) message. */
  private announce(chat: ChatRow): void {
    this.listener.chatChanged(chat);
    const last = this.db.prepare('SELECT id FROM messages WHERE chat_id = ? ORDER BY seq DESC LIMIT 1').pluck().get(chat.id) as
      | string
      | undefined;
    if (last) this.listener.messageAdded(getMessage(this.db, last)!, chat);
  }
}
