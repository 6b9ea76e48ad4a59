import { useEffect, useRef } from 'preact/hooks';
import type { ChatSummary } from '../../shared/protocol.ts';
import { useInboxState, useInboxStore } from './inbox-context.ts';
import { lastSeq, visitorLabel } from './inbox-state.ts';
import { MessageLog } from './message-log.tsx';
import { ReplyBox } from './reply-box.tsx';
import { formatDuration, useNow } from './waiting-time.ts';

export function ChatPane({ chat }: { chat: ChatSummary }) {
  const store = useInboxStore();
  const state = useInboxState();
  const thread = state.threads[chat.id];
  const mine = chat.status === 'active' && !!state.me && chat.agent?.id === state.me.id;
  const newest = Math.max(lastSeq(thread), chat.lastMessage?.seq ?? 0);

  // What is on screen in a visible tab counts as read.
  useEffect(() => {
    const markIfVisible = () => {
      if (document.visibilityState !== 'hidden') store.markSeen(chat.id);
    };
    markIfVisible();
    document.addEventListener('visibilitychange', markIfVisible);
    return () => document.removeEventListener('visibilitychange', markIfVisible);
  }, [chat.id, newest]);

  const title = useRef<HTMLHeadingElement>(null);
  async function close() {
    await store.closeChat(chat.id);
    // The Close chat button is gone: keep keyboard users in the chat they just closed.
    title.current?.focus();
  }

  const label = visitorLabel(chat);
  const typing = !!state.visitorTyping[chat.id];
  return (
    <section class="chat-pane" aria-labelledby="chat-title">
      <header class="chat-header">
        <div class="chat-header-main">
          <h2 id="chat-title" class="chat-title" ref={title} tabIndex={-1}>
            {label}
          </h2>
          <ChatStatusLine chat={chat} mine={mine} />
        </div>
        {mine && (
          <button type="button" class="button button-danger-quiet" onClick={() => void close()}>
            Close chat
          </button>
        )}
      </header>
      {thread ? (
        <MessageLog
          messages={thread.messages}
          pending={state.outbox.filter((m) => m.chatId === chat.id)}
          visitorName={label}
        />
      ) : (
        <div class="log-loading" aria-busy="true">
          Loading the conversation…
        </div>
      )}
      <div class="typing-indicator" aria-live="polite">
        {typing ? `${label} is typing…` : ''}
      </div>
      {mine ? (
        <ReplyBox key={chat.id} chatId={chat.id} />
      ) : (
        <p class="chat-footer-note">
          {chat.status === 'queued'
            ? 'This chat is waiting in the queue. Accept it to reply.'
            : chat.status === 'closed'
              ? 'This chat is closed.'
              : `${chat.agent?.name ?? 'Another agent'} is handling this chat.`}
        </p>
      )}
    </section>
  );
}

function ChatStatusLine({ chat, mine }: { chat: ChatSummary; mine: boolean }) {
  const now = useNow(1000);
  const parts: string[] = [];
  if (chat.channel === 'offline') parts.push('Offline message');
  if (chat.status === 'queued') parts.push(`Waiting ${formatDuration(now - (chat.queuedAt ?? chat.startedAt))}`);
  else if (chat.status === 'active') parts.push(mine ? 'Assigned to you' : `Assigned to ${chat.agent?.name ?? 'another agent'}`);
  else parts.push('Closed');
  if (chat.visitorEmail && chat.visitorEmail !== visitorLabel(chat)) parts.push(chat.visitorEmail);
  return <p class="chat-status">{parts.join(' · ')}</p>;
}
