import type { Db } from '../store/db.ts';
import type { Clock } from '../clock.ts';
import type { Config } from '../config.ts';
import type { Logger } from '../logger.ts';
import type { OpsMetrics } from '../ops-metrics.ts';
import type { AgentStatus, ChatStatus, MessageView, NoteView, Priority, VisitorChatView } from '../../shared/protocol.ts';
import { chatHasReply } from '../store/replies.ts';
import { addTag, getNote, insertNote, removeTag } from '../store/chat-extras.ts';
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
  departmentExists,
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
  updateVisitor,
  type ChatRow,
  type NewMessage,
} from '../store/chats.ts';
import { pickAgent } from './routing.ts';
import { GroupCommit } from '../store/group-commit.ts';

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
  log: Logger;
  ops: OpsMetrics;
  listener: ChatListener;
}

/** The chat lifecycle: queued → active (assigned, maybe transferred) → closed. */
export class ChatLifecycle {
  private readonly db: Db;
  private readonly clock: Clock;
  private readonly config: Config;
  private readonly log: Logger;
  private readonly ops: OpsMetrics;
  private readonly listener: ChatListener;
  /** The messages stored by the write running now, to relay once it has committed. */
  private stored: MessageView[] | null = null;
  /** Where messages wait for the shared commit of their event-loop turn. */
  private readonly writes: GroupCommit;

  constructor(deps: ChatLifecycleDeps) {
    this.db = deps.db;
    this.clock = deps.clock;
    this.config = deps.config;
    this.log = deps.log;
    this.ops = deps.ops;
    this.listener = deps.listener;
    this.writes = new GroupCommit(this.db);
  }

  // Visitor side ------------------------------------------------------------------------

  /**
   * Stores a visitor message, opening a chat when the visitor has none open. Idempotent by id.
   * Resolves once it is on disk (with the other messages of this event-loop turn: commitSoon).
   */
  visitorMessage(visitorId: string, msg: { id: string; text: string }, departmentId: string | null): Promise<MessageView> {
    return this.commitSoon(
      () => {
        // Looked up inside the write: a retry queued right behind the first send finds its row.
        const existing = getMessage(this.db, msg.id);
        if (existing) return { message: this.sameAuthorOrRefuse(existing, visitorId), createdChat: false };
        const now = this.clock.now();
        let chat = currentChatOfVisitor(this.db, visitorId);
        let createdChat = false;
        if (!chat || chat.closed_at !== null) {
          // The visitor chose it on hello; an admin may have deleted it since (unused then).
          const department = departmentId !== null && departmentExists(this.db, departmentId) ? departmentId : null;
          // Outside the opening hours the widget offers the offline form; a message that still
          // comes (a window left open past closing time, a script) is kept as an offline message.
          const channel = this.openAt(department, now) ? 'widget' : 'offline';
          chat = insertChat(this.db, { visitorId, departmentId: department, priority: 'normal', channel, at: now });
          createdChat = true;
        }
        const message = this.storeMessage({ id: msg.id, chatId: chat.id, author: 'visitor', agentId: null, at: now, text: msg.text });
        return { message, createdChat };
      },
      ({ message, createdChat }) => {
        if (!createdChat) return;
        const chat = getChat(this.db, message.chatId)!;
        this.chatStarted(chat);
        this.listener.chatChanged(chat);
        this.listener.queueChanged();
      },
    ).then(({ message, createdChat }) => {
      if (createdChat) this.routeQueue();
      return message;
    });
  }

