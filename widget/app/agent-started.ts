import type { ChatState } from './chat-session.ts';

/**
 * An agent wrote first (Visitors now, "Start chat"): the window opens with their message. Only
 * for a chat that appears while the page is open; the chat found on the page's first hello
 * was seen already (the visitor may have closed the window on it).
 */
export function openOnAgentStartedChat(
  session: { state: ChatState; subscribe(listener: (state: ChatState) => void): () => void },
  open: () => void,
): () => void {
  let seen: string | null | undefined = session.state.phase === 'live' ? (session.state.chat?.id ?? null) : undefined;
  return session.subscribe((state) => {
    if (state.phase !== 'live') return;
    const chat = state.chat;
    if (seen === undefined) {
      seen = chat?.id ?? null;
      return;
    }
    if (!chat || chat.id === seen || chat.status === 'closed') return;
    const first = state.messages.find((m) => m.chatId === chat.id && m.author !== 'system');
    if (!first) return;
    seen = chat.id;
    if (first.author === 'agent') open();
  });
}
