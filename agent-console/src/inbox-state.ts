import { t } from './i18n.ts';
import { firstReplyAt, inChatOrder } from '../../shared/replies.ts';
import type {
  AgentSelf,
  ChatDetail,
  ChatSummary,
  InboxSnapshot,
  MessageView,
  NoteView,
  PageSeen,
  PastChat,
  SurveyRecordView,
  VisitorContext,
} from '../../shared/protocol.ts';

/** A chat whose history the console has loaded (and is subscribed to). */
export interface ChatThread {
  /** Ordered by seq, unique by id. */
  messages: MessageView[];
  visitor: VisitorContext;
  /** Internal notes, oldest first, unique by id. */
  notes: NoteView[];
  /** Pages the visitor viewed, newest first. */
  pages: PageSeen[];
  /** The visitor's other chats, newest first. */
  pastChats: PastChat[];
}

/** A reply typed by this agent that the server has not acknowledged yet. */
export interface OutgoingMessage {
  id: string;
  chatId: string;
  text: string;
  /** The canned reply the text came from (edited or not), for the metrics of canned use. */
  cannedId: string | null;
  /** Browser time the agent pressed Send; only orders the pending list. */
  createdAt: number;
  /** 'failed' is a refusal by the server (e.g. too long, chat closed): retrying would not help. */
  state: 'sending' | 'failed';
  error: string | null;
}

export type ConnectionState = 'connecting' | 'connected' | 'disconnected';

export interface InboxState {
  connection: ConnectionState;
  /** Null until the first 'agent:hello' answer. */
  me: AgentSelf | null;
  routingMode: InboxSnapshot['routingMode'];
  autoAwayMinutes: number;
  requireTagToClose: boolean;
  chats: Record<string, ChatSummary>;
  threads: Record<string, ChatThread>;
  outbox: OutgoingMessage[];
  visitorTyping: Record<string, boolean>;
  /** Surveys of the chats on screen, by chat (loaded with the chat, then live). */
  surveys: Record<string, SurveyRecordView[]>;
  /** Highest message seq this agent has seen, per chat. */
  lastSeen: Record<string, number>;
  selectedChatId: string | null;
  /** Chats of mine closed during this session, newest first. */
  recentlyClosed: string[];
  /** Last failed action, shown until dismissed or replaced. */
  notice: string | null;
}

export const RECENTLY_CLOSED_LIMIT = 8;

export function initialInboxState(lastSeen: Record<string, number> = {}): InboxState {
  return {
    connection: 'connecting',
    me: null,
    routingMode: 'manual',
    autoAwayMinutes: 0,
    requireTagToClose: false,
    chats: {},
    threads: {},
    outbox: [],
    visitorTyping: {},
    surveys: {},
    lastSeen,
    selectedChatId: null,
    recentlyClosed: [],
    notice: null,
  };
}

/** Merges messages into an ordered list: no duplicates by id, ordered by seq. */
export function mergeMessages(existing: MessageView[], incoming: MessageView[]): MessageView[] {
  if (incoming.length === 0) return existing;
  const byId = new Map(existing.map((m) => [m.id, m]));
  let changed = false;
  for (const m of incoming) {
    if (!byId.has(m.id)) {
      byId.set(m.id, m);
      changed = true;
    }
  }
  if (!changed) return existing;
  return [...byId.values()].sort((a, b) => a.seq - b.seq);
}

export function lastSeq(thread: ChatThread | undefined): number {
  return thread && thread.messages.length ? thread.messages[thread.messages.length - 1].seq : 0;
}

function isMine(state: InboxState, chat: ChatSummary | undefined): boolean {
  return !!chat && !!state.me && chat.agent?.id === state.me.id;
}

function queuedSince(chat: ChatSummary): number {
  return chat.queuedAt ?? chat.startedAt;
}

/** Chats waiting for an agent, first in line first. */
export function queueOf(state: InboxState): ChatSummary[] {
  return Object.values(state.chats)
    .filter((c) => c.status === 'queued')
    .sort((a, b) => queuedSince(a) - queuedSince(b) || a.startedAt - b.startedAt || a.id.localeCompare(b.id));
}

/** My open chats, oldest first so that the list does not jump around while I work. */
export function myChatsOf(state: InboxState): ChatSummary[] {
  return Object.values(state.chats)
    .filter((c) => c.status === 'active' && isMine(state, c))
    .sort((a, b) => a.startedAt - b.startedAt || a.id.localeCompare(b.id));
}

export function recentlyClosedOf(state: InboxState): ChatSummary[] {
  return state.recentlyClosed.map((id) => state.chats[id]).filter((c): c is ChatSummary => !!c);
}

