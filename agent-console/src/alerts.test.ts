import { describe, expect, it } from 'vitest';
import { alertsBetween } from './alerts.ts';
import { applyChatUpsert, applyMessages, applySnapshot, initialInboxState } from './inbox-state.ts';
import { chat, inbox, me, message, mineChat } from './testing/chat-fixtures.ts';

const signedIn = (snapshot = inbox()) => applySnapshot(initialInboxState(), snapshot);

describe('alertsBetween', () => {
  it('the first snapshot after signing in is not news', () => {
    const before = initialInboxState();
    expect(alertsBetween(before, signedIn(inbox({ queue: [chat({ id: 'q1' })] })))).toEqual([]);
  });

  it('a chat joining the queue, with what the visitor wrote', () => {
    const before = signedIn();
    const after = applyChatUpsert(before, chat({ id: 'q1', visitorName: 'Ann', lastMessage: message({ id: 'v1', chatId: 'q1', seq: 1, text: 'Hi   there\nfriend' }) }));
    expect(alertsBetween(before, after)).toEqual([{ kind: 'queued', chatId: 'q1', title: 'New chat from Ann', body: 'Hi there friend' }]);
    // Still waiting on the next change: no second alert.
    expect(alertsBetween(after, applyChatUpsert(after, chat({ id: 'q1', visitorName: 'Ann', priority: 'high' })))).toEqual([]);
  });

  it('a visitor message in one of my chats, but not my own replies', () => {
    const before = signedIn(inbox({ mine: [mineChat({ id: 'm1', visitorName: 'Ben' })] }));
    const visitorWrote = applyMessages(before, 'm1', [message({ id: 'v1', chatId: 'm1', seq: 4, text: 'Still there?' })]);
    expect(alertsBetween(before, visitorWrote)).toEqual([{ kind: 'message', chatId: 'm1', title: 'Ben', body: 'Still there?' }]);
    const iReplied = applyMessages(visitorWrote, 'm1', [message({ id: 'a1', chatId: 'm1', seq: 5, author: 'agent', agentId: me.id })]);
    expect(alertsBetween(visitorWrote, iReplied)).toEqual([]);
  });

  it('a chat that became mine by transfer or auto-assign, not one I accepted myself', () => {
    const before = signedIn(inbox({ queue: [chat({ id: 'q1', visitorName: 'Cy' })] }));
    const transferred = applyChatUpsert(before, mineChat({ id: 'q1', visitorName: 'Cy' }));
    expect(alertsBetween(before, transferred)).toEqual([{ kind: 'assigned', chatId: 'q1', title: 'Cy is now your chat', body: '' }]);
    const accepted = { ...transferred, selectedChatId: 'q1' };
    expect(alertsBetween(before, accepted)).toEqual([]);
  });
});
