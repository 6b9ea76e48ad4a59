import { describe, expect, it } from 'vitest';
import { applySnapshot, initialInboxState } from './inbox-state.ts';
import { chatOrder, neighbourChat, shortcutOf } from './shortcuts.ts';
import { chat, inbox, mineChat } from './testing/chat-fixtures.ts';

const key = (code: string, key = '', mods: Partial<KeyboardEvent> = {}) => ({
  altKey: true,
  ctrlKey: false,
  metaKey: false,
  shiftKey: false,
  code,
  key,
  ...mods,
});

describe('keyboard shortcuts', () => {
  it('reads Alt shortcuts by key position, so Alt+A works where it types "å"', () => {
    expect(shortcutOf(key('KeyA', 'å'))).toBe('accept');
    expect(shortcutOf(key('ArrowDown', 'ArrowDown'))).toBe('next');
    expect(shortcutOf(key('ArrowUp', 'ArrowUp'))).toBe('previous');
    expect(shortcutOf(key('Slash', '/'))).toBe('help');
    expect(shortcutOf(key('KeyN', 'n'))).toBe('note');
    expect(shortcutOf(key('KeyA', 'a', { altKey: false }))).toBeNull();
    expect(shortcutOf(key('KeyA', 'a', { ctrlKey: true }))).toBeNull();
    expect(shortcutOf(key('KeyQ', 'q'))).toBeNull();
  });

  it('moves through the chats in the order of the list, wrapping around', () => {
    const state = applySnapshot(initialInboxState(), inbox({
      queue: [chat({ id: 'q2', queuedAt: 20 }), chat({ id: 'q1', queuedAt: 10 })],
      mine: [mineChat({ id: 'm1' })],
    }));
    const order = chatOrder(state);
    expect(order).toEqual(['q1', 'q2', 'm1']);
    expect(neighbourChat(order, 'q2', 1)).toBe('m1');
    expect(neighbourChat(order, 'm1', 1)).toBe('q1');
    expect(neighbourChat(order, 'q1', -1)).toBe('m1');
    expect(neighbourChat(order, null, 1)).toBe('q1');
    expect(neighbourChat(order, null, -1)).toBe('m1');
    expect(neighbourChat([], null, 1)).toBeNull();
  });
});