/** Visitor messages newer than the last one I have seen in this chat. */
export function unreadCount(state: InboxState, chatId: string): number {
  const seen = state.lastSeen[chatId] ?? 0;
  const thread = state.threads[chatId];
  if (thread) return thread.messages.filter((m) => m.author === 'visitor' && m.seq > seen).length;
  // Not loaded yet: the summary's last message is all there is to go by.
  const last = state.chats[chatId]?.lastMessage;
  return last && last.author === 'visitor' && last.seq > seen ? 1 : 0;
}

export function unreadTotal(state: InboxState): number {
  return myChatsOf(state).reduce((sum, c) => sum + unreadCount(state, c.id), 0);
}

/**
 * Since when the visitor has been waiting for an answer: the time of their first message after
 * the last agent message, or null when the agent spoke last.
 */
export function waitingSince(state: InboxState, chatId: string): number | null {
  const thread = state.threads[chatId];
  const messages = thread ? thread.messages : [state.chats[chatId]?.lastMessage].filter((m) => !!m);
  let since: number | null = null;
  for (const m of messages as MessageView[]) {
    if (m.author === 'agent') since = null;
    else if (m.author === 'visitor' && since === null) since = m.at;
  }
  return since;
}

export function applySnapshot(state: InboxState, inbox: InboxSnapshot): InboxState {
  const chats: Record<string, ChatSummary> = {};
  // Chats this agent is looking at stay known even when they left the queue or "mine"
  // while the socket was down; their status is refreshed by opening them again.
  for (const id of [...state.recentlyClosed, ...Object.keys(state.threads)]) {
    if (state.chats[id]) chats[id] = state.chats[id];
  }
  for (const c of [...inbox.queue, ...inbox.mine]) chats[c.id] = c;
  return {
    ...state,
    me: inbox.me,
    routingMode: inbox.routingMode,
    autoAwayMinutes: inbox.autoAwayMinutes,
    requireTagToClose: inbox.requireTagToClose,
    chats,
  };
}

/** A chat this agent may no longer see: gone from the lists, its thread and what was typed in it. */
export function applyChatRemoved(state: InboxState, chatId: string): InboxState {
  if (!state.chats[chatId] && !state.threads[chatId]) return state;
  const chats = { ...state.chats };
  delete chats[chatId];
  const threads = { ...state.threads };
  delete threads[chatId];
  return {
    ...state,
    chats,
    threads,
    recentlyClosed: state.recentlyClosed.filter((id) => id !== chatId),
    selectedChatId: state.selectedChatId === chatId ? null : state.selectedChatId,
  };
}

export function applyChatUpsert(state: InboxState, chat: ChatSummary): InboxState {
  const before = state.chats[chat.id];
  let recentlyClosed = state.recentlyClosed;
  let visitorTyping = state.visitorTyping;
  if (chat.status === 'closed') {
    const followed = isMine(state, before) || isMine(state, chat) || state.selectedChatId === chat.id;
    if (followed && !recentlyClosed.includes(chat.id)) {
      recentlyClosed = [chat.id, ...recentlyClosed].slice(0, RECENTLY_CLOSED_LIMIT);
    }
    if (visitorTyping[chat.id]) visitorTyping = { ...visitorTyping, [chat.id]: false };
  }
  const chats = { ...state.chats };
  let threads = state.threads;
  const watched = (id: string) => recentlyClosed.includes(id) || !!state.threads[id] || id === state.selectedChatId;
  // Chats taken by other agents or closed elsewhere leave the lists unless I am looking at them.
  const keep = chat.status === 'queued' || (chat.status === 'active' && isMine(state, chat)) || watched(chat.id);
  if (keep) chats[chat.id] = chat;
  else delete chats[chat.id];
  for (const id of state.recentlyClosed) {
    if (!recentlyClosed.includes(id) && id !== state.selectedChatId) {
      delete chats[id];
      if (threads[id]) {
        threads = { ...threads };
        delete threads[id];
      }
    }
  }
  return { ...state, chats, threads, recentlyClosed, visitorTyping };
}

export function applyChatDetail(state: InboxState, detail: ChatDetail): InboxState {
  const existing = state.threads[detail.chat.id];
  const thread: ChatThread = {
    visitor: detail.visitor,
    messages: mergeMessages(existing?.messages ?? [], detail.messages),
    notes: mergeNotes(existing?.notes ?? [], detail.notes),
    pages: detail.pages,
    pastChats: detail.pastChats,
  };
  const withChat = applyChatUpsert(state, detail.chat);
  return {
    ...withChat,
    chats: { ...withChat.chats, [detail.chat.id]: detail.chat },
    threads: { ...withChat.threads, [detail.chat.id]: thread },
    outbox: withoutDelivered(withChat.outbox, detail.messages),
  };
}

function withoutDelivered(outbox: OutgoingMessage[], messages: MessageView[]): OutgoingMessage[] {
  if (outbox.length === 0) return outbox;
  const ids = new Set(messages.map((m) => m.id));
  const rest = outbox.filter((o) => !ids.has(o.id));
  return rest.length === outbox.length ? outbox : rest;
}

