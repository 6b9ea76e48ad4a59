import { forget, readText, writeText } from './local-memory.ts';

// Drafts are kept per chat in localStorage so that switching chats or reloading the page
// never loses what an agent typed.
const key = (chatId: string) => `parley.console.draft.${chatId}`;

export function loadDraft(chatId: string): string {
  return readText(key(chatId)) ?? '';
}

export function saveDraft(chatId: string, text: string): void {
  if (text) writeText(key(chatId), text);
  else forget(key(chatId));
}

export function clearDraft(chatId: string): void {
  forget(key(chatId));
}
