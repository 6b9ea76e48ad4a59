import { useEffect, useRef, useState } from 'preact/hooks';
import type { VisitorChatView } from '../../shared/protocol.ts';
import type { ChatSession, ChatState } from './chat-session.ts';
import { Composer } from './composer.tsx';
import type { HostBridge } from './host-bridge.ts';
import { MessageList } from './message-list.tsx';
import { OfflineForm } from './offline-form.tsx';
import type { SurveySession } from './surveys/survey-session.ts';
import { PostChatSurveySlot } from './surveys/survey-slots.tsx';

interface Props {
  session: ChatSession;
  bridge: HostBridge;
  /** Shown inside a page by the loader (so it can be minimized), not opened on its own. */
  embedded: boolean;
  /** CSAT and CES once the chat has closed. */
  surveys?: SurveySession;
}

function useChatState(session: ChatSession): ChatState {
  const [state, setState] = useState(session.state);
  useEffect(() => session.subscribe(setState), [session]);
  return state;
}

const isOpenChat = (chat: VisitorChatView | null) => !!chat && chat.status !== 'closed';

function initials(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  return (parts.length > 1 ? parts[0][0] + parts[parts.length - 1][0] : (parts[0] ?? '?').slice(0, 1)).toUpperCase();
}

/** One line under the header about where the chat stands, for sighted and screen-reader users alike. */
function chatStatusLine(state: ChatState): string | null {
  const { chat } = state;
  if (!chat) return null;
  if (chat.status === 'closed') {
    return state.agentsOnline ? 'This chat has ended. Write a message to start a new one.' : 'This chat has ended.';
  }
  // The server writes "Anna joined the chat" into the conversation; the header names her.
  if (chat.status === 'active') return null;
  if (chat.channel === 'offline') {
    return state.offlineSent
      ? "Thanks! We got your message and will reply here as soon as we can."
      : "We got your message and will reply here as soon as we can.";
  }
  return chat.queuePosition
    ? `Waiting for an agent — you are number ${chat.queuePosition} in line`
    : 'Waiting for an agent…';
}

function headerStatus(state: ChatState): string {
  if (state.phase === 'starting') return 'Connecting…';
  if (state.phase === 'unavailable' || !state.connected) return 'Reconnecting…';
  if (state.chat?.status === 'active' && state.chat.agent) return `Chatting with ${state.chat.agent.name}`;
  return state.agentsOnline ? "We're online" : "We're away";
}

/** The whole chat window inside the iframe. */
export function ChatWindow({ session, bridge, embedded, surveys }: Props) {
  const state = useChatState(session);
  const root = useRef<HTMLDivElement>(null);

  const focusFirstField = () => root.current?.querySelector<HTMLElement>('textarea, input')?.focus();

  // Opening the window puts the cursor where the visitor will type, and counts as reading.
  useEffect(() => {
    if (bridge.isOpen()) session.markRead();
    return bridge.onOpenChange((open) => {
      if (!open) return;
      session.markRead();
      focusFirstField();
    });
  }, [session, bridge]);

  useEffect(() => {
    const seen = () => {
      if (document.visibilityState === 'visible' && bridge.isOpen()) session.markRead();
    };
    document.addEventListener('visibilitychange', seen);
    return () => document.removeEventListener('visibilitychange', seen);
  }, [session, bridge]);

  useEffect(() => bridge.reportUnread(state.unread), [bridge, state.unread]);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') bridge.requestClose();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [bridge]);

  const openChat = isOpenChat(state.chat);
  const showOfflineForm =
    state.phase === 'live' && !state.agentsOnline && !openChat && !state.offlineSent && !state.pending.length;
  const live = state.phase === 'live';

  // A window opened before it had anything to type in gets the cursor once its fields appear
  // (never taken from the host page, if the visitor went back to it meanwhile).
  useEffect(() => {
    if (live && bridge.isOpen() && document.hasFocus()) focusFirstField();
  }, [live, showOfflineForm, bridge]);
  const statusLine = showOfflineForm ? null : chatStatusLine(state);
  const postChatSurveys = surveys && <PostChatSurveySlot surveys={surveys} bridge={bridge} chat={state.chat} />;
  const agent = openChat ? state.chat?.agent : null;
  const title = state.siteName || 'Chat';

  return (
    <div class="window" ref={root}>
      <header class="header">
        <span class="avatar" aria-hidden="true">
          {initials(agent?.name ?? title)}
          <span class={`presence${state.agentsOnline && state.connected ? ' on' : ''}`} />
        </span>
        <div class="titles">
          <h1>{title}</h1>
          <p class="subtitle">{headerStatus(state)}</p>
        </div>
        {openChat && live && (
          <button type="button" class="end" onClick={() => session.endChat()}>
            End chat
          </button>
        )}
        {embedded && (
          <button type="button" class="icon" aria-label="Minimize" title="Minimize" onClick={() => bridge.requestClose()}>
            <svg viewBox="0 0 24 24" aria-hidden="true">
              <path d="M6 9l6 6 6-6" />
            </svg>
          </button>
        )}
      </header>

      {state.notice && (
        <div class="notice" role="alert">
          <span>{state.notice}</span>
          <button type="button" class="link" onClick={() => session.dismissNotice()}>
            Dismiss
          </button>
        </div>
      )}
      <div class="status-line" role="status">
        {statusLine && <span>{statusLine}</span>}
      </div>

      {state.phase === 'starting' && (
        <div class="placeholder">
          <span class="spinner" aria-hidden="true" />
          <p>Connecting to chat…</p>
        </div>
      )}
      {state.phase === 'unavailable' && (
        <div class="placeholder">
          <p>
            <strong>Chat is unavailable right now.</strong>
          </p>
          <p>We're trying to reconnect; you can keep this window open.</p>
        </div>
      )}
      {showOfflineForm && (
        <div class="body">
          {postChatSurveys}
          <OfflineForm onSubmit={(form) => session.submitOffline(form)} />
        </div>
      )}
      {live && !showOfflineForm && (
        <>
          <MessageList
            messages={state.messages}
            pending={state.pending}
            agentTyping={state.agentTyping}
            onRetry={(id) => session.retry(id)}
            onDiscard={(id) => session.discard(id)}
            footer={postChatSurveys}
          >
            {!state.chat && !state.messages.length && !state.pending.length && (
              <div class="welcome">
                <p class="hello">Hi there!</p>
                <p>Ask us anything. We're online and will answer right here.</p>
              </div>
            )}
          </MessageList>
          <Composer
            onSend={(text) => session.send(text)}
            onDraftChange={(text) => session.noteTyping(text)}
            placeholder={state.chat?.status === 'closed' ? 'Start a new chat…' : 'Write a message…'}
          />
        </>
      )}
      <p class="brand">Powered by Parley</p>
    </div>
  );
}
