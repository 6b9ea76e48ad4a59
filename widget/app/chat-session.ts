import type { Socket } from 'socket.io-client';
import { newId } from '../../shared/ids.ts';
import {
  MAX_MESSAGE_LENGTH,
  type MessageView,
  type VisitorChatView,
  type VisitorClientToServer,
  type VisitorHello,
  type VisitorServerToClient,
} from '../../shared/protocol.ts';
import type { HostPage } from '../frame-messages.ts';
import type { KeyValueStore } from './local-store.ts';
import { mergeMessages } from './message-timeline.ts';
import { hasGap, replayCursor } from '../../shared/message-gaps.ts';
import { ACCEPTED_TYPES, fileMessageText, MAX_FILE_BYTES, type SentFile } from '../../shared/attachment-message.ts';
import { Outbox, type PendingMessage } from './outbox.ts';
import { obtainVisitorSession } from './visitor-token.ts';
import { EN, type Words } from './words.ts';

export type VisitorSocket = Socket<VisitorServerToClient, VisitorClientToServer>;

export interface ChatState {
  /**
   * `starting`: no state from the server yet; `unavailable`: the server can't be reached;
   * `blocked`: this visitor may not chat (issue 11), nothing is sent.
   */
  phase: 'starting' | 'live' | 'unavailable' | 'blocked';
  connected: boolean;
  siteName: string;
  agentsOnline: boolean;
  chat: VisitorChatView | null;
  /** Stored messages, in server order. */
  messages: MessageView[];
  /** The visitor's messages not acknowledged yet, oldest first. */
  pending: PendingMessage[];
  agentTyping: { name: string | null } | null;
  /** The offline form was sent from this page: thank the visitor. */
  offlineSent: boolean;
  /** An action that failed, in words for the visitor. */
  notice: string | null;
  /** Agent messages that arrived while the window was not in view. */
  unread: number;
  /** The department a new chat starts in; null: the server's routing decides. */
  department: string | null;
}

export interface OfflineForm {
  name: string;
  email: string;
  text: string;
}

export type FormResult = { ok: true } | { ok: false; error: string; field?: string };

/** What the window offers under an ended chat: see `ChatSession.transcriptOffer`. */
export type TranscriptOffer = { to: string } | { to: null } | null;

export interface ChatSessionDeps {
  serverUrl: string;
  store: KeyValueStore;
  connect(token: string): VisitorSocket;
  /** The page the visitor is on, sent to the agent with the hello (null: not told). */
  page(): Promise<HostPage | null>;
  /** Is the visitor looking at the window? Agent messages that arrive otherwise count as unread. */
  watching(): boolean;
  locale: string;
  timeZone: string;
  /** The department chats start in (`Parley('department')`, `data-department`, the pre-chat form). */
  department?: string;
  /** The window's words, in the visitor's language (English when not given). */
  words?: () => Words;
  fetch?: typeof fetch;
}

/** The events the site's calls send (identify, page views, conversions, attributes, invitations). */
type SiteEvent = 'visitor:identify' | 'page:view' | 'conversion:record' | 'visitor:attributes' | 'invitation:event';
type SiteAck<E extends SiteEvent> = Parameters<Parameters<VisitorClientToServer[E]>[1]>[0];

interface SiteRequest {
  event: SiteEvent;
  payload: unknown;
  resolve(res: SiteAck<SiteEvent>): void;
  sent: boolean;
}

/** Wait this long for an ack before the message counts as unanswered and is sent again. */
export const ACK_TIMEOUT_MS = 10_000;
/** Unacknowledged messages are sent again this often while connected. */
export const RETRY_INTERVAL_MS = 5_000;
/** Typing stops counting after this long without a keystroke. */
export const TYPING_IDLE_MS = 3_000;
/** While the visitor keeps typing, the server is told again this often (so it never expires). */
export const TYPING_REFRESH_MS = 2_500;
/** An agent typing indicator the server never cleared (a lost packet) goes away after this. */
export const AGENT_TYPING_EXPIRY_MS = 10_000;

export const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function tooLongError(length: number, words: Words = EN): string {
  return words.tooLong(length, MAX_MESSAGE_LENGTH);
}

/**
 * The visitor's side of a chat: session token, socket, state from the server, and the outbox
 * that keeps sending a message (under the same id) until the server has stored it.
 */