  /** The offline form: a chat on the `offline` channel that waits in the queue for an agent. */
  offlineMessage(visitorId: string, form: { id: string; name: string; email: string; text: string }): Promise<MessageView> {
    return this.commitSoon(
      () => {
        const existing = getMessage(this.db, form.id);
        if (existing) return { message: this.sameAuthorOrRefuse(existing, visitorId), createdChat: false };
        const now = this.clock.now();
        updateVisitor(this.db, visitorId, { name: form.name, email: form.email }, now);
        const chat = insertChat(this.db, { visitorId, departmentId: null, priority: 'normal', channel: 'offline', at: now });
        const message = this.storeMessage({ id: form.id, chatId: chat.id, author: 'visitor', agentId: null, at: now, text: form.text });
        return { message, createdChat: true };
      },
      ({ message, createdChat }) => {
        if (!createdChat) return;
        const chat = getChat(this.db, message.chatId)!;
        this.chatStarted(chat);
        this.listener.chatChanged(chat);
        this.listener.queueChanged();
      },
    ).then(({ message }) => message);
  }

  endByVisitor(visitorId: string, chatId: string): ChatRow {
    const chat = getChat(this.db, chatId);
    if (!chat || chat.visitor_id !== visitorId) throw new ChatError('chatId: no such chat', 'chatId');
    if (chat.closed_at !== null) return chat;
    return this.close(chat, 'visitor', null, { kind: 'endedByVisitor' });
  }

