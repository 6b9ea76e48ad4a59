import type { MessageView } from './protocol.ts';

/**
 * Both clients hold a chat's messages unique by id and in order, and number them by `chatSeq`
 * (1, 2, 3… per chat, from the database). A missed emit shows as a hole in those numbers; these
 * say whether there is one and where the replay (`messages:sync`) that fills it starts.
 */

/** `messages`: one chat's, unique and in order. Their numbers run 1…n unless one is missing. */
export function hasGap(messages: readonly MessageView[]): boolean {
  const last = messages[messages.length - 1];
  return last !== undefined && last.chatSeq !== messages.length;
}

/** The seq a replay of the chat starts after: that of its last message before the first hole (0: all). */
export function replayCursor(messages: readonly MessageView[]): number {
  let cursor = 0;
  for (let i = 0; i < messages.length && messages[i]!.chatSeq === i + 1; i++) cursor = messages[i]!.seq;
  return cursor;
}
