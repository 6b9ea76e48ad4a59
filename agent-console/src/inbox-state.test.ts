import { describe, expect, it } from 'vitest';
import {
  applyChatDetail,
  applyChatUpsert,
  applyMessages,
  applySnapshot,
  initialInboxState,
  markSeen,
  mergeMessages,
  myChatsOf,
  queueOf,
  recentlyClosedOf,
  unreadCount,
  unreadTotal,
  visitorLabel,
  waitingSince,
  RECENTLY_CLOSED_LIMIT,
  type InboxState,
} from './inbox-state.ts';
import { chat, detail, inbox, me, message, mineChat } from './testing/chat-fixtures.ts';

function withSnapshot(overrides: Parameters<typeof inbox>[0] = {}): InboxState {
  return applySnapshot(initialInboxState(), inbox(overrides));
}

describe('mergeMessages', () => {
  it('orders by seq and drops duplicates by id', () => {
    const a = message({ id: 'a', chatId: 'c', seq: 1 });
    const b = message({ id: 'b', chatId: 'c', seq: 2 });
    const c = message({ id: 'c', chatId: 'c', seq: 3 });
    expect(mergeMessages([a, c], [b, c, a]).map((m) => m.id)).toEqual(['a', 'b', 'c']);
  });

  it('keeps the same array when nothing is new (no re-render)', () => {
    const a = message({ id: 'a', chatId: 'c', seq: 1 });
    const list = [a];
    expect(mergeMessages(list, [a])).toBe(list);
  });
});

describe('queue and my chats', () => {
  it('lists the queue first in line first, by the time a chat joined the queue', () => {
    const state = withSnapshot({
      queue: [
        chat({ id: 'late', startedAt: 100, queuedAt: 900 }),
        chat({ id: 'requeued', startedAt: 500, queuedAt: 200 }),
        chat({ id: 'early', startedAt: 300, queuedAt: 300 }),
      ],
    });
    expect(queueOf(state).map((c) => c.id)).toEqual(['requeued', 'early', 'late']);
  });

  it('counts as mine only the open chats assigned to me', () => {
    const state = withSnapshot({
      mine: [mineChat({ id: 'm1' })],
      queue: [chat({ id: 'q1' })],
    });
    const taken = applyChatUpsert(state, chat({ id: 'q1', status: 'active', agent: { id: 'agent-2', name: 'Bo' } }));
    expect(myChatsOf(taken).map((c) => c.id)).toEqual(['m1']);
    expect(queueOf(taken)).toEqual([]);
    expect(taken.chats.q1).toBeUndefined();
  });

  it('moves a chat of mine that closed to the recently closed list', () => {
    const state = withSnapshot({ mine: [mineChat({ id: 'm1' })] });
    const closed = applyChatUpsert(state, mineChat({ id: 'm1', status: 'closed', closedAt: 5 }));
    expect(myChatsOf(closed)).toEqual([]);
    expect(recentlyClosedOf(closed).map((c) => c.id)).toEqual(['m1']);
  });

  it('forgets a queued chat that closed before anyone took it', () => {
    const state = withSnapshot({ queue: [chat({ id: 'q1' })] });
    const closed = applyChatUpsert(state, chat({ id: 'q1', status: 'closed', closedAt: 5 }));
    expect(closed.chats.q1).toBeUndefined();
    expect(closed.recentlyClosed).toEqual([]);
  });

  it('keeps only the last few closed chats', () => {
    let state = withSnapshot({
      mine: Array.from({ length: RECENTLY_CLOSED_LIMIT + 2 }, (_, i) => mineChat({ id: `m${i}` })),
    });
    for (let i = 0; i < RECENTLY_CLOSED_LIMIT + 2; i++) {
      state = applyChatUpsert(state, mineChat({ id: `m${i}`, status: 'closed', closedAt: i }));
    }
    expect(state.recentlyClosed).toHaveLength(RECENTLY_CLOSED_LIMIT);
    expect(state.recentlyClosed[0]).toBe(`m${RECENTLY_CLOSED_LIMIT + 1}`);
    expect(state.chats.m0).toBeUndefined();
  });

  it('keeps a chat I am looking at across a snapshot that no longer lists it', () => {
    let state = withSnapshot({ queue: [chat({ id: 'q1' })] });
    state = applyChatDetail(state, detail(chat({ id: 'q1' })));
    state = applySnapshot(state, inbox());
    expect(state.chats.q1).toBeDefined();
    expect(queueOf(state).map((c) => c.id)).toEqual(['q1']);
  });
});

