import type { MessageKey } from './i18n.ts';
import { myChatsOf, queueOf, recentlyClosedOf, type InboxState } from './inbox-state.ts';

export type ShortcutAction = 'next' | 'previous' | 'accept' | 'reply' | 'note' | 'tag' | 'help';

/**
 * The console's shortcuts, all with Alt so they work while typing in the reply box. Letters
 * are matched by key position (`code`): on a Mac, Alt+A types "å".
 */
export const shortcuts: { action: ShortcutAction; keys: string; what: MessageKey }[] = [
  { action: 'next', keys: 'Alt+↓', what: 'Next chat' },
  { action: 'previous', keys: 'Alt+↑', what: 'Previous chat' },
  { action: 'accept', keys: 'Alt+A', what: 'Accept the next waiting chat' },
  { action: 'reply', keys: 'Alt+R', what: 'Go to the reply box' },
  { action: 'note', keys: 'Alt+N', what: 'Go to the internal note' },
  { action: 'tag', keys: 'Alt+T', what: 'Go to Add tag' },
  { action: 'help', keys: 'Alt+/', what: 'Show these shortcuts' },
];

export function shortcutOf(e: Pick<KeyboardEvent, 'altKey' | 'ctrlKey' | 'metaKey' | 'shiftKey' | 'key' | 'code'>): ShortcutAction | null {
  if (!e.altKey || e.ctrlKey || e.metaKey) return null;
  if (e.key === 'ArrowDown') return 'next';
  if (e.key === 'ArrowUp') return 'previous';
  if (e.shiftKey) return null;
  switch (e.code) {
    case 'KeyA':
      return 'accept';
    case 'KeyR':
      return 'reply';
    case 'KeyN':
      return 'note';
    case 'KeyT':
      return 'tag';
    case 'Slash':
      return 'help';
    default:
      return null;
  }
}

/** Chats in the order the list shows them: the queue, my chats, then recently closed. */
export function chatOrder(state: InboxState): string[] {
  return [...queueOf(state), ...myChatsOf(state), ...recentlyClosedOf(state)].map((c) => c.id);
}

/** The chat `step` places from the selected one, wrapping around; the first or last when none is selected. */
export function neighbourChat(order: string[], selected: string | null, step: 1 | -1): string | null {
  if (order.length === 0) return null;
  const at = selected ? order.indexOf(selected) : -1;
  if (at < 0) return step === 1 ? order[0] : order[order.length - 1];
  return order[(at + step + order.length) % order.length];
}
