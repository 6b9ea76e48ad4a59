import { t } from './i18n.ts';
import { myChatsOf, queueOf, visitorLabel, type InboxState } from './inbox-state.ts';

/** Something an agent away from the tab should hear about. */
export interface Alert {
  kind: 'queued' | 'assigned' | 'message';
  chatId: string;
  title: string;
  body: string;
}

const PREVIEW_LENGTH = 140;

function short(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > PREVIEW_LENGTH ? `${flat.slice(0, PREVIEW_LENGTH - 1)}…` : flat;
}

/**
 * What changed between two states of the inbox that deserves a sound or a notification: a
 * chat joined the queue, a chat became mine without my doing (transfer, auto-assign), or a
 * visitor wrote in one of my chats. The first snapshot after signing in is not news.
 */
export function alertsBetween(before: InboxState, after: InboxState): Alert[] {
  if (!before.me || !after.me) return [];
  const alerts: Alert[] = [];
  for (const chat of queueOf(after)) {
    if (before.chats[chat.id]?.status === 'queued') continue;
    const last = chat.lastMessage?.author === 'visitor' ? chat.lastMessage.text : '';
    alerts.push({ kind: 'queued', chatId: chat.id, title: t('New chat from {name}', { name: visitorLabel(chat) }), body: short(last) });
  }
  const mineBefore = new Set(myChatsOf(before).map((c) => c.id));
  for (const chat of myChatsOf(after)) {
    const last = chat.lastMessage;
    if (!mineBefore.has(chat.id)) {
      // Accepting a chat selects it: only chats that came to me by themselves are news.
      if (after.selectedChatId !== chat.id) {
        alerts.push({ kind: 'assigned', chatId: chat.id, title: t('{name} is now your chat', { name: visitorLabel(chat) }), body: '' });
      }
      continue;
    }
    const previous = before.chats[chat.id]?.lastMessage;
    if (last && last.author === 'visitor' && (!previous || last.seq > previous.seq)) {
      alerts.push({ kind: 'message', chatId: chat.id, title: visitorLabel(chat), body: short(last.text) });
    }
  }
  return alerts;
}