describe('unread counts', () => {
  const visitorSays = (seq: number) => message({ id: `v${seq}`, chatId: 'm1', seq });
  const agentSays = (seq: number) => message({ id: `a${seq}`, chatId: 'm1', seq, author: 'agent', agentId: me.id });

  it('counts visitor messages after the last seen seq', () => {
    let state = withSnapshot({ mine: [mineChat({ id: 'm1' })] });
    state = applyChatDetail(state, detail(mineChat({ id: 'm1' }), [visitorSays(1), agentSays(2), visitorSays(3)]));
    expect(unreadCount(state, 'm1')).toBe(2);
    state = markSeen(state, 'm1');
    expect(unreadCount(state, 'm1')).toBe(0);
    state = applyMessages(state, 'm1', [visitorSays(7), visitorSays(8)]);
    expect(unreadCount(state, 'm1')).toBe(2);
    expect(unreadTotal(state)).toBe(2);
  });

  it('falls back on the last message of a chat not loaded yet', () => {
    const state = withSnapshot({ mine: [mineChat({ id: 'm1', lastMessage: visitorSays(4) })] });
    expect(unreadCount(state, 'm1')).toBe(1);
    expect(unreadCount({ ...state, lastSeen: { m1: 4 } }, 'm1')).toBe(0);
  });

  it('does not count queued chats in the total', () => {
    const state = withSnapshot({ queue: [chat({ id: 'q1', lastMessage: visitorSays(1) })] });
    expect(unreadTotal(state)).toBe(0);
  });
});

describe('waitingSince', () => {
  it('is the first visitor message after the last agent message', () => {
    let state = withSnapshot({ mine: [mineChat({ id: 'm1' })] });
    const m = (seq: number, author: 'visitor' | 'agent' | 'system', at: number) =>
      message({ id: `x${seq}`, chatId: 'm1', seq, author, at });
    state = applyChatDetail(state, detail(mineChat({ id: 'm1' }), [m(1, 'visitor', 10), m(2, 'agent', 20)]));
    expect(waitingSince(state, 'm1')).toBeNull();
    state = applyMessages(state, 'm1', [m(3, 'visitor', 30), m(4, 'system', 35), m(5, 'visitor', 40)]);
    expect(waitingSince(state, 'm1')).toBe(30);
  });
});

describe('applyMessages', () => {
  it('updates the preview of a chat that is not loaded and only moves forward', () => {
    let state = withSnapshot({ mine: [mineChat({ id: 'm1' })] });
    state = applyMessages(state, 'm1', [message({ id: 'b', chatId: 'm1', seq: 5 })]);
    state = applyMessages(state, 'm1', [message({ id: 'a', chatId: 'm1', seq: 3 })]);
    expect(state.chats.m1.lastMessage?.id).toBe('b');
  });

  it('removes delivered replies from the outbox', () => {
    let state = withSnapshot({ mine: [mineChat({ id: 'm1' })] });
    state = {
      ...state,
      outbox: [{ id: 'r1', chatId: 'm1', text: 'hi', cannedId: null, createdAt: 0, state: 'sending', error: null }],
    };
    state = applyMessages(state, 'm1', [message({ id: 'r1', chatId: 'm1', seq: 9, author: 'agent' })]);
    expect(state.outbox).toEqual([]);
  });
});

describe('visitorLabel', () => {
  it('prefers the name, then the email, then a short id', () => {
    expect(visitorLabel({ visitorName: 'Ann', visitorEmail: 'a@x.io', visitorId: 'v1' })).toBe('Ann');
    expect(visitorLabel({ visitorName: null, visitorEmail: 'a@x.io', visitorId: 'v1' })).toBe('a@x.io');
    expect(visitorLabel({ visitorName: null, visitorEmail: null, visitorId: 'v_9f3a2c' })).toBe('Visitor 3A2C');
  });
});
