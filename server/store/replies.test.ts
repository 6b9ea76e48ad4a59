import { describe, expect, it } from 'vitest';
import { openSqliteStore } from './sqlite.ts';
import { createVisitor, insertChat, insertMessage } from './chats.ts';
import { createAgent } from './agents.ts';
import { firstReplyAtOf } from './replies.ts';
import { firstReplyAt, inChatOrder, type Speaker } from '../../shared/replies.ts';

describe("the store's first reply", () => {
  it('agrees with shared/replies.ts on random chats, ties in time included', async () => {
    const store = openSqliteStore(':memory:');
    const db = store.sqlite!;
    const agent = await createAgent(store, { name: 'Anna', email: 'anna@example.com', role: 'agent' }, 0);
    const { visitorId } = await createVisitor(store, 0);
    let seed = 42;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const authors: Speaker[] = ['visitor', 'agent', 'system'];
    for (let chatNo = 0; chatNo < 300; chatNo++) {
      const chat = await insertChat(store, { visitorId, departmentId: null, priority: 'normal', channel: 'widget', at: 0 });
      const stored: { author: Speaker; at: number; seq: number }[] = [];
      const count = Math.floor(random() * 6);
      for (let i = 0; i < count; i++) {
        const author = authors[Math.floor(random() * 3)]!;
        // Times out of order and often equal, as an import can store them.
        const at = 1000 + Math.floor(random() * 4);
        const m = await insertMessage(store, {
          id: `m${chatNo}-${i}`,
          chatId: chat.id,
          author,
          agentId: author === 'agent' ? agent.id : null,
          at,
          text: 'x',
        });
        stored.push({ author, at, seq: m.seq });
      }
      expect(await firstReplyAtOf(store, chat.id), JSON.stringify(stored)).toBe(firstReplyAt(stored.sort(inChatOrder)));
    }
  });
});
