import { describe, expect, it } from 'vitest';
import { openDb } from './db.ts';
import { createVisitor, insertChat, insertMessage } from './chats.ts';
import { createAgent } from './agents.ts';
import { firstReplyAtOf } from './replies.ts';
import { firstReplyAt, inChatOrder, type Speaker } from '../../shared/replies.ts';

describe("the store's first reply", () => {
  it('agrees with shared/replies.ts on random chats, ties in time included', () => {
    const db = openDb(':memory:');
    const agent = createAgent(db, { name: 'Anna', email: 'anna@example.com', role: 'agent' }, 0);
    const { visitorId } = createVisitor(db, 0);
    let seed = 42;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const authors: Speaker[] = ['visitor', 'agent', 'system'];
    for (let chatNo = 0; chatNo < 300; chatNo++) {
      const chat = insertChat(db, { visitorId, departmentId: null, priority: 'normal', channel: 'widget', at: 0 });
      const stored: { author: Speaker; at: number; seq: number }[] = [];
      const count = Math.floor(random() * 6);
      for (let i = 0; i < count; i++) {
        const author = authors[Math.floor(random() * 3)]!;
        // Times out of order and often equal, as an import can store them.
        const at = 1000 + Math.floor(random() * 4);
        const m = insertMessage(db, {
          id: `m${chatNo}-${i}`,
          chatId: chat.id,
          author,
          agentId: author === 'agent' ? agent.id : null,
          at,
          text: 'x',
        });
        stored.push({ author, at, seq: m.seq });
      }
      expect(firstReplyAtOf(db, chat.id), JSON.stringify(stored)).toBe(firstReplyAt(stored.sort(inChatOrder)));
    }
  });
});