  /** The visitor's tabs have all been gone past the grace period. */
  visitorGone(visitorId: string): void {
    const chat = currentChatOfVisitor(this.db, visitorId);
    if (!chat || chat.closed_at !== null || chat.channel !== 'widget') return;
    // Someone who leaves before any reply is a missed chat; a chat with replies stays open
    // for the agent to wrap up.
    if (chatHasReply(this.db, chat.id)) return;
    this.close(chat, 'system', null, { kind: 'visitorLeft' });
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

  /** Stores an agent's reply; idempotent by id. Resolves once it is on disk (commitSoon). */
  agentMessage(agent: AgentRow, msg: { chatId: string; id: string; text: string; cannedId?: string | null }): Promise<MessageView> {
    return this.commitSoon(() => {
      // Checked inside the write, against the chat as it is when the message is stored.
      const existing = getMessage(this.db, msg.id);
      if (existing) {
        if (existing.author === 'agent' && existing.agentId === agent.id && existing.chatId === msg.chatId) {
          return { message: existing, firstReply: false };
        }
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
      const hadReply = chatHasReply(this.db, chat.id);
      const message = this.storeMessage({
        id: msg.id,
        chatId: chat.id,
        author: 'agent',
        agentId: agent.id,
        at: this.clock.now(),
        text: msg.text,
        cannedId: msg.cannedId ?? null,
      });
      return { message, firstReply: !hadReply && chatHasReply(this.db, chat.id) };
    }).then(({ message, firstReply }) => {
      // The first reply stops the chat's first-response SLA clock on every console.
      if (firstReply) this.listener.chatChanged(getChat(this.db, message.chatId)!);
      return message;
    });
  }

  closeByAgent(agent: AgentRow, chatId: string): ChatRow {
    const chat = getChat(this.db, chatId);
    if (!chat) throw new ChatError('chatId: no such chat', 'chatId');
    if (chat.closed_at !== null) return chat;
    this.mayWorkOn(agent, chat);
    if (this.settings().requireTagToClose && tagsOfChat(this.db, chat.id).length === 0) {
      throw new ChatError('add a tag before closing this chat', 'tags');
    }
    return this.close(chat, 'agent', agent.id, { kind: 'closedByAgent', agent: agent.name });
  }

  /**
   * Hands the chat to another online agent (an assignment: a transfer), or back to a
   * department's queue, keeping its place in line; the optional note stays internal.
   */
  transfer(
    agent: AgentRow,
    q: { chatId: string; agentId?: string; departmentId?: string; note?: string },
  ): ChatRow {
    const chat = this.ownOpenChat(agent, q.chatId);
    const announce = () => this.listener.chatChanged(getChat(this.db, chat.id)!);
    if (q.agentId !== undefined) {
      const target = getAgent(this.db, q.agentId);
      if (!target || target.disabled) throw new ChatError('no such agent', 'agentId');
      if (target.id === chat.agent_id && chatStatus(chat) === 'active') throw new ChatError('the chat is already theirs', 'agentId');
      if (currentStatus(this.db, target.id) !== 'online') throw new ChatError(`${target.name} is not online`, 'agentId');
      this.commit(() => {
        const now = this.clock.now();
        if (q.note?.trim()) insertNote(this.db, { id: newId('note_'), chatId: chat.id, agentId: agent.id, text: q.note.trim(), at: now });
        assignChat(this.db, chat.id, target.id, now);
        this.systemMessage(chat.id, { kind: 'transferredToAgent', agent: agent.name, target: target.name }, now);
      }, announce);
    } else {
      const departmentId = q.departmentId!;
      const department = this.db.prepare('SELECT name FROM departments WHERE id = ?').pluck().get(departmentId) as
        | string
        | undefined;
      if (!department) throw new ChatError('no such department', 'departmentId');
      this.commit(() => {
        const now = this.clock.now();
        if (q.note?.trim()) insertNote(this.db, { id: newId('note_'), chatId: chat.id, agentId: agent.id, text: q.note.trim(), at: now });
        this.db.prepare('UPDATE chats SET department_id = ? WHERE id = ?').run(departmentId, chat.id);
        requeueChat(this.db, chat.id, now, `transferred to ${departmentId}`);
        this.systemMessage(chat.id, { kind: 'transferredToDepartment', agent: agent.name, target: department }, now);
      }, announce);
    }
    const updated = getChat(this.db, chat.id)!;
    this.log.info({ chatId: chat.id, agentId: agent.id, to: q.agentId ?? q.departmentId }, 'chat transferred');
    this.listener.queueChanged();
    this.routeQueue();
    return updated;
  }

  setPriority(agent: AgentRow, chatId: string, priority: Priority): ChatRow {
    const chat = this.ownOpenChat(agent, chatId);
    this.commit(() => {
      this.db.prepare('UPDATE chats SET priority = ? WHERE id = ?').run(priority, chat.id);
      recordChatEvent(this.db, chat.id, 'priority', this.clock.now(), agent.id, { priority });
    });
    const updated = getChat(this.db, chat.id)!;
    this.listener.chatChanged(updated);
    return updated;
  }

  setTag(agent: AgentRow, chatId: string, tag: string, present: boolean): ChatRow {
    const chat = getChat(this.db, chatId);
    if (!chat) throw new ChatError('no such chat', 'chatId');
    this.mayWorkOn(agent, chat);
    this.commit(() => {
      if (present) addTag(this.db, chat.id, tag);
      else removeTag(this.db, chat.id, tag);
    });
    this.listener.chatChanged(chat);
    return chat;
  }

  addNote(agent: AgentRow, n: { chatId: string; id: string; text: string }): NoteView {
    const existing = getNote(this.db, n.id);
    if (existing) {
      if (existing.chatId === n.chatId && existing.agent.id === agent.id) return existing;
      throw new ChatError('this note id is already used', 'id');
    }
    if (!getChat(this.db, n.chatId)) throw new ChatError('no such chat', 'chatId');
    return insertNote(this.db, { id: n.id, chatId: n.chatId, agentId: agent.id, text: n.text, at: this.clock.now() });
  }

  setStatus(agentId: string, status: AgentStatus): void {
    if (currentStatus(this.db, agentId) === status) return;
    const requeued = this.commit(
      () => {
        const now = this.clock.now();
        recordStatus(this.db, agentId, status, now);
        // Going offline hands the agent's chats back to the queue, first in line.
        return status === 'offline' ? this.requeueAll(agentId, now) : [];
      },
      (requeued) => {
        this.log.info({ agentId, status }, 'agent status changed');
        for (const chat of requeued) this.log.info({ chatId: chat.id, agentId }, 'chat requeued: its agent went offline');
        this.listener.agentStatusChanged(agentId, status);
        for (const chat of requeued) this.listener.chatChanged(chat);
      },
    );
    if (requeued.length) this.listener.queueChanged();
    this.routeQueue();
  }

  /** In auto mode, assigns waiting chats while agents have room. */
  routeQueue(): void {
    if (this.settings().routingMode !== 'auto') return;
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

  /** `positions`: the queue's places when several views are made at once (see queuePositions). */
  visitorView(chat: ChatRow, positions?: Map<string, number>): VisitorChatView {
    const status: ChatStatus = chatStatus(chat);
    const agent = status === 'active' && chat.agent_id ? getAgent(this.db, chat.agent_id) : undefined;
    return {
      id: chat.id,
      status,
      channel: chat.channel,
      agent: agent ? { id: agent.id, name: agent.name } : null,
      queuePosition: status === 'queued' ? ((positions ?? this.queuePositions()).get(chat.id) ?? null) : null,
      startedAt: chat.started_at,
      closedAt: chat.closed_at,
    };
  }

  /**
   * Places in line (1-based) of the waiting live chats. Offline messages wait for an answer,
   * not for a live agent: they hold no place.
   */
  queuePositions(): Map<string, number> {
    const positions = new Map<string, number>();
    for (const chat of queuedChats(this.db)) if (chat.channel === 'widget') positions.set(chat.id, positions.size + 1);
    return positions;
  }

  // Internals ---------------------------------------------------------------------------

  /** The chat's own agent, or an admin or owner, may change it. */
  private mayWorkOn(agent: AgentRow, chat: ChatRow): void {
    if (chat.agent_id !== agent.id && agent.role === 'agent') {
      throw new ChatError('only the chat’s agent or an admin can change it', 'chatId');
    }
  }

  private ownOpenChat(agent: AgentRow, chatId: string): ChatRow {
    const chat = getChat(this.db, chatId);
    if (!chat) throw new ChatError('no such chat', 'chatId');
    if (chat.closed_at !== null) throw new ChatError('this chat is closed', 'chatId');
    this.mayWorkOn(agent, chat);
    return chat;
  }

  private settings(): Settings {
    return readSettings(this.db, this.config);
  }

  /** Inside the opening hours of the department (or of all, `*`), or none are set. */
  private openAt(departmentId: string | null, at: number): boolean {
    const hours = hoursFor(this.settings().businessHours, departmentId ?? undefined);
    return !hours || isOpenAt(hours, at);
  }

  private sameAuthorOrRefuse(existing: MessageView, visitorId: string): MessageView {
    const chat = getChat(this.db, existing.chatId);
    if (existing.author === 'visitor' && chat?.visitor_id === visitorId) return existing;
    throw new ChatError('id: this message id is already used', 'id');
  }

  private assign(chat: ChatRow, agent: AgentRow): ChatRow {
    const updated = this.commit(
      () => {
        const now = this.clock.now();
        assignChat(this.db, chat.id, agent.id, now);
        this.systemMessage(chat.id, { kind: 'joined', agent: agent.name }, now);
        return getChat(this.db, chat.id)!;
      },
      (updated) => this.listener.chatChanged(updated),
    );
    this.log.info({ chatId: chat.id, agentId: agent.id }, 'chat assigned');
    this.listener.queueChanged();
    return updated;
  }

  private close(chat: ChatRow, by: 'visitor' | 'agent' | 'system', agentId: string | null, notice: SystemNotice): ChatRow {
    const wasQueued = chatStatus(chat) === 'queued';
    const updated = this.commit(
      () => {
        const now = this.clock.now();
        closeChatRow(this.db, chat.id, now, by, agentId);
        this.systemMessage(chat.id, notice, now);
        return getChat(this.db, chat.id)!;
      },
      (updated) => this.listener.chatChanged(updated),
    );
    this.log.info({ chatId: chat.id, by, agentId, reason: notice.kind }, 'chat closed');
    this.listener.chatClosed(updated);
    if (wasQueued) this.listener.queueChanged();
    this.routeQueue();
    return updated;
  }

  private requeueAll(agentId: string, now: number): ChatRow[] {
    return openChatsOfAgent(this.db, agentId).map((chat) => {
      requeueChat(this.db, chat.id, now, 'agent offline');
      this.systemMessage(chat.id, { kind: 'requeued' }, now);
      return getChat(this.db, chat.id)!;
    });
  }

  private systemMessage(chatId: string, notice: SystemNotice, at: number): void {
    this.storeMessage({ id: newId('sys_'), chatId, author: 'system', agentId: null, at, text: noticeText(notice), notice });
  }

  /** Stores a message inside the write `commit` or `commitSoon` runs, which relays it once committed. */
  private storeMessage(m: NewMessage): MessageView {
    if (!this.stored) throw new Error('a message is stored only inside commit() or commitSoon(), which relay it');
    const message = insertMessage(this.db, m);
    this.ops.messagesStored.inc({ author: m.author });
    this.stored.push(message);
    return message;
  }

  /**
   * Every write of the lifecycle but messages: runs `work` in one transaction and, once it has
   * committed, `announce` tells of the chats' new state, then every message `work` stored
   * (storeMessage) is relayed to its chat, in order. So no path that stores a message can leave
   * it unsent. The messages queued for the shared commit go first: writes keep their order.
   */
  private commit<T>(work: () => T, announce?: (result: T) => void): T {
    this.writes.flush();
    let stored: MessageView[] = [];
    const result = this.db.transaction(() => this.storing(work, (messages) => (stored = messages)))();
    this.announceAndRelay(result, stored, announce);
    return result;
  }

  /**
   * `commit` for the messages people send, which come many at a time: `work` joins the other
   * writes of this event-loop turn in one transaction (GroupCommit: one fsync for all, each in
   * its own savepoint so that a refusal fails only its own). Once that has committed: `announce`
   * and the relay, as in `commit`; then the promise settles (the ack).
   */
  private commitSoon<T>(work: () => T, announce?: (result: T) => void): Promise<T> {
    return new Promise((resolve, reject) => {
      let stored: MessageView[] = [];
      this.writes.add(
        () => this.ops.timeQuery('message_write', () => this.storing(work, (messages) => (stored = messages))),
        (outcome) => {
          if (!outcome.ok) return reject(outcome.error);
          try {
            this.announceAndRelay(outcome.value, stored, announce);
            resolve(outcome.value);
          } catch (error) {
            reject(error);
          }
        },
      );
    });
  }

  private chatStarted(chat: ChatRow): void {
    this.log.info(
      { chatId: chat.id, visitorId: chat.visitor_id, channel: chat.channel, departmentId: chat.department_id },
      'chat started',
    );
  }

  /** Commits the messages still queued for the shared commit (the server is closing). */
  flushWrites(): void {
    this.writes.flush();
  }

  /** Runs `work`, handing the messages it stored to `keep` if it returns. */
  private storing<T>(work: () => T, keep: (stored: MessageView[]) => void): T {
    if (this.stored) throw new Error('a write inside a write: its messages would be relayed before they are committed');
    const stored: MessageView[] = [];
    this.stored = stored;
    try {
      const result = work();
      keep(stored);
      return result;
    } finally {
      this.stored = null;
    }
  }

  private announceAndRelay<T>(result: T, stored: MessageView[], announce?: (result: T) => void): void {
    announce?.(result);
    const chats = new Map<string, ChatRow>();
    for (const message of stored) {
      let chat = chats.get(message.chatId);
      if (!chat) chats.set(message.chatId, (chat = getChat(this.db, message.chatId)!));
      this.listener.messageAdded(message, chat);
    }
  }
}