export class ChatSession {
  private listeners = new Set<(state: ChatState) => void>();
  private outbox: Outbox;
  private socket: VisitorSocket | null = null;
  private greeted = false;
  private inFlight = new Set<string>();
  /** Chats whose replay (`messages:sync`) is on its way: one at a time per chat. */
  private syncing = new Set<string>();
  private offlineId: string | null = null;
  private typingSentAt = 0;
  private typingIdle: ReturnType<typeof setTimeout> | undefined;
  private agentTypingExpiry: ReturnType<typeof setTimeout> | undefined;
  private retryTimer: ReturnType<typeof setInterval> | undefined;
  /** Until then the outbox waits: the server said this visitor sends too fast. */
  private holdOutboxUntil = 0;
  private restartTimer: ReturnType<typeof setTimeout> | undefined;
  private failures = 0;
  private stopped = false;
  private requests: SiteRequest[] = [];
  /** The visitor's token, for the requests that are not on the socket (file uploads). */
  private token: string | null = null;
  private profile: { locale: string; department: string | undefined };
  state: ChatState;

  constructor(private deps: ChatSessionDeps) {
    this.profile = { locale: deps.locale, department: deps.department };
    this.outbox = new Outbox(deps.store);
    this.state = {
      phase: 'starting',
      connected: false,
      siteName: '',
      agentsOnline: false,
      chat: null,
      messages: [],
      pending: this.outbox.list(),
      agentTyping: null,
      offlineSent: false,
      notice: null,
      unread: 0,
      department: deps.department ?? null,
    };
  }

