/**
 * The typed Socket.IO protocol between the widget, the agent console and the server.
 * Two namespaces: `/visitor` (the widget iframe) and `/agent` (the console).
 * Every client event takes an ack callback answered with `Ack<T>`.
 */

export type Author = 'visitor' | 'agent' | 'system';
export type ChatStatus = 'queued' | 'active' | 'closed';
export type AgentStatus = 'online' | 'away' | 'offline';
export type Channel = 'widget' | 'offline';
export type Priority = 'low' | 'normal' | 'high' | 'urgent';
export type Role = 'agent' | 'admin' | 'owner';

export type Ack<T = {}> = ({ ok: true } & T) | { ok: false; error: string; field?: string };
export type AckFn<T = {}> = (res: Ack<T>) => void;

export const MAX_MESSAGE_LENGTH = 5000;

export interface MessageView {
  /** Client-generated id (unique); the server keeps it. */
  id: string;
  chatId: string;
  /** Server order; the cursor for replay after a reconnect. */
  seq: number;
  author: Author;
  agentId: string | null;
  /** Display name of the agent for agent messages; null otherwise. */
  authorName: string | null;
  text: string;
  /** Server time, epoch ms. */
  at: number;
  cannedId: string | null;
}

export interface AgentRef {
  id: string;
  name: string;
}

/** What the visitor sees of their chat. */
export interface VisitorChatView {
  id: string;
  status: ChatStatus;
  channel: Channel;
  agent: AgentRef | null;
  /** 1-based place in the queue while status is `queued`; null otherwise. */
  queuePosition: number | null;
  startedAt: number;
  closedAt: number | null;
}

export interface VisitorState {
  visitorId: string;
  /** Are agents online to take a live chat? If not, the widget offers the offline form. */
  agentsOnline: boolean;
  /** The visitor's current chat: open, or the last one if closed recently; null before any. */
  chat: VisitorChatView | null;
  /** All messages of `chat` (system messages included), in order. */
  messages: MessageView[];
  siteName: string;
}

export interface PageContext {
  url?: string;
  title?: string;
  referrer?: string;
}

export interface VisitorHello {
  locale?: string;
  timeZone?: string;
  department?: string;
  page?: PageContext;
}

export interface VisitorClientToServer {
  /** First event after connecting: describes the visitor; answers with the whole state. */
  'visitor:hello': (hello: VisitorHello, ack: AckFn<{ state: VisitorState }>) => void;
  /** Sends a message; opens a new chat when the visitor has none open. Idempotent by `id`. */
  'message:send': (msg: { id: string; text: string }, ack: AckFn<{ message: MessageView }>) => void;
  /** Messages of the visitor's current chat with seq > afterSeq (replay after a reconnect). */
  'messages:sync': (q: { chatId: string; afterSeq: number }, ack: AckFn<{ messages: MessageView[] }>) => void;
  'typing:set': (t: { typing: boolean }) => void;
  'chat:end': (q: { chatId: string }, ack: AckFn<{ chat: VisitorChatView }>) => void;
  /** The offline form: creates a chat on the `offline` channel. Idempotent by `id`. */
  'offline:submit': (
    form: { id: string; name: string; email: string; text: string },
    ack: AckFn<{ chat: VisitorChatView; message: MessageView }>,
  ) => void;
}

export interface VisitorServerToClient {
  'message:new': (msg: MessageView) => void;
  'chat:update': (chat: VisitorChatView) => void;
  'typing:update': (t: { typing: boolean; name: string | null }) => void;
  'availability:update': (a: { agentsOnline: boolean }) => void;
}

/** A chat as the console lists it. */
export interface ChatSummary {
  id: string;
  visitorId: string;
  visitorName: string | null;
  visitorEmail: string | null;
  status: ChatStatus;
  channel: Channel;
  departmentId: string | null;
  priority: Priority;
  agent: AgentRef | null;
  startedAt: number;
  /** Place in line: the time the chat joined (or rejoined) the queue. */
  queuedAt: number | null;
  closedAt: number | null;
  lastMessage: MessageView | null;
  tags: string[];
  sla: SlaClock | null;
}

/** The targets of the chat's SLA policy (null: no target of that kind). */
export interface SlaClock {
  firstResponseDueAt: number | null;
  resolutionDueAt: number | null;
  /** When the first reply came, null before it. */
  firstResponseAt: number | null;
}

