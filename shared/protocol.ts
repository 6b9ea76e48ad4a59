/**
 * The typed Socket.IO protocol between the widget, the agent console and the server.
 * Two namespaces: `/visitor` (the widget iframe) and `/agent` (the console).
 * Every client event takes an ack callback answered with `Ack<T>`.
 */

import type { SystemNotice } from './system-notices.ts';
export type { SystemNotice };

export type Author = 'visitor' | 'agent' | 'system';
export type ChatStatus = 'queued' | 'active' | 'closed';
export type AgentStatus = 'online' | 'away' | 'offline';
export type Channel = 'widget' | 'offline';
export type Priority = 'low' | 'normal' | 'high' | 'urgent';
export type Role = 'agent' | 'admin' | 'owner';

/** `retryAfterMs`: refused for going over a budget (README "Abuse limits"); the same may go again after that long. */
export type Ack<T = {}> = ({ ok: true } & T) | { ok: false; error: string; field?: string; retryAfterMs?: number };
export type AckFn<T = {}> = (res: Ack<T>) => void;

export const MAX_MESSAGE_LENGTH = 5000;

export interface MessageView {
  /** Client-generated id (unique); the server keeps it. */
  id: string;
  chatId: string;
  /**
   * Server order across all chats; the cursor of `messages:sync`. Numbers of other chats fall
   * between a chat's messages, so a hole in it says nothing: `chatSeq` does.
   */
  seq: number;
  /**
   * The message's place in its chat: 1, 2, 3… without holes. A client that holds 1…n and
   * gets n + 2 has missed one: it replays from the seq of message n (`shared/message-gaps.ts`).
   */
  chatSeq: number;
  author: Author;
  agentId: string | null;
  /** Display name of the agent for agent messages; null otherwise. */
  authorName: string | null;
  text: string;
  /** Server time, epoch ms. */
  at: number;
  cannedId: string | null;
  /** System messages: what happened, for the reader's language (`text` is its English wording). */
  notice?: SystemNotice;
  /** The text was removed: `deleted` by an agent, or `erased` with the visitor's data (`text` is the English word). */
  removed?: 'erased' | 'deleted';
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
  /** The visitor is blocked: the widget says the chat is not available and sends nothing. */
  blocked?: boolean;
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

/** GET /api/widget/config (public): what the widget needs to draw itself and behave. */
export interface WidgetConfig {
  siteName: string;
  color: string;
  position: 'right' | 'left';
  /** '' : the built-in greeting in the visitor's language. */
  greeting: string;
  launcherText: string;
  theme: 'light' | 'dark' | 'auto';
  /** Page views are reported; off: the widget reports no pages. */
  tracking: boolean;
  /** The enabled ones, first match wins. */
  invitations: Array<{ id: string; text: string; urlPattern: string; afterSeconds: number; visitors: 'all' | 'new' | 'returning' }>;
  preChatForm: Record<'name' | 'email' | 'department', 'off' | 'optional' | 'required'>;
  /** By department id, `*` for the others; none: always open. */
  businessHours: Record<string, { timeZone: string; days: Record<'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun', Array<{ from: string; to: string }>> }>;
  departments: Department[];
  /** SMTP is set up: the widget offers to email a chat's transcript. */
  transcriptByEmail: boolean;
  /** The server's clock (epoch ms), so opening hours don't depend on the visitor's clock. */
  now: number;
}

export interface VisitorClientToServer {
  /** First event after connecting: describes the visitor; answers with the whole state. */
  'visitor:hello': (hello: VisitorHello, ack: AckFn<{ state: VisitorState }>) => void;
  /** Sends a message; opens a new chat when the visitor has none open. Idempotent by `id`. */
  'message:send': (msg: { id: string; text: string }, ack: AckFn<{ message: MessageView }>) => void;
  /** Messages of one of the visitor's chats with seq > afterSeq (replay after a reconnect or a gap). */
  'messages:sync': (q: { chatId: string; afterSeq: number }, ack: AckFn<{ messages: MessageView[] }>) => void;
  'typing:set': (t: { typing: boolean }) => void;
  'chat:end': (q: { chatId: string }, ack: AckFn<{ chat: VisitorChatView }>) => void;
  /** The offline form: creates a chat on the `offline` channel. Idempotent by `id`. */
  'offline:submit': (
    form: { id: string; name: string; email: string; text: string },
    ack: AckFn<{ chat: VisitorChatView; message: MessageView }>,
  ) => void;
  /**
   * `Parley('identify', …)`. With `signature` = hex HMAC-SHA256(identity secret, `${id}.${signedAt}`)
   * and `signedAt` (epoch seconds, at most 10 minutes old) the visitor is marked verified;
   * without them name and email are only the visitor's claim.
   */
  'visitor:identify': (
    who: { id?: string; name?: string; email?: string; signature?: string; signedAt?: number },
    ack: AckFn<{ verified: boolean }>,
  ) => void;
  /** One page view per page load and per SPA navigation. Idempotent by `id`. */
  'page:view': (view: { id: string; url: string; title?: string; referrer?: string }, ack: AckFn) => void;
  /** `Parley('conversion', …)`: a goal reached. Idempotent by `id`. */
  'conversion:record': (c: { id: string; value: number; currency?: string }, ack: AckFn) => void;
  /** Key-value details the site passes about the visitor, shown to agents. */
  'visitor:attributes': (attributes: Record<string, string | number | boolean | null>, ack: AckFn) => void;
  /** An invitation bubble was shown, clicked, or led to a chat. Idempotent by `id`. */
  'invitation:event': (
    e: { id: string; invitationId: string | null; kind: 'shown' | 'clicked' | 'chat_started'; chatId?: string; url?: string },
    ack: AckFn,
  ) => void;
  /** Surveys to show now (see Surveys below), in order: CSAT, CES, then one NPS. */
  'survey:pending': (q: {}, ack: AckFn<{ surveys: SurveyView[] }>) => void;
  /** The survey is on screen: it counts as sent from now (the first report wins). */
  'survey:shown': (q: { surveyId: string }, ack: AckFn<{ survey: SurveyView }>) => void;
  /** `duplicate`: it was already answered here; `survey` carries the recorded answer. */
  'survey:answer': (a: SurveyAnswer, ack: AckFn<{ survey: SurveyView; duplicate: boolean }>) => void;
  'survey:skip': (q: { surveyId: string }, ack: AckFn<{ survey: SurveyView }>) => void;
}

export interface VisitorServerToClient {
  'message:new': (msg: MessageView) => void;
  'chat:update': (chat: VisitorChatView) => void;
  'typing:update': (t: { typing: boolean; name: string | null }) => void;
  'availability:update': (a: { agentsOnline: boolean }) => void;
  /** Surveys to show now: the CSAT and CES of a chat that has just closed. */
  'survey:offer': (o: { surveys: SurveyView[] }) => void;
  /** A survey changed elsewhere (another tab, the email link): update or drop it. */
  'survey:update': (survey: SurveyView) => void;
  /** A message of the chat was deleted (`removed`): shown as "Message deleted". */
  'message:update': (msg: MessageView) => void;
  /** The visitor has just been blocked: the chat is not available any more. */
  'visitor:blocked': () => void;
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
  /** Erased with the visitor's data (`text` is the English word). */
  erased?: boolean;
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
  /** Identity confirmed by the site's signature (`Parley('identify')`). */
  verified: boolean;
  /** The site's own id for this visitor, when identified. */
  externalId: string | null;
  attributes: Record<string, string | number | boolean | null>;
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
  /** Go away by yourself after this many idle minutes; 0: never. */
  autoAwayMinutes: number;
  /** Closing a chat needs at least one tag. */
  requireTagToClose: boolean;
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
  /** Messages of the chat with seq > afterSeq (replay after a reconnect or a gap); subscribes to it. */
  'messages:sync': (q: { chatId: string; afterSeq: number }, ack: AckFn<{ messages: MessageView[] }>) => void;
  'typing:set': (t: { chatId: string; typing: boolean }) => void;
  /** `withoutSurvey`: spam or a test; no survey is scheduled (audited, counted as surveys.skipped). */
  'chat:close': (q: { chatId: string; withoutSurvey?: boolean }, ack: AckFn<{ chat: ChatSummary }>) => void;
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
  /** Deletes a message of the chat: one's own, or (admins) anyone's (server/chat/access.ts). */
  'message:delete': (q: { chatId: string; messageId: string }, ack: AckFn<{ message: MessageView }>) => void;
  /** Blocks the chat's visitor (and their last address, `byAddress`); closes their open chat. */
  'visitor:block': (q: { chatId: string; reason: string; byAddress: boolean }, ack: AckFn<{ blockId: string }>) => void;
}

export interface AgentServerToClient {
  /** A chat was created or changed (queued, assigned, transferred, closed, new message). */
  'chat:upsert': (chat: ChatSummary) => void;
  /** The chat left this agent's view (transferred to a department they are not in). */
  'chat:remove': (c: { chatId: string }) => void;
  'message:new': (msg: MessageView) => void;
  'typing:update': (t: { chatId: string; typing: boolean }) => void;
  'status:update': (s: { status: AgentStatus }) => void;
  'note:new': (note: NoteView) => void;
  /** A message was deleted: replace it (its `removed` says so). */
  'message:update': (msg: MessageView) => void;
  /** To the chat's room and its agent at close. */
  'survey:answered': (a: { chatId: string; survey: SurveyRecordView }) => void;
  /** The visitor of an open chat told who they are, set attributes or opened a page. */
  /** `pages` only when the visitor has seen new pages since the last update. */
  'visitor:update': (u: { chatId: string; visitor: VisitorContext; pages?: PageSeen[] }) => void;
  /** Follow-ups of a chat this console sees were made or done: ask GET /api/follow-ups/count again. */
  'followUps:changed': (f: { chatId: string }) => void;
  /** The owner changed settings the console follows. */
  'settings:update': (s: Pick<InboxSnapshot, 'routingMode' | 'autoAwayMinutes' | 'requireTagToClose'>) => void;
  /** Visitors now: a visitor came, moved to a page, told their name, or started or ended a chat. */
  'visitors:live': (v: LiveVisitor) => void;
  /** Visitors now: the visitor's last socket on any node closed. */
  'visitors:gone': (v: { visitorId: string }) => void;
}

/** A visitor on the site now (README "Visitors now"; GET /api/visitors/live). */
export interface LiveVisitor {
  visitorId: string;
  name: string | null;
  email: string | null;
  /** The page they are on, and its title. */
  url: string | null;
  title: string | null;
  /** When this visit began (its first page after 30 minutes without one), epoch ms. */
  visitStartedAt: number;
  pagesThisVisit: number;
  /** Seen on an earlier visit. */
  returning: boolean;
  /** ISO 3166 code guessed from the time zone, else the language's region the widget reports. */
  country: string | null;
  locale: string | null;
  timeZone: string | null;
  /** Their open chat, if they are chatting. */
  chatId: string | null;
  chatAgentId: string | null;
}

// Surveys (issue 3) ---------------------------------------------------------------------
//
// Flow in the widget: after `visitor:hello` (every page load) the widget asks
// `survey:pending` and shows what it gets: the CSAT then the CES of the visitor's latest chat
// in the chat window, a due NPS as a card near the launcher. While connected it also gets
// `survey:offer` right after its chat closes. A survey counts as sent (METRICS.md `sentAt`)
// only when the widget reports it on screen with `survey:shown` (or it is emailed): surveys
// never put on screen stay unsent and are not survey records. Answers are saved at once,
// one per survey: a repeated `survey:answer` acks the answer already recorded.

export type SurveyKind = 'csat' | 'ces' | 'nps';
/** `expired`: not answered in time (never shown, or shown and left). */
export type SurveyStatus = 'scheduled' | 'sent' | 'skipped' | 'answered' | 'expired';
export type SurveyChannel = 'widget' | 'email';

/** A survey as the widget renders it: a group named by `question`, options `min`…`max`. */
export interface SurveyView {
  id: string;
  kind: SurveyKind;
  /** The chat it is about (for NPS, the chat after which it was scheduled). */
  chatId: string;
  /** csat 5 (1–5), ces 5 or 7 (1–scale), nps 10 (0–10). */
  scale: 5 | 7 | 10;
  min: number;
  max: number;
  question: string;
  /** Words for the two ends of the scale. */
  lowLabel: string;
  highLabel: string;
  /** Shown with the comment box (NPS: "What is the main reason for your score?"); null: none. */
  commentPrompt: string | null;
  /** The language of the texts (`en`, `ru`, `bg` or one the owner added). */
  language: string;
  status: SurveyStatus;
  sentAt: number | null;
  answeredAt: number | null;
  score: number | null;
  comment: string | null;
  answeredVia: SurveyChannel | null;
  /** Until when it may be answered. */
  expiresAt: number;
  /** Answered by a promoter and the owner set a review link: shown with the thanks. */
  reviewLink?: { url: string; text: string } | null;
}

/** A survey as the console shows it, with the chat's agent at close. */
export interface SurveyRecordView {
  id: string;
  kind: SurveyKind;
  chatId: string;
  visitorId: string;
  scale: 5 | 7 | 10;
  status: SurveyStatus;
  /** When it becomes (or became) due; null for imported history. */
  dueAt: number | null;
  expiresAt: number | null;
  sentAt: number | null;
  answeredAt: number | null;
  score: number | null;
  comment: string | null;
  answeredVia: SurveyChannel | null;
  language: string | null;
  agent: AgentRef | null;
  /** NPS only: when its email went out; null when not emailed. */
  emailedAt: number | null;
}

export interface SurveyCommentView extends SurveyRecordView {
  visitorName: string | null;
}

/** Wording of the surveys in one language; `nps` may contain `{site}`. */
export interface SurveyTexts {
  csat: string;
  ces: string;
  nps: string;
  npsReason: string;
  csatLow: string;
  csatHigh: string;
  cesLow: string;
  cesHigh: string;
  npsLow: string;
  npsHigh: string;
}

/** Owner settings of the surveys (settings key `surveys`). */
export interface SurveySettings {
  csatEnabled: boolean;
  cesEnabled: boolean;
  npsEnabled: boolean;
  /** Also email the NPS to visitors who left an address (needs SMTP_URL). */
  npsEmailEnabled: boolean;
  cesScale: 5 | 7;
  postChatValidHours: number;
  npsDelayHours: number;
  npsThrottleDays: number;
  npsExpireDays: number;
  /** A detractor NPS (0–6) or a CSAT of 1–2 makes a follow-up for the chat's agent (issue 13). */
  followUpsEnabled: boolean;
  /** Promoters (NPS 9–10, CSAT 5) are shown this link after answering; url null: never. */
  reviewLink: { url: string | null; texts: Record<string, string> };
  /** At most one CSAT/CES per visitor in this many hours (0: after every chat). */
  postChatThrottleHours: number;
  /** The owner's wording per language, over the built-in en/ru/bg (missing words: English). */
  texts: Record<string, Partial<SurveyTexts>>;
}

/** GET/PATCH /api/surveys/settings answer. */
export interface SurveySettingsView {
  settings: SurveySettings;
  /** The wording each language ends up with (built-in merged with the owner's). */
  effectiveTexts: Record<string, SurveyTexts>;
  builtInLanguages: string[];
  /** SMTP_URL is set: NPS emails can go out. */
  emailConfigured: boolean;
  /** `surveys.skipped`: chats agents closed "without survey" (not a metric). */
  surveysSkipped: number;
}

export interface SurveyAnswer {
  surveyId: string;
  /** Must match the survey's kind (guards against a score given to the wrong question). */
  kind: SurveyKind;
  score: number;
  comment?: string | null;
}

// Survey follow-ups (issue 13) -----------------------------------------------------------

/** A bad answer someone should get back to the visitor about (GET /api/follow-ups). */
export interface FollowUpView {
  id: string;
  surveyId: string;
  kind: SurveyKind;
  score: number;
  scale: 5 | 7 | 10;
  comment: string | null;
  answeredAt: number;
  chatId: string;
  chatStartedAt: number;
  visitor: { id: string; name: string | null; email: string | null };
  /** Whose it is; null: the department's queue (or everyone's), the chat's agent being gone. */
  agent: AgentRef | null;
  departmentId: string | null;
  createdAt: number;
  doneAt: number | null;
  doneBy: AgentRef | null;
  note: string | null;
  /** The caller may mark it done. */
  mayComplete: boolean;
}

/** GET /api/follow-ups/times: follow-up time (made → done) per agent who marked them done. */
export interface FollowUpTimes {
  from: number;
  to: number;
  agents: Array<{ agent: AgentRef | null; done: number; meanSec: number | null; medianSec: number | null; open: number }>;
}