  subscribe(listener: (state: ChatState) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async start(): Promise<void> {
    let token: string;
    try {
      token = (await obtainVisitorSession(this.deps.serverUrl, this.deps.store, this.deps.fetch)).token;
    } catch {
      if (!this.stopped) this.retryLater(() => this.start());
      return;
    }
    if (this.stopped) return;
    this.token = token;
    if (this.socket) {
      // The server turned the old token down: reconnect with the new one.
      this.socket.auth = { token };
      this.socket.connect();
      return;
    }
    const socket = this.deps.connect(token);
    this.socket = socket;
    socket.on('connect', () => void this.greet());
    socket.on('disconnect', () => {
      this.greeted = false;
      this.inFlight.clear();
      this.syncing.clear();
      this.set({ connected: false, agentTyping: null });
    });
    socket.on('connect_error', () => {
      // socket.io retries transport errors by itself; a refused handshake (`active` false)
      // means the token is no longer good, so get one again.
      if (!socket.active) this.retryLater(() => this.start());
      else this.noteFailure();
    });
    socket.on('message:new', (message) => this.receive([message], true));
    socket.on('chat:update', (chat) => this.updateChat(chat));
    socket.on('typing:update', ({ typing, name }) => this.showAgentTyping(typing, name));
    socket.on('availability:update', ({ agentsOnline }) => this.set({ agentsOnline }));
    socket.on('message:update', (message) => this.set({ messages: this.state.messages.map((m) => (m.id === message.id ? message : m)) }));
    socket.on('visitor:blocked', () => this.set({ phase: 'blocked', agentsOnline: false, agentTyping: null }));
    this.retryTimer = setInterval(() => {
      this.flushOutbox();
      this.flushRequests();
    }, RETRY_INTERVAL_MS);
  }

  /**
   * Sends a site's event once the server has had the hello, and again after a lost ack (each
   * of these events is idempotent); resolves with the server's answer.
   */
  request<E extends SiteEvent>(event: E, payload: Parameters<VisitorClientToServer[E]>[0]): Promise<SiteAck<E>> {
    return new Promise((resolve) => {
      this.requests.push({ event, payload, resolve: resolve as SiteRequest['resolve'], sent: false });
      this.flushRequests();
    });
  }

  /** Changes the language or department the server knows: it hears a new hello. */
  setProfile(change: { locale?: string; department?: string }): void {
    const next = { ...this.profile, ...change };
    if (next.locale === this.profile.locale && next.department === this.profile.department) return;
    this.profile = next;
    this.set({ department: next.department ?? null });
    if (this.socket?.connected && this.greeted) void this.greet();
  }

  stop(): void {
    this.stopped = true;
    clearInterval(this.retryTimer);
    clearTimeout(this.restartTimer);
    clearTimeout(this.typingIdle);
    clearTimeout(this.agentTypingExpiry);
    this.socket?.disconnect();
  }

  /** Queues a message and sends it; returns an error for the visitor, or null. */
  send(text: string): string | null {
    const body = text.trim();
    if (!body) return null;
    if (body.length > MAX_MESSAGE_LENGTH) return tooLongError(body.length, this.words());
    this.stopTyping();
    this.outbox.add({ id: newId('msg_'), text: body, createdAt: Date.now() });
    this.set({});
    this.flushOutbox();
    return null;
  }

  /**
   * Sends a file: the server stores it (and judges what it is), then a message with its
   * address goes like any other, through the outbox. Resolves with an error for the visitor,
   * or null.
   */
  async sendFile(file: File): Promise<string | null> {
    const words = this.words();
    // The browser's word on the type is only a first sieve: the server reads the file itself.
    if (file.type && !ACCEPTED_TYPES.includes(file.type)) return words.fileNotAccepted;
    if (file.size > MAX_FILE_BYTES) return words.fileTooBig;
    if (!this.token) return words.noServer;
    let res: Response;
    try {
      res = await (this.deps.fetch ?? fetch)(`${this.deps.serverUrl}/api/widget/attachments?name=${encodeURIComponent(file.name)}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${this.token}`, 'content-type': 'application/octet-stream' },
        body: file,
      });
    } catch {
      return words.fileFailed;
    }
    if (res.status === 400) return words.fileNotAccepted;
    if (res.status === 413) return words.fileTooBig;
    if (res.status === 429) return words.tooManyFiles;
    if (!res.ok) return words.fileFailed;
    const { attachment } = (await res.json()) as { attachment: SentFile };
    return this.send(fileMessageText(attachment));
  }

  /**
   * Where the server would email this chat: `{to}`, the address the visitor gave (the only one
   * it sends to); `{to: null}` when they gave none; null when there is nothing to offer (no
   * agent replied, or the server can't be reached).
   */
  async transcriptOffer(chatId: string): Promise<TranscriptOffer> {
    if (!this.token) return null;
    try {
      const res = await (this.deps.fetch ?? fetch)(`${this.deps.serverUrl}/api/widget/transcript?chatId=${encodeURIComponent(chatId)}`, {
        headers: { authorization: `Bearer ${this.token}` },
      });
      const body = (await res.json()) as { to?: string; reason?: string };
      if (res.ok && body.to) return { to: body.to };
      return body.reason === 'no-address' ? { to: null } : null;
    } catch {
      return null;
    }
  }

  /**
   * Emails one of the visitor's chats to the address the offer showed (the server checks it is
   * still theirs). A refusal about the address comes with `field: 'email'`: ask for the offer
   * again.
   */
  async emailTranscript(chatId: string, email: string): Promise<FormResult> {
    const words = this.words();
    if (!this.token) return { ok: false, error: words.noServer };
    try {
      const res = await (this.deps.fetch ?? fetch)(`${this.deps.serverUrl}/api/widget/transcript`, {
        method: 'POST',
        headers: { authorization: `Bearer ${this.token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ chatId, email }),
      });
      if (res.ok) return { ok: true };
      const { reason } = (await res.json().catch(() => ({}))) as { reason?: string };
      if (reason === 'other-address') return { ok: false, field: 'email', error: words.transcriptAddressChanged };
      if (reason === 'no-address') return { ok: false, field: 'email', error: words.transcriptNoEmail };
      if (reason === 'limit-chat') return { ok: false, error: words.transcriptLimit };
      const retryAfter = Number(res.headers.get('retry-after'));
      if (res.status === 429 && retryAfter > 0) return { ok: false, error: words.transcriptTryLater(Math.ceil(retryAfter / 60)) };
      return { ok: false, error: words.transcriptFailed };
    } catch {
      return { ok: false, error: words.noServer };
    }
  }

  /** Sends again a message the server refused. */
  retry(id: string): void {
    this.outbox.update(id, { error: undefined });
    this.set({});
    this.flushOutbox();
  }

  discard(id: string): void {
    this.outbox.remove([id]);
    this.set({});
  }

  endChat(): void {
    const chat = this.state.chat;
    const socket = this.socket;
    if (!chat || chat.status === 'closed') return;
    const words = this.words();
    if (!socket?.connected || !this.greeted) return this.set({ notice: words.noServer });
    this.stopTyping();
    socket.timeout(ACK_TIMEOUT_MS).emit('chat:end', { chatId: chat.id }, (err, res) => {
      if (err) this.set({ notice: words.endNoAnswer });
      else if (!res.ok) this.set({ notice: words.endFailed(res.error) });
      else this.updateChat(res.chat);
    });
  }

  submitOffline(form: OfflineForm): Promise<FormResult> {
    const name = form.name.trim();
    const email = form.email.trim();
    const text = form.text.trim();
    const words = this.words();
    if (!name) return Promise.resolve({ ok: false, field: 'name', error: words.needName });
    if (!EMAIL.test(email)) return Promise.resolve({ ok: false, field: 'email', error: words.needEmail });
    if (!text) return Promise.resolve({ ok: false, field: 'text', error: words.needText });
    if (text.length > MAX_MESSAGE_LENGTH) return Promise.resolve({ ok: false, field: 'text', error: tooLongError(text.length, words) });
    const socket = this.socket;
    if (!socket?.connected || !this.greeted) return Promise.resolve({ ok: false, error: words.noServer });
    // The same id until it succeeds: a retry after a lost ack can't make a second chat.
    const id = (this.offlineId ??= newId('msg_'));
    return new Promise((resolve) => {
      socket.timeout(ACK_TIMEOUT_MS).emit('offline:submit', { id, name, email, text }, (err, res) => {
        if (err) return resolve({ ok: false, error: words.noServer });
        if (!res.ok) return resolve({ ok: false, error: res.error, field: res.field });
        this.offlineId = null;
        this.set({ chat: res.chat, offlineSent: true });
        this.receive([res.message], false);
        resolve({ ok: true });
      });
    });
  }

  /** Tells the agent the visitor is typing; call on every change of the draft. */
  noteTyping(draft: string): void {
    const chat = this.state.chat;
    if (!this.socket?.connected || !this.greeted || !chat || chat.status === 'closed') return;
    if (!draft.trim()) return this.stopTyping();
    const now = Date.now();
    if (now - this.typingSentAt > TYPING_REFRESH_MS) {
      this.socket.emit('typing:set', { typing: true });
      this.typingSentAt = now;
    }
    clearTimeout(this.typingIdle);
    this.typingIdle = setTimeout(() => this.stopTyping(), TYPING_IDLE_MS);
  }

  markRead(): void {
    if (this.state.unread) this.set({ unread: 0 });
  }

  dismissNotice(): void {
    this.set({ notice: null });
  }

  private async greet(): Promise<void> {
    const socket = this.socket!;
    const page = await this.deps.page();
    const { locale, department } = this.profile;
    const hello: VisitorHello = { locale, timeZone: this.deps.timeZone };
    if (department) hello.department = department;
    if (page) hello.page = { url: page.url, title: page.title, referrer: page.referrer };
    if (!socket.connected) return;
    socket.timeout(ACK_TIMEOUT_MS).emit('visitor:hello', hello, (err, res) => {
      if (err) {
        // No answer: a fresh connection says hello again.
        if (socket.connected) socket.disconnect().connect();
        return;
      }
      if (!res.ok && res.field === 'department' && this.profile.department === department) {
        // A department the server doesn't know (a typo in the site's call): chat without one.
        console.warn(`Parley: ${res.error}`);
        this.profile = { ...this.profile, department: undefined };
        this.set({ department: null });
        return void this.greet();
      }
      if (!res.ok) return this.set({ phase: 'unavailable', notice: this.words().chatUnavailable(res.error) });
      const { state } = res;
      if (state.blocked) return this.set({ phase: 'blocked', connected: true, agentsOnline: false, siteName: state.siteName, chat: null, messages: [] });
      const ourChat = this.state.chat;
      this.failures = 0;
      this.greeted = true;
      this.set({
        phase: 'live',
        connected: true,
        siteName: state.siteName,
        agentsOnline: state.agentsOnline,
        chat: state.chat,
      });
      this.receive(state.messages, false);
      // The hello carries only the visitor's current chat. If the one on screen ended and
      // another began while this socket was away (in a second tab, say), what this tab
      // missed of its own chat comes by replay.
      if (ourChat && ourChat.id !== state.chat?.id) this.sync(ourChat.id);
      this.flushOutbox();
      this.flushRequests();
    });
  }

  private flushRequests(): void {
    const socket = this.socket;
    if (!socket?.connected || !this.greeted) return;
    for (const request of this.requests) {
      if (request.sent) continue;
      request.sent = true;
      const emit = socket.timeout(ACK_TIMEOUT_MS).emit as (event: string, payload: unknown, ack: (err: Error | null, res: any) => void) => void;
      emit.call(socket.timeout(ACK_TIMEOUT_MS), request.event, request.payload, (err, res) => {
        // No ack in time: it goes again (it is idempotent) on the next flush.
        request.sent = false;
        if (err) return;
        this.requests = this.requests.filter((r) => r !== request);
        request.resolve(res);
      });
    }
  }

  private words(): Words {
    return this.deps.words?.() ?? EN;
  }

  /** Replays the chat from its last message before a hole (or its last one): what this tab missed. */
  private sync(chatId: string): void {
    const socket = this.socket;
    if (!socket?.connected || this.syncing.has(chatId)) return;
    this.syncing.add(chatId);
    const held = this.state.messages.filter((m) => m.chatId === chatId);
    socket.timeout(ACK_TIMEOUT_MS).emit('messages:sync', { chatId, afterSeq: replayCursor(held) }, (err, res) => {
      this.syncing.delete(chatId);
      if (!err && res.ok) this.receive(res.messages, false);
    });
  }

  private flushOutbox(): void {
    const socket = this.socket;
    if (!socket?.connected || !this.greeted || Date.now() < this.holdOutboxUntil) return;
    if (this.holdOutboxUntil) {
      this.holdOutboxUntil = 0;
      if (this.state.notice === this.words().slowedDown) this.set({ notice: null });
    }
    for (const pending of this.outbox.list()) {
      if (pending.error || this.inFlight.has(pending.id)) continue;
      this.inFlight.add(pending.id);
      socket.timeout(ACK_TIMEOUT_MS).emit('message:send', { id: pending.id, text: pending.text }, (err, res) => {
        this.inFlight.delete(pending.id);
        // No ack in time: it stays in the outbox and goes again with the same id.
        if (err) return;
        if (res.ok) this.receive([res.message], false);
        else if (res.field === 'blocked') this.set({ phase: 'blocked' });
        else if (res.retryAfterMs !== undefined) {
          // Held back for sending too fast: the message stays queued and goes once the wait is over.
          this.holdOutboxUntil = Date.now() + res.retryAfterMs;
          this.set({ notice: this.words().slowedDown });
        } else {
          this.outbox.update(pending.id, { error: res.error });
          this.set({});
        }
      });
    }
  }

  /** Adds stored messages; `live` ones just arrived and may be unread. */
  private receive(incoming: MessageView[], live: boolean): void {
    const before = this.state.messages;
    const messages = mergeMessages(before, incoming);
    const acked = this.outbox.remove(incoming.map((m) => m.id));
    if (messages === before && !acked) return;
    const known = new Set(before.map((m) => m.id));
    const fromAgent = incoming.filter((m) => m.author === 'agent' && !known.has(m.id));
    const patch: Partial<ChatState> = { messages };
    if (fromAgent.length) {
      patch.agentTyping = null;
      if (live && !this.deps.watching()) patch.unread = this.state.unread + fromAgent.length;
    }
    this.set(patch);
    // A number skipped in a chat is a message this tab never got (a lost emit): fetch it. Only
    // when something new came, so a replay that cannot fill a hole does not ask again and again.
    if (messages === before) return;
    for (const chatId of new Set(incoming.map((m) => m.chatId))) {
      if (hasGap(messages.filter((m) => m.chatId === chatId))) this.sync(chatId);
    }
  }

  private updateChat(chat: VisitorChatView): void {
    // A late update about an older chat (closed after a newer one began) doesn't replace it.
    const current = this.state.chat;
    if (current && current.id !== chat.id && chat.startedAt < current.startedAt) return;
    this.set(chat.status === 'closed' ? { chat, agentTyping: null } : { chat });
  }

  private showAgentTyping(typing: boolean, name: string | null): void {
    clearTimeout(this.agentTypingExpiry);
    if (typing) this.agentTypingExpiry = setTimeout(() => this.set({ agentTyping: null }), AGENT_TYPING_EXPIRY_MS);
    this.set({ agentTyping: typing ? { name } : null });
  }

  private stopTyping(): void {
    clearTimeout(this.typingIdle);
    if (!this.typingSentAt) return;
    this.typingSentAt = 0;
    if (this.socket?.connected) this.socket.emit('typing:set', { typing: false });
  }

  /** One failure may be a blip; the second in a row before any state tells the visitor. */
  private noteFailure(): void {
    this.failures++;
    if (this.state.phase === 'starting' && this.failures > 1) this.set({ phase: 'unavailable' });
  }

  private retryLater(again: () => void): void {
    this.noteFailure();
    const delay = Math.min(30_000, 1000 * 2 ** Math.min(this.failures, 5));
    clearTimeout(this.restartTimer);
    this.restartTimer = setTimeout(again, delay);
  }

  private set(patch: Partial<ChatState>): void {
    this.state = { ...this.state, ...patch, pending: this.outbox.list() };
    for (const listener of this.listeners) listener(this.state);
  }
}
