import {
  MAX_MESSAGE_LENGTH,
  type AgentServerToClient,
  type AgentStatus,
  type CannedReply,
  type LiveVisitor,
  type ChatDetail,
  type Department,
  type MessageView,
  type Priority,
  type SurveyRecordView,
  type TeamMember,
} from '../../shared/protocol.ts';
import { newId } from '../../shared/ids.ts';
import { hasGap, replayCursor } from '../../shared/message-gaps.ts';
import { request, type AgentSocket } from './agent-socket.ts';
import { request as callRoute } from './console-api.ts';
import { routes } from '../../shared/api-routes.ts';
import { clearDraft } from './drafts.ts';
import { t } from './i18n.ts';
import { loadReadMarks, saveReadMarks } from './read-marks.ts';
import { loadOutbox, saveOutbox } from './saved-outbox.ts';
import {
  applyChatDetail,
  applyChatRemoved,
  applyChatUpsert,
  applyMessages,
  applyNote,
  applyMessageUpdate,
  applySnapshot,
  applySurveys,
  applyTags,
  initialInboxState,
  lastSeenToKeep,
  markSeen,
  type InboxState,
  type OutgoingMessage,
} from './inbox-state.ts';

export interface InboxStoreOptions {
  socket: AgentSocket;
  agentId: string;
  /** How long to wait for an ack before treating a request as lost. */
  requestTimeoutMs?: number;
  /** Pause before sending an unacknowledged reply again. */
  retryDelayMs?: number;
  /** A visitor who stopped typing without saying so (closed tab) stops showing as typing. */
  typingExpiryMs?: number;
  /** The socket was refused or dropped by the server: the session may have ended. */
  onConnectionRefused?: () => void;
}

type Listener = (state: InboxState) => void;

/** Where a chat goes: another online agent, or a department's queue. */
export type TransferTarget = { agentId: string } | { departmentId: string };

/**
 * The console's live view of the inbox: state from 'agent:hello', kept current by the
 * server's events, plus this agent's actions. Components read it through `subscribe`.
 */
export class InboxStore {
  private state: InboxState;
  private readonly listeners = new Set<Listener>();
  private readonly socket: AgentSocket;
  private readonly agentId: string;
  private readonly requestTimeoutMs: number;
  private readonly retryDelayMs: number;
  private readonly typingExpiryMs: number;
  private readonly onConnectionRefused: () => void;
  private readonly sending = new Set<string>();
  /**
   * Replies go out only once this connection has had its hello, and all of them again after a
   * drop (one in flight then may never have arrived): otherwise one typed during the reconnect
   * would overtake those still waiting, and be stored before them.
   */
  private ready = false;
  /** Counts connections: the answer of a request sent on an earlier one is stale. */
  private connectionCount = 0;
  private readonly opening = new Set<string>();
  /** Chats whose replay (`messages:sync`) is on its way: one at a time per chat. */
  private readonly syncing = new Set<string>();
  private readonly timers = new Set<ReturnType<typeof setTimeout>>();
  private readonly typingTimers = new Map<string, ReturnType<typeof setTimeout>>();
  private stopped = false;

  constructor(options: InboxStoreOptions) {
    this.socket = options.socket;
    this.agentId = options.agentId;
    this.requestTimeoutMs = options.requestTimeoutMs ?? 8000;
    this.retryDelayMs = options.retryDelayMs ?? 1500;
    this.typingExpiryMs = options.typingExpiryMs ?? 10_000;
    this.onConnectionRefused = options.onConnectionRefused ?? (() => {});
    this.state = { ...initialInboxState(loadReadMarks(this.agentId)), outbox: loadOutbox(this.agentId) };
    this.listen();
  }