/** A stored message changed (deleted): it replaces the one with its id, wherever shown. */
export function applyMessageUpdate(state: InboxState, message: MessageView): InboxState {
  const thread = state.threads[message.chatId];
  const chat = state.chats[message.chatId];
  let next = state;
  if (thread) {
    const messages = thread.messages.map((m) => (m.id === message.id ? message : m));
    next = { ...next, threads: { ...next.threads, [message.chatId]: { ...thread, messages } } };
  }
  if (chat?.lastMessage?.id === message.id) next = { ...next, chats: { ...next.chats, [message.chatId]: { ...chat, lastMessage: message } } };
  return next;
}

/** New messages for one chat (live events, sync answers, send acks). */
export function applyMessages(state: InboxState, chatId: string, messages: MessageView[]): InboxState {
  if (messages.length === 0) return state;
  let next = { ...state, outbox: withoutDelivered(state.outbox, messages) };
  const thread = state.threads[chatId];
  if (thread) {
    next.threads = { ...state.threads, [chatId]: { ...thread, messages: mergeMessages(thread.messages, messages) } };
  }
  const chat = state.chats[chatId];
  const newest = messages.reduce((a, b) => (b.seq > a.seq ? b : a));
  if (chat && (!chat.lastMessage || chat.lastMessage.seq < newest.seq)) {
    next.chats = { ...state.chats, [chatId]: { ...chat, lastMessage: newest } };
  }
  const answered =
    chat?.sla && chat.sla.firstResponseAt === null ? firstReplyAt([...(next.threads[chatId]?.messages ?? [])].sort(inChatOrder)) : null;
  if (chat?.sla && answered !== null) {
    // The server sends no chat update for a reply: the SLA clock learns of the first one here,
    // by the server's rule (the first agent message after the visitor's first message).
    next.chats = { ...next.chats, [chatId]: { ...next.chats[chatId], sla: { ...chat.sla, firstResponseAt: answered } } };
  }
  if (newest.author === 'visitor' && state.visitorTyping[chatId]) {
    next.visitorTyping = { ...state.visitorTyping, [chatId]: false };
  }
  return next;
}

export function mergeNotes(existing: NoteView[], incoming: NoteView[]): NoteView[] {
  const fresh = incoming.filter((n) => !existing.some((e) => e.id === n.id));
  if (fresh.length === 0) return existing;
  return [...existing, ...fresh].sort((a, b) => a.at - b.at);
}

/** A note added here (ack) or by another agent ('note:new'): kept only for loaded chats. */
export function applyNote(state: InboxState, note: NoteView): InboxState {
  const thread = state.threads[note.chatId];
  if (!thread) return state;
  const notes = mergeNotes(thread.notes, [note]);
  if (notes === thread.notes) return state;
  return { ...state, threads: { ...state.threads, [note.chatId]: { ...thread, notes } } };
}

/** The surveys of a chat as loaded, or one that changed (answered, skipped). */
export function applySurveys(state: InboxState, chatId: string, surveys: SurveyRecordView[]): InboxState {
  const byId = new Map((state.surveys[chatId] ?? []).map((s) => [s.id, s]));
  for (const s of surveys) byId.set(s.id, s);
  const kinds = { csat: 0, ces: 1, nps: 2 };
  const list = [...byId.values()].sort((a, b) => kinds[a.kind] - kinds[b.kind]);
  return { ...state, surveys: { ...state.surveys, [chatId]: list } };
}

/** The chat's tags after an add or remove acknowledged by the server. */
export function applyTags(state: InboxState, chatId: string, tags: string[]): InboxState {
  const chat = state.chats[chatId];
  if (!chat) return state;
  return { ...state, chats: { ...state.chats, [chatId]: { ...chat, tags } } };
}

export function markSeen(state: InboxState, chatId: string): InboxState {
  const seq = Math.max(lastSeq(state.threads[chatId]), state.chats[chatId]?.lastMessage?.seq ?? 0);
  if (seq <= (state.lastSeen[chatId] ?? 0)) return state;
  return { ...state, lastSeen: { ...state.lastSeen, [chatId]: seq } };
}

/** Read marks worth remembering: only for chats the console still knows. */
export function lastSeenToKeep(state: InboxState): Record<string, number> {
  const keep: Record<string, number> = {};
  for (const [id, seq] of Object.entries(state.lastSeen)) if (state.chats[id]) keep[id] = seq;
  return keep;
}

/** How the console names a visitor: their name, their email, or a short id. */
export function visitorLabel(chat: Pick<ChatSummary, 'visitorName' | 'visitorEmail' | 'visitorId'>): string {
  return chat.visitorName || chat.visitorEmail || t('Visitor {id}', { id: chat.visitorId.slice(-4).toUpperCase() });
}