/** An internal note on a chat: agents only, never sent to the visitor. */
export interface NoteView {
  id: string;
  chatId: string;
  agent: AgentRef;
  text: string;
  at: number;
}

export interface PastChat {
  id: string;
  startedAt: number;
  closedAt: number | null;
  channel: Channel;
  agent: AgentRef | null;
  messageCount: number;
}

export interface PageSeen {
  url: string;
  title: string | null;
  at: number;
}

export interface CannedReply {
  id: string;
  shortcut: string;
  text: string;
  departmentId: string | null;
  /** Set for an agent's personal reply. */
  ownerAgentId: string | null;
}

export interface TeamMember {
  id: string;
  name: string;
  status: AgentStatus;
  departments: string[];
  openChats: number;
  maxChats: number;
}

export interface Department {
  id: string;
  name: string;
}

export interface VisitorContext {
  id: string;
  name: string | null;
  email: string | null;
  locale: string | null;
  timeZone: string | null;
  userAgent: string | null;
  currentUrl: string | null;
}

export interface ChatDetail {
  chat: ChatSummary;
  messages: MessageView[];
  visitor: VisitorContext;
  notes: NoteView[];
  /** Pages this visitor viewed, newest first (at most 50). */
  pages: PageSeen[];
  /** This visitor's other chats, newest first. */
  pastChats: PastChat[];
}

export interface AgentSelf {
  id: string;
  name: string;
  email: string;
  role: Role;
  status: AgentStatus;
  maxChats: number;
}

export interface InboxSnapshot {
  me: AgentSelf;
  /** Chats waiting in the queue, first in line first. */
  queue: ChatSummary[];
  /** Open chats assigned to me. */
  mine: ChatSummary[];
  routingMode: 'manual' | 'auto';
}

export interface AgentClientToServer {
  'agent:hello': (q: {}, ack: AckFn<{ inbox: InboxSnapshot }>) => void;
  'status:set': (s: { status: AgentStatus }, ack: AckFn<{ status: AgentStatus }>) => void;
  'chat:accept': (q: { chatId: string }, ack: AckFn<{ chat: ChatDetail }>) => void;
  /** Loads a chat's whole history and subscribes to it (any agent may look at any chat). */
  'chat:open': (q: { chatId: string }, ack: AckFn<{ chat: ChatDetail }>) => void;
  'message:send': (
    msg: { chatId: string; id: string; text: string; cannedId?: string | null },
    ack: AckFn<{ message: MessageView }>,
  ) => void;
  'messages:sync': (q: { chatId: string; afterSeq: number }, ack: AckFn<{ messages: MessageView[] }>) => void;
  'typing:set': (t: { chatId: string; typing: boolean }) => void;
  'chat:close': (q: { chatId: string }, ack: AckFn<{ chat: ChatSummary }>) => void;
  /** Hands the chat to an online agent, or back to a department's queue; the note is internal. */
  'chat:transfer': (
    q: { chatId: string; agentId?: string; departmentId?: string; note?: string },
    ack: AckFn<{ chat: ChatSummary }>,
  ) => void;
  'chat:priority': (q: { chatId: string; priority: Priority }, ack: AckFn<{ chat: ChatSummary }>) => void;
  'tag:add': (q: { chatId: string; tag: string }, ack: AckFn<{ tags: string[] }>) => void;
  'tag:remove': (q: { chatId: string; tag: string }, ack: AckFn<{ tags: string[] }>) => void;
  /** Every tag used so far, for autocomplete. */
  'tags:list': (q: {}, ack: AckFn<{ tags: string[] }>) => void;
  'note:add': (q: { chatId: string; id: string; text: string }, ack: AckFn<{ note: NoteView }>) => void;
  /** Agents and departments, for transfers. */
  'team:list': (q: {}, ack: AckFn<{ agents: TeamMember[]; departments: Department[] }>) => void;
  /** Canned replies this agent may use: shared ones and their own. */
  'canned:list': (q: {}, ack: AckFn<{ canned: CannedReply[] }>) => void;
}

export interface AgentServerToClient {
  /** A chat was created or changed (queued, assigned, transferred, closed, new message). */
  'chat:upsert': (chat: ChatSummary) => void;
  'message:new': (msg: MessageView) => void;
  'typing:update': (t: { chatId: string; typing: boolean }) => void;
  'status:update': (s: { status: AgentStatus }) => void;
  'note:new': (note: NoteView) => void;
}
