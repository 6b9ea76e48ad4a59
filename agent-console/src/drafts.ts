import { forget, readText, writeText } from './local-memory.ts';

// Drafts are kept per chat in localStorage so that switching chats or reloading the page
// never loses what an agent typed, nor which canned reply it started from.
const key = (chatId: string) => `parley.console.draft.${chatId}`;
const cannedKey = (chatId: string) => `parley.console.draftCanned.${chatId}`;

export interface Draft {
  text: string;
  /** The canned reply inserted into this draft, if any. */
  cannedId: string | null;
}

export function loadDraft(chatId: string): Draft {
  const text = readText(key(chatId)) ?? '';
  return { text, cannedId: text ? readText(cannedKey(chatId)) : null };
}

export function saveDraft(chatId: string, draft: Draft): void {
  if (draft.text) writeText(key(chatId), draft.text);
  else forget(key(chatId));
  if (draft.text && draft.cannedId) writeText(cannedKey(chatId), draft.cannedId);
  else forget(cannedKey(chatId));
}

export function clearDraft(chatId: string): void {
  forget(key(chatId));
  forget(cannedKey(chatId));
}
