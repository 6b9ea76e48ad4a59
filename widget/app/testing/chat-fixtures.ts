import type { MessageView, VisitorChatView, VisitorState } from '../../../shared/protocol.ts';

export function chatView(change: Partial<VisitorChatView> = {}): VisitorChatView {
  return {
    id: 'chat_1',
    status: 'queued',
    channel: 'widget',
    agent: null,
    queuePosition: 1,
    startedAt: Date.UTC(2025, 0, 6, 9, 0),
    closedAt: null,
    ...change,
  };
}

export function message(change: Partial<MessageView> & { id: string; seq: number }): MessageView {
  return {
    chatId: 'chat_1',
    author: 'visitor',
    agentId: null,
    authorName: null,
    text: `text of ${change.id}`,
    at: Date.UTC(2025, 0, 6, 9, 0) + change.seq * 1000,
    cannedId: null,
    chatSeq: change.seq,
    ...change,
  };
}

export function visitorState(change: Partial<VisitorState> = {}): VisitorState {
  return { visitorId: 'vis_1', agentsOnline: true, chat: null, messages: [], siteName: 'Acme Shoes', ...change };
}
