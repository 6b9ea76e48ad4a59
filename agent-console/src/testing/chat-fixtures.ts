import type { AgentSelf, ChatDetail, ChatSummary, InboxSnapshot, MessageView, SurveyRecordView } from '../../../shared/protocol.ts';

export const me: AgentSelf = {
  id: 'agent-1',
  name: 'Olivia Owner',
  email: 'owner@example.com',
  role: 'owner',
  status: 'online',
  maxChats: 3,
};

export function chat(overrides: Partial<ChatSummary> & { id: string }): ChatSummary {
  return {
    visitorId: `visitor-${overrides.id}`,
    visitorName: null,
    visitorEmail: null,
    status: 'queued',
    channel: 'widget',
    departmentId: null,
    priority: 'normal',
    agent: null,
    startedAt: 1_000,
    queuedAt: 1_000,
    closedAt: null,
    lastMessage: null,
    tags: [],
    sla: null,
    ...overrides,
  };
}

export function mineChat(overrides: Partial<ChatSummary> & { id: string }): ChatSummary {
  return chat({ status: 'active', agent: { id: me.id, name: me.name }, queuedAt: null, ...overrides });
}

export function message(overrides: Partial<MessageView> & { id: string; chatId: string; seq: number }): MessageView {
  return {
    author: 'visitor',
    agentId: null,
    authorName: null,
    text: `text of ${overrides.id}`,
    at: 1_000 + overrides.seq,
    cannedId: null,
    chatSeq: overrides.seq,
    ...overrides,
  };
}

export function inbox(overrides: Partial<InboxSnapshot> = {}): InboxSnapshot {
  return { me, queue: [], mine: [], routingMode: 'manual', autoAwayMinutes: 0, requireTagToClose: false, ...overrides };
}

export function detail(summary: ChatSummary, messages: MessageView[] = []): ChatDetail {
  return {
    chat: summary,
    messages,
    visitor: {
      id: summary.visitorId,
      name: summary.visitorName,
      email: summary.visitorEmail,
      verified: false,
      externalId: null,
      attributes: {},
      locale: 'de-DE',
      timeZone: 'Europe/Berlin',
      userAgent:
        'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
      currentUrl: 'https://shop.example/pricing',
    },
    notes: [],
    pages: [],
    pastChats: [],
  };
}

export function survey(overrides: Partial<SurveyRecordView> & { id: string; chatId: string }): SurveyRecordView {
  return {
    kind: 'csat',
    visitorId: `visitor-${overrides.chatId}`,
    scale: 5,
    status: 'answered',
    dueAt: 1_000,
    expiresAt: null,
    sentAt: 1_000,
    answeredAt: 2_000,
    score: 5,
    comment: null,
    answeredVia: 'widget',
    language: 'en',
    agent: { id: me.id, name: me.name },
    emailedAt: null,
    ...overrides,
  };
}
