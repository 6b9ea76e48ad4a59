import { describe, expect, it } from 'vitest';
import type { ChatState } from './chat-session.ts';
import { followChatEvents, followSurveyAnswers } from './site-events.ts';
import { chatView, message } from './testing/chat-fixtures.ts';

function stateSource() {
  let listener: (state: ChatState) => void = () => {};
  const base = { phase: 'starting', chat: null, messages: [] } as unknown as ChatState;
  return {
    subscribe: (l: (state: ChatState) => void) => ((listener = l), () => {}),
    push: (change: Partial<ChatState>) => listener({ ...base, ...change }),
  };
}

describe('followChatEvents', () => {
  it('says ready once live, then only what happens from there: chats started and ended, messages', () => {
    const source = stateSource();
    const events: unknown[][] = [];
    followChatEvents(source, (name, detail) => events.push(detail === undefined ? [name] : [name, detail]));
    const earlier = message({ id: 'm_old', seq: 1, chatId: 'chat_0' });
    source.push({ phase: 'starting' });
    source.push({ phase: 'live', chat: chatView({ id: 'chat_0', status: 'closed' }), messages: [earlier] });
    source.push({ phase: 'live', chat: chatView({ id: 'chat_0', status: 'closed' }), messages: [earlier] });
    const mine = message({ id: 'm_1', seq: 2, text: 'Hi' });
    const system = message({ id: 'm_2', seq: 3, author: 'system', text: 'Anna joined the chat' });
    const reply = message({ id: 'm_3', seq: 4, author: 'agent', authorName: 'Anna', text: 'Hello!' });
    source.push({ phase: 'live', chat: chatView({ status: 'queued' }), messages: [earlier, mine] });
    source.push({ phase: 'live', chat: chatView({ status: 'active' }), messages: [earlier, mine, system, reply] });
    source.push({ phase: 'live', chat: chatView({ status: 'closed' }), messages: [earlier, mine, system, reply] });
    source.push({ phase: 'live', chat: chatView({ status: 'closed' }), messages: [earlier, mine, system, reply] });
    expect(events).toEqual([
      ['ready'],
      ['chat:started', { chatId: 'chat_1' }],
      ['message', { id: 'm_1', chatId: 'chat_1', author: 'visitor', authorName: null, text: 'Hi', at: mine.at }],
      ['message', { id: 'm_3', chatId: 'chat_1', author: 'agent', authorName: 'Anna', text: 'Hello!', at: reply.at }],
      ['chat:ended', { chatId: 'chat_1' }],
    ]);
  });
});

describe('followSurveyAnswers', () => {
  it('tells each answer given on this page once, not those recorded before', () => {
    let listener: (state: any) => void = () => {};
    const events: unknown[][] = [];
    followSurveyAnswers({ subscribe: (l) => ((listener = l), () => {}) }, (name, detail) => events.push([name, detail]));
    const survey = (id: string, status: string, score: number | null) => ({ survey: { id, kind: 'csat', chatId: 'chat_1', status, score }, alreadyRecorded: false });
    listener({ postChat: [survey('s1', 'sent', null)], nps: null });
    listener({ postChat: [survey('s1', 'answered', 5)], nps: { ...survey('s2', 'answered', 9), alreadyRecorded: true } });
    listener({ postChat: [survey('s1', 'answered', 5)], nps: null });
    expect(events).toEqual([['survey:answered', { surveyId: 's1', kind: 'csat', chatId: 'chat_1', score: 5 }]]);
  });
});