  getState(): InboxState {
    return this.state;
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Listens to a server event that is not the inbox's (follow-ups, for a page of its own);
   * returns the call that stops listening.
   */
  listenTo<E extends keyof AgentServerToClient>(event: E, listener: AgentServerToClient[E]): () => void {
    (this.socket as any).on(event, listener);
    return () => (this.socket as any).off(event, listener);
  }

  start(): void {
    if (!this.stopped && !this.socket.connected) this.socket.connect();
  }

  stop(): void {
    this.stopped = true;
    for (const t of this.timers) clearTimeout(t);
    for (const t of this.typingTimers.values()) clearTimeout(t);
    this.socket.removeAllListeners();
    this.socket.disconnect();
    this.listeners.clear();
  }

  private set(next: InboxState): void {
    if (next === this.state || this.stopped) return;
    if (next.outbox !== this.state.outbox) saveOutbox(this.agentId, next.outbox);
    this.state = next;
    for (const l of this.listeners) l(next);
  }

  private later(fn: () => void, ms: number): void {
    const t = setTimeout(() => {
      this.timers.delete(t);
      if (!this.stopped) fn();
    }, ms);
    this.timers.add(t);
  }

  private notice(message: string): void {
    this.set({ ...this.state, notice: message });
  }

  private listen(): void {
    const s = this.socket;
    s.on('connect', () => {
      this.set({ ...this.state, connection: 'connected' });
      void this.hello();
    });
    s.on('disconnect', (reason) => {
      this.ready = false;
      this.connectionCount++;
      this.sending.clear();
      this.syncing.clear();
      this.set({ ...this.state, connection: 'disconnected' });
      // The server ended the connection itself (e.g. the session was revoked): no automatic retry.
      if (reason === 'io server disconnect') this.onConnectionRefused();
    });
    s.on('connect_error', () => {
      this.set({ ...this.state, connection: 'disconnected' });
      // socket.io retries transport failures on its own, but not a refusal by the namespace.
      if (!s.active) this.onConnectionRefused();
    });
    s.on('chat:upsert', (chat) => {
      const before = this.state.chats[chat.id];
      this.set(applyChatUpsert(this.state, chat));
      if (chat.status === 'closed' && before?.status !== 'closed') clearDraft(chat.id);
      // A chat that became mine (accepted elsewhere, auto-assigned, transferred to me) is
      // loaded at once so that its unread count and waiting time are exact.
      if (chat.status === 'active' && chat.agent?.id === this.agentId && !this.state.threads[chat.id]) {
        void this.open(chat.id);
      }
    });
    s.on('chat:remove', ({ chatId }) => this.set(applyChatRemoved(this.state, chatId)));
    s.on('message:new', (message) => this.receive(message.chatId, [message]));
    s.on('typing:update', ({ chatId, typing }) => this.visitorTyping(chatId, typing));
    s.on('status:update', ({ status }) => {
      if (this.state.me) this.set({ ...this.state, me: { ...this.state.me, status } });
    });
    s.on('note:new', (note) => this.set(applyNote(this.state, note)));
    s.on('message:update', (message) => this.set(applyMessageUpdate(this.state, message)));
    s.on('settings:update', (settings) => this.set({ ...this.state, ...settings }));
    s.on('visitor:update', ({ chatId, visitor, pages }) => {
      const thread = this.state.threads[chatId];
      if (thread) this.set({ ...this.state, threads: { ...this.state.threads, [chatId]: { ...thread, visitor, pages: pages ?? thread.pages } } });
    });
    s.on('survey:answered', ({ chatId, survey }) => this.set(applySurveys(this.state, chatId, [survey])));
  }

  private visitorTyping(chatId: string, typing: boolean): void {
    const timer = this.typingTimers.get(chatId);
    if (timer) clearTimeout(timer);
    this.typingTimers.delete(chatId);
    if (typing) {
      this.typingTimers.set(
        chatId,
        setTimeout(() => this.visitorTyping(chatId, false), this.typingExpiryMs),
      );
    }
    if (!!this.state.visitorTyping[chatId] !== typing) {
      this.set({ ...this.state, visitorTyping: { ...this.state.visitorTyping, [chatId]: typing } });
    }
  }

  /** Runs on every (re)connect: a fresh snapshot, then whatever was missed, then the outbox. */
  private async hello(): Promise<void> {
    let answer;
    try {
      answer = await request(this.socket, 'agent:hello', {}, this.requestTimeoutMs);
    } catch {
      if (this.socket.connected) this.later(() => void this.hello(), this.retryDelayMs);
      return;
    }
    if (!answer.ok) {
      this.notice(t('Could not load the inbox: {reason}', { reason: answer.error }));
      return;
    }
    const inbox = answer.inbox;
    const before = this.state;
    this.set(applySnapshot(before, inbox));
    const mine = new Set(inbox.mine.map((c) => c.id));
    for (const chat of inbox.mine) {
      if (before.threads[chat.id]) void this.sync(chat.id);
      else void this.open(chat.id);
    }
    // Chats I was only looking at: opening them again refreshes their status and subscribes anew.
    for (const id of Object.keys(before.threads)) {
      if (!mine.has(id) && before.chats[id]?.status !== 'closed') void this.open(id);
    }
    this.ready = this.socket.connected;
    for (const m of this.state.outbox) this.deliver(m.id);
  }

  /** Loads the inbox and its settings again, e.g. after an admin changed them here. */
  refresh(): void {
    if (this.socket.connected) void this.hello();
  }

  /**
   * Stored messages of a chat (live, acks, replays). A number skipped in a loaded chat is a
   * message this console never got (a lost emit): it is fetched. Only when something new came,
   * so a replay that cannot fill a hole does not ask again and again.
   */
  private receive(chatId: string, messages: MessageView[]): void {
    const before = this.state.threads[chatId]?.messages;
    this.set(applyMessages(this.state, chatId, messages));
    const thread = this.state.threads[chatId];
    if (thread && thread.messages !== before && hasGap(thread.messages)) void this.sync(chatId);
  }

  /**
   * Replays a loaded chat from its last message before a hole, or its last one: after a
   * reconnect, live messages that came before the answer leave a hole, so it still starts
   * from what was known before the drop.
   */
  private async sync(chatId: string): Promise<void> {
    const thread = this.state.threads[chatId];
    if (!thread || this.syncing.has(chatId) || !this.socket.connected) return;
    this.syncing.add(chatId);
    try {
      const afterSeq = replayCursor(thread.messages);
      const answer = await request(this.socket, 'messages:sync', { chatId, afterSeq }, this.requestTimeoutMs);
      this.syncing.delete(chatId);
      if (answer.ok) this.receive(chatId, answer.messages);
      else this.notice(t('Could not catch up on a chat: {reason}', { reason: answer.error }));
    } catch {
      // Lost with the connection: the next connect syncs again.
      this.syncing.delete(chatId);
    }
  }

  private async open(chatId: string): Promise<void> {
    if (this.opening.has(chatId)) return;
    this.opening.add(chatId);
    try {
      const answer = await request(this.socket, 'chat:open', { chatId }, this.requestTimeoutMs);
      if (!answer.ok) {
        this.notice(t('Could not open the chat: {reason}', { reason: answer.error }));
        return;
      }
      this.set(applyChatDetail(this.state, answer.chat));
      void this.loadSurveys(chatId);
    } catch {
      // No answer. A chat on screen is asked for again; the others are opened on the next connect.
      if (this.state.selectedChatId === chatId && this.socket.connected) {
        this.later(() => void this.open(chatId), this.retryDelayMs);
      }
    } finally {
      this.opening.delete(chatId);
    }
  }

  select(chatId: string | null): void {
    if (chatId === this.state.selectedChatId) return;
    this.set({ ...this.state, selectedChatId: chatId });
    if (chatId && !this.state.threads[chatId]) void this.open(chatId);
  }

  async accept(chatId: string): Promise<void> {
    try {
      const answer = await request(this.socket, 'chat:accept', { chatId }, this.requestTimeoutMs);
      if (!answer.ok) {
        this.notice(t('Could not accept the chat: {reason}', { reason: answer.error }));
        return;
      }
      this.set({ ...applyChatDetail(this.state, answer.chat), selectedChatId: chatId, notice: null });
      void this.loadSurveys(chatId);
    } catch {
      this.notice(t('Could not accept the chat: the server did not answer. Try again.'));
    }
  }

  /** The ratings of a chat (none yet for a chat still open): shown with it, then kept live. */
  private async loadSurveys(chatId: string): Promise<void> {
    try {
      const { surveys } = await callRoute(routes.chatSurveys, { params: { id: chatId } });
      this.set(applySurveys(this.state, chatId, surveys));
    } catch {
      // Ratings are extra context: a chat still works without them, and answers arrive live.
    }
  }

  /** Queues a reply and sends it until the server acknowledges it. False when there is nothing to send. */
  send(chatId: string, text: string, cannedId: string | null = null): boolean {
    const body = text.trim();
    if (!body) return false;
    if (body.length > MAX_MESSAGE_LENGTH) {
      this.notice(t('A message can be at most {max} characters long.', { max: MAX_MESSAGE_LENGTH }));
      return false;
    }
    const message: OutgoingMessage = {
      id: newId('m_'),
      chatId,
      text: body,
      cannedId,
      createdAt: Date.now(),
      state: 'sending',
      error: null,
    };
    this.set({ ...this.state, outbox: [...this.state.outbox, message] });
    this.deliver(message.id);
    return true;
  }

  /** Sends a refused reply once more, with the same id. */
  retry(messageId: string): void {
    const outbox = this.state.outbox.map((m) =>
      m.id === messageId ? { ...m, state: 'sending' as const, error: null } : m,
    );
    this.set({ ...this.state, outbox });
    this.deliver(messageId);
  }

  discard(messageId: string): void {
    this.set({ ...this.state, outbox: this.state.outbox.filter((m) => m.id !== messageId) });
  }

  private deliver(messageId: string): void {
    const message = this.state.outbox.find((m) => m.id === messageId);
    if (!message || message.state !== 'sending' || this.sending.has(messageId) || !this.ready) return;
    this.sending.add(messageId);
    const connection = this.connectionCount;
    const payload = {
      chatId: message.chatId,
      id: message.id,
      text: message.text,
      ...(message.cannedId ? { cannedId: message.cannedId } : {}),
    };
    request(this.socket, 'message:send', payload, this.requestTimeoutMs).then(
      (answer) => {
        if (connection === this.connectionCount) this.sending.delete(messageId);
        if (answer.ok) {
          this.receive(message.chatId, [answer.message]);
        } else {
          const outbox = this.state.outbox.map((m) =>
            m.id === messageId ? { ...m, state: 'failed' as const, error: answer.error } : m,
          );
          this.set({ ...this.state, outbox });
        }
      },
      () => {
        // Sent on a connection that has dropped since: the next hello sends it again, in order.
        if (connection !== this.connectionCount) return;
        // No ack: the message may or may not be stored. Sending it again with the same id
        // is safe because the server keeps one message per id.
        this.sending.delete(messageId);
        this.later(() => this.deliver(messageId), this.retryDelayMs);
      },
    );
  }

  /** Closes the chat; false when it stays open. A missing tag is the caller's to explain. */
  async closeChat(chatId: string, withoutSurvey = false): Promise<{ closed: boolean; needsTag: boolean }> {
    try {
      const answer = await request(this.socket, 'chat:close', withoutSurvey ? { chatId, withoutSurvey } : { chatId }, this.requestTimeoutMs);
      if (!answer.ok) {
        if (answer.field === 'tags') return { closed: false, needsTag: true };
        this.notice(t('Could not close the chat: {reason}', { reason: answer.error }));
        return { closed: false, needsTag: false };
      }
      this.set(applyChatUpsert(this.state, answer.chat));
      clearDraft(chatId);
      return { closed: true, needsTag: false };
    } catch {
      this.notice(t('Could not close the chat: the server did not answer. Try again.'));
      return { closed: false, needsTag: false };
    }
  }

  async setPriority(chatId: string, priority: Priority): Promise<void> {
    try {
      const answer = await request(this.socket, 'chat:priority', { chatId, priority }, this.requestTimeoutMs);
      if (answer.ok) this.set(applyChatUpsert(this.state, answer.chat));
      else this.notice(t('Could not change the priority: {reason}', { reason: answer.error }));
    } catch {
      this.notice(t('Could not change the priority: the server did not answer. Try again.'));
    }
  }

  /** Adds or removes a tag; the error to show next to the tag field, or null. */
  async setTag(chatId: string, tag: string, present: boolean): Promise<string | null> {
    try {
      const event = present ? 'tag:add' : 'tag:remove';
      const answer = await request(this.socket, event, { chatId, tag }, this.requestTimeoutMs);
      if (!answer.ok) return answer.error;
      this.set(applyTags(this.state, chatId, answer.tags));
      return null;
    } catch {
      return t('the server did not answer. Try again.');
    }
  }

  /** Every tag used so far; empty when the server cannot say (autocomplete is a help, not a must). */
  async knownTags(): Promise<string[]> {
    try {
      const answer = await request(this.socket, 'tags:list', {}, this.requestTimeoutMs);
      return answer.ok ? answer.tags : [];
    } catch {
      return [];
    }
  }

  /** Adds an internal note; the error to show next to the note box, or null. Safe to retry. */
  async addNote(chatId: string, text: string, id: string = newId('note_')): Promise<string | null> {
    const body = text.trim();
    if (!body) return null;
    try {
      const answer = await request(this.socket, 'note:add', { chatId, id, text: body }, this.requestTimeoutMs);
      if (!answer.ok) return answer.error;
      this.set(applyNote(this.state, answer.note));
      return null;
    } catch {
      return t('the server did not answer. Try again.');
    }
  }

  /** Deletes a message for everyone; the error to show, or null. */
  async deleteMessage(chatId: string, messageId: string): Promise<string | null> {
    try {
      const answer = await request(this.socket, 'message:delete', { chatId, messageId }, this.requestTimeoutMs);
      if (!answer.ok) return answer.error;
      this.set(applyMessageUpdate(this.state, answer.message));
      return null;
    } catch {
      return t('the server did not answer. Try again.');
    }
  }

  /** Loads a chat afresh, its texts too (after the visitor's data was erased). */
  async reload(chatId: string): Promise<void> {
    const answer = await request(this.socket, 'chat:open', { chatId }, this.requestTimeoutMs);
    if (!answer.ok) throw new Error(answer.error);
    const { [chatId]: _old, ...threads } = this.state.threads;
    this.set(applyChatDetail({ ...this.state, threads }, answer.chat));
  }

  /** Blocks the chat's visitor; the error to show, or null. */
  async blockVisitor(chatId: string, reason: string, byAddress: boolean): Promise<string | null> {
    try {
      const answer = await request(this.socket, 'visitor:block', { chatId, reason, byAddress }, this.requestTimeoutMs);
      return answer.ok ? null : answer.error;
    } catch {
      return t('the server did not answer. Try again.');
    }
  }

  /** Hands a chat over; the error to show in the transfer dialog, or null. */
  async transfer(chatId: string, target: TransferTarget, note: string): Promise<string | null> {
    try {
      const payload = { chatId, ...target, ...(note.trim() ? { note: note.trim() } : {}) };
      const answer = await request(this.socket, 'chat:transfer', payload, this.requestTimeoutMs);
      if (!answer.ok) return answer.error;
      this.set(applyChatUpsert(this.state, answer.chat));
      // The note written with the transfer belongs in this chat's timeline too.
      void this.open(chatId);
      return null;
    } catch {
      return t('the server did not answer. Try again.');
    }
  }

  /**
   * Visitors now: the rows and goings the server pushes to every console (README "Visitors
   * now"), and each new connection (the list is asked for again then). Returns the unsubscribe.
   */
  onVisitorsNow(on: { live: (v: LiveVisitor) => void; gone: (visitorId: string) => void; connected: () => void }): () => void {
    const live = (v: LiveVisitor) => on.live(v);
    const gone = (g: { visitorId: string }) => on.gone(g.visitorId);
    const connected = () => on.connected();
    this.socket.on('visitors:live', live);
    this.socket.on('visitors:gone', gone);
    this.socket.on('connect', connected);
    return () => {
      this.socket.off('visitors:live', live);
      this.socket.off('visitors:gone', gone);
      this.socket.off('connect', connected);
    };
  }

  /** Agents and departments to transfer to. Throws with a reason to show. */
  async team(): Promise<{ agents: TeamMember[]; departments: Department[] }> {
    let answer;
    try {
      answer = await request(this.socket, 'team:list', {}, this.requestTimeoutMs);
    } catch {
      throw new Error(t('the server did not answer. Try again.'));
    }
    if (!answer.ok) throw new Error(answer.error);
    return { agents: answer.agents, departments: answer.departments };
  }

  /** Canned replies I may use: shared ones and my own. Throws with a reason to show. */
  async cannedReplies(): Promise<CannedReply[]> {
    let answer;
    try {
      answer = await request(this.socket, 'canned:list', {}, this.requestTimeoutMs);
    } catch {
      throw new Error(t('the server did not answer. Try again.'));
    }
    if (!answer.ok) throw new Error(answer.error);
    return answer.canned;
  }

  /** A chat's whole history for reading (an earlier chat of the visitor), outside the inbox. */
  async transcript(chatId: string): Promise<ChatDetail> {
    let answer;
    try {
      answer = await request(this.socket, 'chat:open', { chatId }, this.requestTimeoutMs);
    } catch {
      throw new Error(t('the server did not answer. Try again.'));
    }
    if (!answer.ok) throw new Error(answer.error);
    return answer.chat;
  }

  async setStatus(status: AgentStatus): Promise<void> {
    const me = this.state.me;
    if (!me || me.status === status) return;
    this.set({ ...this.state, me: { ...me, status } });
    try {
      const answer = await request(this.socket, 'status:set', { status }, this.requestTimeoutMs);
      if (!answer.ok) throw new Error(answer.error);
      if (this.state.me) this.set({ ...this.state, me: { ...this.state.me, status: answer.status } });
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      if (this.state.me) {
        this.set({ ...this.state, me: { ...this.state.me, status: me.status }, notice: t('Could not change your status: {reason}', { reason }) });
      }
    }
  }

  /** Tells the visitor whether I am typing; volatile, since a late typing signal is useless. */
  setTyping(chatId: string, typing: boolean): void {
    if (this.socket.connected) this.socket.volatile.emit('typing:set', { chatId, typing });
  }

  markSeen(chatId: string): void {
    const next = markSeen(this.state, chatId);
    if (next === this.state) return;
    this.set(next);
    saveReadMarks(this.agentId, lastSeenToKeep(next));
  }

  dismissNotice(): void {
    if (this.state.notice) this.set({ ...this.state, notice: null });
  }
}
