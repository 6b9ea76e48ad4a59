import { useInboxState, useInboxStore } from './inbox-context.ts';
import { ChatList } from './chat-list.tsx';
import { ChatPane } from './chat-pane.tsx';
import { VisitorPanel } from './visitor-panel.tsx';

export function InboxPage() {
  const store = useInboxStore();
  const state = useInboxState();
  const chatId = state.selectedChatId;
  const chat = chatId ? state.chats[chatId] : undefined;
  return (
    <main class="inbox">
      <h1 class="visually-hidden">Inbox</h1>
      <ChatList />
      <div class="inbox-main">
        {state.notice && (
          <div class="notice" role="alert">
            <span>{state.notice}</span>
            <button type="button" class="button button-quiet" onClick={() => store.dismissNotice()}>
              Dismiss
            </button>
          </div>
        )}
        {chat ? (
          <ChatPane key={chat.id} chat={chat} />
        ) : (
          <div class="empty-pane">
            <p>Select a chat from the queue or from your chats.</p>
          </div>
        )}
      </div>
      {chat && <VisitorPanel chat={chat} visitor={state.threads[chat.id]?.visitor ?? null} />}
    </main>
  );
}
