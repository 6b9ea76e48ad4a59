import { describe, expect, it } from 'vitest';
import type { MessageView } from './protocol.ts';
import { hasGap, replayCursor } from './message-gaps.ts';

/** A message of chat c1 with its global seq and its number in the chat. */
const m = (seq: number, chatSeq: number): MessageView => ({
  id: `m${seq}`,
  chatId: 'c1',
  seq,
  chatSeq,
  author: 'visitor',
  agentId: null,
  authorName: null,
  text: 'hi',
  at: seq,
  cannedId: null,
});

describe('hasGap and replayCursor', () => {
  it('a chat numbered 1…n without holes: nothing missing, replay after its last message', () => {
    // Other chats' messages took seq 11 and 13: that is no hole in this chat.
    const held = [m(10, 1), m(12, 2), m(14, 3)];
    expect(hasGap(held)).toBe(false);
    expect(replayCursor(held)).toBe(14);
    expect(hasGap([])).toBe(false);
    expect(replayCursor([])).toBe(0);
  });

  it('a number skipped: the replay starts after the last message before the hole', () => {
    const held = [m(10, 1), m(12, 2), m(20, 4), m(21, 5)];
    expect(hasGap(held)).toBe(true);
    expect(replayCursor(held)).toBe(12);
  });

  it('the first message missing: replay the whole chat', () => {
    const held = [m(12, 2)];
    expect(hasGap(held)).toBe(true);
    expect(replayCursor(held)).toBe(0);
  });
});
